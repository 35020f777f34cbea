// Test component: 50 ms after its start floods its parent with 2,000 requests of a service (its config's
// <flood service>) donating nothing, 2,000 donating too little, then opens paid ones until its own
// quota refuses one; logs how each batch was answered, then asks once more as a well-behaved client.
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

/** Asks `n` times for a session donating `r` bytes and `c` caps, holding any granted to the end; logs the answers. */
function batch(what: string, n: i32, r: u32, c: u32): void {
  let ok = 0, quota = 0, denied = 0, other = 0;
  const granted = new Array<Connection>();
  for (let i = 0; i < n; i++) {
    const s = new Connection(service, what + " " + i.toString(), r, c);
    if (s.ok) { ok++; granted.push(s); }
    else if (s.cap == Err.Quota) quota++;
    else if (s.cap == Err.Denied) denied++;
    else other++;
  }
  for (let i = 0; i < granted.length; i++) granted[i].close();
  log(what + ": ok " + ok.toString() + ", quota " + quota.toString() + ", denied " + denied.toString() + ", other " + other.toString());
}

class Go extends SignalHandler {
  handle(count: u32): void {
    batch("unpaid", REQUESTS, 0, 0);
    batch("no caps", REQUESTS, ram, 0);
    batch("no ram", REQUESTS, 0, caps);
    if (caps > 1) batch("short of caps", REQUESTS, ram, caps - 1);
    // Paid ones, kept, until the flooder's own quota runs out: it pays for each.
    const held = new Array<Connection>();
    let refusal: i32 = 0;
    for (let i = 0; i < REQUESTS; i++) {
      const s = new Connection(service, "paid " + i.toString(), ram, caps);
      if (!s.ok) { refusal = s.cap; break; }
      held.push(s);
    }
    log("paid: " + held.length.toString() + " held, then error " + refusal.toString());
    for (let i = 0; i < held.length; i++) held[i].close();
    log("flood done");
  }
}

const timer = new TimerConnection();
const go = new Go();
register(go);
timer.sigh(submitCap(go));
timer.once(50_000);
