// Test helpers for live swaps: a Hello server with a busy client, the image's and changed builds of a component, swaps queued between activations.
import { componentSpec } from "../../../bin/recipe.ts";
import { compile } from "../../../kernel/host/builder/compile.ts";
import { Component } from "../../../kernel/host/component.ts";
import { NodeFiles } from "../../../kernel/host/devices/node_files.ts";
import type { Files } from "../../../kernel/host/files.ts";
import { swapInstance, type SwapOutcome } from "../../../kernel/host/live_swap.ts";
import { checkModule, type CheckedModule } from "../../../kernel/host/module_check.ts";
import { bootImage, initConfig, startSystem, testComponent, type Run } from "../../support/system.ts";
import { repoRoot } from "../../support/paths.ts";

/** The swap bench's client: 100 Hello sessions, calls in bursts each millisecond, a progress line every 1000 calls. */
export const caller = () => testComponent("bench/components/swap_client/main.ts");

/** True for a progress line of the client with no failure and the server's count equal to its calls. */
export function countsAgree(line: string): boolean {
  const m = /calls (\d+) failed 0 count (\d+)$/.exec(line);
  return m !== null && m[1] === m[2];
}

/** hello_server and swap_caller (100 sessions, 200 calls each millisecond), on held virtual time. */
export async function helloSystem(extraStarts = "", roms: Record<string, Uint8Array> = {}): Promise<Run> {
  const config = initConfig(`
  <start name="timer"> <provides> <service name="Timer"/> </provides> </start>
  <start name="hello_server" caps="300"> <provides> <service name="Hello"/> </provides> </start>
  <start name="swap_caller" caps="400" ram="2M"/>
  ${extraStarts}`);
  return startSystem(config, { swap_caller: await caller(), ...roms });
}

/** The PD whose instance has label `label`. */
export function pdOf(run: Run, label: string): number {
  const pd = run.sys.servers.findIndex((s) => s?.label === label);
  if (pd < 0) throw new Error(`no PD labelled ${label}: ${run.sys.servers.map((s) => s?.label).join(", ")}`);
  return pd;
}

export function instanceOf(run: Run, label: string): Component {
  return run.sys.servers[pdOf(run, label)] as Component;
}

/** A module as core would check it: from the boot image, or any bytes. */
export function checked(name: string, bytes: Uint8Array): CheckedModule {
  return checkModule(name, bytes);
}

export async function imageModule(name: string): Promise<CheckedModule> {
  return checked(name, (await bootImage()).get(name)!);
}

/** Swaps `label`'s instance between activations (as core does: queued), letting the system run 1 ms after (held time) or until idle. */
export async function swap(run: Run, label: string, module: CheckedModule): Promise<SwapOutcome> {
  let outcome: SwapOutcome | null = null;
  run.sys.queue(() => { outcome = swapInstance(run.sys, pdOf(run, label), module); });
  if (run.clock.auto) await run.sys.idle();
  else await run.clock.advance(1);
  if (outcome === null) throw new Error("the swap did not run");
  return outcome;
}

/** The repository's files with some replaced: a component built with a change, as a user would make it. */
class ChangedFiles implements Files {
  private readonly base = new NodeFiles(repoRoot);
  constructor(private readonly changes: Record<string, (text: string) => string>) {}
  async read(path: string): Promise<Uint8Array | null> {
    const bytes = await this.base.read(path);
    const change = this.changes[path.replace(/^\/+/, "")];
    if (!bytes || !change) return bytes;
    const before = new TextDecoder().decode(bytes), after = change(before);
    if (after === before) throw new Error(`the change to ${path} changed nothing`);
    return new TextEncoder().encode(after);
  }
  write(): Promise<void> { throw new Error("read-only"); }
  list(path: string): Promise<string[] | null> { return this.base.list(path); }
  remove(): Promise<void> { throw new Error("read-only"); }
}

const built = new Map<string, Promise<Uint8Array>>();

/** Component `name` built from its main with `change` applied to file `path` (cached by the change's text). */
export function changedBuild(name: string, path: string, change: (text: string) => string): Promise<Uint8Array> {
  const key = `${name}:${path}:${change.toString()}`;
  let b = built.get(key);
  if (!b) {
    const spec = componentSpec(name, `components/${name}/main.ts`);
    b = compile(new ChangedFiles({ [path]: change }), spec.name, spec.entries, spec.flags).then((o) => o.binary);
    built.set(key, b);
  }
  return b;
}
