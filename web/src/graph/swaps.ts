// Core's swaps report (`core -> swaps`) read into one record per component: the version it runs, and how its last swap went.
//
//   <swaps> <component label="init -> notes" state="probation" version="2" sha256="…" previous_sha256="…" reason=""/> </swaps>
//
// state: probation (swapped in, within its probation window), running (kept after it),
// rolled-back (the old version put back; reason says why), held (kept at its last good version
// after faulting again and again), restarted (no state hooks: restarted with the new binary).
import { childElements, parseCount, type XmlElement } from "./xml.ts";

export const SWAP_STATES = ["probation", "running", "rolled-back", "held", "restarted"] as const;
export type SwapState = (typeof SWAP_STATES)[number];

export interface SwapInfo {
  state: SwapState;
  /** How many versions the component ran (1: the image's); null when the report does not say. */
  version: number | null;
  sha256: string;
  previousSha256: string;
  reason: string;
}

/** The components of a `<swaps>` report by label; an entry without a label or with an unknown state is left out. */
export function readSwaps(root: XmlElement | null): Map<string, SwapInfo> {
  const out = new Map<string, SwapInfo>();
  if (root === null || root.tagName !== "swaps") return out;
  for (const c of childElements(root, "component")) {
    const label = c.getAttribute("label") ?? "";
    const state = c.getAttribute("state") ?? "";
    if (label === "" || !(SWAP_STATES as readonly string[]).includes(state)) continue;
    out.set(label, {
      state: state as SwapState,
      version: parseCount(c.getAttribute("version")),
      sha256: c.getAttribute("sha256") ?? "",
      previousSha256: c.getAttribute("previous_sha256") ?? "",
      reason: c.getAttribute("reason") ?? "",
    });
  }
  return out;
}

/** The mark on a component's box: "v2 · swapped", "rolled back", "held"… */
export function swapMark(s: SwapInfo): string {
  const v = s.version !== null ? `v${s.version}` : "";
  const with_ = (what: string): string => (v !== "" ? `${v} · ${what}` : what);
  switch (s.state) {
    case "probation": return with_("swapped");
    case "running": return v !== "" ? v : "swapped";
    case "rolled-back": return "rolled back";
    case "held": return "held";
    case "restarted": return with_("restarted");
  }
}

/** The state in a sentence, for the details panel. */
export function swapStateText(s: SwapInfo): string {
  switch (s.state) {
    case "probation": return "swapped in place, on probation: a fault now puts the old version back";
    case "running": return "swapped in place, and kept after its probation";
    case "rolled-back": return "rolled back: the old version was put back";
    case "held": return "held at its last good version: it faulted again and again";
    case "restarted": return "restarted with the new binary (it has no state hooks: its sessions closed)";
  }
}

/** The rows the details panel shows of a swap: how it went, its version, why (a rollback's reason), both binaries. */
export function swapFacts(s: SwapInfo): Array<[string, string]> {
  const rows: Array<[string, string]> = [["state", swapStateText(s)]];
  if (s.version !== null) rows.push(["version", `${s.version} (1 is the boot image's)`]);
  if (s.reason !== "") rows.push(["reason", s.reason]);
  rows.push(["sha256", s.sha256 !== "" ? s.sha256 : "–"], ["previous sha256", s.previousSha256 !== "" ? s.previousSha256 : "–"]);
  return rows;
}
