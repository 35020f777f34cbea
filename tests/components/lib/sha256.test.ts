// SHA-256 (components/lib/sha256.ts): the standard's digests, in TypeScript and in AssemblyScript alike.
import { createHash } from "node:crypto";
import { beforeAll, describe, expect, it } from "vitest";
import { Sha256, sha256Hex } from "../../../components/lib/sha256.ts";
import { callForString, loadAsModule, type AsModule } from "../../support/as_module.ts";
import { random as seeded } from "../../support/random.ts";

let m: AsModule;

beforeAll(async () => {
  m = await loadAsModule(["tests/components/lib/sha256_harness.ts"]);
});

const reference = (bytes: Uint8Array) => createHash("sha256").update(bytes).digest("hex");
const utf8 = (s: string) => new TextEncoder().encode(s);

// Lengths around the block (64) and the padding boundary (55, 56), and several blocks.
const TEXTS = ["", "abc", "a".repeat(55), "a".repeat(56), "a".repeat(63), "a".repeat(64), "a".repeat(65), "x\u00e9\u{1f600}".repeat(300)];

describe("SHA-256", () => {
  it("gives FIPS 180-4's digests", () => {
    expect(sha256Hex(utf8("abc"))).toBe("ba7816bf8f01cfea414140de5dae2223b00361a396177a9cb410ff61f20015ad");
    expect(sha256Hex(new Uint8Array(0))).toBe("e3b0c44298fc1c149afbf4c8996fb92427ae41e4649b934ca495991b7852b855");
  });

  it("agrees with node:crypto on random inputs, however they are cut", () => {
    const random = seeded(7);
    for (let n = 0; n < 40; n++) {
      const bytes = new Uint8Array(Math.floor(random() * 3000));
      for (let i = 0; i < bytes.length; i++) bytes[i] = Math.floor(random() * 256);
      const h = new Sha256();
      const piece = 1 + Math.floor(random() * 100);
      for (let i = 0; i < bytes.length; i += piece) h.update(bytes.subarray(i, i + piece));
      expect(h.hex()).toBe(reference(bytes));
    }
  });

  it("gives the same in AssemblyScript as in TypeScript", () => {
    for (const text of TEXTS) {
      expect(callForString(m, "hashText", text), JSON.stringify(text).slice(0, 20)).toBe(reference(utf8(text)));
      expect(callForString(m, "hashTextInPieces", text, 7)).toBe(reference(utf8(text)));
    }
  });
});
