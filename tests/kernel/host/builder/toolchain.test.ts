// The toolchain a compiler device inside the OS reports, as package-lock.json pins it: versions and sha512 in hex, the same for the Node device as for the lock itself.
import { readFileSync } from "node:fs";
import * as path from "node:path";
import { describe, expect, it } from "vitest";
import { DEVICE_PACKAGES, toolchainOf } from "../../../../kernel/host/builder/toolchain.ts";
import { nodeCompiler } from "../../../../kernel/host/devices/node_compiler.ts";
import { nodeToolchain } from "../../../../kernel/host/devices/node_toolchain.ts";
import { BUILDER } from "../../../../kernel/host/provenance/statement.ts";
import { repoRoot } from "../../../support/paths.ts";

const lockText = readFileSync(path.join(repoRoot, "package-lock.json"), "utf8");

describe("the compiler device's toolchain", () => {
  it("is assemblyscript, binaryen and wabt as the repository's lock pins them, each integrity as hex", () => {
    const lock = JSON.parse(lockText) as { packages: Record<string, { version: string; integrity: string }> };
    const tools = toolchainOf(lockText, DEVICE_PACKAGES);
    expect(tools.map((t) => t.name)).toEqual(["assemblyscript", "binaryen", "wabt"]);
    for (const t of tools) {
      const entry = lock.packages[`node_modules/${t.name}`]!;
      expect(t.version).toBe(entry.version);
      expect(Buffer.from(t.sha512, "hex").toString("base64")).toBe(entry.integrity.slice("sha512-".length));
    }
    expect(nodeToolchain()).toEqual(tools);
    // The Node device names it, and its builder.
    const device = nodeCompiler();
    expect(device.toolchain()).toEqual(tools);
    expect(device.builderId).toBe(BUILDER.osNode);
  });
});
