// Mutated binaries of the boot image fed to the loader: each is refused with the module and the section named, or runs contained.
import { describe, expect, it } from "vitest";
import { LoadError } from "../../../kernel/host/errors.ts";
import { checkModule } from "../../../kernel/host/module_check.ts";
import { bootImage } from "../../support/system.ts";
import { random } from "../../support/random.ts";

type Mutation = (b: Uint8Array, rnd: () => number) => Uint8Array;

const MUTATIONS: Record<string, Mutation> = {
  truncate: (b, rnd) => b.slice(0, Math.floor(rnd() * b.length)),
  flip: (b, rnd) => {
    const c = b.slice();
    for (let i = 0; i < 4; i++) c[8 + Math.floor(rnd() * (c.length - 8))]! ^= 1 << Math.floor(rnd() * 8);
    return c;
  },
  overwrite: (b, rnd) => {
    const c = b.slice();
    const at = 8 + Math.floor(rnd() * (c.length - 16));
    for (let i = 0; i < 8; i++) c[at + i] = Math.floor(rnd() * 256);
    return c;
  },
  "grow a section size": (b, rnd) => {
    const c = b.slice();
    c[9] = (c[9]! + 1 + Math.floor(rnd() * 100)) & 0x7f; // the first section's size
    return c;
  },
};

describe("mutated component binaries", () => {
  it("are refused with the module's name and where in it, or load; the loader never throws anything else", async () => {
    const image = await bootImage();
    const modules = [...image].filter(([name]) => name.endsWith(".wasm") && name !== "kernel.wasm");
    const rnd = random(20261124);
    let refused = 0, named = 0, accepted = 0;
    for (const [name, bytes] of modules) {
      for (const [kind, mutate] of Object.entries(MUTATIONS)) {
        for (let i = 0; i < 12; i++) {
          const mutated = mutate(bytes, rnd);
          try {
            checkModule(name, mutated);
            accepted++;
          } catch (e) {
            expect(e, `${kind} #${i} of ${name}: ${String(e)}`).toBeInstanceOf(LoadError);
            const message = (e as Error).message;
            expect(message.startsWith(`${name}: `), message).toBe(true);
            refused++;
            if (/ (header|section)\b/.test(message)) named++;
          }
        }
      }
    }
    expect(refused).toBeGreaterThan(modules.length * 20);
    // Nearly every refusal says where: the engine gives an offset for all but a few reasons.
    expect(named / refused).toBeGreaterThan(0.9);
    expect(accepted + refused).toBe(modules.length * 48);
  });

  it("an invalid code section is named as such", async () => {
    const hello = (await bootImage()).get("hello.wasm")!;
    // The last bytes of a module are the end of its last function body (or a custom section).
    const bad = hello.slice();
    const code = findSection(bad, 10);
    bad[code.end - 1] = 0xff; // the last function's `end` becomes an unknown instruction
    const e = (() => { try { checkModule("hello.wasm", bad); } catch (x) { return x as Error; } throw new Error("accepted"); })();
    expect(e.message).toMatch(/^hello\.wasm: invalid WebAssembly in the code section: /);
  });
});

function findSection(b: Uint8Array, id: number): { start: number; end: number } {
  let pos = 8;
  while (pos < b.length) {
    const sid = b[pos++]!;
    let size = 0, shift = 0, x = 0;
    do { x = b[pos++]!; size |= (x & 0x7f) << shift; shift += 7; } while (x & 0x80);
    if (sid === id) return { start: pos, end: pos + size };
    pos += size;
  }
  throw new Error(`no section ${id}`);
}
