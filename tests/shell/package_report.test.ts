// The shell's "packages" report, which the page's "+" offers: every package, each requirement with where it can go now, following the runtime.
import { readFileSync } from "node:fs";
import * as path from "node:path";
import { describe, expect, it } from "vitest";
import { repoRoot } from "../support/paths.ts";
import { Screen } from "./screen.ts";

const defaultSystem = readFileSync(path.join(repoRoot, "system/default.xml"), "utf8");
const REPORT = "init -> rom_reporter -> packages";

describe("the packages report", () => {
  it("offers every package, and a requirement's providers as they come and go", async () => {
    const s = await new Screen(undefined, 100, 40).boot(defaultSystem);
    const report = () => new TextDecoder().decode(s.run.core.reports.get(REPORT));
    const client = () => /<package name="hello_client"[^]*?<\/package>/.exec(report())?.[0] ?? "";
    expect(report()).toMatch(/^<packages>\n/);
    // Every component of the image is a package; the server provides Hello, the client has nobody to ask yet.
    for (const name of ["hello", "hello_server", "timer", "fs", "wat_hello"]) expect(report()).toContain(`<package name="${name}"`);
    expect(report()).toContain(`<package name="hello_server" info="serves Hello sessions: a greeting and an addition for each client" provides="Hello"/>`);
    expect(client()).toContain(`<requires key="Hello" text="Hello"> </requires>`);
    await s.type("start hello_server\r");
    expect(client()).toContain(`<requires key="Hello" text="Hello"> <candidate route="child:hello_server"/> </requires>`);
    await s.type("start second hello_server --provides Hello\r");
    expect(client()).toContain(`<candidate route="child:hello_server"/> <candidate route="child:second"/>`);
    await s.type("stop hello_server; stop second\r");
    expect(client()).toContain(`<requires key="Hello" text="Hello"> </requires>`);
    // A package made inside: on the report once the line that made it ended.
    await s.type("new greeter --service\r");
    expect(report()).toContain(`<package name="greeter"`);
    expect(s.run.sys.faults).toEqual([]);
  });
});
