// hog_latency_ms: the longest gap between ticks of a healthy 10 ms periodic timer client while a hostile component spins, on real time.
//
// One run boots init with the timer, the ticker (bench/components/ticker) and, unless it is the
// baseline, `spin` (bench/components/spin), which loops at its start with default settings: the
// default fuel budget, no <start fuel>. Each console line is stamped with performance.now() as
// it is written; the gaps are taken between the ticker's "ready" and its ticks, over the window.
// The spin's activation cannot be preempted: whatever its fuel allows is the gap the ticker sees.
import { boot } from "../kernel/host/boot.ts";
import { text } from "./image.ts";
import { now } from "./stats.ts";

export interface HogSample {
  /** The longest gap between two of the ticker's lines (its "ready", then its ticks), ms. */
  maxGapMs: number;
  /** The ticker's ticks in the window. */
  ticks: number;
  /** Why the spin ended (core's fault reason: out of fuel, with default settings), else null. */
  spinEnd: string | null;
}

function config(hostile: boolean): string {
  return `<config>
	<parent-provides> <service name="LOG"/> <service name="PD"/> <service name="ROM"/> <service name="Clock"/> </parent-provides>
	<default-route> <any-service> <parent/> <any-child/> </any-service> </default-route>
	<default caps="100" ram="1M"/>
	<start name="timer"> <provides> <service name="Timer"/> </provides> </start>
	<start name="ticker"/>
	${hostile ? `<start name="spin"/>` : ""}
</config>`;
}

const TICKER = "[init -> ticker] ";
const SPIN_FAULT = "[core] init -> spin: fault: ";

/**
 * One run for `windowMs` of real time after the ticker's "ready" (with a hostile spin: at least
 * until the spin ended, plus `windowMs`). Runs in a fresh worker (isolated.ts), which ends it.
 */
export async function hogOnce(roms: Map<string, Uint8Array>, hostile: boolean, windowMs: number): Promise<HogSample> {
  const stamps: number[] = [];
  const lines: string[] = [];
  let spinEnd: string | null = null as string | null;
  let spinEndAt = -1;
  const console = {
    write: (line: string) => {
      const t = now();
      lines.push(line);
      if (line.startsWith(TICKER)) stamps.push(t);
      else if (spinEndAt < 0 && line.startsWith(SPIN_FAULT)) { spinEnd = line.slice(SPIN_FAULT.length); spinEndAt = t; }
    },
  };
  await boot({ roms, config: text(config(hostile)), console });
  const limit = now() + 60_000;
  // Polls on a timer of its own, which the system's turns leave room for as they do for its alarms.
  await new Promise<void>((resolve, reject) => {
    const poll = () => {
      const t = now();
      const ready = stamps[0];
      const endsAt = ready === undefined ? Infinity : Math.max(ready, hostile && spinEndAt >= 0 ? spinEndAt : ready) + windowMs;
      if (t >= endsAt && (!hostile || spinEndAt >= 0)) return resolve();
      if (t > limit) return reject(new Error(`hog bench: no end after 60 s (ready: ${ready !== undefined}, spin ended: ${spinEndAt >= 0}); log:\n${lines.slice(-20).join("\n")}`));
      setTimeout(poll, 5);
    };
    poll();
  });
  if (!lines.includes(`${TICKER}ready`)) throw new Error(`hog bench: the ticker never said ready; log:\n${lines.join("\n")}`);
  let maxGapMs = 0;
  for (let i = 1; i < stamps.length; i++) maxGapMs = Math.max(maxGapMs, stamps[i]! - stamps[i - 1]!);
  return { maxGapMs, ticks: stamps.length - 1, spinEnd };
}
