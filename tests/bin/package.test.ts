// Wasmode as a package: `npm pack`, installed from the tarball into an empty folder, runs the system, the config tools and an author's own component.
import { execFile } from "node:child_process";
import { mkdirSync, mkdtempSync, readdirSync, rmSync, statSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import * as path from "node:path";
import { promisify } from "node:util";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { repoRoot } from "../support/paths.ts";

const exec = promisify(execFile);
const npm = process.platform === "win32" ? "npm.cmd" : "npm";

let dir: string;
let app: string;
let env: NodeJS.ProcessEnv;
/** The installed package's files just after the install: no command may change them. */
let installed: string[];

interface Result { code: number; stdout: string; stderr: string }

/** `npx wasmode ARGS` in the app folder, as its user types it. */
async function npx(...args: string[]): Promise<Result> {
  try {
    const r = await exec("npx", ["--no-install", "wasmode", ...args], { cwd: app, env });
    return { code: 0, stdout: r.stdout, stderr: r.stderr };
  } catch (e) {
    const err = e as { code: number; stdout: string; stderr: string };
    return { code: err.code, stdout: err.stdout, stderr: err.stderr };
  }
}

/** Every file under `root` with its size and time: what a command must leave alone. */
function snapshot(root: string): string[] {
  const out: string[] = [];
  const walk = (d: string) => {
    for (const name of readdirSync(d).sort()) {
      const p = path.join(d, name);
      const s = statSync(p);
      if (s.isDirectory()) walk(p);
      else out.push(`${path.relative(root, p)} ${s.size} ${s.mtimeMs}`);
    }
  };
  walk(root);
  return out;
}

beforeAll(async () => {
  dir = mkdtempSync(path.join(tmpdir(), "wasmode-package-"));
  app = path.join(dir, "app");
  mkdirSync(app);
  // npm test has built dist/ and build/image just before: pack them as they are.
  const packed = await exec(npm, ["pack", "--ignore-scripts", "--silent", "--pack-destination", dir], { cwd: repoRoot });
  const tarball = path.join(dir, packed.stdout.trim().split("\n").pop()!);
  writeFileSync(path.join(app, "package.json"), JSON.stringify({ name: "app", private: true }));
  env = { ...process.env, XDG_CACHE_HOME: path.join(dir, "cache"), XDG_DATA_HOME: path.join(dir, "data"), npm_config_audit: "false", npm_config_fund: "false" };
  await exec(npm, ["install", "--prefer-offline", "--no-audit", "--no-fund", tarball], { cwd: app, env });
  installed = snapshot(path.join(app, "node_modules/wasmode"));
}, 300_000);

afterAll(() => {
  if (dir) rmSync(dir, { recursive: true, force: true });
});

describe("wasmode installed from its tarball", () => {
  it("carries the built image and the sources, and none of the tests, the page or the bench", () => {
    const files = snapshot(path.join(app, "node_modules/wasmode")).map((l) => l.split(" ")[0]!);
    expect(files).toContain("build/image/kernel.wasm");
    expect(files).toContain("build/image/manifest.json");
    expect(files).toContain("components/lib/log.ts");
    expect(files).toContain("system/default.xml");
    expect(files.filter((f) => /^(tests|web|bench|fuzz|dist\/(tests|web|bench|fuzz))\//.test(f))).toEqual([]);
  });

  it("boots the default system and runs shell commands (npx wasmode -c)", async () => {
    const r = await npx("-c", "ls /; echo hi > /x; cat /x");
    expect(r.stderr).toBe("");
    expect(r.code).toBe(0);
    expect(r.stdout).toContain("README");
    expect(r.stdout).toContain("hi");
  });

  it("runs a config (npx wasmode run)", async () => {
    const r = await npx("run", "node_modules/wasmode/examples/hello_pair.xml");
    expect(r.code).toBe(0);
    expect(r.stdout).toContain("[init -> hello_client] 2 + 5 = 7");
  });

  it("checks and routes a config, keeping the compiled tools in $XDG_CACHE_HOME/wasmode, not in the package", async () => {
    const check = await npx("check", "node_modules/wasmode/examples/hello_pair.xml");
    expect(check.code).toBe(0);
    expect(check.stdout).toContain("hello_server  hello_server  1M   100   Hello");
    expect(check.stderr).toContain(path.join(dir, "cache/wasmode/tools-"));
    const route = await npx("route", "node_modules/wasmode/examples/hello_pair.xml", "--from", "hello_client", "--service", "Hello");
    expect(route.code).toBe(0);
    expect(route.stdout).toContain(`=> child "hello_server"`);
    expect(route.stderr).toBe("");
  }, 180_000);

  it("builds a component author's one-file source against the installed SDK, and runs it", async () => {
    writeFileSync(path.join(app, "main.ts"), `import { log } from "wasmode/components/lib/log";\nlog("Hello from mine");\n`);
    writeFileSync(path.join(app, "my.xml"), [
      "<config>",
      `  <parent-provides> <service name="LOG"/> <service name="PD"/> <service name="ROM"/> </parent-provides>`,
      "  <default-route> <any-service> <parent/> </any-service> </default-route>",
      `  <default caps="100" ram="1M"/>`,
      `  <start name="mine"/>`,
      "</config>",
    ].join("\n"));
    const built = await npx("build-component", "main.ts", "-o", "mine.wasm");
    expect(built.stderr).toMatch(/^mine\.wasm: \d+ bytes in \d+ ms/m);
    expect(built.code).toBe(0);
    const r = await npx("run", "my.xml", "--rom", "mine.wasm");
    expect(r).toMatchObject({ code: 0, stdout: "[init -> mine] Hello from mine\n" });
  }, 180_000);

  it("builds a source in a subfolder with imports of its own, into a folder that is not there yet", async () => {
    mkdirSync(path.join(app, "src/util"), { recursive: true });
    writeFileSync(path.join(app, "src/util/words.ts"), `export function greeting(): string { return "Hello from src"; }\n`);
    writeFileSync(path.join(app, "src/main.ts"), `import { log } from "wasmode/components/lib/log";\nimport { greeting } from "./util/words";\nlog(greeting());\n`);
    const built = await npx("build-component", "src/main.ts", "-o", "out/mine.wasm");
    expect(built.code, built.stderr).toBe(0);
    expect(await npx("run", "my.xml", "--rom", "out/mine.wasm")).toMatchObject({ code: 0, stdout: "[init -> mine] Hello from src\n" });
    // The output never replaces a source.
    expect(await npx("build-component", "src/main.ts", "-o", "src/main.ts")).toMatchObject({ code: 2 });
  }, 180_000);

  it("names the file and line of a component that does not compile, and writes nothing", async () => {
    writeFileSync(path.join(app, "broken.ts"), `import { log } from "wasmode/components/lib/log";\nlog(42);\n`);
    const r = await npx("build-component", "broken.ts");
    expect(r.code).toBe(1);
    expect(r.stderr).toMatch(/^broken\.ts:2:5: /m);
    expect(readdirSync(app)).not.toContain("broken.wasm");
  }, 180_000);

  it("changed nothing inside the installed package, whatever ran", () => {
    expect(snapshot(path.join(app, "node_modules/wasmode"))).toEqual(installed);
  });
});
