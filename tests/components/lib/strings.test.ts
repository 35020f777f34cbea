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

  it("splits at a separator the label starts with too, as Genode's last_element (it looks at position 0)", () => {
    expect(str("labelLast", " -> fs")).toBe("fs");
    expect(str("labelLast", " -> ")).toBe("");
    expect(str("labelLast", " -> a -> fs")).toBe("fs");
  });

  it("of a label ending in a separator is empty, as Genode's last_element", () => {
    expect(str("labelLast", "init -> C -> ")).toBe("");
    expect(str("labelLast", "C -> x -> ")).toBe("");
  });
});

describe("labelPrefix", () => {
  it("is all but the last element, by the same rule", () => {
    expect(str("labelPrefix", "init -> shell -> fs")).toBe("init -> shell");
    expect(str("labelPrefix", "fs")).toBe("");
    expect(str("labelPrefix", " -> fs")).toBe("");
    expect(str("labelPrefix", " -> a -> fs")).toBe(" -> a");
  });

  it("of a label ending in a separator is everything before it, as Genode's prefix()", () => {
    expect(str("labelPrefix", "C -> ")).toBe("C");
    expect(str("labelPrefix", "init -> C -> x -> ")).toBe("init -> C -> x");
  });
});

describe("prefixedLabel", () => {
  it("joins with the separator, which stays for an empty label as in Genode's prefixed_label", () => {
    expect(str("prefixedLabel", "init", "fs")).toBe("init -> fs");
    // Genode: prefixed_label("init", "") is "init -> ", not "init"
    expect(str("prefixedLabel", "init", "")).toBe("init -> ");
    expect(str("prefixedLabel", "C -> x", "")).toBe("C -> x -> ");
  });

  it("gives the label alone for an empty prefix (a path from the top; Genode never prefixes with nothing)", () => {
    expect(str("prefixedLabel", "", "fs")).toBe("fs");
  });
});
