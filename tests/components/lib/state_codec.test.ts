// The SDK's live-state snapshot format (components/lib/state_codec.ts), run as Wasm: what a save writes a load reads back, and a load that does not match its save fails cleanly.
import { beforeAll, describe, expect, it } from "vitest";
import { loadAsModule, type AsModule } from "../../support/as_module.ts";

let m: AsModule;

beforeAll(async () => {
  m = await loadAsModule(["tests/components/lib/state_codec_harness.ts"]);
}, 120_000);

/** Calls an export with strings (pinned while it runs) and numbers; its string result. */
function str(fn: string, ...args: (string | number)[]): string {
  const pins: number[] = [];
  const values = args.map((a) => {
    if (typeof a === "number") return a;
    const p = m.__pin(m.__newString(a)) as number;
    pins.push(p);
    return p;
  });
  try {
    return m.__getString(m[fn](...values));
  } finally {
    for (const p of pins) m.__unpin(p);
  }
}

describe("StateWriter and StateReader", () => {
  it("read back every kind as written", () => {
    expect(str("roundTrip", "héllo ✓")).toBe("200 4294967294 -5 123456789abcdef0 2.5 true héllo ✓ héllo ✓ héllo ✓||b 1,2,3 héllo ✓/empty key");
    expect(str("roundTrip", "")).toBe("200 4294967294 -5 123456789abcdef0 2.5 true   ||b 1,2,3 /empty key");
  });

  it("a read of another kind than was written is malformed, and so is every read after it", () => {
    expect(str("wrongKind")).toBe("malformed [] then 0");
  });

  it("a read past the end is malformed", () => {
    expect(str("truncated", 1)).toBe("malformed []");
    expect(str("truncated", 30)).toBe("malformed []");
  });

  it("a count larger than the bytes left could hold is malformed", () => {
    expect(str("hugeCount")).toBe("malformed 0");
  });

  it("grows past its first buffer", () => {
    expect(str("many", 1000)).toMatch(/^ok \d+$/);
  });
});
