// Core's Trust service: lists the keys core accepts provenance from; adds or removes one only when the person at the terminal says yes to core itself.
import { Err } from "../../abi.ts";
import { KeyOrigin, TrustAsk, TrustLimit, TrustOp, TrustSessionQuota } from "../../../components/trust_session/protocol.ts";
import { short } from "../provenance/encoding.ts";
import { parsePublicKey, trustedKey, type TrustedKey } from "../provenance/keys.ts";
import type { Core } from "./core.ts";
import { openSession, type CoreServiceMaker } from "./core_service.ts";
import type { Message } from "./message.ts";
import { CORE_PD, type Session } from "./session.ts";
import { chargeKept, ENDPOINT_CAPS, refuseKeeping, releaseKept, type SessionAccount } from "./session_account.ts";
import { saveUserKeys } from "./user_keys.ts";

/** Where a trusted key came from, by its name: the image's are named "release", core's own "local". */
function originOf(core: Core, key: TrustedKey): KeyOrigin {
  if (core.userKeys.some((k) => k.keyid === key.keyid)) return KeyOrigin.User;
  return key.name === "local" ? KeyOrigin.Local : KeyOrigin.Image;
}

export class TrustSession implements Session {
  slot = 0;
  account?: SessionAccount;
  private signal = 0;
  private state = TrustAsk.None;
  private line = "";
  private closed = false;

  constructor(private core: Core, readonly badge: number, readonly label: string) {}

  dispatch(msg: Message): number {
    switch (msg.op) {
      case TrustOp.Key: {
        const i = msg.u32(), keys = this.core.trust.trustedKeys;
        if (i >= keys.length) return keys.length === 0 ? 0 : Err.Invalid;
        const k = keys[i]!;
        msg.reply().putString(k.keyid).putString(k.name).putU32(originOf(this.core, k));
        return keys.length;
      }
      case TrustOp.Add: return this.add(msg);
      case TrustOp.Remove: return this.remove(msg);
      case TrustOp.Status:
        msg.reply().putU32(this.state).putString(this.line);
        return Err.Ok;
      default:
        return Err.BadOpcode;
    }
  }

  /** Decodes a change fully (check, then act): the key and what to ask, or why not (the reply says). */
  private add(msg: Message): number {
    const text = msg.string(), name = msg.string().trim() || "user";
    if (text.length > TrustLimit.Key || name.length > 64) return this.refuse(msg, Err.Invalid, "the key or its name is too long");
    let key: TrustedKey;
    try {
      key = trustedKey(parsePublicKey(text), name);
    } catch (e) {
      return this.refuse(msg, Err.Invalid, (e as Error).message);
    }
    if (this.core.trust.trustedKeys.some((k) => k.keyid === key.keyid)) return this.refuse(msg, Err.Invalid, `key ${short(key.keyid)} is trusted already`);
    return this.ask(msg, `trust: binaries signed by key ${short(key.keyid)} ("${name}") will run here. Trust it? Type yes:`, () => {
      this.core.trust.addKey(key);
      this.core.userKeys = [...this.core.userKeys, key];
      this.keep();
      return `trust: key ${short(key.keyid)} ("${name}") added`;
    });
  }

  private remove(msg: Message): number {
    const id = msg.string().trim().replace(/…$/, "").toLowerCase();
    const found = id.length >= 4 ? this.core.trust.trustedKeys.filter((k) => k.keyid.startsWith(id)) : [];
    if (found.length !== 1) return this.refuse(msg, Err.Invalid, found.length ? `"${id}" names ${found.length} keys: give more of it` : `no trusted key starts with "${id}" (give at least 4 hex digits)`);
    const key = found[0]!;
    return this.ask(msg, `trust: binaries signed by key ${short(key.keyid)} ("${key.name}") will no longer start. Remove it? Type yes:`, () => {
      this.core.trust.removeKey(key.keyid);
      this.core.userKeys = this.core.userKeys.filter((k) => k.keyid !== key.keyid);
      this.keep();
      return `trust: key ${short(key.keyid)} ("${key.name}") removed`;
    });
  }

  /** The user's keys survive a reboot where the platform keeps files. */
  private keep(): void {
    if (this.core.storage) saveUserKeys(this.core.storage, this.core.userKeys);
  }

  private refuse(msg: Message, err: number, line: string): number {
    msg.reply().putString(line);
    return err;
  }

  private ask(msg: Message, question: string, apply: () => string): number {
    const prompt = this.core.prompt;
    if (!prompt || !prompt.interactive) return this.refuse(msg, Err.Denied, "nobody is at a terminal to confirm it (outside Wasmode: wasmode trust add|remove)");
    if (this.state === TrustAsk.Asking) return this.refuse(msg, Err.Pending, "a question of this session is on the terminal already");
    const cap = msg.cap(0);
    if (cap?.unwrapped) return Err.BadMsg;
    if (cap) {
      if (!this.signal && !chargeKept(this.account)) return refuseKeeping(msg);
      msg.keep(0);
      if (this.signal) this.core.k.k_drop(CORE_PD, this.signal);
      this.signal = cap.value;
    }
    this.state = TrustAsk.Asking;
    this.line = "";
    msg.reply().putString("asking at the terminal");
    prompt.ask(question, (answer) => {
      const yes = answer.trim().toLowerCase() === "yes";
      this.state = yes ? TrustAsk.Done : TrustAsk.Refused;
      this.line = yes ? apply() : "trust: not changed (the answer was not yes)";
      this.core.sys.console.write(`[core] ${this.line}`);
      if (this.signal && !this.closed) {
        this.core.k.k_signal(CORE_PD, this.signal);
        this.core.sys.schedule();
      }
    });
    return Err.Pending;
  }

  close(): void {
    this.closed = true;
    if (this.signal) {
      this.core.k.k_drop(CORE_PD, this.signal);
      releaseKept(this.account);
      this.signal = 0;
    }
  }
}

/** Core's Trust service: any number of sessions over core's one set of keys. */
export const trustService: CoreServiceMaker = (core) => ({
  name: "Trust",
  cost: { ram: TrustSessionQuota.Ram, caps: ENDPOINT_CAPS },
  open: (request) => openSession(core, (badge) => new TrustSession(core, badge, request.label)),
});
