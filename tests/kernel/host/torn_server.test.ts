// No client can tear a server with its stack: a call enters its server only with the stack the server may need, and a server unwound in the middle of a call anyway is torn: it faults and init restarts it.
import { describe, expect, it } from "vitest";
import { Err } from "../../../kernel/abi.ts";
import { initConfig, startSystem, testComponent, waitFor } from "../../support/system.ts";

const TIMER = `<start name="timer"> <provides> <service name="Timer"/> </provides> </start>`;
const FS = `<start name="fs" ram="2M"> <provides> <service name="File_system"/> </provides> <config> <default-policy root="/" writeable="yes"/> </config> </start>`;
const after = (lines: string[], from: number, line: string) => lines.slice(from).includes(line);

describe("a server unwound in the middle of a call", () => {
  it("by host code failing under it is torn: it faults, init restarts it alone, and the neighbour keeps ticking", async () => {
    const run = await startSystem(initConfig(`${TIMER} <start name="ticker"/>
      <start name="hello_server"> <provides> <service name="Hello"/> </provides> </start> <start name="hello_client"/>`), {
      ticker: await testComponent("bench/components/ticker/main.ts"),
    });
    // The engine's stack overflow in core's LOG service, under the server's line for its client's call.
    const lastLine = run.core.lastLine;
    const set = lastLine.set.bind(lastLine);
    let thrown = false;
    lastLine.set = (label: string, text: string) => {
      if (label === "init -> hello_server" && text.startsWith("Hello,") && !thrown) {
        thrown = true;
        throw new RangeError("Maximum call stack size exceeded");
      }
      return set(label, text);
    };
    await waitFor(run, (lines) => lines.includes(`[init] child "hello_client" exited with exit value 0`) || lines.some((l) => l.startsWith(`[init] child "hello_client" exited`)));
    const log = run.lines.join("\n");
    expect(run.sys.faults, log).toEqual([{ pd: expect.any(Number), label: "init -> hello_server", reason: "stack overflow (Maximum call stack size exceeded): torn in the middle of a call" }]);
    const restart = run.lines.indexOf(`[init] child "hello_server" was torn in the middle of a call: restarting it`);
    expect(restart, log).toBeGreaterThan(run.lines.indexOf(`[init] child "hello_server" faulted`));
    // The fresh server is up; the client is not restarted: its call got an error, not a fault.
    expect(after(run.lines, restart, "[init -> hello_server] ready"), log).toBe(true);
    expect(run.lines.filter((l) => l === "[init -> hello_client] 2 + 5 = 7").length, log).toBeLessThanOrEqual(1);
    const ticks = run.lines.filter((l) => l.startsWith("[init -> ticker] tick")).length;
    await waitFor(run, (lines) => lines.filter((l) => l.startsWith("[init -> ticker] tick")).length >= ticks + 3);
  }, 60_000);
});

describe("a client that calls fs as deep as it can", () => {
  it("never tears it: fs serves whole, a client reads back exactly what it wrote", async () => {
    const run = await startSystem(initConfig(`${TIMER} ${FS} <start name="deep"/>
      <start name="next"> <binary name="fs_client"/> <config> <sleep ms="200"/> <write path="/mine" text="exactly this"/> <read path="/mine"/> <exit/> </config> </start>
      <start name="latecomer"/>`), {
      deep: await testComponent("tests/kernel/host/assembly/deep_fs_writer.ts"),
      fs_client: await testComponent("tests/components/fs/assembly/fs_client.ts"),
      latecomer: await testComponent("tests/kernel/host/assembly/fs_latecomer.ts"),
    });
    await waitFor(run, (lines) => lines.includes(`[init] child "latecomer" exited with exit value 0`) && lines.includes(`[init] child "next" exited with exit value 0`));
    const log = run.lines.join("\n");
    // The client recursed to its own bound, calling fs at every level; fs did not fault.
    expect(run.lines, log).toContain(`[core] init -> deep: fault: stack overflow: its recursion took more than its bound of ${64 << 10} bytes of stack (<start stack="..."> raises it)`);
    expect(run.sys.faults.map((f) => f.label), log).toEqual(["init -> deep"]);
    expect(run.lines, log).toContain("[init -> next] write /mine: 12");
    expect(run.lines, log).toContain("[init -> next] read /mine: exactly this");
    expect(run.lines, log).toContain("[init -> latecomer] write 20");
    expect(run.lines, log).toContain("[init -> latecomer] read exactly what I wrote");
  }, 60_000);
});

describe("stack headroom at the call gate", () => {
  it("a server whose requests recurse 1,000 levels serves a client that recursed as deep as it could, is not entered for one whose stack leaves it no room; recursion past its bound faults cleanly", async () => {
    const run = await startSystem(initConfig(`${TIMER} <start name="ticker"/>
      <start name="deep_server" stack="320K"> <binary name="deep_service"/> <provides> <service name="Deep"/> </provides> </start>
      <start name="greedy" stack="300K"> <binary name="deep_client"/> </start>
      <start name="modest"> <binary name="deep_client"/> </start>`), {
      ticker: await testComponent("bench/components/ticker/main.ts"),
      deep_service: await testComponent("tests/kernel/host/assembly/deep_service.ts"),
      deep_client: await testComponent("tests/kernel/host/assembly/deep_client.ts"),
    });
    await waitFor(run, (lines) => lines.includes(`[init -> greedy] no Deep session: ${Err.Depth}`) && lines.includes(`[init] child "modest" faulted`));
    const log = run.lines.join("\n");
    // The greedy client's stack and the server's do not fit together on the chain: its session
    // request is refused, the server's root never entered for it.
    expect(run.lines, log).toContain(`[init] greedy: "Deep" session denied (error ${Err.Depth})`);
    // The modest one is served at every level, until its own recursion passes its bound.
    expect(run.lines, log).toContain("[init -> modest] level 0: answered 1, refused 0, other 0");
    expect(run.lines, log).toContain("[init -> modest] level 100: answered 101, refused 0, other 0");
    const bound = (name: string, bytes: number) => `[core] init -> ${name}: fault: stack overflow: its recursion took more than its bound of ${bytes} bytes of stack (<start stack="..."> raises it)`;
    expect(run.lines, log).toContain(bound("modest", 64 << 10));
    expect(run.sys.faults.map((f) => f.label), log).toEqual(["init -> modest"]);
    // The neighbour ticks on.
    const ticks = run.lines.filter((l) => l.startsWith("[init -> ticker] tick")).length;
    await waitFor(run, (lines) => lines.filter((l) => l.startsWith("[init -> ticker] tick")).length >= ticks + 3);
  }, 60_000);
});
