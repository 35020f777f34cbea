// Core's Signer service: a client's own build signed with core's key (the envelope verifies, the private key in no component's memory); hostile requests refused with reasons beside a ticking neighbour; no route, no session.
import { afterAll, describe, expect, it } from "vitest";
import { Component } from "../../../../kernel/host/component.ts";
import { nodeCompiler } from "../../../../kernel/host/devices/node_compiler.ts";
import { parseEnvelope } from "../../../../kernel/host/provenance/dsse.ts";
import { fromBase64Url } from "../../../../kernel/host/provenance/encoding.ts";
import { generateKey, trustedKey } from "../../../../kernel/host/provenance/keys.ts";
import { BUILDER, parseStatement } from "../../../../kernel/host/provenance/statement.ts";
import { verifyAsync } from "../../../../kernel/host/provenance/verify.ts";
import { startSystem, testComponent, type Run } from "../../../support/system.ts";

const compiler = nodeCompiler();
afterAll(() => compiler.close());

const CLIENT = "tests/kernel/host/core/assembly/signer_client.ts";
const TICKER = "bench/components/ticker/main.ts";

/** The clients route Signer to core unless `routes` says otherwise. */
function config(starts: string): string {
  return `<config>
  <parent-provides> <service name="LOG"/> <service name="PD"/> <service name="ROM"/> <service name="CPU"/> <service name="Clock"/> <service name="Compiler"/> <service name="Signer"/> </parent-provides>
  <default-route> <any-service> <parent/> <any-child/> </any-service> </default-route>
  <default caps="100" ram="1M"/>
  <start name="timer"> <provides> <service name="Timer"/> </provides> </start>
  <start name="ticker" ram="2M"/>
  ${starts}
</config>`;
}

function client(name: string, job: string, route = ""): string {
  return `<start name="${name}" ram="4M"> <binary name="signer_client"/> <config> <job ${job}/> </config> ${route} </start>`;
}

async function boot(starts: string, signer?: Awaited<ReturnType<typeof generateKey>>["key"]): Promise<Run> {
  const roms = { "signer_client.wasm": await testComponent(CLIENT), "ticker.wasm": await testComponent(TICKER) };
  return startSystem(config(starts), roms, { compiler, ...(signer ? { signer } : {}) });
}

/** Resolves once the log has a line starting with `prefix` (the compile runs in real time in its worker; time stands still meanwhile). */
function line(run: Run, prefix: string): Promise<string> {
  return new Promise((resolve) => {
    const found = run.lines.find((l) => l.startsWith(prefix));
    if (found !== undefined) return resolve(found);
    run.console.onLine((l) => { if (l.startsWith(prefix)) resolve(l); });
  });
}

function linesOf(run: Run, label: string): string[] {
  const prefix = `[init -> ${label}] `;
  return run.lines.filter((l) => l.startsWith(prefix)).map((l) => l.slice(prefix.length));
}

/** The neighbour keeps ticking: 50 ms of virtual time bring at least 4 ticks. */
async function neighbourTicks(run: Run): Promise<void> {
  const before = linesOf(run, "ticker").filter((l) => l.startsWith("tick")).length;
  await run.clock.advance(50);
  expect(linesOf(run, "ticker").filter((l) => l.startsWith("tick")).length - before).toBeGreaterThanOrEqual(4);
  expect(run.sys.faults).toEqual([]);
}

/** Whether `needle` occurs in `hay`. */
function contains(hay: Uint8Array, needle: Uint8Array): boolean {
  const first = needle[0]!;
  for (let i = hay.indexOf(first); i >= 0 && i + needle.length <= hay.length; i = hay.indexOf(first, i + 1)) {
    let j = 1;
    while (j < needle.length && hay[i + j] === needle[j]) j++;
    if (j === needle.length) return true;
  }
  return false;
}

describe("core's Signer service", () => {
  it("signs the provenance of a binary the client built, setting the builder id; the private key is in no component's memory", async () => {
    const { key, jwk } = await generateKey();
    const run = await boot(client("maker", `build="1"`), key);
    const sha = (await line(run, "[init -> maker] signed: ")).split(": ")[1]!;
    expect(linesOf(run, "maker")[0]).toBe(`key: ${key.keyid}`);
    const envelope = new TextEncoder().encode(linesOf(run, "maker").find((l) => l.startsWith("envelope: "))!.slice("envelope: ".length));
    const verified = await verifyAsync("add.wasm", sha, envelope, [trustedKey(key.publicKey, "local")]);
    if (typeof verified === "string") throw new Error(verified);
    expect(verified.statement.subject).toEqual([{ name: "add.wasm", digest: { sha256: sha } }]);
    // The client left the builder id empty: core names its compiler device's.
    expect(verified.statement.predicate.runDetails.builder.id).toBe(BUILDER.osNode);
    expect(parseStatement(parseEnvelope(envelope).payload).predicate.buildDefinition.externalParameters).toEqual({ module: "add", profile: "release", flags: ["--runtime", "stub"] });
    // Neither the private key's bytes nor its JWK text are anywhere in a component's memory.
    const d = fromBase64Url(jwk.d)!;
    const dText = new TextEncoder().encode(jwk.d);
    const dWide = new Uint8Array(new Uint16Array([...jwk.d].map((c) => c.charCodeAt(0))).buffer);
    const memories = run.sys.servers.filter((s): s is Component => s instanceof Component).map((c) => new Uint8Array(c.memory.buffer));
    expect(memories.length).toBeGreaterThan(3);
    for (const m of memories) {
      expect(contains(m, d)).toBe(false);
      expect(contains(m, dText)).toBe(false);
      expect(contains(m, dWide)).toBe(false);
    }
    // The scan finds what is there: the key's id, which the maker read in its envelope.
    expect(memories.some((m) => contains(m, new TextEncoder().encode(key.keyid)))).toBe(true);
    await neighbourTicks(run);
  });

  it("refuses bad requests, each with its reason, and a digest another component's compile produced; a neighbour keeps time", async () => {
    const first = await boot(client("maker", `build="1"`));
    const sha = (await line(first, "[init -> maker] signed: ")).split(": ")[1]!;
    first.halt();
    const run = await boot(client("bad", `hostile="1"`) + client("maker", `build="1"`) + client("thief", `steal="${sha}" delay="1000"`));
    expect((await line(run, "[init -> bad] hostile: ")).split(": ")[1]!.split(" ")).toEqual([
      "empty=Invalid", "notjson=Invalid", "cut=Invalid", "truncated-put=BadMsg", "gap=Invalid", "big-piece=Invalid",
      "fill=Ok", "huge=NoSpace", "no-sigh=BadMsg", "unknown-digest=Invalid", "two-subjects=Invalid", "read-refused=Invalid", "opcode=BadOpcode",
    ]);
    expect(linesOf(run, "bad").find((l) => l.startsWith("reasons: "))).toBe(
      "reasons: its statement is not JSON | its statement is not JSON | sha256 abababababab is not a binary core's compiler built for this component | its statement names 2 subjects, not exactly one",
    );
    expect(run.lines).toContain("[core] init -> bad -> : signing refused: nothing staged to sign");
    expect(run.lines).toContain("[core] init -> bad -> : signing refused: sha256 abababababab is not a binary core's compiler built for this component");
    await neighbourTicks(run);
    // The maker builds the same binary again and has it signed; the thief, which never compiled it, asks later and is refused.
    expect(await line(run, "[init -> maker] signed: ")).toBe(`[init -> maker] signed: ${sha}`);
    expect(linesOf(run, "thief")).toEqual([expect.stringMatching(/^key: [0-9a-f]{64}$/)]);
    await run.clock.advance(1000);
    expect(linesOf(run, "thief")[1]).toBe(`steal: Invalid sha256 ${sha.slice(0, 12)} is not a binary core's compiler built for this component`);
    await neighbourTicks(run);
  });

  it("denies the session to a component whose routes do not reach it", async () => {
    const route = `<route> <service name="Signer"/> <any-service> <parent/> <any-child/> </any-service> </route>`;
    const run = await boot(client("outsider", `build="1"`, route));
    expect(await line(run, "[init -> outsider] ")).toBe("[init -> outsider] no Signer session: Denied");
    await neighbourTicks(run);
  });
});
