// ipc_client: the IPC bench's client: laps of N calls of 64 bytes each way, one LOG line after each lap.
//
// Its ROM `bench_ipc` holds "CALLS LAPS". Laps alternate between CALLS calls and none, each ended by
// a line `lap N`; the harness timestamps the lines, so a lap without calls measures the cost of the
// LOG line itself, which it subtracts.
import { exit } from "../../../components/lib/component.ts";
import { Connection } from "../../../components/lib/connection.ts";
import { log } from "../../../components/lib/log.ts";
import { SESSION_CAPS } from "../../../components/lib/root.ts";
import * as msg from "../../../components/lib/message.ts";
import { call } from "../../../components/lib/rpc.ts";
import { RomConnection } from "../../../components/lib/rom.ts";

const ECHO: i32 = 1;
const WORDS: i32 = 16;

const args = new RomConnection("bench_ipc").text().trim().split(" ");
const calls = args.length == 2 ? I32.parseInt(args[0]) : 0;
const laps = args.length == 2 ? I32.parseInt(args[1]) : 0;
if (calls <= 0 || laps <= 0) {
  log("bad ROM bench_ipc: want \"CALLS LAPS\"");
  exit(1);
}

const bench = new Connection("Bench", "", 4096, SESSION_CAPS);
if (!bench.ok) {
  log("no Bench session (error " + bench.cap.toString() + ")");
  exit(1);
}

const out = new StaticArray<u32>(WORDS);
const back = new StaticArray<u32>(WORDS);

/** One round trip: 64 bytes out, 64 bytes back, checked. */
function roundTrip(cap: i32, seq: u32): bool {
  unchecked(out[0] = seq);
  msg.begin(ECHO);
  msg.putBlock(changetype<usize>(out), WORDS * 4);
  if (call(cap) != 0 || !msg.getBlock(changetype<usize>(back), WORDS * 4)) return false;
  return unchecked(back[0]) == seq;
}

/**
 * One lap of `n` round trips. A function of its own, not a loop in the start code: V8 keeps running a
 * Wasm function in its baseline tier (Liftoff) until it is called again after tier-up (there is no
 * on-stack replacement for Wasm), and the start code runs once. Exported so that the optimizer does
 * not inline it into the start code (it has one caller).
 */
export function lap(cap: i32, n: i32): i32 {
  for (let i = 0; i < n; i++) if (!roundTrip(cap, <u32>i)) return i;
  return -1;
}

log("begin");
for (let k = 0; k < laps; k++) {
  const n = k % 2 == 0 ? calls : 0;
  const failed = lap(bench.cap, n);
  if (failed >= 0) {
    log("call " + failed.toString() + " failed");
    exit(2);
  }
  log("lap " + n.toString());
}
bench.close();
exit(0);
