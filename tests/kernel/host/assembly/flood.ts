// Test component: opens LOG sessions until its quota refuses one, then says how far it got and keeps working.
import { Connection } from "../../../../components/lib/connection.ts";
import { log } from "../../../../components/lib/log.ts";

// The LOG session of its environment is opened by the first line: before the quota runs out.
log("flooding");
const held = new Array<Connection>();
let refusal: i32 = 0;
for (let i = 0; i < 100000; i++) {
  const c = new Connection("LOG", "flood " + i.toString(), 4096, 1);
  if (!c.ok) { refusal = c.cap; break; }
  held.push(c);
}
log("refused after " + held.length.toString() + " sessions: error " + refusal.toString());
