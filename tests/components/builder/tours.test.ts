// The README's tours of building Wasmode from inside, walked through the default system's shell: change hello and run it; a new service and its client.
import { afterAll, describe, expect, it } from "vitest";
import { nodeCompiler } from "../../../kernel/host/devices/node_compiler.ts";
import { bootWithCompiler, run } from "./build_screen.ts";

const compiler = nodeCompiler();
afterAll(() => compiler.close());

describe("Change Wasmode from inside (README)", () => {
  it("edits hello's log line, builds it, starts it and sees the new line", async () => {
    const s = await bootWithCompiler(compiler);
    await s.type("edit /src/components/hello/main.ts\r");
    expect(s.rows()[3]).toBe(`log("Hello");`);
    // Down to the log line, cut it, type the new one, save, leave.
    await s.type("\x1b[B\x1b[B\x1b[B\x0b" + `log("Hello from my own build");\r` + "\x13\x18");
    const built = await run(s, "build hello");
    expect(built[0]).toMatch(/^\[1\/1\] hello\.wasm: compiling components\/hello\/main\.ts \(release, \d+ sources\)$/);
    expect(built.at(-2)).toMatch(/^\[1\/1\] hello\.wasm: \d+ bytes, sha256 [0-9a-f]{12}, \d+ ms -> \/build\/hello\.wasm, signed \(key [0-9a-f]{8}\)$/);
    expect(built.at(-1)).toBe("build: 1 built");
    await run(s, "start hello");
    expect(s.run.lines).toContain("[init -> runtime -> hello] Hello from my own build");
    expect(await run(s, "log hello")).toContain("[init -> runtime -> hello] Hello from my own build");
    const ps = await run(s, "ps");
    expect(ps.find((r) => r.startsWith("hello "))).toMatch(/ [0-9a-f]{8} +local /);
    // Built once more, nothing changed: up to date; the build record says what it was built from.
    expect(await run(s, "build hello")).toEqual(["[1/1] hello.wasm: up to date", "build: 1 up to date"]);
    const record = JSON.parse((await run(s, "cat /build/hello.json")).join("\n")) as Record<string, unknown>;
    expect(record).toMatchObject({ module: "hello.wasm", profile: "release", compiler: expect.stringMatching(/^assemblyscript 0\.28\./) });
    expect(Object.keys(record.inputs as object)).toContain("components/hello/main.ts");
    expect(s.run.sys.faults).toEqual([]);
  }, 120_000);

  it("writes a new service with new --service, builds it and its client, starts both", async () => {
    const s = await bootWithCompiler(compiler);
    const made = await run(s, "new greeter --service");
    expect(made).toEqual([
      "new service greeter:",
      "  /src/components/greeter/session.ts",
      "  /src/components/greeter/connection.ts",
      "  /src/components/greeter/main.ts",
      "  /src/components/greeter/runtime",
      "  /src/components/greeter_client/main.ts",
      "  /src/components/greeter_client/runtime",
      "next: build greeter greeter_client; start greeter; start greeter_client",
    ]);
    const built = await run(s, "build --dev greeter greeter_client");
    expect(built.at(-1), built.join("\n")).toBe("build: 2 built");
    // Their runtime files (written by new) route the client to the service.
    await run(s, "start greeter");
    await run(s, "start greeter_client");
    expect(s.run.lines).toContain("[init -> runtime -> greeter] Greeter service ready");
    expect(s.run.lines).toContain("[init -> runtime -> greeter_client] 2 + 3 = 5");
    expect(s.run.lines.some((l) => /^\[init -> runtime -> greeter\] Hello, .*greeter_client -> !$/.test(l)), s.run.lines.join("\n")).toBe(true);
    // A second `new` of the same name is refused, and nothing is overwritten.
    expect(await run(s, "new greeter")).toEqual(["new: /src/components/greeter: exists already"]);
    expect(s.run.sys.faults).toEqual([]);
  }, 120_000);
});
