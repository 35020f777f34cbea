// The terminal component: many Terminal sessions over core's one; every client writes, the oldest reads.
import { describe, expect, it } from "vitest";
import { BufferTerminal } from "../../../kernel/host/devices/terminal.ts";
import { TERMINAL, boot, clientStart, linesOf, terminalConfig } from "./terminal_system.ts";

describe("terminal", () => {
  it("serves two clients: both write and see the size and its changes, the first one reads input", async () => {
    const term = new BufferTerminal(90, 30);
    const run = await boot(terminalConfig(TERMINAL, clientStart("a", `write="[a]"`, "terminal"), clientStart("b", `write="[b]"`, "terminal")), term);
    expect(term.text()).toContain("[a]");
    expect(term.text()).toContain("[b]");
    expect(term.text().length).toBe(6);
    term.type("hi");
    await run.sys.idle();
    term.resize(100, 40);
    await run.sys.idle();
    expect(linesOf(run, "a")).toEqual(["size 90x30", "ready", "read 'hi'", "resized 100x40, avail 0"]);
    expect(linesOf(run, "b")).toEqual(["size 90x30", "ready", "resized 100x40, avail 0"]);
    expect(run.sys.faults).toEqual([]);
  });

  it("a client without the focus sees no input, even while some waits", async () => {
    const term = new BufferTerminal();
    const run = await boot(terminalConfig(TERMINAL, clientStart("a", `hold="yes"`, "terminal"), clientStart("b", "", "terminal")), term);
    term.type("abc");
    await run.sys.idle();
    term.resize(81, 25);
    await run.sys.idle();
    expect(linesOf(run, "a")).toEqual(["size 80x24", "ready", "input 3", "resized 81x25, avail 3"]);
    expect(linesOf(run, "b")).toEqual(["size 80x24", "ready", "resized 81x25, avail 0"]);
  });

  it("passes the focus on when its holder closes: the next client reads from then on", async () => {
    const term = new BufferTerminal();
    const run = await boot(terminalConfig(TERMINAL, clientStart("a", `exit_on="q"`, "terminal"), clientStart("b", "", "terminal")), term);
    term.type("q");
    await run.sys.idle();
    expect(run.lines).toContain(`[init] child "a" exited with exit value 0`);
    term.type("xyz");
    await run.sys.idle();
    expect(linesOf(run, "a")).toEqual(["size 80x24", "ready", "read 'q'"]);
    // b is told it holds the focus (nothing waits then), then reads what is typed.
    expect(linesOf(run, "b")).toEqual(["size 80x24", "ready", "read nothing", "read 'xyz'"]);
  });

  it("takes core's one Terminal session: a second terminal gets none and serves nothing", async () => {
    const term = new BufferTerminal();
    const second = `<start name="terminal2"> <binary name="terminal"/> <route> <any-service> <parent/> </any-service> </route> </start>`;
    const run = await boot(terminalConfig(TERMINAL, second), term);
    expect(linesOf(run, "terminal2")).toEqual(["no Terminal session (error -12): no Terminal service"]);
  });

  it("answers malformed requests and reads of a huge size with error codes, and goes on serving", async () => {
    const term = new BufferTerminal();
    const run = await boot(terminalConfig(TERMINAL, clientStart("a", `forge="yes" write="ok"`, "terminal")), term);
    expect(linesOf(run, "a")).toEqual(["size 80x24", "forged: -8 -8 -10 -10 -8 -11", "ready"]);
    term.type("still here");
    await run.sys.idle();
    expect(linesOf(run, "a")).toContain("read 'still here'");
    expect(term.text()).toBe("ok");
    expect(run.sys.faults).toEqual([]);
  });

  it("writes more than one message holds, in chunks, unchanged", async () => {
    const term = new BufferTerminal();
    const long = "0123456789".repeat(900);
    const run = await boot(terminalConfig(TERMINAL, clientStart("a", `write="${long}"`, "terminal")), term);
    expect(linesOf(run, "a")).toEqual(["size 80x24", "ready"]);
    expect(term.text()).toBe(long);
  });
});
