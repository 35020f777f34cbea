// What straight-line code costs: a loop's iteration and a charged function's entry pay for the bytes they run, not one unit flat.
//
// A loop header used to spend one unit whatever its body held, so a loop of a few thousand
// instructions, or one calling functions that run free, ran thousands of times longer per unit
// than a tight one. Now every byte of code a component runs is paid for somewhere: a loop's
// iteration pays for its body outside nested loops and for the uncharged functions it calls there;
// a charged function's entry pays for its code outside loops and for the uncharged functions it
// calls there; an uncharged function's code is paid by whoever calls it. An uncharged function
// runs at most FREE_TREE_BYTES of code per call (call_graph.ts charges it at entry otherwise).
import { Event, type BodyScan, type Events } from "./body_scan.ts";

/** Code bytes per unit of fuel: 32 bytes are some 10-15 instructions, a tight loop's iteration. */
export const CODE_BYTES_PER_UNIT_LOG2 = 5;
/** The most code bytes an uncharged function's call may run, its uncharged callees' included. */
export const FREE_TREE_BYTES = 1024;
/** The most units one loop iteration or entry is charged: more than any budget leaves it no use. */
const MAX_UNITS = 1 << 24;

/** The units a run through `bytes` of straight-line code costs: one per 32 bytes begun, at least one. */
export function codeUnits(bytes: number): number {
  return Math.min(MAX_UNITS, bytes <= 0 ? 1 : 1 + ((bytes - 1) >> CODE_BYTES_PER_UNIT_LOG2));
}

/**
 * The code bytes one entry of function `i` runs outside its loops, with those of the uncharged
 * functions it calls there (`entryBytes` of callees already computed, `charged` of them known).
 */
export function entryBytes(body: BodyScan, imported: number, n: number, bytes: Float64Array, charged: Uint8Array): number {
  let b = body.straight;
  for (const f of body.straightCallees) if (f >= imported && f - imported < n && !charged[f - imported]) b += bytes[f - imported]!;
  return b;
}

/**
 * Writes each loop's units per iteration into its event's value (Event.Loop). A counted loop
 * (charged its trip count on entry) whose iteration costs more than a unit goes back to being
 * charged per iteration: its trip count times its units could overflow the counter's arithmetic.
 */
export function weighLoops(bodies: BodyScan[], imported: number, bytes: Float64Array, charged: Uint8Array, events: Events): void {
  const ev = events.buf, n = bodies.length;
  for (const body of bodies) {
    for (const loop of body.loopCode) {
      let b = loop.bytes;
      for (const f of loop.callees) if (f >= imported && f - imported < n && !charged[f - imported]) b += bytes[f - imported]!;
      const units = codeUnits(b);
      if (units === 1) continue;
      ev[loop.event] = Event.Loop;
      ev[loop.event + 1] = loop.header;
      ev[loop.event + 2] = units;
    }
  }
}
