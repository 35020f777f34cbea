// The Trust session's client side: list the keys core trusts, and ask core to add or remove one (the person at the terminal answers core).
import { Err } from "../../kernel/abi.ts";
import { Connection } from "../lib/connection.ts";
import * as msg from "../lib/message.ts";
import { call } from "../lib/rpc.ts";
import { SERVICE } from "./trust_session.ts";
import { TrustOp, TrustSessionQuota } from "./protocol.ts";

/** A key core trusts (TrustOp.Key). */
export class TrustEntry {
  constructor(readonly keyid: string, readonly name: string, readonly origin: u32) {}
}

/** How a request or the last question went: core's result, the state (TrustAsk) and its line. */
export class TrustReply {
  constructor(readonly result: i32, readonly state: u32, readonly line: string) {}
}

export class TrustConnection extends Connection {
  constructor() {
    super(SERVICE, "", TrustSessionQuota.Ram, TrustSessionQuota.Caps);
  }

  /** Every key core trusts; empty when none (or the call failed). */
  keys(): Array<TrustEntry> {
    const out = new Array<TrustEntry>();
    for (let i: u32 = 0; ; i++) {
      msg.begin(TrustOp.Key);
      msg.putU32(i);
      const n = call(this.cap);
      if (n <= 0 || <u32>n <= i) break;
      const keyid = msg.getString(), name = msg.getString(), origin = msg.getU32();
      if (msg.malformed()) break;
      out.push(new TrustEntry(keyid, name, origin));
    }
    return out;
  }

  /** Asks core to trust `key` (PEM, hex or base64) as `name`; Err.Pending while the terminal is asked (`sigh` hears the answer). */
  add(key: string, name: string, sigh: i32): TrustReply {
    msg.begin(TrustOp.Add);
    msg.putString(key);
    msg.putString(name);
    if (sigh > 0) msg.putCap(sigh);
    return this.reply(call(this.cap));
  }

  /** Asks core to stop trusting the key whose id starts with `keyid`. */
  remove(keyid: string, sigh: i32): TrustReply {
    msg.begin(TrustOp.Remove);
    msg.putString(keyid);
    if (sigh > 0) msg.putCap(sigh);
    return this.reply(call(this.cap));
  }

  /** The last question's state and line. */
  status(): TrustReply {
    msg.begin(TrustOp.Status);
    const r = call(this.cap);
    if (r < 0) return new TrustReply(r, 0, "");
    const state = msg.getU32(), line = msg.getString();
    return msg.malformed() ? new TrustReply(Err.BadMsg, 0, "") : new TrustReply(r, state, line);
  }

  private reply(r: i32): TrustReply {
    if (msg.length() > 0) {
      const line = msg.getString();
      if (!msg.malformed()) return new TrustReply(r, 0, line);
    }
    return new TrustReply(r, 0, "");
  }
}
