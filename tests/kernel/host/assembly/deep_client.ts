// Test client of Deep: recurses without end, asking Deep for 1,000 levels at every level of its own, and logs what it got until its own stack bound ends it.
import { Err } from "../../../../kernel/abi.ts";
import { Connection } from "../../../../components/lib/connection.ts";
import { SESSION_CAPS } from "../../../../components/lib/root.ts";
import { log } from "../../../../components/lib/log.ts";
import * as msg from "../../../../components/lib/message.ts";
import { call } from "../../../../components/lib/rpc.ts";

let answered = 0, refused = 0, other = 0;
let first = true;

function ask(cap: i32, level: i32): void {
  msg.begin(1);
  msg.putI32(1000);
  const r = call(cap);
  if (r == 1000) answered++;
  else if (r == Err.Depth) refused++;
  else other++;
  if (first || level % 100 == 0) log("level " + level.toString() + ": answered " + answered.toString() + ", refused " + refused.toString() + ", other " + other.toString());
  first = false;
}

function down(cap: i32, level: i32): i32 {
  ask(cap, level);
  return down(cap, level + 1) + 1;
}

class Deep extends Connection {
  ready(): void {
    if (!this.ok) { log("no Deep session: " + this.cap.toString()); return; }
    down(this.cap, 0);
  }
}

const deep = new Deep("Deep", "", 4096, SESSION_CAPS);
deep.whenReady();
