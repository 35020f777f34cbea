// The builder against a hostile client: malformed and forbidden requests, a client that leaves mid-build; a neighbour keeps ticking and the next client's build succeeds.
import { afterAll, describe, expect, it } from "vitest";
import { nodeCompiler } from "../../../kernel/host/devices/node_compiler.ts";
import { startSystem, testComponent, type Run } from "../../support/system.ts";

const compiler = nodeCompiler();
afterAll(() => compiler.close());

const CLIENT = "tests/components/builder/assembly/builder_client.ts";
const TICKER = "bench/components/ticker/main.ts";

function client(name: string, job: string): string {
  return `<start name="${name}" ram="2M"> <binary name="builder_client"/> <config> <job ${job}/> </config>
    <route> <service name="Builder"> <child name="builder"/> </service> <any-service> <parent/> <any-child/> </any-service> </route> </start>`;
}

/** fs, src_fs and the builder as the default system has them, a ticker, and the clients. */
function config(clients: string): string {
  return `<config>
  <parent-provides> <service name="LOG"/> <service name="PD"/> <service name="ROM"/> <service name="CPU"/> <service name="Clock"/> <service name="Compiler"/> <service name="Signer"/> </parent-provides>
  <default caps="100" ram="1M"/>
  <start name="timer"> <provides> <service name="Timer"/> </provides> <route> <any-service> <parent/> </any-service> </route> </start>
  <start name="ticker" ram="2M"> <route> <service name="Timer"> <child name="timer"/> </service> <any-service> <parent/> </any-service> </route> </start>
  <start name="fs" ram="8M"> <provides> <service name="File_system"/> </provides>
    <config> <policy label_prefix="builder" root="/build" writeable="yes"/> <policy label_prefix="src_fs" root="/src" writeable="yes"/> </config>
    <route> <any-service> <parent/> </any-service> </route> </start>
  <start name="src_fs" ram="6M"> <provides> <service name="File_system"/> </provides>
    <config> <policy label="builder -> src" layer="both"/> <policy label="builder -> base" layer="base"/> </config>
    <route> <service name="File_system"> <child name="fs"/> </service> <any-service> <parent/> </any-service> </route> </start>
  <start name="builder" ram="16M" caps="200" fuel="268435456"> <provides> <service name="Builder"/> </provides>
    <route> <service name="File_system" label="build"> <child name="fs"/> </service> <service name="File_system"> <child name="src_fs"/> </service>
      <any-service> <parent/> </any-service> </route> </start>
  ${clients.replaceAll("<any-child/>", `<child name="timer"/>`)}
</config>`;
}

function linesOf(run: Run, label: string): string[] {
  const prefix = `[init -> ${label}] `;
  return run.lines.filter((l) => l.startsWith(prefix)).map((l) => l.slice(prefix.length));
}

describe("the builder beside a hostile client", () => {
  it("answers bad requests with errors, goes on after a client left mid-build, and builds for the next", async () => {
    const roms = { "builder_client.wasm": await testComponent(CLIENT), "ticker.wasm": await testComponent(TICKER) };
    const run = await startSystem(config(client("prober", `hostile="1" build="hello" leave="1"`) + client("good", `build="hello_server"`)), roms, { compiler });
    // The compile runs in the device's worker in real time; virtual time moves on a millisecond per
    // turn of the event loop meanwhile (each turn lets the worker's messages in), so the neighbour ticks.
    while (!run.lines.some((l) => l.startsWith("[init -> good] end:"))) {
      await run.clock.advance(1);
      await new Promise<void>((resolve) => setImmediate(resolve));
    }
    expect(linesOf(run, "prober")[0]).toBe(
      "answers: too-many=Invalid climb=Invalid path=Invalid empty-name=Invalid short=BadMsg mode=Invalid no-signal=BadMsg opcode=BadOpcode far-log=ok 0 log-no-offset=BadMsg");
    expect(linesOf(run, "prober")).toContain("left");
    const good = linesOf(run, "good");
    expect(good).toContain("end: Done");
    expect(good.some((l) => /^progress: \[1\/1\] hello_server\.wasm: \d+ bytes, sha256 [0-9a-f]{12}, \d+ ms -> \/build\/hello_server\.wasm, signed \(key [0-9a-f]{8}\)$/.test(l)), good.join("\n")).toBe(true);
    // The neighbour ticked on through all of it, and nothing faulted.
    expect(linesOf(run, "ticker").filter((l) => l.startsWith("tick")).length).toBeGreaterThan(3);
    expect(run.sys.faults).toEqual([]);
  }, 120_000);
});
