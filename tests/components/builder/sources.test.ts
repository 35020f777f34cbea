// The builder's import scanner (components/builder/sources.ts): which files a module is built from, found as the compiler would find them.
import { beforeAll, describe, expect, it } from "vitest";
import { callForString, loadAsModule, type AsModule } from "../../support/as_module.ts";

let m: AsModule;

beforeAll(async () => {
  m = await loadAsModule(["tests/components/builder/sources_harness.ts"]);
});

describe("the builder's import scanner", () => {
  it("finds the specifier after from and import, with its line and column", () => {
    const text = [
      `import { log } from "../lib/log.ts";`,
      `import * as msg from '../lib/message.ts';`,
      `export { a, b } from "./a.ts";`,
      `export * from "./b";`,
      `import "./side_effect.ts";`,
      `  import {`,
      `    x,`,
      `  } from "./multi.ts";`,
    ].join("\n");
    expect(callForString(m, "importsOf", text).split("\n")).toEqual([
      "1:21:../lib/log.ts", "2:22:../lib/message.ts", "3:22:./a.ts", "4:15:./b", "5:8:./side_effect.ts", "8:10:./multi.ts",
    ]);
  });

  it("skips comments, other strings and template literals", () => {
    const text = [
      `// import { x } from "./commented.ts";`,
      `/* from "./block.ts"`,
      `   import "./block2.ts" */`,
      `const s = "from \\"./escaped.ts\\"";`,
      "const t = `import \"./template.ts\"`;",
      `log("import"); const from = 1; f(from, "./not_an_import.ts");`,
      `import { y } from "./real.ts";`,
    ].join("\n");
    expect(callForString(m, "importsOf", text)).toBe("7:19:./real.ts");
  });

  it("folds . and .., and says when a path climbs out of the root", () => {
    expect(callForString(m, "folded", "components/hello/../lib/./log.ts")).toBe("components/lib/log.ts");
    expect(callForString(m, "folded", "components/../../etc/passwd")).toBe("<outside>");
  });
});
