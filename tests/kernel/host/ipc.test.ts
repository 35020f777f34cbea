// The host's IPC path: copy bounds, re-entrancy refused, faults in the middle of a call contained.
import { describe, expect, it } from "vitest";
import { Err, Msg } from "../../../kernel/abi.ts";
import { initConfig, runSystem, testComponent, wat } from "../../support/system.ts";
import { rawCall, startWith } from "./wat_components.ts";

const probeServer = () => testComponent("tests/kernel/host/assembly/probe_server.ts");
const probeClient = (last: string) => testComponent(`tests/kernel/host/assembly/probe_client_${last}.ts`);

/** Runs one hand-made component under init and returns the exit value init reports for it. */
async function exitValue(bytes: Uint8Array): Promise<number> {
  const run = await runSystem(initConfig(`<start name="raw"/> <start name="hello"/>`), { raw: bytes });
  expect(run.lines).toContain("[init -> hello] Hello"); // the rest of the system is unaffected
  const line = run.lines.find((l) => l.startsWith(`[init] child "raw" exited with exit value `));
  expect(line, run.lines.join("\n")).toBeDefined();
  return Number(line!.split(" ").pop());
}

describe("IPC copy bounds", () => {
  it("a well-formed request reaches the server (init answers an unknown opcode)", async () => {
    expect(await exitValue(await wat(rawCall({ [Msg.Opcode]: 99, [Msg.Length]: 0 })))).toBe(Err.BadOpcode);
  });

  it("a payload length past the IPC buffer is refused before any byte moves", async () => {
    expect(await exitValue(await wat(rawCall({ [Msg.Opcode]: 1, [Msg.Length]: Msg.MaxPayload + 1 })))).toBe(Err.BadMsg);
  });

  it("a negative length is refused", async () => {
    expect(await exitValue(await wat(rawCall({ [Msg.Opcode]: 1, [Msg.Length]: -4 })))).toBe(Err.BadMsg);
  });

  it("too many capabilities, or a forged one, are refused", async () => {
    expect(await exitValue(await wat(rawCall({ [Msg.Opcode]: 1, [Msg.Caps]: Msg.MaxCaps + 1 })))).toBe(Err.BadMsg);
    expect(await exitValue(await wat(rawCall({ [Msg.Opcode]: 1, [Msg.Caps]: 1, [Msg.Cap0]: 777 })))).toBe(Err.BadMsg);
  });

  it("a call through a forged capability number is refused", async () => {
    expect(await exitValue(await wat(rawCall({ [Msg.Opcode]: 1 }, 12345)))).toBe(Err.BadCap);
    expect(await exitValue(await wat(rawCall({ [Msg.Opcode]: 1 }, -1)))).toBe(Err.BadCap);
  });

  it("an IPC buffer that does not lie inside the component's memory is a fault of that component", async () => {
    const bytes = await wat(`(module (import "env" "memory" (memory 1))
      (global (export "__ipc_buffer") i32 (i32.const 65000)) (func (export "_start")))`);
    const run = await runSystem(initConfig(`<start name="bad"/> <start name="hello"/>`), { bad: bytes });
    expect(run.lines).toContain("[core] init -> bad: fault: IPC buffer at 65000 is not a 4-aligned region of 4096 bytes inside its memory");
    expect(run.lines).toContain(`[init] child "bad" faulted`);
    expect(run.lines).toContain("[init -> hello] Hello");
  });
});

describe("calls between components", () => {
  async function probeRun(last: string, serverAttributes = "") {
    return runSystem(initConfig(`<start name="probe_server" ${serverAttributes}> <provides> <service name="Probe"/> </provides> </start> <start name="probe_client"/>`), {
      probe_server: await probeServer(),
      probe_client: await probeClient(last),
    });
  }

  it("64 bytes go there and back; a call back into the caller and a call to oneself are refused", async () => {
    const { lines } = await probeRun("trap");
    expect(lines).toContain("[init -> probe_client] session ok");
    expect(lines).toContain("[init -> probe_client] echo 64 same");
    expect(lines).toContain(`[init -> probe_client] callback 0 ${Err.Reentrant}`);
    expect(lines).toContain(`[init -> probe_client] self ${Err.Reentrant}`);
  });

  it("a server that traps in the middle of a call dies alone; its client gets an error, then stale", async () => {
    const { lines, sys } = await probeRun("trap");
    expect(lines).toContain("[core] init -> probe_server: fault: unreachable");
    expect(lines).toContain(`[init -> probe_client] last ${Err.Dead}`);
    expect(lines).toContain(`[init -> probe_client] after ${Err.Stale}`);
    expect(lines).toContain(`[init] child "probe_server" faulted`);
    expect(sys.faults.map((f) => f.label)).toEqual(["init -> probe_server"]);
  });

  it("a server that exits in the middle of a call: the client gets an error", async () => {
    const { lines } = await probeRun("exit");
    expect(lines).toContain(`[init -> probe_client] last ${Err.Dead}`);
    expect(lines).toContain(`[init] child "probe_server" exited with exit value 3`);
  });

  it("a server that overflows the stack dies alone; the client's error names no hang", async () => {
    const { lines } = await probeRun("recurse");
    expect(lines.some((l) => l.startsWith("[core] init -> probe_server: fault: stack overflow"))).toBe(true);
    expect(lines).toContain(`[init -> probe_client] last ${Err.Dead}`);
  });

  it("a server that loops forever in a call runs out of fuel and dies alone; its client gets an error", async () => {
    const { lines, sys } = await probeRun("spin", `fuel="200000"`);
    expect(lines).toContain("[core] init -> probe_server: fault: out of fuel: spent all 200000 units of its budget in one activation (loops, calls, bulk memory work, syscalls)");
    expect(lines).toContain(`[init -> probe_client] last ${Err.Dead}`);
    expect(lines).toContain(`[init -> probe_client] after ${Err.Stale}`);
    expect(sys.faults.map((f) => f.label)).toEqual(["init -> probe_server"]);
  });

  it("no byte past a message's length crosses, short (message registers) or long (copied), either way", async () => {
    const { lines } = await runSystem(initConfig(`<start name="probe_server"> <provides> <service name="Probe"/> </provides> </start> <start name="peek_client"/>`), {
      probe_server: await probeServer(),
      peek_client: await testComponent("tests/kernel/host/assembly/peek_client.ts"),
    });
    expect(lines).toContain("[init -> peek_client] peek 5: 0 server saw 0 extra; reply of 4 with 0 extra");
    expect(lines).toContain("[init -> peek_client] peek 70: 0 server saw 0 extra; reply of 68 with 0 extra");
  });

  it("a client killed in the middle of its call stops there: its code after the call never runs", async () => {
    // The victim calls its parent, which kills it, then would trap (abort) if it ran on.
    const victim = await wat(`(module
      (import "env" "memory" (memory 1))
      (import "env" "abort" (func $abort (param i32 i32 i32 i32)))
      (import "wasmode" "call" (func $call (param i32) (result i32)))
      (global (export "__ipc_buffer") i32 (i32.const 1024))
      (func (export "_start")
        (i32.store (i32.const 1024) (i32.const 7))
        (drop (call $call (i32.const 1)))
        (call $abort (i32.const 0) (i32.const 0) (i32.const 1) (i32.const 1))))`);
    const { lines, sys } = await runSystem(initConfig(`<start name="killer"/>`), {
      killer: await testComponent("tests/kernel/host/assembly/killing_parent.ts"),
      victim,
    });
    expect(lines).toContain("[init -> killer] child started");
    expect(lines).toContain("[init -> killer] child calls 7: killing it, kill 0");
    expect(lines.filter((l) => l.includes("fault")), lines.join("\n")).toEqual([]);
    expect(sys.faults).toEqual([]);
  });

  it("a server whose memory would grow past its RAM quota dies alone", async () => {
    const { lines } = await probeRun("grow");
    expect(lines.find((l) => l.startsWith("[core] init -> probe_server: fault:"))).toMatch(/^\[core\] init -> probe_server: fault: unreachable \(memory \d+ of \d+ KiB: RAM quota exhausted\?\)$/);
    expect(lines).toContain(`[init -> probe_client] last ${Err.Dead}`);
    expect(lines).toContain(`[init] child "probe_server" faulted`);
  });
});

describe("signals and exit", () => {
  it("exit ends the component at once; code after it never runs", async () => {
    const bytes = await wat(startWith(`(call $exit (i32.const 7)) (unreachable)`));
    const run = await runSystem(initConfig(`<start name="quitter"/>`), { quitter: bytes });
    expect(run.lines).toContain(`[init] child "quitter" exited with exit value 7`);
    expect(run.sys.faults).toEqual([]);
  });
});
