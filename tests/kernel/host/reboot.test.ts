// Rebooting (core.reboot): the system halts and boots again on the same devices, files kept, with the kernel asked for; a kernel that fails its checks is refused and the one that ran boots.
import { mkdtempSync, readFileSync, rmSync } from "node:fs";
import * as os from "node:os";
import * as path from "node:path";
import { describe, expect, it, onTestFinished } from "vitest";
import { bootLoop, type Booted } from "../../../kernel/host/boot.ts";
import { BufferConsole } from "../../../kernel/host/devices/console.ts";
import { NodeStorage } from "../../../kernel/host/devices/node_storage.ts";
import { MemoryStorage, type Storage } from "../../../kernel/host/devices/storage.ts";
import { BufferTerminal } from "../../../kernel/host/devices/terminal.ts";
import { VirtualClock } from "../../../kernel/host/devices/virtual_clock.ts";
import { kernelName } from "../../../kernel/host/kernel.ts";
import { swapKernel } from "../../../kernel/host/kernel_swap.ts";
import { bootImage } from "../../support/system.ts";
import { imageDir, repoRoot } from "../../support/paths.ts";
import { kernelVariant, MOVED_LAYOUT, NO_STATE_LOAD } from "../kernel_variant.ts";

const defaultSystem = readFileSync(path.join(repoRoot, "system/default.xml"), "utf8");
const imageKernel = new Uint8Array(readFileSync(path.join(imageDir, "kernel.wasm")));

/** The default system in a boot loop, with a terminal and storage that outlive each boot; each boot on a virtual clock of its own. */
async function looping(storage: Storage = new MemoryStorage()) {
  const terminal = new BufferTerminal(), console = new BufferConsole();
  const boots: Booted[] = [], clocks: VirtualClock[] = [new VirtualClock()];
  let told: (() => void) | null = null, stop = () => {};
  const stopped = new Promise<void>((resolve) => (stop = resolve));
  const loop = bootLoop({ roms: await bootImage(), config: new TextEncoder().encode(defaultSystem), console, terminal, storage, clock: clocks[0] },
    async (booted, rebooting) => {
      boots.push(booted);
      told?.();
      await Promise.race([rebooting, stopped]);
      return boots.length;
    },
    () => { clocks.push(new VirtualClock()); return { clock: clocks.at(-1) }; });
  /** Waits for boot number `n` (1-based) and until it is idle. */
  const booted = async (n: number) => {
    while (boots.length < n) await new Promise<void>((resolve) => (told = resolve));
    await boots[n - 1]!.sys.idle();
    return boots[n - 1]!;
  };
  /** Types `keys` into the running boot and gives what the terminal showed meanwhile. */
  const type = async (keys: string) => {
    const before = terminal.text().length;
    terminal.type(keys);
    await boots.at(-1)!.sys.idle();
    return terminal.text().slice(before);
  };
  return { boots, clocks, console, booted, type, end: async () => { stop(); return loop; } };
}

describe("a reboot", () => {
  it("boots the system again with the kernel given, the files kept on disk, the old system halted with no alarm left", async () => {
    const dir = mkdtempSync(path.join(os.tmpdir(), "wasmode-reboot-"));
    const storage = new NodeStorage(dir);
    onTestFinished(() => { storage.close(); rmSync(dir, { recursive: true, force: true }); });
    const t = await looping(storage);
    const first = await t.booted(1);
    expect(first.core.reboot).toBeTypeOf("function");
    expect(first.kernel).toEqual(imageKernel);
    expect(await t.type("echo kept > /note\r")).not.toContain("shell:");

    const rebuilt = await kernelVariant(MOVED_LAYOUT);
    first.core.reboot!(rebuilt);
    const second = await t.booted(2);
    expect(second.kernel).toEqual(rebuilt);
    expect(t.console.lines).toContain(`[core] kernel ${await kernelName(rebuilt)} booted`);
    expect(first.sys.halted).toBe(true);
    expect(t.clocks[0]!.armed).toBe(false);
    expect(await swapKernel(first.sys, imageKernel)).toEqual({ ok: false, reason: "the system is halted (rebooting)" });
    expect(await t.type("cat /note\r")).toContain("kept");
    expect(second.sys.faults).toEqual([]);

    // null: the kernel that runs boots again.
    second.core.reboot!(null);
    const third = await t.booted(3);
    expect(third.kernel).toEqual(rebuilt);
    expect(await t.type("cat /note\r")).toContain("kept");
    expect(await t.end()).toBe(3);
  });

  it("refuses a kernel that fails its checks in one line saying why, and boots the kernel that ran", async () => {
    const t = await looping();
    const first = await t.booted(1);
    await t.type("echo kept > /note\r");
    const broken = await kernelVariant(NO_STATE_LOAD);
    first.core.reboot!(broken);
    const second = await t.booted(2);
    expect(second.kernel).toEqual(imageKernel);
    const lines = t.console.lines.filter((l) => l.startsWith("[core] kernel "));
    expect(lines).toEqual([
      `[core] kernel ${await kernelName(broken)} refused: kernel.wasm does not match this host: k_state_load is missing; kernel ${await kernelName(imageKernel)} boots instead`,
      `[core] kernel ${await kernelName(imageKernel)} booted`,
    ]);
    expect(await t.type("cat /note\r")).toContain("kept");

    second.core.reboot!(new TextEncoder().encode("not wasm"));
    await t.booted(3);
    expect(t.console.lines.filter((l) => l.startsWith("[core] kernel ")).at(-2)).toMatch(/^\[core\] kernel [0-9a-f]{8} refused: .*; kernel [0-9a-f]{8} boots instead$/);
    expect(await t.type("cat /note\r")).toContain("kept");
    await t.end();
  });
});
