// Core's Update service: a session stages a binary and swaps a running component to it in place, puts one back, lists the swaps, reboots, swaps the kernel.
//
// Authority over every component: the integrator's routes grant it (the default system's shell
// alone). A swap is checked before anything changes (the binary as any start's, the component
// named exactly once, never core); a component not on the call chain is swapped during the call,
// between its own activations; the caller itself (the shell swapping itself) once the chain returned.
import { Err } from "../../abi.ts";
import { KernelSwapState, SwapOutcome, UpdateLimit, UpdateOp, UpdateSessionQuota } from "../../../components/update_session/protocol.ts";
import { LoadError } from "../errors.ts";
import { Disassembly } from "./disassembly.ts";
import { binaryOrigin } from "./binary_origin.ts";
import { swapKernel } from "../kernel_swap.ts";
import { checkFits } from "../module_check.ts";
import type { Core } from "./core.ts";
import { openSession, type CoreServiceMaker } from "./core_service.ts";
import type { LiveUpdate, SwapAnswer, Version } from "./live_update.ts";
import type { Message } from "./message.ts";
import { sha256Of } from "./rom_dataspace.ts";
import { CORE_PD, type Session } from "./session.ts";
import { chargeKept, ENDPOINT_CAPS, refuseKeeping, releaseKept, type SessionAccount } from "./session_account.ts";
import { StagedBytes } from "./staged_bytes.ts";

export class UpdateSession implements Session {
  slot = 0;
  account?: SessionAccount;
  private staged = new StagedBytes();
  /** The staged binary's provenance (StageProvenance); empty when none came. */
  private provenance = new StagedBytes();
  /** Core's copy of the client's signal for its kernel swaps; 0 when none was given. */
  private signal = 0;
  private kernelState = KernelSwapState.None;
  private kernelLine = "";
  private closed = false;
  private disassembly = new Disassembly();

  constructor(private core: Core, private live: LiveUpdate, readonly badge: number, readonly label: string) {}

  dispatch(msg: Message, caller: number): number {
    switch (msg.op) {
      case UpdateOp.Stage: {
        const offset = msg.u32(), piece = msg.blob();
        if (piece.length > UpdateLimit.Chunk) return Err.Invalid;
        if (offset === 0) {
          this.staged = new StagedBytes();
          this.provenance = new StagedBytes();
        }
        return this.append(msg, this.staged, offset, piece, UpdateLimit.Binary);
      }
      case UpdateOp.StageProvenance: {
        const offset = msg.u32(), piece = msg.blob();
        if (piece.length > UpdateLimit.Chunk) return Err.Invalid;
        if (offset === 0) this.provenance = new StagedBytes();
        return this.append(msg, this.provenance, offset, piece, UpdateLimit.Provenance);
      }
      case UpdateOp.Swap: return this.swap(msg, caller);
      case UpdateOp.Back: {
        const target = msg.string();
        const r = this.live.back(target);
        msg.reply().putString(r.line);
        return r.ok ? Err.Ok : Err.Invalid;
      }
      case UpdateOp.Entry: {
        const i = msg.u32();
        const all = this.live.entries;
        if (i >= all.length) return all.length;
        const r = all[i]!;
        msg.reply().putString(r.label).putU32(r.state).putU32(r.version).putString(r.current.sha256).putString(r.previous?.sha256 ?? "").putString(r.reason);
        return all.length;
      }
      case UpdateOp.Reboot: return this.reboot(msg);
      case UpdateOp.SwapKernel: return this.swapKernel(msg);
      case UpdateOp.Provenance: {
        const o = binaryOrigin(this.core, msg.string(), UpdateLimit.Running);
        const r = msg.reply().putString(o.signed).putString(o.signer).putU32(o.running.length);
        for (const b of o.running) r.putString(b.label).putString(b.sha256).putString(b.why);
        return Err.Ok;
      }
      case UpdateOp.KernelStatus:
        msg.reply().putU32(this.kernelState).putString(this.kernelLine);
        return Err.Ok;
      case UpdateOp.Disassemble: return this.disassemble(msg);
      case UpdateOp.Disassembly: {
        const offset = msg.u32(), max = msg.u32();
        const text = this.disassembly.text;
        if (max > UpdateLimit.Chunk || offset > text.length) return Err.Invalid;
        msg.reply().putU32(this.disassembly.state).putBlob(text.subarray(offset, Math.min(offset + max, text.length)));
        return text.length;
      }
      default:
        return Err.BadOpcode;
    }
  }

  /** The next piece of a staged blob: in order (a gap or an overlap is a client's bug, not something to guess at), within `limit`. */
  private append(msg: Message, into: StagedBytes, offset: number, piece: Uint8Array, limit: number): number {
    if (offset !== into.length) return Err.Invalid;
    if (into.length + piece.length > limit) return Err.NoSpace;
    into.append(piece);
    msg.reply();
    return Err.Ok;
  }

  /** The staged binary and its provenance (staged, or the image's of `name`), taken; a LoadError unless core trusts it. */
  private takeTrusted(name: string): Uint8Array {
    const bytes = this.staged.take();
    const envelope = this.provenance.length > 0 ? this.provenance.take() : this.core.provenanceOf(name);
    this.staged = new StagedBytes();
    this.provenance = new StagedBytes();
    this.core.checkTrusted(name, bytes, envelope);
    return bytes;
  }

  private answer(msg: Message, a: SwapAnswer): number {
    msg.reply().putU32(a.outcome).putU32(a.stateBytes).putString(a.line);
    return a.outcome === SwapOutcome.Refused ? Err.Invalid : a.outcome === SwapOutcome.Queued ? Err.Pending : Err.Ok;
  }

  private swap(msg: Message, caller: number): number {
    const target = msg.string(), binary = msg.string(), probation = msg.u32();
    const found = this.live.find(target);
    if (typeof found === "string") return this.answer(msg, refused(found));
    const name = binary === "" ? lastElement(found.label) + ".wasm" : binary;
    if (this.staged.length === 0) return this.answer(msg, refused(`${name}: nothing staged to swap in`));
    let next: Version;
    try {
      const bytes = this.takeTrusted(name);
      const module = this.core.module(`${name} (swap)`, bytes);
      checkFits(module, found.label, this.core.k.k_ram_quota(found.pd));
      next = { module, bytes, sha256: sha256Of(bytes), name };
    } catch (e) {
      if (!(e instanceof LoadError)) throw e;
      return this.answer(msg, refused(`${e.message}; the running version keeps running`));
    }
    if (!this.onChain(found.pd, caller)) return this.answer(msg, this.live.swap(found.pd, found.label, next, probation));
    // The caller swaps itself (or one that called it): once the chain has returned, in an activation of none.
    const sys = this.core.sys;
    sys.queue(() => {
      const a = this.live.swap(found.pd, found.label, next, probation);
      if (a.outcome === SwapOutcome.Refused) sys.console.write(`[core] ${found.label}: swap refused: ${a.line}`);
    });
    return this.answer(msg, { outcome: SwapOutcome.Queued, stateBytes: 0, line: `${lastElement(found.label)}: swapping in place once its running activation has ended` });
  }

  /** True when `pd` is the caller or one of the callers below it on the chain. */
  private onChain(pd: number, caller: number): boolean {
    for (let s = this.core.sys.server(caller); s; s = s.caller ?? undefined) if (s.pd === pd) return true;
    return false;
  }

  private reboot(msg: Message): number {
    const staged = msg.u32() === 1;
    const reboot = this.core.reboot;
    if (reboot === null) {
      this.core.sys.console.write(`[core] ${this.label}: reboot refused: the platform cannot reboot`);
      return Err.Denied;
    }
    if (staged && this.staged.length === 0) return Err.Invalid;
    let kernel: Uint8Array | null = null;
    try {
      if (staged) kernel = this.takeTrusted("kernel.wasm");
    } catch (e) {
      if (!(e instanceof LoadError)) throw e;
      this.core.sys.console.write(`[core] ${this.label}: reboot refused: ${e.message}`);
      msg.reply().putString(e.message);
      return Err.Invalid;
    }
    msg.reply();
    // After this call: the system ends under the caller, not in the middle of its call.
    this.core.sys.queue(() => reboot(kernel));
    return Err.Ok;
  }

  /** Keeps the signal the message transfers, if any, in place of an earlier one; an Err when it cannot (the message is answered then). */
  private keepSignal(msg: Message): number {
    const cap = msg.cap(0);
    if (!cap) return Err.Ok;
    // Kept in core's capability space: one replacing another is paid already, a first one from the donation.
    if (!this.signal && !chargeKept(this.account)) return refuseKeeping(msg);
    msg.keep(0);
    if (this.signal) this.core.k.k_drop(CORE_PD, this.signal);
    this.signal = cap.value;
    return Err.Ok;
  }

  /** Submits the client's signal, if it gave one. */
  private tell(): void {
    if (!this.signal || this.closed) return;
    this.core.k.k_signal(CORE_PD, this.signal);
    this.core.sys.schedule();
  }

  private swapKernel(msg: Message): number {
    const cap = msg.cap(0);
    if (cap?.unwrapped) return Err.BadMsg;
    if (this.kernelState === KernelSwapState.Running) return Err.Pending;
    if (this.staged.length === 0) return Err.Invalid;
    let kernel: Uint8Array;
    try {
      kernel = this.takeTrusted("kernel.wasm");
    } catch (e) {
      if (!(e instanceof LoadError)) throw e;
      this.kernelState = KernelSwapState.Refused;
      this.kernelLine = `kernel: ${e.message.replace(/^kernel\.wasm: /, "")}; the running kernel goes on`;
      this.core.sys.console.write(`[core] ${this.label}: ${this.kernelLine}`);
      msg.reply().putString(this.kernelLine);
      return Err.Invalid;
    }
    const kept = this.keepSignal(msg);
    if (kept < 0) return kept;
    this.kernelState = KernelSwapState.Running;
    this.kernelLine = "";
    msg.reply();
    // It logs how it went too: a kernel that cannot take over leaves the running one, and says why.
    // The system is not idle while the new kernel compiles: its end is an event to come.
    const sys = this.core.sys;
    sys.deviceBusy(+1);
    void swapKernel(sys, kernel).then((r) => {
      sys.deviceBusy(-1);
      this.kernelState = r.ok ? KernelSwapState.Done : KernelSwapState.Refused;
      this.kernelLine = r.ok ? `kernel: swapped live, every PD kept (the system stood still ${r.pauseMs.toFixed(1)} ms)` : `kernel: ${r.reason}; the running kernel goes on`;
      // Through the kernel running now, the new one if it took over: the signal's slot is the same in both.
      this.tell();
    });
    return Err.Pending;
  }

  /** The running binary of `target` to WAT in the compiler device; its end comes by the session's signal. */
  private disassemble(msg: Message): number {
    const cap = msg.cap(0);
    if (cap?.unwrapped) return Err.BadMsg;
    const target = msg.string(), func = msg.string();
    const device = this.core.compiler;
    const found = this.live.find(target);
    const refuse = (e: number, line: string) => { msg.reply().putString(line); return e; };
    if (target === "core") return refuse(Err.Invalid, "core is the host's own code, not a Wasm component");
    if (typeof found === "string") return refuse(Err.Invalid, found);
    const binary = this.runningBinary(found.pd, found.label);
    if (binary === null) return refuse(Err.Invalid, `${target}: its binary is not known to core`);
    if (device === null) return refuse(Err.Denied, "disassembling needs core's compiler device, and this platform has none");
    const kept = this.keepSignal(msg);
    if (kept < 0) return kept;
    msg.reply();
    // The system is not idle while the device works: its end is an event to come.
    const sys = this.core.sys;
    sys.deviceBusy(+1);
    void this.disassembly.start(device, binary, func, lastElement(found.label), () => this.tell()).then(() => sys.deviceBusy(-1));
    return Err.Pending;
  }

  /** The binary the PD runs now: a swap's version, else the one it started with. */
  private runningBinary(pd: number, label: string): Uint8Array | null {
    const swapped = this.live.entries.find((r) => r.pd === pd && r.label === label);
    if (swapped && swapped.current.bytes.length > 0) return swapped.current.bytes;
    return this.core.binaries.get(pd)?.bytes ?? null;
  }

  close(): void {
    this.closed = true;
    this.disassembly.drop();
    if (this.signal) {
      this.core.k.k_drop(CORE_PD, this.signal);
      releaseKept(this.account);
      this.signal = 0;
    }
  }
}

function refused(line: string): SwapAnswer { return { outcome: SwapOutcome.Refused, stateBytes: 0, line }; }

function lastElement(label: string): string {
  const i = label.lastIndexOf(" -> ");
  return i < 0 ? label : label.slice(i + 4);
}

/** Core's Update service: any number of sessions, over core's one record of swaps. */
export const updateService: CoreServiceMaker = (core) => ({
  name: "Update",
  cost: { ram: UpdateSessionQuota.Ram, caps: ENDPOINT_CAPS },
  open: (request) => openSession(core, (badge) => new UpdateSession(core, core.live, badge, request.label)),
});
