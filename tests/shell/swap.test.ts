// `swap` and `build --swap` in the default system's shell: a component's code replaced while the system runs, the restart of one without state hooks, and every refusal leaving the running version alone.
import { afterAll, describe, expect, it } from "vitest";
import { nodeCompiler } from "../../kernel/host/devices/node_compiler.ts";
import { bootWithCompiler, run } from "../components/builder/build_screen.ts";

const compiler = nodeCompiler();
afterAll(() => compiler.close());

describe("swap in the shell", () => {
  it("lists no swaps after boot, and refuses what it cannot swap with a line naming why", async () => {
    const s = await bootWithCompiler(compiler);
    expect(await run(s, "swap")).toEqual(["no component was swapped since boot"]);
    expect(await run(s, "swap nosuch")).toEqual(["swap: /build/nosuch.wasm: no such file or directory"]);
    // A binary that is no Wasm: refused by the checks every start's binary gets; the timer runs on.
    await run(s, "echo not wasm at all > /junk.wasm");
    const junk = await run(s, "swap timer /junk.wasm");
    expect(junk).toHaveLength(1);
    expect(junk[0]).toMatch(/^swap: \/junk\.wasm.*: .*; the running version keeps running$/);
    // Core is the host's own code; a name that matches nothing running is said so.
    const image = await run(s, "build --dev timer");
    expect(image.at(-1)).toBe("build: 1 built");
    expect(await run(s, "swap core /build/timer.wasm")).toEqual(["swap: core cannot be swapped: it is the host's own code"]);
    expect(await run(s, "swap nosuch /build/timer.wasm")).toEqual(["swap: nosuch: no such component running"]);
    expect(await run(s, "swap --back timer")).toEqual(["swap: timer has no previous version"]);
    expect(await run(s, "swap")).toEqual(["no component was swapped since boot"]);
    expect(s.run.sys.faults).toEqual([]);
  }, 120_000);

  it("restarts a service without state hooks on its new binary: its sessions close, its client reconnects when restarted", async () => {
    const s = await bootWithCompiler(compiler);
    await run(s, "new greeter --service");
    // The new version says something else: the restarted service is the new code.
    await run(s, "build --dev greeter greeter_client");
    await run(s, "start greeter --provides Greeter");
    await run(s, "start greeter_client");
    expect(s.run.lines).toContain("[init -> runtime -> greeter] Greeter service ready");
    const swapped = await run(s, "swap greeter");
    expect(swapped).toEqual(["greeter has no snapshot: restarted, its sessions closed"]);
    expect(s.run.lines).toContain("[init -> runtime] child \"greeter\" was updated: restarting it");
    expect(s.run.lines.filter((l) => l === "[init -> runtime -> greeter] Greeter service ready")).toHaveLength(2);
    // A client started again gets a session of the restarted service, and its answer.
    await run(s, "restart greeter_client");
    expect(s.run.lines.filter((l) => l === "[init -> runtime -> greeter_client] 2 + 3 = 5")).toHaveLength(2);
    const list = await run(s, "swap");
    expect(list[1]).toMatch(/^init -> runtime -> greeter +2 +restarted +[0-9a-f]{8} *$/);
    expect((await run(s, "ps")).some((l) => /^init -> runtime -> greeter +2 +restarted/.test(l))).toBe(true);
    expect(s.run.sys.faults).toEqual([]);
  }, 120_000);

  it("swaps the shell itself once the line it runs has ended: its history and working directory kept", async () => {
    const s = await bootWithCompiler(compiler);
    await run(s, "cd /build");
    // The image's own shell, by its module name: the same code, a new instance in the same PD.
    expect(await run(s, "swap shell shell.wasm")).toEqual(["shell: swapping in place once its running activation has ended"]);
    expect(s.run.lines.some((l) => /^\[core\] init -> shell: swapped in place to shell\.wasm \(sha256 [0-9a-f]{12}, version 2\), state kept: \d+ bytes$/.test(l))).toBe(true);
    expect(await run(s, "pwd")).toEqual(["/build"]);
    // Up four times (clear, pwd, clear): the swap line, from the history the old instance kept.
    await s.type("clear\r" + "\x1b[A".repeat(4));
    expect(s.rows().at(-1)).toBe("/build $ swap shell shell.wasm");
    await s.type("\x03");
    const list = await run(s, "swap");
    expect(list[1]).toMatch(/^init -> shell +2 +probation +[0-9a-f]{8} *$/);
    expect(s.run.sys.faults).toEqual([]);
  }, 120_000);

  it("swaps the kernel live after a build of it, and waits for the takeover before the rest of the line; a module that is no kernel is refused", async () => {
    const s = await bootWithCompiler(compiler);
    const built = await run(s, "build --dev kernel");
    expect(built.at(-1)).toBe("build: 1 built");
    const before = await run(s, "ps");
    expect(await run(s, "swap kernel; echo after")).toEqual([expect.stringMatching(/^kernel: swapped live, every PD kept \(the system stood still [\d.]+ ms\)$/), "after"]);
    expect(s.run.lines.some((l) => /^\[core\] kernel [0-9a-f]{8} took over the running kernel's state/.test(l))).toBe(true);
    // Everything runs on the new kernel: the shell answers, the runtime's table is as before.
    expect(await run(s, "ps")).toEqual(before);
    const refused = (await run(s, "swap kernel hello.wasm")).join("");
    expect(refused).toMatch(/^swap: kernel: the new kernel\.wasm does not load: .*; the running kernel goes on$/);
    expect(await run(s, "echo still here")).toEqual(["still here"]);
    expect(s.run.sys.faults).toEqual([]);
  }, 120_000);
});
