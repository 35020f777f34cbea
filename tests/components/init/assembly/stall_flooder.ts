// Test component: asks its parent for 40 Hello sessions at once, without waiting, and logs how init answered them.
import { Err } from "../../../../kernel/abi.ts";
import { Connection } from "../../../../components/lib/connection.ts";
import { log } from "../../../../components/lib/log.ts";

const REQUESTS = 40;
let pending = 0;
let denied = 0;
let other = 0;
for (let i = 0; i < REQUESTS; i++) {
  const c = new Connection("Hello", i.toString(), 0, 0);
  if (c.pending) pending++;
  else if (c.cap == Err.Denied) denied++;
  else other++;
}
log("pending " + pending.toString() + ", denied " + denied.toString() + ", other " + other.toString());
