// The Files seam (kernel/host/files.ts): one name per file, and a Files mounted into another.
import { describe, expect, it } from "vitest";
import { MemoryFiles, MountedFiles, normalize, readText, writeText } from "../../../kernel/host/files.ts";

describe("normalize", () => {
  it("gives one file one name", () => {
    expect(normalize("./a//b/./c.ts")).toBe("a/b/c.ts");
    expect(normalize("a/b/../c.ts")).toBe("a/c.ts");
    expect(normalize("/a/b")).toBe("a/b");
  });

  it("keeps a '..' above the root, never turning it into a file under the root", () => {
    expect(normalize("../x.ts")).toBe("../x.ts");
    expect(normalize("a/../../x.ts")).toBe("../x.ts");
    expect(normalize("../../a/../x.ts")).toBe("../../x.ts");
  });
});

describe("MountedFiles", () => {
  async function system() {
    const base = new MemoryFiles(), sdk = new MemoryFiles();
    await writeText(base, "main.ts", "mine");
    await writeText(base, "node_modules/other/x.ts", "other package");
    await writeText(sdk, "components/lib/log.ts", "sdk");
    return { base, sdk, files: new MountedFiles(base, "node_modules/wasmode", sdk) };
  }

  it("reads under the mount point from the mounted files, the rest from the base", async () => {
    const { files } = await system();
    expect(await readText(files, "main.ts")).toBe("mine");
    expect(await readText(files, "node_modules/wasmode/components/lib/log.ts")).toBe("sdk");
    expect(await readText(files, "./node_modules/wasmode/../wasmode/components/lib/log.ts")).toBe("sdk");
    expect(await readText(files, "node_modules/other/x.ts")).toBe("other package");
    expect(await readText(files, "components/lib/log.ts")).toBeNull();
    expect(await readText(files, "node_modules/wasmode-not/components/lib/log.ts")).toBeNull();
  });

  it("writes where it reads, and shows the mount point in its folder", async () => {
    const { base, sdk, files } = await system();
    await writeText(files, "node_modules/wasmode/new.ts", "to the sdk");
    await writeText(files, "out.wasm", "to the base");
    expect(await readText(sdk, "new.ts")).toBe("to the sdk");
    expect(await readText(base, "out.wasm")).toBe("to the base");
    expect(await files.list("node_modules")).toEqual(["other", "wasmode"]);
    expect(await files.list("node_modules/wasmode")).toEqual(["components", "new.ts"]);
  });
});
