// Live swap: swapping hello_server in place while it holds 100 sessions and a client calls through them, against a fresh instance of it.
import { boot } from "../kernel/host/boot.ts";
import { Component } from "../kernel/host/component.ts";
import { VirtualClock } from "../kernel/host/devices/virtual_clock.ts";
import { swapInstance } from "../kernel/host/live_swap.ts";
import { checkModule } from "../kernel/host/module_check.ts";
import type { System } from "../kernel/host/system.ts";
import { text } from "./image.ts";
import { now } from "./stats.ts";

const CONFIG = `<config>
  <parent-provides> <service name="LOG"/> <service name="PD"/> <service name="ROM"/> <service name="Clock"/> </parent-provides>
  <default-route> <any-service> <parent/> <any-child/> </any-service> </default-route>
  <default caps="100" ram="1M"/>
  <start name="timer"> <provides> <service name="Timer"/> </provides> </start>
  <start name="hello_server" caps="300"> <provides> <service name="Hello"/> </provides> </start>
  <start name="swap_client" caps="400" ram="2M"/>
</config>`;

export interface SwapBench {
  /** ms per live swap (snapshot, new instance, restore). */
  swapMs: number[];
  /** ms per fresh instance of the same module in the same PD, started sealed: what a restart pays for its instance, without state. */
  restartMs: number[];
  /** Calls the client made that failed or that the server did not count, over all the swaps. */
  lost: number;
  stateBytes: number;
}

/** A fresh instance of `old`'s module in its PD, instantiated and started sealed (its syscalls fail: it changes nothing), then dropped. */
function freshInstance(sys: System, old: Component): void {
  const c = new Component(old.pd, old.label, old.module, old.maxPages, old.fuelBudget, old.stackLimit);
  const gate = sys.gates.callGate(c.memory, c.pd);
  sys.sealedPd = c.pd;
  try {
    c.instantiate(sys.syscalls(c, gate.call), gate);
    c.sealCalls(true);
    c.start();
  } finally {
    sys.sealedPd = -1;
    c.drop();
  }
}

/** `swaps` swaps of hello_server, each between activations while the client calls, alternating with a fresh instance. */
export async function benchSwap(roms: Map<string, Uint8Array>, swaps: number): Promise<SwapBench> {
  const lines: string[] = [];
  const clock = new VirtualClock({ auto: false });
  const { sys } = await boot({ roms, clock, config: text(CONFIG), console: { write: (l) => lines.push(l) } });
  await clock.advance(5);
  if (!lines.includes("[init -> swap_client] holding 100 sessions")) throw new Error(`swap bench: the client holds no sessions:\n${lines.join("\n")}`);
  const pd = sys.servers.findIndex((s) => s?.label === "init -> hello_server");
  const module = checkModule("hello_server.wasm", roms.get("hello_server.wasm")!);
  const swapMs: number[] = [], restartMs: number[] = [];
  let stateBytes = 0;
  for (let i = 0; i < swaps; i++) {
    sys.queue(() => {
      const t0 = now();
      const o = swapInstance(sys, pd, module);
      swapMs.push(now() - t0);
      if (o.kind !== "restored") throw new Error(`swap bench: ${o.reason}`);
      stateBytes = o.stateBytes;
      const t1 = now();
      freshInstance(sys, o.now);
      restartMs.push(now() - t1);
    });
    await clock.advance(1);
  }
  if (swapMs.length !== swaps) throw new Error(`swap bench: ${swaps - swapMs.length} swaps did not run`);
  await clock.advance(10);
  const last = lines.filter((l) => l.startsWith("[init -> swap_client] calls ")).at(-1);
  const m = last && /calls (\d+) failed (\d+) count (-?\d+)$/.exec(last);
  if (!m) throw new Error(`swap bench: the client reported nothing:\n${lines.slice(-5).join("\n")}`);
  const failedLines = lines.filter((l) => l.includes(" failed: ")).length;
  const lost = Number(m[2]) + Math.abs(Number(m[1]) - Number(m[3]));
  if (failedLines !== Number(m[2])) throw new Error(`swap bench: ${failedLines} failure lines, the client counted ${m[2]}`);
  return { swapMs, restartMs, lost, stateBytes };
}
