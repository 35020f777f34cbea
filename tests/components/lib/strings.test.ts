// The SDK's label helpers (components/lib/strings.ts), run as Wasm: Genode's rules for label elements, edge cases included.
import { beforeAll, describe, expect, it } from "vitest";
import { loadAsModule, type AsModule } from "../../support/as_module.ts";

let m: AsModule;

beforeAll(async () => {
  m = await loadAsModule(["components/lib/strings.ts"]);
}, 120_000);

/** Calls a string -> string export of the module. */
function str(fn: string, ...args: string[]): string {
  const pinned = args.map((a) => m.__pin(m.__newString(a)));
  try {
    return m.__getString(m[fn](...pinned));
  } finally {
    for (const p of pinned) m.__unpin(p);
  }
}

describe("labelLast", () => {
  it("is the part after the last separator, or the whole label without one", () => {
    expect(str("labelLast", "init -> shell -> fs")).toBe("fs");
    expect(str("labelLast", "fs")).toBe("fs");
    expect(str("labelLast", "")).toBe("");
    expect(str("labelLast", "a -> ")).toBe("");
  });

  it("does not split at a separator the label starts with, as Genode's label_last", () => {
    expect(str("labelLast", " -> fs")).toBe(" -> fs");
    expect(str("labelLast", " -> ")).toBe(" -> ");
    expect(str("labelLast", " -> a -> fs")).toBe("fs");
  });
});

describe("labelPrefix", () => {
  it("is all but the last element, by the same rule", () => {
    expect(str("labelPrefix", "init -> shell -> fs")).toBe("init -> shell");
    expect(str("labelPrefix", "fs")).toBe("");
    expect(str("labelPrefix", " -> fs")).toBe("");
    expect(str("labelPrefix", " -> a -> fs")).toBe(" -> a");
  });
});

describe("prefixedLabel", () => {
  it("joins with the separator, or gives either part alone when the other is empty", () => {
    expect(str("prefixedLabel", "init", "fs")).toBe("init -> fs");
    expect(str("prefixedLabel", "", "fs")).toBe("fs");
    expect(str("prefixedLabel", "init", "")).toBe("init");
  });
});
