// Test component: 50 ms after its start floods its parent with requests of a service (its config's
// <flood service ram caps>): 2,000 donating nothing, 2,000 for each way of donating too little, then
// paid ones until its own quota refuses one; 100 requests every 2 ms, holding what it is granted
// until the batch ends. Logs how each batch was answered.
import { Err } from "../../../../kernel/abi.ts";
import { parseConfig } from "../../../../components/lib/config/parse.ts";
import { Connection } from "../../../../components/lib/connection.ts";
import { log } from "../../../../components/lib/log.ts";
import { RomConnection } from "../../../../components/lib/rom.ts";
import { SignalHandler, register, submitCap } from "../../../../components/lib/signal.ts";
import { TimerConnection } from "../../../../components/lib/timer.ts";

const REQUESTS = 2000;
/** The <flood> node's attribute `name` of the config, or `dflt`. */
function setting(name: string, dflt: string): string {
  const parsed = parseConfig(new RomConnection("config").text()).node;
  if (parsed == null) return dflt;
  const flood = parsed.child("flood");
  return flood == null ? dflt : flood.attributeOr(name, dflt);
}

const service = setting("service", "LOG");
const ram = <u32>parseInt(setting("ram", "4096"));
const caps = <u32>parseInt(setting("caps", "1"));

/** Requests of one activation: the flood goes on over many, so that its neighbours' signals come in between. */
const CHUNK = 100;

/** One batch of the flood: what it donates, and how its requests were answered so far. */
class Batch {
  ok: i32 = 0;
  quota: i32 = 0;
  denied: i32 = 0;
  other: i32 = 0;
  asked: i32 = 0;
  constructor(readonly what: string, readonly ram: u32, readonly caps: u32) {}
}

const batches = new Array<Batch>();
batches.push(new Batch("unpaid", 0, 0));
batches.push(new Batch("no caps", ram, 0));
batches.push(new Batch("no ram", 0, caps));
if (caps > 1) batches.push(new Batch("short of caps", ram, caps - 1));
let current = 0;
/** Granted sessions, held until the flood ends: paid ones until the flooder's own quota refuses one. */
const held = new Array<Connection>();
let paidRefusal: i32 = 0;

/** The next CHUNK requests of the current batch; false once the whole flood is done. */
function step(): bool {
  if (current < batches.length) {
    const b = batches[current];
    for (let i = 0; i < CHUNK && b.asked < REQUESTS; i++, b.asked++) {
      const s = new Connection(service, b.what + " " + b.asked.toString(), b.ram, b.caps);
      if (s.ok) { b.ok++; held.push(s); }
      else if (s.cap == Err.Quota) b.quota++;
      else if (s.cap == Err.Denied) b.denied++;
      else b.other++;
    }
    if (b.asked < REQUESTS) return true;
    log(b.what + ": ok " + b.ok.toString() + ", quota " + b.quota.toString() + ", denied " + b.denied.toString() + ", other " + b.other.toString());
    for (let i = 0; i < held.length; i++) held[i].close();
    held.length = 0;
    current++;
    return true;
  }
  // Paid ones, kept, until the flooder's own quota runs out: it pays for each.
  for (let i = 0; i < CHUNK && paidRefusal == 0 && held.length < REQUESTS; i++) {
    const s = new Connection(service, "paid " + held.length.toString(), ram, caps);
    if (!s.ok) paidRefusal = s.cap;
    else held.push(s);
  }
  if (paidRefusal == 0 && held.length < REQUESTS) return true;
  log("paid: " + held.length.toString() + " held, then error " + paidRefusal.toString());
  for (let i = 0; i < held.length; i++) held[i].close();
  held.length = 0;
  return false;
}

const timer = new TimerConnection();

class Go extends SignalHandler {
  started: bool = false;
  handle(count: u32): void {
    if (!this.started) {
      this.started = true;
      log("flood begins");
      timer.periodic(2000);
    }
    if (!step()) {
      timer.cancel();
      log("flood done");
    }
  }
}

const go = new Go();
register(go);
timer.sigh(submitCap(go));
timer.once(50_000);
