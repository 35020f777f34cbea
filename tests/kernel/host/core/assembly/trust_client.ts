// Test component: a client of core's Trust session that tries to change the trusted keys itself; each answer logged ("answers: ...", "asked: ...", "status: ...").
import { TrustOp } from "../../../../../components/trust_session/protocol.ts";
import { TrustConnection } from "../../../../../components/trust_session/connection.ts";
import { log } from "../../../../../components/lib/log.ts";
import * as msg from "../../../../../components/lib/message.ts";
import { call } from "../../../../../components/lib/rpc.ts";
import { SignalHandler, register, submitCap } from "../../../../../components/lib/signal.ts";
import { errName } from "../../../../components/fs/assembly/names.ts";

const t = new TrustConnection();

class Answered extends SignalHandler {
  handle(count: u32): void {
    const st = t.status();
    log("status: " + st.state.toString() + " " + st.line + " keys=" + t.keys().length.toString());
  }
}

if (!t.ok) log("no Trust session: " + errName(t.cap));
else {
  let out = "answers: keys=" + t.keys().length.toString();
  out += " garbage=" + errName(t.add("not a key", "x", 0).result);
  out += " long=" + errName(t.add("a".repeat(5000), "x", 0).result);
  out += " unknown=" + errName(t.remove("ffff", 0).result);
  out += " short=" + errName(t.remove("f", 0).result);
  msg.begin(TrustOp.Add);
  out += " cut=" + errName(call(t.cap));
  msg.begin(99);
  out += " opcode=" + errName(call(t.cap));
  msg.begin(TrustOp.Key);
  msg.putU32(1000);
  out += " past=" + errName(call(t.cap));
  log(out);
  const answered = new Answered();
  register(answered);
  const first = t.add("cd".repeat(32), "mallory", submitCap(answered));
  const second = t.add("ef".repeat(32), "mallory2", 0);
  log("asked: " + errName(first.result) + " " + first.line + "; again: " + errName(second.result) + " " + second.line);
}
