// Quotas and states in words a person reads: KiB and MiB, "used / quota", "exited 0".
import type { Quota } from "./report.ts";
import type { ComponentNode } from "./model.ts";

/** Bytes in KiB below a MiB, else MiB (or GiB) with at most one decimal. */
export function formatBytes(bytes: number): string {
  const trim = (v: number): string => (Math.round(v * 10) / 10).toString();
  if (bytes < 1024) return `${bytes} B`;
  if (bytes < 1024 ** 2) return `${trim(bytes / 1024)} KiB`;
  if (bytes < 1024 ** 3) return `${trim(bytes / 1024 ** 2)} MiB`;
  return `${trim(bytes / 1024 ** 3)} GiB`;
}

/** "used / quota" when the report has both; else what was assigned; else "–". */
export function formatQuota(q: Quota | null, unit: (v: number) => string): string {
  if (q === null) return "–";
  if (q.used !== null && q.quota !== null) return `${unit(q.used)} / ${unit(q.quota)}`;
  if (q.assigned !== null) return `${unit(q.assigned)} assigned`;
  return "–";
}

export const ramText = (n: ComponentNode): string => formatQuota(n.ram, formatBytes);
export const capsText = (n: ComponentNode): string => formatQuota(n.caps, (v) => v.toString());

/** Which binary runs, as a box shows it: the sha256 prefix (8 hex digits) and whether it is the image's or a local build; "" when the report does not say. */
export function binaryText(n: ComponentNode): string {
  if (n.sha256 === "") return "";
  return `sha256 ${n.sha256.slice(0, 8)} ${n.origin}`;
}

/** The state as a box shows it: an exit carries its value. */
export function stateText(n: ComponentNode): string {
  if (n.state === "exited" && n.exitCode !== null) return `exited ${n.exitCode}`;
  if (n.skippedHeartbeats > 0) return `${n.state}, ${n.skippedHeartbeats} heartbeats skipped`;
  return n.state;
}
