// Init's work: one routing decision, and applying a new config to 100 children.
import { loadTools } from "../bin/check.ts";
import { boot } from "../kernel/host/boot.ts";
import { text } from "./image.ts";
import { median, now } from "./stats.ts";

/** A config whose client has three rules to pass before a label-matching one routes LOG to a sibling. */
const ROUTING = `<config>
  <parent-provides> <service name="LOG"/> <service name="PD"/> <service name="ROM"/> </parent-provides>
  <start name="server"> <provides> <service name="LOG"/> </provides> </start>
  <start name="client"> <route>
    <service name="ROM" label_suffix=".lib.so"> <parent/> </service>
    <service name="LOG" label="other"> <parent/> </service>
    <service name="PD"> <parent/> </service>
    <service name="LOG" label_prefix="app"> <child name="server" label="renamed"/> </service>
    <any-service> <parent/> </any-service>
  </route> </start>
</config>`;

/** µs per routing decision, as init's route model makes it, after the config is parsed. */
export async function benchRouting(root: string, reps: number): Promise<number[]> {
  const tools = await loadTools(root, () => {});
  const n = 20_000;
  const samples: number[] = [];
  for (let r = 0; r < reps + 3; r++) {
    let t0 = now();
    if (tools.routeRepeatedly(ROUTING, "client", "LOG", "app", 0) !== 0) throw new Error("route bench: parse failed");
    const fixed = now() - t0;
    t0 = now();
    if (tools.routeRepeatedly(ROUTING, "client", "LOG", "app", n) !== n) throw new Error("route bench: request not routed");
    const ms = now() - t0 - fixed;
    if (r >= 3) samples.push((ms * 1000) / n);
  }
  return samples;
}

function config(version: string): string {
  const starts: string[] = [];
  for (let i = 0; i < 100; i++) starts.push(`<start name="c${i}"> <binary name="dummy"/> <config version="${version}"/> </start>`);
  return `<config>
  <parent-provides> <service name="LOG"/> <service name="PD"/> <service name="ROM"/> <service name="CPU"/> </parent-provides>
  <default-route> <any-service> <parent/> </any-service> </default-route> <default caps="100" ram="1M"/>
  ${starts.join("\n  ")}
</config>`;
}

/**
 * ms from handing init a new config to idle, for 100 dummy children whose inline configs all
 * change (no restart: each child is told and re-reads it), and, as the baseline, for a new
 * config that changes nothing.
 */
export async function benchReconfig(roms: Map<string, Uint8Array>, reps: number): Promise<{ changed: number[]; unchanged: number[] }> {
  const changed: number[] = [], unchanged: number[] = [];
  for (let r = 0; r < reps + 1; r++) {
    const lines: string[] = [];
    const { sys, core } = await boot({ roms, config: text(config("A")), console: { write: (l) => lines.push(l) } });
    await sys.idle();
    let t0 = now();
    core.updateRom("config", text(config("A") + " "));
    await sys.idle();
    const same = now() - t0;
    t0 = now();
    core.updateRom("config", text(config("B")));
    await sys.idle();
    const ms = now() - t0;
    if (lines.filter((l) => l.endsWith("] config 2: B")).length !== 100) throw new Error(`reconfig bench: ${lines.slice(-3).join(" / ")}`);
    if (r >= 1) {
      changed.push(ms);
      unchanged.push(same);
    }
  }
  return { changed, unchanged };
}

export { median };
