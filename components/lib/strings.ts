// String helpers for components: labels, numbers, text.

/** What separates the elements of a label. */
const SEPARATOR = " -> ";

/**
 * Joins a label prefix and a label as Genode's `prefixed_label` does: `a -> b`, and `a -> ` for an
 * empty label (the separator stays, so a child asking with label "" is not its own name alone).
 * An empty prefix gives the label alone: Genode would still put the separator in front, but no
 * label Genode makes has an empty prefix, and callers here join paths that start at the top.
 */
export function prefixedLabel(prefix: string, label: string): string {
  if (prefix.length == 0) return label;
  return prefix + SEPARATOR + label;
}

/**
 * The last element of a label, as Genode's `Session_label::last_element`: the part after the last
 * separator (`init -> shell -> fs` gives `fs`, `a -> ` gives ""), or the whole label without one.
 * A separator at the very start counts too: ` -> fs` gives `fs`.
 */
export function labelLast(label: string): string {
  const i = label.lastIndexOf(SEPARATOR);
  return i >= 0 ? label.substring(i + SEPARATOR.length) : label;
}

/**
 * All but the last element of a label, as Genode's `Session_label::prefix`: "" for a one-element
 * label. Unlike labelLast, a separator at the very start does not count (` -> fs` gives "").
 */
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
