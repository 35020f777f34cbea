// The toolchain of a build as package-lock.json pins it: the compiler packages, their versions and sha512 in hex; a lock that does not say is named.
import { readFileSync } from "node:fs";
import * as path from "node:path";
import { describe, expect, it } from "vitest";
import { sha512Hex, toolchainOf } from "../../../../kernel/host/builder/toolchain.ts";
import { nodeToolchain } from "../../../../kernel/host/devices/node_toolchain.ts";
import { repoRoot } from "../../../support/paths.ts";

const lockText = readFileSync(path.join(repoRoot, "package-lock.json"), "utf8");

describe("toolchainOf", () => {
  it("reads assemblyscript, binaryen and wabt from the repository's lock, each integrity as hex", () => {
    const lock = JSON.parse(lockText) as { packages: Record<string, { version: string; integrity: string }> };
    const tools = toolchainOf(lockText);
    expect(tools.map((t) => t.name)).toEqual(["assemblyscript", "binaryen", "wabt"]);
    for (const t of tools) {
      const entry = lock.packages[`node_modules/${t.name}`]!;
      expect(t.version).toBe(entry.version);
      expect(Buffer.from(t.sha512, "hex").toString("base64")).toBe(entry.integrity.slice("sha512-".length));
    }
    // The Node device reads the same lock.
    expect(nodeToolchain()).toEqual(tools);
  });

  it("takes the sha512 among other hashes, and leaves out a package the lock lacks", () => {
    const sha = Buffer.alloc(64, 7).toString("base64");
    expect(sha512Hex(`sha1-abc= sha512-${sha}`)).toBe("07".repeat(64));
    expect(sha512Hex("sha1-abc=")).toBeNull();
    const lock = JSON.stringify({ lockfileVersion: 3, packages: { "node_modules/assemblyscript": { version: "1.2.3", integrity: `sha512-${sha}` } } });
    expect(toolchainOf(lock)).toEqual([{ name: "assemblyscript", version: "1.2.3", sha512: "07".repeat(64) }]);
  });

  it("names what is wrong with a lock it cannot read", () => {
    expect(() => toolchainOf("{")).toThrow(/^package-lock\.json is not JSON: /);
    expect(() => toolchainOf(`{"lockfileVersion":1,"dependencies":{}}`)).toThrow(`package-lock.json has no "packages" (lockfile version 2 or later)`);
    expect(() => toolchainOf(`{"packages":{"node_modules/binaryen":{"integrity":"sha512-x"}}}`)).toThrow("package-lock.json: binaryen has no version");
    expect(() => toolchainOf(`{"packages":{"node_modules/binaryen":{"version":"1","integrity":"sha1-abc="}}}`)).toThrow("package-lock.json: binaryen has no sha512 integrity");
  });
});
