// Core's Signer service: signs the provenance of a build a client made, with the signing key core holds (the private key never enters a component).
//
// A session stages an in-toto statement in pieces (Put) and asks for it to be signed (Sign).
// Check, then act: the statement must parse as Wasmode's provenance, name exactly one subject, and
// that subject's sha256 must be a binary core's Compiler service produced for this very client PD
// (core.compiled); core sets runDetails.builder.id itself to the compiler device's. Anything else
// is refused with a reason (Status, and one line in the log) and nothing is signed. WebCrypto signs
// asynchronously: the session's signal is submitted when the envelope is ready (Read).
import { Err } from "../../abi.ts";
import { SignerLimit, SignerOp, SignerSessionQuota, SignerState } from "../../../components/signer_session/protocol.ts";
import { ProvenanceError, signStatement } from "../provenance/dsse.ts";
import type { SigningKey } from "../provenance/keys.ts";
import { parseStatement, statementBytes } from "../provenance/statement.ts";
import type { Core } from "./core.ts";
import { openSession, Refusal, type CoreServiceMaker } from "./core_service.ts";
import type { Message } from "./message.ts";
import { CORE_PD, type Session } from "./session.ts";
import { chargeKept, ENDPOINT_CAPS, refuseKeeping, releaseKept, type SessionAccount } from "./session_account.ts";
import { StagedBytes } from "./staged_bytes.ts";

const EMPTY = new Uint8Array(0);

/** A statement to sign, checked: the bytes to sign and the binary it is for. */
interface Checked {
  payload: Uint8Array;
  sha256: string;
}

export class SignerSession implements Session {
  slot = 0;
  account?: SessionAccount;
  private staged = new StagedBytes();
  private state = SignerState.Idle;
  private reason = "";
  private envelope: Uint8Array = EMPTY;
  /** Core's copy of the client's signal; 0 when none was given. */
  private signal = 0;
  private closed = false;

  constructor(private core: Core, private key: SigningKey, readonly badge: number, readonly label: string) {}

  dispatch(msg: Message, caller: number): number {
    switch (msg.op) {
      case SignerOp.Put: return this.put(msg);
      case SignerOp.Sign: {
        // A refusal replies too: left as it came, the request's capability would go back to the client.
        const r = this.sign(msg, caller);
        if (r !== Err.Ok) msg.reply();
        return r;
      }
      case SignerOp.Status:
        msg.reply().putU32(this.state).putString(this.reason);
        return Err.Ok;
      case SignerOp.Read: {
        const offset = msg.u32(), max = msg.u32();
        if (max > SignerLimit.Chunk) return Err.Invalid;
        if (this.state === SignerState.Signing) return Err.Pending;
        if (this.state !== SignerState.Done || offset > this.envelope.length) return Err.Invalid;
        msg.reply().putBlob(this.envelope.subarray(offset, Math.min(offset + max, this.envelope.length)));
        return this.envelope.length;
      }
      case SignerOp.KeyId:
        msg.reply().putString(this.key.keyid);
        return Err.Ok;
      default:
        return Err.BadOpcode;
    }
  }

  private put(msg: Message): number {
    const offset = msg.u32(), piece = msg.blob();
    if (piece.length > SignerLimit.Chunk) return Err.Invalid;
    if (this.state === SignerState.Signing) return Err.Pending;
    // Pieces come in order: a gap or an overlap is a client's bug, not something to guess at.
    if (offset !== 0 && offset !== this.staged.length) return Err.Invalid;
    if ((offset === 0 ? 0 : this.staged.length) + piece.length > SignerLimit.Statement) return Err.NoSpace;
    if (offset === 0) {
      this.staged = new StagedBytes();
      this.state = SignerState.Idle;
      this.reason = "";
      this.envelope = EMPTY;
    }
    this.staged.append(piece);
    msg.reply();
    return Err.Ok;
  }

  private sign(msg: Message, caller: number): number {
    const cap = msg.cap(0);
    if (!cap || cap.unwrapped) return Err.BadMsg;
    if (this.state === SignerState.Signing) return Err.Pending;
    const checked = this.check(caller);
    if (typeof checked === "string") {
      this.state = SignerState.Refused;
      this.reason = checked;
      this.envelope = EMPTY;
      this.core.sys.console.write(`[core] ${this.label}: signing refused: ${checked}`);
      return Err.Invalid;
    }
    // Kept in core's capability space: a signal replacing one is paid already, a first one from the donation.
    if (!this.signal && !chargeKept(this.account)) return refuseKeeping(msg);
    msg.keep(0);
    if (this.signal) this.core.k.k_drop(CORE_PD, this.signal);
    this.signal = cap.value;
    this.state = SignerState.Signing;
    this.reason = "";
    msg.reply();
    // The system is not idle while WebCrypto signs: its end is an event to come.
    const sys = this.core.sys;
    sys.deviceBusy(+1);
    void signStatement(checked.payload, this.key).then(
      (envelope) => {
        this.state = SignerState.Done;
        this.envelope = envelope;
        // What core signed runs: its binary trust knows it from now on.
        this.core.trust.signedHere(checked.sha256, envelope);
      },
      (e: Error) => {
        this.state = SignerState.Refused;
        this.reason = `the signing key could not sign: ${e.message}`;
        sys.console.write(`[core] ${this.label}: signing failed: ${e.message}`);
      },
    ).finally(() => {
      sys.deviceBusy(-1);
      this.submit();
    });
    return Err.Ok;
  }

  /** The staged statement made ready to sign for PD `caller`, or why not. */
  private check(caller: number): Checked | string {
    if (this.staged.length === 0) return "nothing staged to sign";
    let statement;
    try {
      statement = parseStatement(this.staged.take());
    } catch (e) {
      if (e instanceof ProvenanceError) return e.message;
      throw e;
    }
    const subjects = statement.subject.length;
    if (subjects !== 1) return `its statement names ${subjects} subjects, not exactly one`;
    const sha256 = statement.subject[0]!.digest.sha256;
    if (!this.core.compiled.has(caller, sha256)) return `sha256 ${sha256.slice(0, 12)} is not a binary core's compiler built for this component`;
    const builder = this.core.compiler?.builderId ?? "";
    if (builder === "") return "the compiler device names no builder";
    statement.predicate.runDetails.builder.id = builder;
    return { payload: statementBytes(statement), sha256 };
  }

  private submit(): void {
    if (!this.signal || this.closed) return;
    this.core.k.k_signal(CORE_PD, this.signal);
    this.core.sys.schedule();
  }

  close(): void {
    this.closed = true;
    this.staged = new StagedBytes();
    this.envelope = EMPTY;
    if (this.signal) {
      this.core.k.k_drop(CORE_PD, this.signal);
      releaseKept(this.account);
      this.signal = 0;
    }
  }
}

/** Core's Signer service: any number of sessions over core's one signing key; the integrator's routes decide who reaches it (the builder). */
export const signerService: CoreServiceMaker = (core) => ({
  name: "Signer",
  cost: { ram: SignerSessionQuota.Ram, caps: ENDPOINT_CAPS },
  open(request) {
    const key = core.signer;
    if (key === null) return new Refusal(Err.Denied, "core holds no signing key");
    return openSession(core, (badge) => new SignerSession(core, key, badge, request.label));
  },
});
