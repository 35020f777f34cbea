// Bad input to a build, through the default system's shell: each gets one clear line (FILE:LINE:COL where there is one), the last good binary stays, the system goes on.
import { afterAll, describe, expect, it } from "vitest";
import { nodeCompiler } from "../../../kernel/host/devices/node_compiler.ts";
import { wasmode } from "../../support/cli.ts";
import type { Screen } from "../../shell/screen.ts";
import { bootWithCompiler, run } from "./build_screen.ts";

const compiler = nodeCompiler();
afterAll(() => compiler.close());

/** Replaces hello's main with one line of source. */
const write = (s: Screen, source: string) => run(s, `echo '${source}' > /src/components/hello/main.ts`);

describe("a build's bad input", () => {
  it("names file, line and column with the source line and a caret, fails, and keeps the last good binary", async () => {
    const s = await bootWithCompiler(compiler, 200, 80);
    expect((await run(s, "build hello")).at(-1)).toBe("build: 1 built");
    const good = await run(s, "cat /build/hello.json");

    const broken = `import { log } from "../lib/log.ts"; log(nothing);`;
    await write(s, broken);
    const out = await run(s, "build hello");
    const column = broken.indexOf("nothing") + 1;
    const at = out.indexOf(`components/hello/main.ts:1:${column}: Cannot find name 'nothing'.`);
    expect(at, out.join("\n")).toBeGreaterThanOrEqual(0);
    // The source line, and a caret under the column.
    expect(out[at + 1]!.trim()).toBe(broken);
    expect(out[at + 2]!.indexOf("^") - out[at + 1]!.indexOf("import")).toBe(column - 1);
    expect(out).toContain("[1/1] hello.wasm: failed (the last good /build/hello.wasm stays)");
    expect(out.at(-1)).toBe("build: 1 failed");
    expect(await run(s, "cat /build/hello.json")).toEqual(good);

    // A missing import: the compiler names the file the import leads to, where it is imported.
    await write(s, `import { x } from "./nothing.ts"; x();`);
    expect((await run(s, "build hello")).join("\n")).toMatch(/components\/hello\/main\.ts:1:\d+: File 'components\/hello\/nothing\.ts' not found\./);

    // An import outside /src: the builder reads nothing else.
    await write(s, `import { x } from "assemblyscript/std/assembly/index"; x();`);
    expect(await run(s, "build hello")).toContain(`components/hello/main.ts:1:19: import "assemblyscript/std/assembly/index" is outside /src: a build reads only the sources under /src`);
    await write(s, `import { x } from "../../../../etc/passwd"; x();`);
    expect(await run(s, "build hello")).toContain(`components/hello/main.ts:1:19: import "../../../../etc/passwd" climbs out of /src`);

    // A module that is none.
    expect(await run(s, "build nosuch")).toEqual([
      "[1/1] nosuch.wasm: no such module (not in system/recipe.xml, and no /src/components/nosuch/main.ts or main.wat)",
      "build: 1 failed",
    ]);
    expect(await run(s, "build ../etc")).toEqual(["build: ../etc: a module is named by letters, digits, '-' and '_' (hello, not hello.wasm)"]);
    expect(await run(s, "build --turbo hello")).toEqual(["build: unknown option --turbo (build [--dev] [--force] [--swap] [NAME...])"]);

    // The system went on: the shell answers, the last good hello starts.
    await run(s, "start hello");
    expect(s.run.lines).toContain("[init -> runtime -> hello] Hello");
    expect(s.run.sys.faults).toEqual([]);
  }, 180_000);

  it("builds, with no name, what changed since the boot image or the last build", async () => {
    const s = await bootWithCompiler(compiler, 200, 80);
    await write(s, `import { log } from "../lib/log.ts"; log("changed");`);
    const out = await run(s, "build --dev");
    expect(out.filter((l) => /^\[\d+\/\d+\] \S+: compiling/.test(l))).toEqual([expect.stringMatching(/^\[\d+\/\d+\] hello\.wasm: compiling components\/hello\/main\.ts \(dev, \d+ sources\)$/)]);
    expect(out.at(-1)).toMatch(/^build: 1 built, \d+ unchanged from the boot image$/);
    expect((await run(s, "build --dev")).at(-1)).toMatch(/^build: 1 up to date, \d+ unchanged from the boot image$/);
  }, 180_000);

  it("exits non-zero from a failed build in a script", async () => {
    const r = await wasmode("-c", "build nosuch; echo after");
    expect(r.stdout).toContain("nosuch.wasm: no such module");
    expect(r.stdout).toContain("after");
    expect((await wasmode("-c", "build nosuch")).code).toBe(1);
  }, 60_000);
});
