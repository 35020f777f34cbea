// The `core -> swaps` report: every component swapped in place, its state and versions, as XML for the page's graph.
import { SwapState } from "../../../components/update_session/protocol.ts";
import type { SwapRecord } from "./live_update.ts";

/** The report's word for a SwapState. */
export function swapStateName(state: SwapState): string {
  switch (state) {
    case SwapState.Probation: return "probation";
    case SwapState.Running: return "running";
    case SwapState.RolledBack: return "rolled-back";
    case SwapState.Held: return "held";
    case SwapState.Restarted: return "restarted";
  }
  return "unknown";
}

function attr(s: string): string {
  return s.replace(/&/g, "&amp;").replace(/"/g, "&quot;").replace(/</g, "&lt;").replace(/>/g, "&gt;");
}

/** `<swaps><component label state version sha256 previous_sha256 reason/>…</swaps>` */
export function swapsReport(records: readonly SwapRecord[]): string {
  const lines = records.map((r) =>
    `\t<component label="${attr(r.label)}" state="${swapStateName(r.state)}" version="${r.version}" sha256="${r.current.sha256}"` +
    ` previous_sha256="${r.previous?.sha256 ?? ""}" reason="${attr(r.reason)}"/>`);
  return `<swaps>\n${lines.join("\n")}${lines.length ? "\n" : ""}</swaps>\n`;
}
