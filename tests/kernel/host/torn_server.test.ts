// A server unwound in the middle of a call (its client left it no stack) is torn: it faults, init restarts it, and it never serves another call with a half-updated heap.
import { describe, expect, it } from "vitest";
import { startSystem, testComponent, waitFor } from "../../support/system.ts";

function system(...starts: string[]): string {
  return `<config>
  <parent-provides> <service name="LOG"/> <service name="PD"/> <service name="ROM"/> <service name="Clock"/> </parent-provides>
  <default-route> <any-service> <parent/> <any-child/> </any-service> </default-route>
  <default caps="100" ram="1M"/>
  <start name="timer"> <provides> <service name="Timer"/> </provides> </start>
  <start name="fs" ram="2M"> <provides> <service name="File_system"/> </provides> <config> <default-policy root="/" writeable="yes"/> </config> </start>
  ${starts.join("\n  ")}
</config>`;
}

describe("a client that calls fs at the stack's limit", () => {
  it("tears fs at most: fs faults and restarts, and no client reads back what it did not write", async () => {
    const run = await startSystem(system(`<start name="deep"/>`,
      `<start name="next"> <binary name="fs_client"/> <config> <sleep ms="200"/> <write path="/mine" text="exactly this"/> <read path="/mine"/> <exit/> </config> </start>`,
      `<start name="latecomer"/>`), {
      deep: await testComponent("tests/kernel/host/assembly/deep_fs_writer.ts"),
      fs_client: await testComponent("tests/components/fs/assembly/fs_client.ts"),
      latecomer: await testComponent("tests/kernel/host/assembly/fs_latecomer.ts"),
    });
    await waitFor(run, (lines) => lines.includes(`[init] child "latecomer" exited with exit value 0`) && lines.some((l) => l.startsWith(`[init] child "next" exited`)));
    const log = run.lines.join("\n");
    // The client ran out of stack itself in the end; fs was torn on its way, faulted and restarted.
    expect(run.lines, log).toContain(`[init] child "deep" faulted`);
    expect(run.lines.filter((l) => l.startsWith("[core] init -> fs: fault:")), log).toEqual(["[core] init -> fs: fault: stack overflow (Maximum call stack size exceeded): torn in the middle of a call"]);
    expect(run.lines, log).toContain(`[init] child "fs" was torn in the middle of a call: restarting it`);
    // A client whose session was with the torn fs gets a clean error, or exactly its own bytes.
    const next = run.lines.filter((l) => l.startsWith("[init -> next] ")).map((l) => l.slice("[init -> next] ".length));
    expect(next.length, log).toBeGreaterThan(0);
    for (const line of next) expect(line, log).toMatch(/^(write \/mine: (12|Stale|Dead)|read \/mine: (exactly this|Stale|Dead)|no File_system session: (Stale|Dead|Denied))$/);
    // One that comes after the restart is served by a whole fs.
    expect(run.lines).toContain("[init -> latecomer] write 20");
    expect(run.lines).toContain("[init -> latecomer] read exactly what I wrote");
  }, 60000);
});
