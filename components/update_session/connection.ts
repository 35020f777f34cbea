// The Update session's client side: stage a binary, swap a component in place, put it back, list the swaps, reboot.
import { Err } from "../../kernel/abi.ts";
import { Connection } from "../lib/connection.ts";
import * as msg from "../lib/message.ts";
import { call } from "../lib/rpc.ts";
import { SERVICE } from "./update_session.ts";
import { UpdateLimit, UpdateOp, UpdateSessionQuota } from "./protocol.ts";
import { writeChunked } from "../lib/chunked.ts";

/** What a Swap or Back answered: core's result, its outcome (SwapOutcome) and its line. */
export class SwapReply {
  constructor(readonly result: i32, readonly outcome: u32, readonly stateBytes: u32, readonly line: string) {}
}

/** A piece of the session's disassembly (UpdateOp.Disassembly): its state (DisasmState), the text's total size (or an Err) and the bytes from the offset asked for. */
export class DisasmPiece {
  constructor(readonly state: u32, readonly total: i32, readonly bytes: Uint8Array) {}
}

/** One swapped component (UpdateOp.Entry). */
export class SwapEntry {
  constructor(readonly label: string, readonly state: u32, readonly version: u32, readonly sha256: string, readonly previous: string, readonly reason: string) {}
}

/** What core says of a binary (UpdateOp.Provenance): the digest its image provenance signed, by whom, and who runs it. */
export class BinaryFacts {
  readonly labels: Array<string> = new Array<string>();
  readonly running: Array<string> = new Array<string>();
  readonly why: Array<string> = new Array<string>();
  constructor(readonly result: i32, readonly signed: string, readonly signer: string) {}
}

export class UpdateConnection extends Connection {
  constructor(label: string = "") {
    super(SERVICE, label, UpdateSessionQuota.Ram, UpdateSessionQuota.Caps);
  }

  /** Stages `bytes` (a binary, a kernel) piece by piece: Err.Ok or the first piece's Err. */
  stage(bytes: Uint8Array): i32 {
    return this.put(UpdateOp.Stage, bytes);
  }

  /** Stages the staged binary's provenance (its signed envelope), after stage(). */
  stageProvenance(envelope: Uint8Array): i32 {
    return this.put(UpdateOp.StageProvenance, envelope);
  }

  private put(op: UpdateOp, bytes: Uint8Array): i32 {
    return writeChunked(this.cap, op, null, bytes, <u32>UpdateLimit.Chunk);
  }

  /** Swaps `component` (a label or its last element) to the staged binary, named `binary` in the log. */
  swap(component: string, binary: string, probationMs: u32): SwapReply {
    msg.begin(UpdateOp.Swap);
    msg.putString(component);
    msg.putString(binary);
    msg.putU32(probationMs);
    return this.reply(call(this.cap));
  }

  /** Puts `component`'s previous version back. */
  back(component: string): SwapReply {
    msg.begin(UpdateOp.Back);
    msg.putString(component);
    const r = call(this.cap);
    if (r == Err.Ok || r == Err.Invalid) {
      const line = msg.getString();
      if (!msg.malformed()) return new SwapReply(r, 0, 0, line);
    }
    return new SwapReply(r, 0, 0, "");
  }

  private reply(r: i32): SwapReply {
    if (r == Err.Ok || r == Err.Invalid || r == Err.Pending) {
      const outcome = msg.getU32(), bytes = msg.getU32(), line = msg.getString();
      if (!msg.malformed()) return new SwapReply(r, outcome, bytes, line);
    }
    return new SwapReply(r, 0, 0, "");
  }

  /** Every component ever swapped; empty when none (or the call failed). */
  entries(): Array<SwapEntry> {
    const out = new Array<SwapEntry>();
    for (let i: u32 = 0; ; i++) {
      msg.begin(UpdateOp.Entry);
      msg.putU32(i);
      const n = call(this.cap);
      if (n < 0 || <u32>n <= i) break;
      const label = msg.getString(), state = msg.getU32(), version = msg.getU32();
      const sha = msg.getString(), previous = msg.getString(), reason = msg.getString();
      if (msg.malformed()) break;
      out.push(new SwapEntry(label, state, version, sha, previous, reason));
    }
    return out;
  }

  /** What core knows of binary `name` (`hello.wasm`): its signed digest and signer, and each component running it. */
  provenance(name: string): BinaryFacts {
    msg.begin(UpdateOp.Provenance);
    msg.putString(name);
    const r = call(this.cap);
    if (r < 0) return new BinaryFacts(r, "", "");
    const facts = new BinaryFacts(r, msg.getString(), msg.getString());
    const n = msg.getU32();
    for (let i: u32 = 0; i < n && !msg.malformed(); i++) {
      facts.labels.push(msg.getString());
      facts.running.push(msg.getString());
      facts.why.push(msg.getString());
    }
    return msg.malformed() ? new BinaryFacts(Err.BadMsg, "", "") : facts;
  }

  /** Why the last reboot was refused, as core said it ("" when it said nothing). */
  refusal: string = "";

  /** Reboots the system, into the staged kernel when `staged`; returns only when refused (`refusal` says why). */
  reboot(staged: bool): i32 {
    msg.begin(UpdateOp.Reboot);
    msg.putU32(staged ? 1 : 0);
    const r = call(this.cap);
    this.refusal = "";
    if (r == Err.Invalid && msg.length() > 0) {
      const line = msg.getString();
      if (!msg.malformed()) this.refusal = line;
    }
    return r;
  }

  /** Swaps the staged kernel in live once the call chain returned: Err.Pending when queued; `sigh` (0: none) is submitted when it ended. */
  swapKernel(sigh: i32 = 0): i32 {
    msg.begin(UpdateOp.SwapKernel);
    if (sigh > 0) msg.putCap(sigh);
    return call(this.cap);
  }

  /** The state of the last kernel swap (KernelSwapState) and its line; state 0 and "" when not answered. */
  kernelStatus(): SwapReply {
    msg.begin(UpdateOp.KernelStatus);
    const r = call(this.cap);
    if (r < 0) return new SwapReply(r, 0, 0, "");
    const state = msg.getU32(), line = msg.getString();
    if (msg.malformed()) return new SwapReply(Err.BadMsg, 0, 0, "");
    return new SwapReply(r, state, 0, line);
  }

  /**
   * Starts disassembling `component`'s running binary (only function `func` unless ""); `sigh` (0:
   * none) is submitted when the text is ready. Err.Pending when started; else the Err, with core's
   * line saying why.
   */
  disassemble(component: string, func: string, sigh: i32): SwapReply {
    msg.begin(UpdateOp.Disassemble);
    msg.putString(component);
    msg.putString(func);
    if (sigh > 0) msg.putCap(sigh);
    const r = call(this.cap);
    if (r == Err.Invalid || r == Err.Denied) {
      const line = msg.getString();
      if (!msg.malformed()) return new SwapReply(r, 0, 0, line);
    }
    return new SwapReply(r, 0, 0, "");
  }

  /** Up to `max` bytes (at most UpdateLimit.Chunk) of the disassembly's text from `offset`. */
  disassembly(offset: u32, max: u32 = UpdateLimit.Chunk): DisasmPiece {
    msg.begin(UpdateOp.Disassembly);
    msg.putU32(offset);
    msg.putU32(max);
    const total = call(this.cap);
    if (total < 0) return new DisasmPiece(0, total, new Uint8Array(0));
    const state = msg.getU32();
    const bytes = msg.getBytes();
    if (msg.malformed()) return new DisasmPiece(0, Err.BadMsg, new Uint8Array(0));
    return new DisasmPiece(state, total, bytes);
  }
}
