// A build: its modules, one at a time, from their sources through the compiler device to a binary and a build record under /build.
//
// Each step runs in an activation of its own (the builder signals itself between modules, and the
// compiler device signals it while it works), so a build of every module never holds the system.
// A module that fails leaves its last good binary where it was: the new one is written beside it
// and renamed over it only once it is whole.
//
// A built module's provenance goes to core's Signer (provenance.ts makes the statement; the key
// stays in core), and its envelope beside the binary: /build/NAME.wasm.intoto.jsonl. Without a
// Signer, or refused by it, the module is built but unsigned, and its line says why.
//
// A live swap carries a build where it is (saveState, restore): a module in the compiler goes on
// compiling there, one being signed goes on being signed, and the device's signal reaches the new
// instance under the same badge.
import { Err } from "../../kernel/abi.ts";
import { BuildFlag, BuildMode, BuilderState } from "../builder_session/protocol.ts";
import { CompilerConnection, ToolPackage } from "../compiler_session/connection.ts";
import { CompilerLanguage, CompilerOutput, CompilerState } from "../compiler_session/protocol.ts";
import { FsConnection } from "../fs_session/connection.ts";
import { SignerConnection } from "../signer_session/connection.ts";
import { SignerState } from "../signer_session/protocol.ts";
import { sha256Hex } from "../lib/sha256.ts";
import { StateReader, StateWriter } from "../lib/state_codec.ts";
import { InFlight } from "./in_flight.ts";
import { ProgressLog } from "./progress_log.ts";
import { buildDefinition, statement } from "./provenance.ts";
import { isWat, ModuleSpec, Recipe } from "./recipe.ts";
import { record, recordHead, recordedOutput } from "./record.ts";
import { collect, Snapshot, Sources } from "./sources.ts";

/** What the builder reaches: /src (with the person's changes), its read-only base, /build, the compiler and the Signer (which may be denied). */
export class Workspace {
  constructor(readonly src: FsConnection, readonly base: FsConnection, readonly out: FsConnection, readonly compiler: CompilerConnection, readonly signer: SignerConnection) {}
}

/** Whoever follows the build: told after each line of progress and at the end. */
export abstract class Listener {
  abstract changed(): void;
  /** The builder wants its next step in an activation of its own. */
  abstract continueSoon(): void;
}

export class BuildJob {
  state: u32 = BuilderState.Running;
  index: i32 = 0;
  private current: InFlight | null = null;
  private built: i32 = 0;
  private upToDate: i32 = 0;
  private unchanged: i32 = 0;
  private failed: i32 = 0;
  private unsigned: i32 = 0;
  private compilerName: string;
  /** The compiler packages, for each module's provenance. */
  private toolchain: Array<ToolPackage>;
  /** The compiler's last progress line shown: a line it repeats for the next module (loading it, say) is not shown again. */
  private lastLine: string = "";

  constructor(
    private ws: Workspace, private recipe: Recipe, readonly log: ProgressLog, private listener: Listener,
    readonly profile: string, private profileFlags: Array<string>, readonly mode: u32, readonly flags: u32,
    readonly names: Array<string>, readonly explicit: bool,
  ) {
    this.compilerName = ws.compiler.version();
    const packages = ws.compiler.toolchain();
    this.toolchain = packages != null ? packages : new Array<ToolPackage>();
  }

  get total(): u32 { return <u32>this.names.length; }
  get finished(): u32 { return <u32>this.index; }
  get waiting(): bool { return this.current != null; }

  private get sourceFs(): FsConnection { return this.mode == BuildMode.Verify ? this.ws.base : this.ws.src; }
  /** The sources and the base as this build reads them: each file once, whichever modules import it. */
  private sources: Snapshot | null = null;
  private base: Snapshot | null = null;
  private get outDir(): string { return this.mode == BuildMode.Verify ? "/verify/" : "/"; }

  private say(text: string): void {
    this.log.line(text);
    this.listener.changed();
  }

  /** For a live swap: the build as far as it went, the module in the compiler and the sources read. */
  saveState(w: StateWriter): void {
    w.string(this.recipe.text);
    w.string(this.recipe.error);
    this.log.saveState(w);
    w.string(this.profile);
    w.strings(this.profileFlags);
    w.u32(this.mode);
    w.u32(this.flags);
    w.strings(this.names);
    w.bool(this.explicit);
    w.u32(this.state);
    w.i32(this.index);
    w.i32(this.built);
    w.i32(this.upToDate);
    w.i32(this.unchanged);
    w.i32(this.failed);
    w.i32(this.unsigned);
    w.string(this.compilerName);
    const names = new Array<string>(), versions = new Array<string>(), digests = new Array<string>();
    for (let i = 0; i < this.toolchain.length; i++) {
      names.push(this.toolchain[i].name);
      versions.push(this.toolchain[i].version);
      digests.push(this.toolchain[i].sha512);
    }
    w.strings(names);
    w.strings(versions);
    w.strings(digests);
    w.string(this.lastLine);
    const current = this.current;
    w.bool(current != null);
    if (current != null) current.saveState(w);
    const sources = this.sources, base = this.base;
    w.bool(sources != null);
    if (sources != null) sources.saveState(w);
    w.bool(base != null);
    if (base != null) base.saveState(w);
  }

  /** A build as saveState wrote it (the constructor's call to the compiler fails while taking over: its answer arrives too). */
  static restore(r: StateReader, ws: Workspace, listener: Listener): BuildJob {
    const text = r.string(), error = r.string();
    const recipe = error.length > 0 ? Recipe.unreadable(error) : Recipe.parse(text);
    const log = ProgressLog.restore(r);
    const profile = r.string();
    const profileFlags = r.strings();
    const mode = r.u32(), flags = r.u32();
    const names = r.strings();
    const explicit = r.bool();
    const job = new BuildJob(ws, recipe, log, listener, profile, profileFlags, mode, flags, names, explicit);
    job.state = r.u32();
    job.index = r.i32();
    job.built = r.i32();
    job.upToDate = r.i32();
    job.unchanged = r.i32();
    job.failed = r.i32();
    job.unsigned = r.i32();
    job.compilerName = r.string();
    const tools = r.strings(), versions = r.strings(), digests = r.strings();
    job.toolchain = new Array<ToolPackage>();
    for (let i = 0; i < tools.length && i < versions.length && i < digests.length; i++) job.toolchain.push(new ToolPackage(tools[i], versions[i], digests[i]));
    job.lastLine = r.string();
    if (r.bool()) job.current = InFlight.restore(r);
    if (r.bool()) {
      const sources = new Snapshot(job.sourceFs);
      sources.loadState(r);
      job.sources = sources;
    }
    if (r.bool()) {
      const base = new Snapshot(ws.base);
      base.loadState(r);
      job.base = base;
    }
    return job;
  }

  /** The next module, or the end. */
  advance(): void {
    if (this.state != BuilderState.Running || this.current != null) return;
    if (this.index >= this.names.length) {
      this.finish();
      return;
    }
    if (!this.start(this.names[this.index])) {
      this.index++;
      this.listener.continueSoon();
    }
  }

  private fail(text: string): bool {
    this.failed++;
    this.say(text);
    return false;
  }

  /** Prepares module `name` and hands it to the compiler; false when there is nothing to wait for. */
  private start(name: string): bool {
    const fs = this.sourceFs;
    const step = "[" + (this.index + 1).toString() + "/" + this.names.length.toString() + "] " + name + ".wasm";
    const spec = this.recipe.spec(fs, name, this.profileFlags);
    if (spec == null) return this.fail(step + ": no such module (not in system/recipe.xml, and no /src/" + this.recipe.componentsDir + "/" + name + "/main.ts or main.wat)");
    if (this.sources == null) this.sources = new Snapshot(fs);
    const snap = this.sources!;
    const sources = collect(snap, spec.entries);
    if (sources.problems.length > 0) return this.fail(step + ": cannot gather its sources\n" + sources.problems.join("\n"));
    const hashes = new Map<string, string>();
    for (let i = 0; i < sources.files.length; i++) hashes.set(sources.files[i].path, snap.hash(sources.files[i].path, sources.files[i].bytes));
    // A WAT module's compiler is wabt: its record names it.
    const compiler = isWat(spec.main) ? this.ws.compiler.version(CompilerLanguage.Wat) : this.compilerName;
    const head = recordHead(spec, this.profile, compiler, sources.files, hashes);
    if (this.mode == BuildMode.Build && (this.flags & BuildFlag.Force) == 0) {
      const old = this.ws.out.readFile(this.outDir + name + ".json");
      if (old != null) {
        if (this.builtAlready(name, String.UTF8.decode(old.buffer), head)) {
          this.upToDate++;
          if (this.explicit) this.say(step + ": up to date");
          return false;
        }
      } else if (!this.explicit && !this.changedFromBase(sources, hashes)) {
        this.unchanged++;
        return false;
      }
    }
    this.say(step + ": compiling " + spec.main + " (" + this.profile + ", " + sources.files.length.toString() + " sources)");
    const c = this.ws.compiler;
    let e = c.reset();
    for (let i = 0; i < sources.files.length && e >= 0; i++) e = c.putFile(sources.files[i].path, sources.files[i].bytes);
    if (e >= 0) e = c.compile(spec.entries, spec.flags, this.compilerSignal);
    if (e < 0) return this.fail(step + ": the compiler refused the job (error " + e.toString() + ")");
    this.current = new InFlight(spec, head, step, buildDefinition(spec, this.profile, sources.files, hashes, this.toolchain));
    return true;
  }

  /** The signal the compiler device submits while it works: set by the builder's main. */
  compilerSignal: i32 = 0;
  /** The signal core's Signer submits when a signature is ready: set by the builder as the compiler's end arrives. */
  signerSignal: i32 = 0;

  /** Whether a build's provenance goes to a Signer: a verify's rebuilds are compared, never run. */
  private get signs(): bool { return this.mode == BuildMode.Build && this.ws.signer.ok; }

  private builtAlready(name: string, old: string, head: string): bool {
    if (!old.startsWith(head)) return false;
    const binary = this.ws.out.readFile(this.outDir + name + ".wasm");
    // A binary left unsigned is built again while there is a Signer to sign it.
    if (this.signs && this.ws.out.stat(this.outDir + name + ".wasm.intoto.jsonl") == null) return false;
    return binary != null && sha256Hex(binary) == recordedOutput(old);
  }

  /** Whether any of the module's sources differs from the read-only base (a module never built here is the image's until then). */
  private changedFromBase(sources: Sources, hashes: Map<string, string>): bool {
    if (this.base == null) this.base = new Snapshot(this.ws.base);
    const base = this.base!;
    for (let i = 0; i < sources.files.length; i++) {
      const f = sources.files[i];
      const bytes = base.read(f.path);
      if (bytes == null || base.hash(f.path, bytes) != hashes.get(f.path)) return true;
    }
    return false;
  }

  /** The compiler device signalled: progress, or the module's end. */
  compilerSignalled(): void {
    const job = this.current;
    if (job == null || job.signing) return;
    const st = this.ws.compiler.status();
    if (st == null) {
      this.current = null;
      this.fail(job.step + ": the compiler device is gone");
      this.index++;
      this.listener.continueSoon();
      return;
    }
    if (st.state == CompilerState.Loading || st.state == CompilerState.Compiling) {
      if (st.line.length > 0 && st.line != this.lastLine) {
        this.lastLine = st.line;
        this.say("  " + st.line);
      }
      return;
    }
    if (st.state == CompilerState.Idle) return;
    this.current = null;
    if (st.state == CompilerState.Done) {
      // Its signature to come: the module ends when the Signer signals.
      if (this.store(job, st.ms, st.started, st.finished)) return;
    } else {
      const diagnostics = String.UTF8.decode(this.ws.compiler.read(CompilerOutput.Diagnostics).buffer);
      this.fail(diagnostics + (diagnostics.endsWith("\n") ? "" : "\n") + job.step + ": failed" + this.keptNote(job.spec));
    }
    this.index++;
    this.listener.continueSoon();
  }

  private keptNote(spec: ModuleSpec): string {
    const st = this.ws.out.stat(this.outDir + spec.binary);
    return st != null ? " (the last good " + this.outPath(spec) + " stays)" : "";
  }

  private outPath(spec: ModuleSpec): string {
    return "/build" + this.outDir + spec.binary;
  }

  /**
   * The binary and its record under /build: the binary whole beside the old one first, then in its
   * place; then its provenance to the Signer. True when a signature is awaited (the Signer signals).
   */
  private store(job: InFlight, ms: u32, started: string, finished: string): bool {
    const binary = this.ws.compiler.read(CompilerOutput.Binary);
    if (binary.length == 0) {
      this.fail(job.step + ": the compiler gave no binary");
      return false;
    }
    const out = this.ws.out, spec = job.spec, dir = this.outDir;
    if (dir != "/") out.mkdir(dir.substring(0, dir.length - 1));
    const partial = dir + spec.binary + ".new";
    let e = out.writeFile(partial, binary);
    if (e >= 0) {
      out.unlink(dir + spec.binary);
      // The old binary's provenance goes with it: it would not match the new one.
      out.unlink(dir + spec.binary + ".intoto.jsonl");
      e = out.rename(partial, dir + spec.binary);
    }
    const sha = sha256Hex(binary);
    if (e >= 0) e = out.writeText(dir + spec.name + ".json", record(job.head, sha, binary.length, started, finished));
    if (e < 0) {
      out.unlink(partial);
      this.fail(job.step + ": cannot write " + this.outPath(spec) + " (error " + e.toString() + ")");
      return false;
    }
    this.built++;
    const line = job.step + ": " + binary.length.toString() + " bytes, sha256 " + sha.substring(0, 12) + ", " + ms.toString() + " ms -> " + this.outPath(spec);
    if (this.mode == BuildMode.Verify) {
      this.say(line);
      return false;
    }
    return this.sign(job, line, sha, started, finished);
  }

  /** The module was built but is not signed: said on its line, with why (core will not run it). */
  private leaveUnsigned(line: string, why: string): void {
    this.unsigned++;
    this.say(line + ", unsigned: " + why);
  }

  /** Hands the module's statement to the Signer; true when its signature is awaited, false when it ended already (unsigned). */
  private sign(job: InFlight, line: string, sha: string, started: string, finished: string): bool {
    const signer = this.ws.signer;
    if (!signer.ok) {
      this.leaveUnsigned(line, "no Signer session (error " + signer.cap.toString() + ")");
      return false;
    }
    const text = statement(job.spec.binary, sha, job.definition, started, finished);
    let e = signer.put(Uint8Array.wrap(String.UTF8.encode(text)));
    if (e >= 0) e = signer.sign(this.signerSignal);
    if (e == Err.Invalid) {
      const st = signer.status();
      this.leaveUnsigned(line, st != null && st.reason.length > 0 ? st.reason : "the Signer refused it");
      return false;
    }
    if (e < 0) {
      this.leaveUnsigned(line, "the Signer refused it (error " + e.toString() + ")");
      return false;
    }
    this.current = new InFlight(job.spec, job.head, job.step, job.definition, line);
    return true;
  }

  /** The Signer signalled: the module's envelope is ready (written beside the binary), or it was refused. */
  signerSignalled(): void {
    const job = this.current;
    if (job == null || !job.signing) return;
    const signer = this.ws.signer;
    const st = signer.status();
    if (st != null && st.state == SignerState.Signing) return;
    this.current = null;
    if (st == null) this.leaveUnsigned(job.built, "the Signer is gone (error " + signer.error.toString() + ")");
    else if (st.state != SignerState.Done) this.leaveUnsigned(job.built, st.reason.length > 0 ? st.reason : "the Signer refused it");
    else this.keepEnvelope(job, signer.read());
    this.index++;
    this.listener.continueSoon();
  }

  /** Writes the envelope beside the binary and says the module is signed, by which key. */
  private keepEnvelope(job: InFlight, envelope: Uint8Array): void {
    const signer = this.ws.signer;
    if (envelope.length == 0) {
      this.leaveUnsigned(job.built, "its envelope cannot be read (error " + signer.error.toString() + ")");
      return;
    }
    const path = this.outDir + job.spec.binary + ".intoto.jsonl";
    const e = this.ws.out.writeFile(path, envelope);
    if (e < 0) {
      this.leaveUnsigned(job.built, "cannot write /build" + path + " (error " + e.toString() + ")");
      return;
    }
    const key = signer.keyId();
    this.say(job.built + ", signed (key " + key.substring(0, 8) + ")");
  }

  private finish(): void {
    const parts = new Array<string>();
    if (this.built > 0) parts.push(this.built.toString() + " built");
    if (this.upToDate > 0) parts.push(this.upToDate.toString() + " up to date");
    if (this.unchanged > 0) parts.push(this.unchanged.toString() + " unchanged from the boot image");
    if (this.unsigned > 0) parts.push(this.unsigned.toString() + " unsigned");
    if (this.failed > 0) parts.push(this.failed.toString() + " failed");
    if (parts.length == 0) parts.push("nothing to build");
    this.state = this.failed > 0 ? BuilderState.Failed : BuilderState.Done;
    this.say((this.mode == BuildMode.Verify ? "verify: " : "build: ") + parts.join(", "));
  }
}
