// The graph's part of a live update, without a browser: core's swaps report merged into the boxes by label, the mark a box shows and the details' rows.
import { DOMParser, onErrorStopParsing } from "@xmldom/xmldom";
import { describe, expect, it } from "vitest";
import { buildModel, type GraphInputs } from "../../web/src/graph/model.ts";
import { readSwaps, swapFacts, swapMark } from "../../web/src/graph/swaps.ts";
import type { XmlElement } from "../../web/src/graph/xml.ts";

function parse(text: string): XmlElement | null {
  const doc = new DOMParser({ onError: onErrorStopParsing }).parseFromString(text, "text/xml");
  return (doc.documentElement as unknown as XmlElement | null) ?? null;
}

const SHA_NEW = "9f".repeat(32), SHA_OLD = "3a".repeat(32);
const child = (name: string) => `<child name="${name}" binary="${name}"><ram assigned="1M" quota="1008K" used="64K"/><caps assigned="100" quota="96" used="5"/><requested/><provided/></child>`;
const TOP = `<state>${child("fs")}${child("notes")}${child("diary")}${child("runtime")}</state>`;
const RUNTIME = `<state>${child("hello_server")}</state>`;

const component = (label: string, state: string, version: string, reason = "") =>
  `<component label="${label}" state="${state}" version="${version}" sha256="${SHA_NEW}" previous_sha256="${SHA_OLD}" reason="${reason}"/>`;

function model(swaps: string | null) {
  const inputs: GraphInputs = { topState: TOP, runtimeState: RUNTIME, topConfig: null, runtimeConfig: null, swaps };
  return buildModel(inputs, parse);
}
const swapOf = (swaps: string | null, label: string) => model(swaps).nodes.find((n) => n.label === label)!.swap;

describe("a swap on the graph", () => {
  it("marks the swapped component's box by its label, and no other", () => {
    const m = model(`<swaps>\n  ${component("init -> notes", "probation", "2")}\n</swaps>`);
    const notes = m.nodes.find((n) => n.label === "init -> notes")!;
    expect(notes.swap).toEqual({ state: "probation", version: 2, sha256: SHA_NEW, previousSha256: SHA_OLD, reason: "" });
    expect(swapMark(notes.swap!)).toBe("v2 · swapped");
    expect(m.nodes.filter((n) => n.swap !== null).map((n) => n.label)).toEqual(["init -> notes"]);
  });

  it("reaches a component of the runtime by its full label", () => {
    expect(swapOf(`<swaps>${component("init -> runtime -> hello_server", "running", "3")}</swaps>`, "init -> runtime -> hello_server")).toMatchObject({ state: "running", version: 3 });
  });

  it("tells each outcome with its own mark, a rollback with its reason and both binaries", () => {
    const marks = ["probation", "running", "rolled-back", "held", "restarted"].map((state) =>
      swapMark(swapOf(`<swaps>${component("init -> notes", state, "2", state === "rolled-back" ? "faulted within its probation (10 s)" : "")}</swaps>`, "init -> notes")!));
    expect(marks).toEqual(["v2 · swapped", "v2", "rolled back", "held", "v2 · restarted"]);
    const rolled = swapOf(`<swaps>${component("init -> notes", "rolled-back", "2", "its restore trapped: unreachable")}</swaps>`, "init -> notes")!;
    expect(swapFacts(rolled)).toEqual([
      ["state", "rolled back: the old version was put back"],
      ["version", "2 (1 is the boot image's)"],
      ["reason", "its restore trapped: unreachable"],
      ["sha256", SHA_NEW],
      ["previous sha256", SHA_OLD],
    ]);
  });

  it("a later report replaces the earlier one: a component rolled back is no longer shown as swapped", () => {
    const first = swapOf(`<swaps>${component("init -> notes", "probation", "2")}</swaps>`, "init -> notes")!;
    const later = swapOf(`<swaps>${component("init -> notes", "rolled-back", "2", "faulted")}</swaps>`, "init -> notes")!;
    expect([swapMark(first), swapMark(later)]).toEqual(["v2 · swapped", "rolled back"]);
    expect(swapOf(`<swaps/>`, "init -> notes")).toBeNull();
  });

  it("leaves out what it cannot read, and keeps drawing the rest", () => {
    expect(swapOf(null, "init -> notes")).toBeNull();
    expect(swapOf("<swaps><component", "init -> notes")).toBeNull();
    expect(swapOf("<state/>", "init -> notes")).toBeNull();
    const odd = readSwaps(parse(`<swaps><component state="probation"/><component label="init -> notes" state="exploded"/>${component("init -> fs", "held", "x")}</swaps>`));
    expect([...odd.keys()]).toEqual(["init -> fs"]);
    expect(odd.get("init -> fs")).toMatchObject({ state: "held", version: null });
    expect(swapMark(odd.get("init -> fs")!)).toBe("held");
    expect(model("<swaps><component").nodes.length).toBe(model(null).nodes.length);
  });
});
