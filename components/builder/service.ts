// The builder's Builder service: sessions that start a build, follow its progress and read its end; one build at a time.
//
// A live swap carries the root, every session with its client's signal, the builder's own signals
// and the build, idle, ended or running (job.ts): its owner follows it to its end.
import { isModuleName } from "../builder_session/module_name.ts";
import { Err } from "../../kernel/abi.ts";
import { BuildMode, BuilderLimit, BuilderOp, BuilderSessionQuota, BuilderState } from "../builder_session/protocol.ts";
import { LogConnection } from "../lib/log.ts";
import * as msg from "../lib/message.ts";
import { Root, SessionRequest } from "../lib/root.ts";
import { RpcObject } from "../lib/rpc.ts";
import { SignalHandler, register, submitCap } from "../lib/signal.ts";
import { StateReader, StateWriter } from "../lib/state_codec.ts";
import { sys_drop, sys_signal } from "../lib/syscalls.ts";
import { BuildJob, Listener, Workspace } from "./job.ts";
import { ProgressLog } from "./progress_log.ts";
import { Recipe } from "./recipe.ts";

/** The builder's signal to itself: its next step in an activation of its own. */
class Continue extends SignalHandler {
  builder: Builder | null = null;
  handle(count: u32): void { this.builder!.step(); }
}

class CompilerNews extends SignalHandler {
  builder: Builder | null = null;
  handle(count: u32): void { this.builder!.compilerNews(); }
}

class SignerNews extends SignalHandler {
  builder: Builder | null = null;
  handle(count: u32): void { this.builder!.signerNews(); }
}

/** The builder's state: its workspace, the build that runs (or ran last) and who follows it. */
export class Builder extends Listener {
  job: BuildJob | null = null;
  /** The session that started the job: its signal hears the progress. */
  owner: BuilderSession | null = null;
  private readonly cont: Continue = new Continue();
  private continueCap: i32 = 0;
  /** The compiler's signal; registered when its cap is set. */
  private readonly news: CompilerNews = new CompilerNews();
  /** The Signer's signal; registered when its cap is set. */
  private readonly signed: SignerNews = new SignerNews();

  /** Registers the builder's signals (which fails, harmlessly, while taking over: loadState brings them). */
  constructor(readonly ws: Workspace, readonly logger: LogConnection) {
    super();
    this.cont.builder = this;
    if (register(this.cont) > 0) this.continueCap = submitCap(this.cont);
    this.news.builder = this;
    register(this.news);
    this.signed.builder = this;
    register(this.signed);
  }

  /** For a live swap: its signals and the build (the owner is saved by the root, which knows the sessions). */
  saveState(w: StateWriter): void {
    w.bool(this.cont.cap > 0);
    if (this.cont.cap > 0) w.handler(this.cont);
    w.i32(this.continueCap);
    w.bool(this.news.cap > 0);
    if (this.news.cap > 0) w.handler(this.news);
    w.bool(this.signed.cap > 0);
    if (this.signed.cap > 0) w.handler(this.signed);
    const j = this.job;
    w.bool(j != null);
    if (j != null) j.saveState(w);
  }

  loadState(r: StateReader): void {
    if (r.bool()) r.handler(this.cont);
    this.continueCap = r.i32();
    if (r.bool()) r.handler(this.news);
    if (r.bool()) r.handler(this.signed);
    if (r.bool()) this.job = BuildJob.restore(r, this.ws, this);
  }

  get running(): bool { const j = this.job; return j != null && j.state == BuilderState.Running; }

  changed(): void {
    const o = this.owner;
    if (o != null && o.sigh > 0) sys_signal(o.sigh);
  }

  continueSoon(): void {
    if (this.continueCap > 0) sys_signal(this.continueCap);
  }

  step(): void {
    const j = this.job;
    if (j == null) return;
    // Each compile gets a fresh capability of the news signal; the device keeps its own copy.
    const news = this.news;
    if (!j.waiting && news.cap > 0) j.compilerSignal = submitCap(news);
    j.advance();
    if (j.compilerSignal > 0) sys_drop(j.compilerSignal);
    j.compilerSignal = 0;
    if (j.state != BuilderState.Running) this.changed();
  }

  compilerNews(): void {
    const j = this.job;
    if (j == null) return;
    // A compile's end may hand its module to the Signer: a fresh capability of the signer's signal for it.
    const signed = this.signed;
    if (signed.cap > 0) j.signerSignal = submitCap(signed);
    j.compilerSignalled();
    if (j.signerSignal > 0) sys_drop(j.signerSignal);
    j.signerSignal = 0;
  }

  signerNews(): void {
    const j = this.job;
    if (j != null) j.signerSignalled();
  }

  /** Starts a build for `session`; Err.Ok, or why not (the progress text says more). */
  start(session: BuilderSession, profile: string, mode: u32, flags: u32, names: Array<string>): i32 {
    if (this.running) return Err.Pending;
    const fs = mode == BuildMode.Verify ? this.ws.base : this.ws.src;
    const recipe = Recipe.read(fs);
    const log = new ProgressLog();
    const all = names.length == 0;
    let profileFlags = recipe.profileFlags(profile);
    if (recipe.error.length > 0) log.line("build: " + recipe.error);
    else if (profileFlags == null) log.line("build: no profile \"" + profile + "\" in system/recipe.xml (there are: " + recipe.profileNames() + ")");
    const modules = all ? recipe.allModules(fs) : names;
    this.owner = session;
    this.job = new BuildJob(this.ws, recipe, log, this, profile, profileFlags != null ? profileFlags! : new Array<string>(), mode, flags, modules, !all);
    if (recipe.error.length > 0 || profileFlags == null) {
      this.job!.state = BuilderState.Failed;
      return Err.Ok;
    }
    this.continueSoon();
    return Err.Ok;
  }

  closed(session: BuilderSession): void {
    if (this.owner === session) this.owner = null;
  }
}

export class BuilderSession extends RpcObject {
  sigh: i32 = 0;

  constructor(readonly builder: Builder) { super(); }

  dispatch(op: i32): i32 {
    const b = this.builder;
    if (op == BuilderOp.Build) {
      const profile = msg.getString();
      const mode = msg.getU32(), flags = msg.getU32(), count = msg.getU32();
      if (msg.malformed() || count > <u32>BuilderLimit.Names || mode > <u32>BuildMode.Verify) return Err.Invalid;
      const names = new Array<string>();
      for (let i: u32 = 0; i < count; i++) {
        const name = msg.getString();
        if (msg.malformed() || !isModuleName(name)) return Err.Invalid;
        names.push(name);
      }
      if (msg.capCount() != 1 || msg.capUnwrapped(0)) return Err.BadMsg;
      if (b.running) return Err.Pending;
      // Check, then act: the signal is taken only for a build that starts.
      if (this.sigh > 0) sys_drop(this.sigh);
      this.sigh = msg.getCap(0);
      const e = b.start(this, profile, mode, flags, names);
      msg.begin();
      return e;
    }
    const job = b.owner === this ? b.job : null;
    if (op == BuilderOp.Status) {
      msg.begin();
      msg.putU32(job != null ? job.state : BuilderState.Idle);
      msg.putU32(job != null ? job.finished : 0);
      msg.putU32(job != null ? job.total : 0);
      msg.putU32(job != null ? <u32>job.log.length : 0);
      return Err.Ok;
    }
    if (op == BuilderOp.ReadLog) {
      const offset = msg.getU32();
      if (msg.malformed()) return Err.BadMsg;
      const piece = job != null ? job.log.piece(offset, BuilderLimit.Chunk) : new Uint8Array(0);
      msg.begin();
      msg.putBytes(piece);
      return job != null ? job.log.length : 0;
    }
    return Err.BadOpcode;
  }

  closed(): void {
    this.builder.closed(this);
    if (this.sigh > 0) sys_drop(this.sigh);
    this.sigh = 0;
  }
}

export class BuilderRoot extends Root {
  /** The sessions made, for a live swap. */
  readonly sessions: Array<BuilderSession> = new Array<BuilderSession>();

  constructor(readonly builder: Builder) { super(); }

  sessionRam(): u32 { return BuilderSessionQuota.Ram; }
  sessionCaps(): u32 { return BuilderSessionQuota.Caps; }

  create(request: SessionRequest): RpcObject | null {
    const s = new BuilderSession(this.builder);
    this.sessions.push(s);
    return s;
  }

  destroy(session: RpcObject): void {
    if (!(session instanceof BuilderSession)) return;
    const s = <BuilderSession>session;
    const i = this.sessions.indexOf(s);
    if (i >= 0) this.sessions.splice(i, 1);
    s.closed();
  }

  /** For a live swap: the root, the builder, the sessions served (one whose endpoint was never made is not carried) and which owns the build. */
  saveState(w: StateWriter): void {
    w.served(this);
    this.builder.saveState(w);
    const served = new Array<BuilderSession>();
    for (let i = 0; i < this.sessions.length; i++) if (this.sessions[i].cap > 0) served.push(this.sessions[i]);
    w.u32(<u32>served.length);
    let owner: i32 = -1;
    for (let i = 0; i < served.length; i++) {
      const s = served[i];
      if (this.builder.owner === s) owner = i;
      w.i32(s.sigh);
      w.served(s);
    }
    w.i32(owner);
  }

  loadState(r: StateReader): void {
    r.served(this);
    this.builder.loadState(r);
    const n = r.u32();
    for (let i: u32 = 0; i < n && !r.malformed(); i++) {
      const s = new BuilderSession(this.builder);
      s.sigh = r.i32();
      r.served(s);
      this.sessions.push(s);
    }
    const owner = r.i32();
    if (owner >= this.sessions.length) r.u8(); // marks the snapshot malformed: an owner it does not hold
    else if (owner >= 0) this.builder.owner = this.sessions[owner];
  }
}
