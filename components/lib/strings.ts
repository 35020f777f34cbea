// String helpers for components: labels, numbers, text.

/** What separates the elements of a label. */
const SEPARATOR = " -> ";

/** Joins a label prefix and a label the way Genode does: `a -> b`, or either alone when the other is empty. */
export function prefixedLabel(prefix: string, label: string): string {
  if (prefix.length == 0) return label;
  if (label.length == 0) return prefix;
  return prefix + SEPARATOR + label;
}

/**
 * The last element of a label: `init -> shell -> fs` gives `fs`. As Genode's `label_last`, a
 * separator at the very start does not count: ` -> fs` is one element and gives ` -> fs`.
 */
export function labelLast(label: string): string {
  const i = label.lastIndexOf(SEPARATOR);
  return i > 0 ? label.substring(i + SEPARATOR.length) : label;
}

/** All but the last element of a label ("" for a one-element label), by the same rule as labelLast. */
export function labelPrefix(label: string): string {
  const i = label.lastIndexOf(SEPARATOR);
  return i > 0 ? label.substring(0, i) : "";
}

/** A label without its first element, or "" when it has one element only. */
export function labelWithoutFirst(label: string): string {
  const i = label.indexOf(SEPARATOR);
  return i < 0 ? "" : label.substring(i + SEPARATOR.length);
}

/** Decimal digits of an unsigned number (no allocation of intermediate strings beyond the result). */
export function u64ToString(v: u64): string {
  return v.toString();
}

/** A byte count as Genode prints quantities: `512`, `4K`, `10M`, `2G`, with one decimal where needed. */
export function formatBytes(v: u64): string {
  if (v < 1024) return v.toString();
  if (v < 1024 * 1024) return fmt(v, 1024, "K");
  if (v < 1024 * 1024 * 1024) return fmt(v, 1024 * 1024, "M");
  return fmt(v, 1024 * 1024 * 1024, "G");
}

function fmt(v: u64, unit: u64, suffix: string): string {
  const whole = v / unit;
  const tenth = ((v % unit) * 10) / unit;
  return tenth == 0 ? whole.toString() + suffix : whole.toString() + "." + tenth.toString() + suffix;
}
