// Core's Compiler service: sessions stage sources and start compiles on the compiler device, one compile at a time, results as signals.
//
// A session stages files in pieces of at most CompilerLimit.Chunk bytes (PutFile), bounded per
// session by CompilerLimit.Staged and CompilerLimit.Files. Compile hands the device a snapshot
// and returns at once; the host never waits for the worker: its progress and its end arrive as
// events, which submit the session's signal and schedule the system. Sessions' compiles queue
// for the one device in the order they were asked for.
import { Err } from "../../abi.ts";
import { CompilerLanguage, CompilerLimit, CompilerOp, CompilerOutput, CompilerSessionQuota, CompilerState } from "../../../components/compiler_session/protocol.ts";
import type { Compiler, CompileJob, CompileProgress, CompileResult } from "../devices/compiler.ts";
import { checkFlags, validSourcePath } from "./compiler_flags.ts";
import { sha256Of } from "./rom_dataspace.ts";
import type { Core } from "./core.ts";
import { openSession, Refusal, type CoreServiceMaker } from "./core_service.ts";
import type { Message } from "./message.ts";
import { CORE_PD, type Session } from "./session.ts";
import { chargeKept, ENDPOINT_CAPS, refuseKeeping, releaseKept, type SessionAccount } from "./session_account.ts";
import { StagedBytes } from "./staged_bytes.ts";

const encoder = new TextEncoder();
const EMPTY = new Uint8Array(0);

/** The device's compiles, one at a time, in the order sessions asked for them. */
class CompileQueue {
  private waiting: CompilerSession[] = [];
  private running: CompilerSession | null = null;

  constructor(private core: Core, private device: Compiler) {}

  add(session: CompilerSession): void {
    if (this.running === null) this.start(session);
    else this.waiting.push(session);
  }

  /** A closed session's compile no longer waits (one that runs ends unheard). */
  remove(session: CompilerSession): void {
    this.waiting = this.waiting.filter((s) => s !== session);
  }

  private start(session: CompilerSession): void {
    this.running = session;
    const job = session.begin();
    // The system is not idle while a compile runs: its end is an event to come.
    this.core.sys.deviceBusy(+1);
    void this.device.compile(job, (p) => session.progress(p)).then((result) => {
      this.core.sys.deviceBusy(-1);
      this.running = null;
      session.finish(result);
      const next = this.waiting.shift();
      if (next) this.start(next);
    });
  }
}

export class CompilerSession implements Session {
  slot = 0;
  account?: SessionAccount;
  private files = new Map<string, StagedBytes>();
  private stagedBytes = 0;
  /** Core's copy of the client's progress signal; 0 when none was given. */
  private signal = 0;
  private state = CompilerState.Idle;
  /** A compile of this session is queued or runs. */
  private busy = false;
  private loaded = 0;
  private total = 0;
  private line = "";
  private began = 0;
  private ended = 0;
  private outputs = new Map<number, Uint8Array>();
  private closed = false;
  /** The PD that asked for the compile under way: its binary is that PD's to have signed (core.compiled). */
  private client = -1;

  constructor(private core: Core, private device: Compiler, private queue: CompileQueue, readonly badge: number, readonly label: string) {}

  dispatch(msg: Message, caller: number): number {
    switch (msg.op) {
      case CompilerOp.Version: {
        const language = msg.remaining >= 4 ? msg.u32() : CompilerLanguage.AssemblyScript;
        if (language !== CompilerLanguage.AssemblyScript && language !== CompilerLanguage.Wat) return Err.Invalid;
        msg.reply().putString(language === CompilerLanguage.Wat ? this.device.watVersion ?? "wabt" : this.device.version);
        return Err.Ok;
      }
      case CompilerOp.Reset:
        if (this.busy) return Err.Pending;
        this.files.clear();
        this.stagedBytes = 0;
        this.outputs.clear();
        this.state = CompilerState.Idle;
        this.line = "";
        this.loaded = this.total = this.began = this.ended = 0;
        msg.reply();
        return Err.Ok;
      case CompilerOp.PutFile: return this.putFile(msg);
      case CompilerOp.Compile: {
        // A refusal replies too: left as it came, the request's capability would go back to the client.
        const r = this.compile(msg, caller);
        if (r !== Err.Ok) msg.reply();
        return r;
      }
      case CompilerOp.Status: {
        const ms = this.began === 0 ? 0 : (this.busy ? Date.now() : this.ended) - this.began;
        msg.reply().putU32(this.state).putU32(this.loaded).putU32(this.total).putU32(Math.min(ms, 0xffff_ffff)).putString(this.line)
          .putString(this.began === 0 ? "" : new Date(this.began).toISOString()).putString(this.busy || this.ended === 0 ? "" : new Date(this.ended).toISOString());
        return Err.Ok;
      }
      case CompilerOp.Read: {
        const which = msg.u32(), offset = msg.u32(), max = msg.u32();
        if (which < CompilerOutput.Binary || which > CompilerOutput.Inputs || max > CompilerLimit.Chunk) return Err.Invalid;
        if (this.busy) return Err.Pending;
        const output = this.outputs.get(which) ?? EMPTY;
        if (offset > output.length) return Err.Invalid;
        msg.reply().putBlob(output.subarray(offset, Math.min(offset + max, output.length)));
        return output.length;
      }
      case CompilerOp.Toolchain: {
        const packages = this.device.toolchain();
        const reply = msg.reply().putU32(packages.length);
        for (const p of packages) reply.putString(p.name).putString(p.version).putString(p.sha512);
        return Err.Ok;
      }
      default:
        return Err.BadOpcode;
    }
  }

  private putFile(msg: Message): number {
    const path = msg.string(), offset = msg.u32(), piece = msg.blob();
    if (!validSourcePath(path, CompilerLimit.Path) || piece.length > CompilerLimit.Chunk) return Err.Invalid;
    if (this.busy) return Err.Pending;
    const old = this.files.get(path);
    // Pieces come in order: a gap or an overlap is a client's bug, not something to guess at.
    if (offset !== 0 && (!old || old.length !== offset)) return Err.Invalid;
    const freed = offset === 0 && old ? old.length : 0;
    if (this.stagedBytes - freed + piece.length > CompilerLimit.Staged) return Err.NoSpace;
    if (!old && this.files.size >= CompilerLimit.Files) return Err.NoSpace;
    let file = old;
    if (offset === 0 || !file) {
      file = new StagedBytes();
      this.files.set(path, file);
    }
    this.stagedBytes += piece.length - freed;
    file.append(piece);
    msg.reply();
    return Err.Ok;
  }

  private compile(msg: Message, caller: number): number {
    const cap = msg.cap(0);
    if (!cap || cap.unwrapped) return Err.BadMsg;
    const entries = this.strings(msg), flags = this.strings(msg);
    if (entries === null || flags === null || entries.length === 0) return Err.Invalid;
    if (!entries.every((e) => validSourcePath(e, CompilerLimit.Path))) return Err.Invalid;
    const checked = checkFlags(flags);
    if (typeof checked === "string") {
      this.core.sys.console.write(`[core] ${this.label}: compile refused: ${checked}`);
      return Err.Invalid;
    }
    if (this.busy) return Err.Pending;
    // Kept in core's capability space: a signal replacing one is paid already, a first one from the donation.
    if (!this.signal && !chargeKept(this.account)) return refuseKeeping(msg);
    msg.keep(0);
    if (this.signal) this.core.k.k_drop(CORE_PD, this.signal);
    this.signal = cap.value;
    this.job = { files: this.snapshot(), entries, flags: checked };
    this.client = caller;
    this.busy = true;
    this.outputs.clear();
    this.state = CompilerState.Loading;
    this.loaded = this.total = 0;
    this.line = "waiting for another compile to end";
    this.began = Date.now();
    this.queue.add(this);
    msg.reply();
    return Err.Ok;
  }

  /** The job of the compile asked for, until the queue starts it. */
  private job: CompileJob | null = null;

  /** A count (at most CompilerLimit.Args) and that many strings; null when the count is larger. */
  private strings(msg: Message): string[] | null {
    const n = msg.u32();
    if (n > CompilerLimit.Args) return null;
    const out: string[] = [];
    for (let i = 0; i < n; i++) out.push(msg.string());
    return out;
  }

  private snapshot(): Map<string, Uint8Array> {
    const files = new Map<string, Uint8Array>();
    for (const [path, f] of this.files) files.set(path, f.take());
    return files;
  }

  /** The queue starts this session's compile: the job it hands the device. */
  begin(): CompileJob {
    const job = this.job!;
    this.job = null;
    // Only a compile that loads the compiler says so: a loaded one starts at once.
    this.line = this.device.loaded ? "" : job.entries.length === 1 && job.entries[0]!.endsWith(".wat") ? "loading wabt" : "loading the AssemblyScript compiler";
    this.submit();
    return job;
  }

  progress(p: CompileProgress): void {
    if (this.closed) return;
    this.state = p.phase === "loading" ? CompilerState.Loading : CompilerState.Compiling;
    // What the compiler took to load stays told while it compiles.
    if (p.phase === "loading") {
      this.loaded = p.loaded;
      this.total = p.total;
    }
    this.line = p.line;
    this.submit();
  }

  finish(r: CompileResult): void {
    if (this.closed) return;
    this.busy = false;
    this.ended = Date.now();
    if (r.outcome === "done") {
      this.state = CompilerState.Done;
      this.outputs.set(CompilerOutput.Binary, r.binary);
      this.core.compiled.add(this.client, sha256Of(r.binary), this);
      this.line = `compiled: ${r.binary.length} bytes`;
    } else {
      this.state = r.outcome === "failed" ? CompilerState.Failed : r.outcome === "stopped" ? CompilerState.Stopped : CompilerState.Crashed;
      this.outputs.set(CompilerOutput.Diagnostics, encoder.encode(r.diagnostics));
      this.line = r.diagnostics.split("\n", 1)[0]!;
    }
    if (r.outcome === "done" || r.outcome === "failed") this.outputs.set(CompilerOutput.Inputs, encoder.encode(r.inputs.map((p) => p + "\n").join("")));
    this.submit();
  }

  private submit(): void {
    if (!this.signal) return;
    this.core.k.k_signal(CORE_PD, this.signal);
    this.core.sys.schedule();
  }

  close(): void {
    this.closed = true;
    this.queue.remove(this);
    this.core.compiled.forget(this);
    this.files.clear();
    this.outputs.clear();
    this.job = null;
    if (this.signal) {
      this.core.k.k_drop(CORE_PD, this.signal);
      releaseKept(this.account);
      this.signal = 0;
    }
  }
}

/** Core's Compiler service: any number of sessions, their compiles queued for the one device. */
export const compilerService: CoreServiceMaker = (core) => {
  let queue: CompileQueue | null = null;
  return {
    name: "Compiler",
    cost: { ram: CompilerSessionQuota.Ram, caps: ENDPOINT_CAPS },
    open(request) {
      const device = core.compiler;
      if (device === null) return new Refusal(Err.Denied, "the platform has no compiler device");
      queue ??= new CompileQueue(core, device);
      const q = queue;
      return openSession(core, (badge) => new CompilerSession(core, device, q, badge, request.label));
    },
  };
};
