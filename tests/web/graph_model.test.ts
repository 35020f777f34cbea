// The page's component graph without a browser: state reports to boxes and arrows, configs to a component's details, dagre's layout.
import { DOMParser, onErrorStopParsing } from "@xmldom/xmldom";
import { readFileSync } from "node:fs";
import * as path from "node:path";
import { describe, expect, it } from "vitest";
import { startInfo, toXmlText } from "../../web/src/graph/config.ts";
import { binaryText, formatBytes } from "../../web/src/graph/format.ts";
import { layoutModel } from "../../web/src/graph/layout.ts";
import { buildModel, eventsAbout, type GraphInputs, type GraphModel } from "../../web/src/graph/model.ts";
import type { XmlElement } from "../../web/src/graph/xml.ts";
import { repoRoot } from "../support/paths.ts";

/** xmldom standing in for the page's DOMParser: malformed text throws, as the page's parser yields a <parsererror>. */
function parse(text: string): XmlElement | null {
  const doc = new DOMParser({ onError: onErrorStopParsing }).parseFromString(text, "text/xml");
  return (doc.documentElement as unknown as XmlElement | null) ?? null;
}

const session = (service: string, label: string, state = "CAP_HANDED_OUT"): string =>
  `<session service="${service}" label="${label}" state="${state}" ram="4K" caps="1"/>`;
const env = (label: string): string => ["PD", "CPU", "LOG", "ROM"].map((s) => session(s, label)).join("");
const quota = (ram: string, caps: string): string => `<ram assigned="1M" quota="1008K" ${ram}/><caps assigned="100" quota="96" ${caps}/>`;

/** The default system's report as init writes it (captured from a boot), with two runtime children's forwarded sessions. */
const TOP_STATE = `<state>
<child name="shell" binary="shell"><ram assigned="2M" quota="1992K" used="256K" avail="1736K"/><caps assigned="100" quota="91" used="9" avail="82"/>
  <requested>${env("shell")}${session("Terminal", "shell")}${session("File_system", "shell -> /")}${session("Report", "shell -> runtime_config")}${session("ROM", "shell -> runtime_state")}${session("ROM", "shell -> config")}</requested><provided/></child>
<child name="runtime" binary="init"><ram assigned="64M" quota="63440K" used="128K" avail="63312K"/><caps assigned="2000" quota="1792" used="27" avail="1765"/>
  <requested>${session("PD", "runtime")}${session("CPU", "runtime")}${session("LOG", "runtime")}${session("ROM", "init")}${session("LOG", "runtime")}${session("ROM", "runtime -> config")}${session("Report", "runtime -> state")}
  ${env("runtime -> hello_server")}${env("runtime -> hello_client")}${session("Timer", "runtime -> hello_client")}</requested><provided/></child>
<child name="report_rom" binary="report_rom"><ram assigned="2M" quota="2076K" used="128K" avail="1948K"/><caps assigned="100" quota="99" used="19" avail="80"/>
  <requested>${env("report_rom")}</requested>
  <provided>${session("ROM", "runtime -> config")}${session("Report", "runtime -> state")}${session("Report", "shell -> runtime_config")}${session("ROM", "shell -> runtime_state")}</provided></child>
<child name="fs" binary="fs"><ram assigned="8M" quota="8180K" used="64K" avail="8116K"/><caps assigned="100" quota="96" used="8" avail="88"/>
  <requested>${env("fs")}${session("Storage", "fs", "SERVICE_DENIED")}</requested><provided>${session("File_system", "shell -> /")}</provided></child>
<child name="terminal" binary="terminal">${quota('used="64K"', 'used="12"')}<requested>${env("terminal")}${session("Terminal", "terminal")}</requested><provided>${session("Terminal", "shell")}</provided></child>
<child name="timer" binary="timer">${quota('used="64K"', 'used="7"')}<requested>${env("timer")}${session("Clock", "timer")}</requested><provided>${session("Timer", "runtime -> hello_client")}</provided></child>
</state>`;

/** The runtime's report: a client of a server (two sessions of one service), a faulted and an exited child. */
const RUNTIME_STATE = `<state>
<child name="hello_client" binary="hello_client" binary_sha256="1a2b3c4d5e6f70819aabbccddeeff00112233445566778899aabbccddeeff0011" binary_origin="local">${quota('used="64K"', 'used="4"')}
  <requested>${env("hello_client")}${session("Hello", "hello_client")}${session("Hello", "hello_client -> again")}${session("Timer", "hello_client")}${session("ROM", "hello_client -> config")}</requested><provided/></child>
<child name="hello_server" binary="hello_server" version="2">${quota('used="64K"', 'used="5"')}
  <requested>${env("hello_server")}</requested><provided>${session("Hello", "hello_client")}${session("Hello", "hello_client -> again")}</provided></child>
<child name="bad" binary="bad" state="incomplete"><ram assigned="1M"/><caps assigned="100"/><requested/><provided/></child>
<child name="once" binary="hello" exited="3"><ram assigned="1M"/><caps assigned="100"/><requested/><provided/></child>
</state>`;

const RUNTIME_CONFIG = `<config>
  <parent-provides> <service name="LOG"/> <service name="PD"/> <service name="ROM"/> <service name="CPU"/> <service name="Timer"/> </parent-provides>
  <default-route> <any-service> <parent/> <any-child/> </any-service> </default-route>
  <default caps="100" ram="1M"/>
  <start name="hello_server" ram="1M" caps="100" version="2"/>
  <start name="hello_client"/>
</config>`;

const TOP_CONFIG = readFileSync(path.join(repoRoot, "system/default.xml"), "utf8");
const LOG: Record<string, string[]> = { "init -> runtime": [`child "bad" faulted`, `child "once" exited with exit value 3`] };
const logOf = (label: string): string[] => LOG[label] ?? [];
const ALL: GraphInputs = { topState: TOP_STATE, runtimeState: RUNTIME_STATE, topConfig: TOP_CONFIG, runtimeConfig: RUNTIME_CONFIG };

const node = (m: GraphModel, label: string) => m.nodes.find((n) => n.label === label);
const edgeIds = (m: GraphModel) => m.edges.map((e) => e.id).sort();

describe("the graph's model", () => {
  const m = buildModel(ALL, parse, logOf);

  it("has a box per component, labelled as log lines label them, and core", () => {
    expect(m.nodes.map((n) => n.label).sort()).toEqual([
      "core", "init -> fs", "init -> report_rom", "init -> runtime", "init -> runtime -> bad", "init -> runtime -> hello_client",
      "init -> runtime -> hello_server", "init -> runtime -> once", "init -> shell", "init -> terminal", "init -> timer",
    ]);
    expect(node(m, "init -> runtime")).toMatchObject({ name: "runtime", binary: "init", state: "running" });
  });

  it("tells which binary a component runs, where the report says: its sha256 prefix and whether it is a local build", () => {
    expect(node(m, "init -> runtime -> hello_client")).toMatchObject({ sha256: "1a2b3c4d5e6f70819aabbccddeeff00112233445566778899aabbccddeeff0011", origin: "local" });
    expect(binaryText(node(m, "init -> runtime -> hello_client")!)).toBe("sha256 1a2b3c4d local");
    expect(binaryText(node(m, "init -> runtime -> hello_server")!)).toBe("");
  });

  it("reads RAM and caps quotas in bytes and capabilities", () => {
    expect(node(m, "init -> shell")!.ram).toEqual({ assigned: 2 * 2 ** 20, quota: 1992 * 1024, used: 256 * 1024 });
    expect(node(m, "init -> shell")!.caps).toEqual({ assigned: 100, quota: 91, used: 9 });
    expect(node(m, "init -> runtime -> bad")!.ram).toEqual({ assigned: 2 ** 20, quota: null, used: null });
    expect([formatBytes(256 * 1024), formatBytes(1992 * 1024), formatBytes(64 * 2 ** 20)]).toEqual(["256 KiB", "1.9 MiB", "64 MiB"]);
  });

  it("nests the runtime's children, and the runtime's own box, in the runtime's cluster", () => {
    expect(m.clusters).toEqual([{ label: "init -> runtime", name: "runtime" }]);
    const nested = m.nodes.filter((n) => n.cluster === "init -> runtime").map((n) => n.name).sort();
    expect(nested).toEqual(["bad", "hello_client", "hello_server", "once", "runtime"]);
    expect(node(m, "init -> runtime -> hello_client")!.init).toBe("init -> runtime");
  });

  it("tells running, exited and faulted apart (init reports a fault as incomplete; its log says which)", () => {
    expect(node(m, "init -> runtime -> hello_server")).toMatchObject({ state: "running", version: "2" });
    expect(node(m, "init -> runtime -> once")).toMatchObject({ state: "exited", exitCode: 3 });
    expect(node(m, "init -> runtime -> bad")!.state).toBe("faulted");
    expect(node(buildModel(ALL, parse), "init -> runtime -> bad")!.state).toBe("incomplete");
  });

  it("draws one arrow per client, server and service, counting merged sessions", () => {
    const ids = edgeIds(m);
    expect(ids).toContain("init -> shell -> init -> fs: File_system");
    expect(ids).toContain("init -> shell -> init -> terminal: Terminal");
    expect(ids).toContain("init -> shell -> init -> report_rom: Report");
    expect(ids).toContain("init -> shell -> init -> report_rom: ROM");
    expect(ids).toContain("init -> runtime -> init -> report_rom: ROM");
    const hello = m.edges.find((e) => e.id === "init -> runtime -> hello_client -> init -> runtime -> hello_server: Hello")!;
    expect(hello.count).toBe(2);
    // The shell's binary ROM goes to core, its config ROM init serves itself: both "the parent".
    expect(m.edges.find((e) => e.id === "init -> shell -> core: ROM")!.count).toBe(2);
    expect(m.edges.find((e) => e.id === "init -> runtime -> core: LOG")!.count).toBe(2);
    expect(new Set(ids).size).toBe(ids.length);
  });

  it("follows a runtime child's parent sessions through the runtime to their server", () => {
    const ids = edgeIds(m);
    expect(ids).toContain("init -> runtime -> hello_client -> init -> timer: Timer");
    expect(ids).toContain("init -> runtime -> hello_client -> core: LOG");
    // Not forwarded: the runtime serves its children's config ROMs itself.
    expect(ids).toContain("init -> runtime -> hello_client -> init -> runtime: ROM");
    // What the runtime asks for on its children's behalf is drawn from them, not from the runtime.
    expect(m.edges.find((e) => e.id === "init -> runtime -> core: PD")!.count).toBe(1);
    expect(ids.filter((id) => id.startsWith("init -> runtime -> init -> timer"))).toEqual([]);
  });

  it("marks denied sessions", () => {
    expect(m.edges.find((e) => e.id === "init -> fs -> core: Storage")).toMatchObject({ denied: true, pending: false });
    expect(m.edges.find((e) => e.id === "init -> fs -> core: LOG")).toMatchObject({ denied: false });
  });
});

describe("the graph's model from missing or broken reports", () => {
  it("is empty without reports", () => {
    expect(buildModel({ topState: null, runtimeState: null, topConfig: null, runtimeConfig: null }, parse)).toEqual({ nodes: [], edges: [], clusters: [] });
  });

  it("is empty for malformed XML or a root that is not <state>", () => {
    for (const bad of ["<state><child name=", "not xml at all", "<config/>", "", "<state/>"]) {
      expect(buildModel({ ...ALL, topState: bad, runtimeState: bad }, parse).nodes).toEqual([]);
    }
  });

  it("draws the top level when the runtime's report is broken, and the runtime's children without the top report", () => {
    const top = buildModel({ ...ALL, runtimeState: "<state><child" }, parse);
    expect(top.clusters).toEqual([]);
    expect(top.nodes.filter((n) => n.init === "init -> runtime")).toEqual([]);
    expect(edgeIds(top)).toContain("init -> runtime -> init -> timer: Timer");
    const nested = buildModel({ ...ALL, topState: null }, parse, logOf);
    expect(nested.nodes.map((n) => n.name).sort()).toEqual(["bad", "core", "hello_client", "hello_server", "once"]);
    expect(edgeIds(nested)).toContain("init -> runtime -> hello_client -> core: LOG");
  });

  it("skips children without a name and reports without sessions", () => {
    const m = buildModel({ ...ALL, topState: `<state><child binary="x"/><child name="a"/><child name="b"><ram quota="bogus"/></child></state>`, runtimeState: null }, parse);
    expect(m.nodes.map((n) => n.label)).toEqual(["core", "init -> a", "init -> b"]);
    expect(m.nodes[2]!.ram).toEqual({ assigned: null, quota: null, used: null });
    expect(m.edges).toEqual([]);
  });

  it("leaves out the runtime's children once the runtime itself no longer runs", () => {
    const top = TOP_STATE.replace(`<child name="runtime" binary="init">`, `<child name="runtime" binary="init" exited="1">`);
    const m = buildModel({ ...ALL, topState: top }, parse);
    expect(node(m, "init -> runtime")!.state).toBe("exited");
    expect(m.nodes.filter((n) => n.init === "init -> runtime")).toEqual([]);
  });
});

describe("a component's details from its init's config", () => {
  it("finds its <start> node and its own routes", () => {
    const info = startInfo(parse(TOP_CONFIG), "shell");
    expect(info.routeSource).toBe("route");
    expect(info.routes).toContainEqual({ sessions: "ROM label=runtime_state", targets: ["child report_rom"] });
    expect(info.routes.at(-1)).toEqual({ sessions: "Trust", targets: ["parent"] });
    expect(info.startXml!.split("\n")[0]).toBe(`<start name="shell" ram="6M" fuel="268435456">`);
    expect(info.startXml).toContain(`  <exit propagate="yes"/>`);
  });

  it("falls back to the config's <default-route>, and says when there is no such start", () => {
    const info = startInfo(parse(RUNTIME_CONFIG), "hello_client");
    expect(info).toEqual({ startXml: `<start name="hello_client"/>`, routeSource: "default-route", routes: [{ sessions: "any service", targets: ["parent", "any child"] }] });
    expect(startInfo(parse(RUNTIME_CONFIG), "nobody").startXml).toBeNull();
    expect(startInfo(null, "x")).toEqual({ startXml: null, routeSource: "none", routes: [] });
  });

  it("keeps inline content as written and escapes what XML needs", () => {
    const e = parse(`<start name="a&amp;b"><config><inline name="f">x &lt; y
  z</inline></config></start>`)!;
    expect(toXmlText(e)).toBe(`<start name="a&amp;b">\n  <config>\n    <inline name="f">x &lt; y\n  z</inline>\n  </config>\n</start>`);
  });
});

describe("the graph's layout", () => {
  const m = buildModel(ALL, parse, logOf);
  const l = layoutModel(m);

  it("places every box and frames the runtime's children", () => {
    expect(l.nodes).toHaveLength(m.nodes.length);
    for (const n of l.nodes) {
      expect(n.x).toBeGreaterThanOrEqual(0);
      expect(n.y).toBeGreaterThanOrEqual(0);
      expect(n.x + n.width).toBeLessThanOrEqual(l.width + 0.5);
      expect(n.y + n.height).toBeLessThanOrEqual(l.height + 0.5);
    }
    const frame = l.clusters[0]!;
    for (const n of l.nodes.filter((p) => p.node.cluster === "init -> runtime")) {
      expect(n.x).toBeGreaterThanOrEqual(frame.x);
      expect(n.y).toBeGreaterThanOrEqual(frame.y);
      expect(n.x + n.width).toBeLessThanOrEqual(frame.x + frame.width);
      expect(n.y + n.height).toBeLessThanOrEqual(frame.y + frame.height);
    }
  });

  it("routes one arrow per client and server, carrying each service", () => {
    const pairs = new Set(m.edges.map((e) => `${e.client}\0${e.server}`));
    expect(l.links).toHaveLength(pairs.size);
    const shellReport = l.links.find((k) => k.client === "init -> shell" && k.server === "init -> report_rom")!;
    expect(shellReport.edges.map((e) => e.service).sort()).toEqual(["ROM", "Report"]);
    for (const k of l.links) expect(k.points.length).toBeGreaterThanOrEqual(2);
  });

  it("lays out an empty model", () => {
    expect(layoutModel({ nodes: [], edges: [], clusters: [] })).toMatchObject({ nodes: [], clusters: [], links: [] });
  });
});

describe("what core and init logged about a component", () => {
  it("finds core's and its init's lines, with or without the label prefix", () => {
    const lines: Record<string, string[]> = {
      core: ["[core] init -> runtime -> bad: fault: IPC buffer at 65000", "[core] init -> runtime -> badder: fault", "init -> fs: \"Storage\" session denied",
        // a session asked for with the empty label: core names its label, "init -> runtime -> bad -> "
        "[core] init -> runtime -> bad -> : \"Clock\" session denied: the clock device is in use"],
      "init -> runtime": [`[init -> runtime] child "bad" faulted`, `child "badder" faulted`, `bad: "LOG" session denied`, `hello_server: illegal announcement`],
    };
    const m = buildModel(ALL, parse, (l) => lines[l] ?? []);
    expect(eventsAbout(node(m, "init -> runtime -> bad")!, (l) => lines[l] ?? [])).toEqual([
      "[core] init -> runtime -> bad: fault: IPC buffer at 65000", "[core] init -> runtime -> bad -> : \"Clock\" session denied: the clock device is in use",
      `[init -> runtime] child "bad" faulted`, `bad: "LOG" session denied`,
    ]);
    expect(node(m, "init -> runtime -> bad")!.state).toBe("faulted");
  });
});
