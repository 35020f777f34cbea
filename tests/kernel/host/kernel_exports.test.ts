// Loading kernel.wasm: the host checks each export it uses against the module's real ones, and names what does not match.
import { readFileSync } from "node:fs";
import * as path from "node:path";
import { describe, expect, it } from "vitest";
import wabtInit from "wabt";
import { Kernel } from "../../../kernel/host/kernel.ts";
import { imageDir } from "../../support/paths.ts";

const wabt = await wabtInit();

/** A kernel module from WAT: its exports are what the test is about. */
function wasm(wat: string): Uint8Array {
  const m = wabt.parseWat("kernel.wat", wat);
  try {
    return m.toBinary({}).buffer;
  } finally {
    m.destroy();
  }
}

/** The functions of the real kernel, each with its parameters (all i32 but k_call_short's result). */
const FUNCTIONS: [string, number][] = [
  ["k_regs", 0], ["k_boot", 2], ["k_pd_create", 3], ["k_pd_exit_signal", 3], ["k_cap_grant", 5], ["k_endpoint", 2],
  ["k_signal_create", 2], ["k_derive", 3], ["k_drop", 2], ["k_call", 7], ["k_call_short", 4], ["k_reply", 4], ["k_enter", 1],
  ["k_leave", 1], ["k_depth", 0], ["k_signal", 2], ["k_next_signal", 0], ["k_kill", 3], ["k_next_dead", 0], ["k_ram_used", 2],
  ["k_pd_alive", 1], ["k_ram_quota", 1], ["k_ram_usage", 1], ["k_cap_quota", 1], ["k_cap_used", 1], ["k_objects", 0], ["k_cap_info", 2],
  ["k_state_version", 0], ["k_state_size", 0], ["k_state_buffer", 1], ["k_state_save", 2], ["k_state_load", 2],
];

/** A stand-in kernel exporting `functions` (each returns 0) and, unless told otherwise, a memory. */
function kernelWat(functions: [string, number][], memory = "(memory (export \"memory\") 1)"): string {
  const funcs = functions.map(([name, n]) => `(func (export "${name}")${" (param i32)".repeat(n)} (result i32) (i32.const 0))`);
  return `(module ${memory} ${funcs.join(" ")})`;
}

describe("Kernel.load", () => {
  it("loads the real kernel.wasm", async () => {
    const kernel = await Kernel.load(new Uint8Array(readFileSync(path.join(imageDir, "kernel.wasm"))));
    expect(kernel.regs().length).toBeGreaterThan(0);
  });

  it("loads a module with every export the host uses", async () => {
    const kernel = await Kernel.load(wasm(kernelWat(FUNCTIONS)));
    expect(kernel.k.k_objects()).toBe(0);
  });

  it("refuses a kernel that lacks exports, naming each", async () => {
    const without = FUNCTIONS.filter(([n]) => n !== "k_call_short" && n !== "k_cap_info");
    await expect(Kernel.load(wasm(kernelWat(without)))).rejects.toThrow(
      "kernel.wasm does not match this host: k_call_short is missing; k_cap_info is missing",
    );
  });

  it("refuses a kernel whose function takes another number of parameters", async () => {
    const changed = FUNCTIONS.map(([n, p]): [string, number] => [n, n === "k_call" ? 6 : p]);
    await expect(Kernel.load(wasm(kernelWat(changed)))).rejects.toThrow("k_call takes 6 parameters, not 7");
  });

  it("refuses a kernel that exports no memory, or something else by a function's name", async () => {
    await expect(Kernel.load(wasm(kernelWat(FUNCTIONS, "(memory 1)")))).rejects.toThrow("memory is missing");
    const global = kernelWat(FUNCTIONS.filter(([n]) => n !== "k_depth"), `(memory (export "memory") 1) (global (export "k_depth") i32 (i32.const 0))`);
    await expect(Kernel.load(wasm(global))).rejects.toThrow("k_depth is not a function");
  });
});
