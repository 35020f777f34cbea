// Core's Terminal service over the terminal device: writes, input with its signal, size and resizes, one client, bad requests.
import { describe, expect, it } from "vitest";
import { BufferTerminal } from "../../../../kernel/host/devices/terminal.ts";
import { boot, clientStart, linesOf, terminalConfig } from "../../../components/terminal/terminal_system.ts";

describe("core's Terminal service", () => {
  it("writes reach the device, and the size is the device's", async () => {
    const term = new BufferTerminal(132, 43);
    const run = await boot(terminalConfig(clientStart("app", `write="hello, terminal"`)), term);
    expect(linesOf(run, "app")).toEqual(["size 132x43", "ready"]);
    expect(term.text()).toBe("hello, terminal");
    expect(run.sys.faults).toEqual([]);
  });

  it("input typed into the device is read after the read-available signal", async () => {
    const term = new BufferTerminal();
    const run = await boot(terminalConfig(clientStart("app", "")), term);
    term.type("ls -l\r");
    await run.sys.idle();
    term.type(new Uint8Array([0x1b, 0x5b, 0x41, 0x03]));
    await run.sys.idle();
    expect(linesOf(run, "app")).toEqual(["size 80x24", "ready", "read 'ls -l\\x0d'", "read '\\x1b[A\\x03'"]);
  });

  it("input typed before the client listens is signalled when it does", async () => {
    const term = new BufferTerminal();
    term.type("early");
    const run = await boot(terminalConfig(clientStart("app", "")), term);
    expect(linesOf(run, "app")).toEqual(["size 80x24", "ready", "read 'early'"]);
  });

  it("a resize submits the size-changed signal; the new size is read", async () => {
    const term = new BufferTerminal();
    const run = await boot(terminalConfig(clientStart("app", "")), term);
    term.resize(100, 40);
    await run.sys.idle();
    expect(linesOf(run, "app")).toEqual(["size 80x24", "ready", "resized 100x40, avail 0"]);
  });

  it("serves one client at a time: a second is denied, and so is every one without a device", async () => {
    const term = new BufferTerminal();
    const run = await boot(terminalConfig(clientStart("a", ""), clientStart("b", "")), term);
    expect(linesOf(run, "a")).toEqual(["size 80x24", "ready"]);
    expect(linesOf(run, "b")).toEqual(["Terminal denied (error -12)"]);
    expect(run.lines).toContain(`[core] init -> b -> : "Terminal" session denied: the terminal device is in use`);

    const none = await boot(terminalConfig(clientStart("a", "")));
    expect(linesOf(none, "a")).toEqual(["Terminal denied (error -12)"]);
    expect(none.lines).toContain(`[core] init -> a -> : "Terminal" session denied: the platform has no terminal device`);
  });

  it("the device is free again once its client is gone", async () => {
    const term = new BufferTerminal();
    const run = await boot(terminalConfig(clientStart("a", `exit_on="q"`), clientStart("b", "")), term);
    expect(linesOf(run, "b")).toEqual(["Terminal denied (error -12)"]);
    term.type("q");
    await run.sys.idle();
    expect(linesOf(run, "a")).toEqual(["size 80x24", "ready", "read 'q'"]);
    expect(run.lines).toContain(`[init] child "a" exited with exit value 0`);
    // Input typed now has no listener: it waits in the device, and nothing breaks.
    term.type("x");
    await run.sys.idle();
    expect(term.avail()).toBe(1);
    expect(run.sys.faults).toEqual([]);
  });

  it("answers malformed requests and reads of a huge size with error codes", async () => {
    const term = new BufferTerminal();
    const run = await boot(terminalConfig(clientStart("app", `forge="yes" write="ok"`)), term);
    // Write past the message: BadMsg; read without a size: BadMsg; reads of more than a reply holds:
    // Invalid; a signal registration without the signal: BadMsg; an unknown opcode: BadOpcode.
    expect(linesOf(run, "app")).toEqual(["size 80x24", "forged: -8 -8 -10 -10 -8 -11", "ready"]);
    expect(term.text()).toBe("ok");
    expect(run.sys.faults).toEqual([]);
  });
});
