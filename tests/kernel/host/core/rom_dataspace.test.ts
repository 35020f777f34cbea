// ROM dataspaces (kernel/host/core/rom_dataspace.ts): a child starts from a binary any ROM server makes; a hostile server's each gets a clear refusal.
import { createHash } from "node:crypto";
import { describe, expect, it } from "vitest";
import { Err } from "../../../../kernel/abi.ts";
import { bootImage, runSystem, testComponent } from "../../../support/system.ts";

const NAMES = ["hello", "short", "garbage", "forged", "stale", "greedy", "overrun", "theft", "die"];

/** A ROM server that lies (rom_liar.ts), an init whose children's binaries come from it, and a healthy neighbour. */
function config(): string {
  const starts = NAMES.map((n) => `<start name="${n}"/>`).join(" ");
  return `<config>
  <parent-provides> <service name="LOG"/> <service name="PD"/> <service name="ROM"/> <service name="CPU"/> <service name="Report"/> </parent-provides>
  <default-route> <any-service> <parent/> </any-service> </default-route>
  <default caps="100" ram="1M"/>
  <start name="neighbour"> <binary name="hello_server"/> <provides> <service name="Hello"/> </provides> </start>
  <start name="liar" ram="2M"> <provides> <service name="ROM"/> </provides> </start>
  <start name="sub" caps="1500" ram="16M"> <binary name="init"/>
    <route> <service name="ROM" unscoped_label="init"> <parent/> </service> <service name="ROM" label="config"> <parent/> </service>
      <service name="ROM"> <child name="liar"/> </service> <any-service> <parent/> </any-service> </route>
    <config> <parent-provides> <service name="LOG"/> <service name="PD"/> <service name="ROM"/> </parent-provides>
      <default-route> <any-service> <parent/> </any-service> </default-route> <default caps="100" ram="1M"/>
      <report binaries="yes"/> ${starts} </config> </start>
</config>`;
}

describe("a child's binary from a ROM server of a component (ROM dataspaces)", () => {
  it("starts from an honest server's dataspace; refuses each hostile one with its reason; the neighbours run on", async () => {
    const run = await runSystem(config(), { liar: await testComponent("tests/kernel/host/core/assembly/rom_liar.ts") });
    const lines = run.lines.join("\n");
    const image = await bootImage();
    const notStarted = (name: string) => run.lines.find((l) => l.startsWith(`[init -> sub] child "${name}" not started: `))?.slice(`[init -> sub] child "${name}" not started: `.length);
    // The honest one runs, and so does core's own binary that "theft" handed on.
    expect(run.lines, lines).toContain("[init -> sub -> hello] Hello");
    expect(run.lines).toContain("[init -> sub -> theft] Hello");
    expect(run.lines).toContain("[init -> neighbour] ready");
    expect(notStarted("short")).toMatch(/^its binary "short" is incomplete \(\d+ of \d+ bytes written\)$/);
    expect(notStarted("garbage")).toMatch(/^garbage \(local\): /);
    expect(notStarted("forged")).toBe("its binary must come from a ROM dataspace (or a ROM session of core's)");
    // A capability its server freed does not survive the reply: init has nothing to start from.
    expect(notStarted("stale")).toBe(`stale: its ROM server gave no binary (error ${Err.BadMsg})`);
    expect(notStarted("greedy")).toBe(`greedy: its ROM server gave no binary (error ${Err.Quota})`);
    expect(run.lines).toContain(`[init -> liar] greedy: alloc ${Err.Quota}`);
    expect(run.lines).toContain(`[init -> liar] overrun: write ${Err.Invalid}`);
    expect(notStarted("overrun")).toMatch(/^its binary "overrun" is incomplete \(0 of 100 bytes written\)$/);
    // Core's dataspace of a boot module is nobody's to change.
    expect(run.lines).toContain(`[init -> liar] theft: write ${Err.Denied}`);
    expect(run.lines).toContain(`[init -> liar] theft: free ${Err.Denied}`);
    expect(notStarted("die"), lines).toMatch(/^die: its ROM server gave no binary \(error -\d+\)$/);
    // Only the liar faulted; the neighbour and the sub-init run on.
    expect(run.sys.faults.map((f) => f.label)).toEqual(["init -> liar"]);
    // Its dataspaces are charged to the server's RAM quota, and given back when freed.
    // (its memory may grow by whole pages meanwhile).
    const size = image.get("hello.wasm")!.length;
    const charged = Number(/^\[init -> liar\] hello: charged (\d+) of (\d+)$/.exec(run.lines.find((l) => l.startsWith("[init -> liar] hello: charged"))!)![1]);
    expect(charged).toBeGreaterThanOrEqual(size);
    expect((charged - size) % 65536).toBe(0);
    expect(run.lines).toContain("[init -> liar] stale: free 0, given back all");
    // The sub-init's state report names each running child's binary: the honest server's copy is
    // the image's hello byte for byte, and so is core's own (handed on by "theft").
    const report = new TextDecoder().decode(run.core.reports.get("init -> sub -> state"));
    const sha = createHash("sha256").update(image.get("hello.wasm")!).digest("hex");
    expect(report).toContain(`<child name="hello" binary="hello" binary_sha256="${sha}" binary_origin="image"`);
    expect(report).toContain(`<child name="theft" binary="theft" binary_sha256="${sha}" binary_origin="image"`);
    expect(report).toMatch(/<child name="short" binary="short" state="incomplete"/);
  });
});
