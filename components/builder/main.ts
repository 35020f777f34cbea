// builder: serves Builder sessions: modules of /src compiled through core's Compiler device into /build, each with its build record.
//
// Its sessions: File_system "src" (the sources with the person's changes), "base" (the read-only
// sources of the boot image, for verify), "build" (where binaries and records go), Compiler, LOG,
// and Signer (core's, for the provenance of what it builds; without it, what it builds is unsigned).
// A live swap carries them, the gate's count of sessions still to come, and the service (service.ts).
import { CompilerConnection } from "../compiler_session/connection.ts";
import { FsConnection } from "../fs_session/connection.ts";
import { LogConnection, errorLine } from "../lib/log.ts";
import { SignerConnection } from "../signer_session/connection.ts";
import { announce } from "../lib/root.ts";
import { liveState, StateReader, StateWriter } from "../lib/live_state.ts";
import { Workspace } from "./job.ts";
import { Builder, BuilderRoot } from "./service.ts";

const logger = new LogConnection();

/** The sessions the builder needs, each of which may come later (its server starting): the service is announced once all are there. */
class Gate {
  waiting: i32 = 5;
  failed: bool = false;

  /** `optional`: a denial does not stop the builder (no Signer: what it builds is unsigned). */
  settled(what: string, cap: i32, optional: bool = false): void {
    if (cap <= 0 && optional) logger.write("no " + what + " session (error " + cap.toString() + "): what the builder builds stays unsigned");
    else if (cap <= 0) {
      this.failed = true;
      logger.write(errorLine("no " + what + " session (error " + cap.toString() + "): the builder cannot build"));
    }
    if (--this.waiting == 0 && !this.failed) serve();
  }
}
const gate = new Gate();

class Fs extends FsConnection {
  constructor(label: string, writeable: bool) { super(label, "/", writeable); }
  ready(): void { gate.settled("File_system \"" + this.label + "\"", this.cap); }
}

class Compiler extends CompilerConnection {
  ready(): void { gate.settled("Compiler", this.cap); }
}

class Signer extends SignerConnection {
  ready(): void { gate.settled("Signer", this.cap, true); }
}

const src = new Fs("src", false);
const base = new Fs("base", false);
const out = new Fs("build", true);
const compiler = new Compiler();
const signer = new Signer();

/** The service once announced; null before. */
let root: BuilderRoot | null = null;

function newRoot(): BuilderRoot {
  return new BuilderRoot(new Builder(new Workspace(src, base, out, compiler, signer), logger));
}

function serve(): void {
  const r = newRoot();
  const e = announce("Builder", r);
  if (e < 0) logger.write(errorLine("cannot announce the Builder service (error " + e.toString() + ")"));
  else root = r;
}

function save(w: StateWriter): void {
  w.connection(logger);
  w.connection(src);
  w.connection(base);
  w.connection(out);
  w.connection(compiler);
  w.connection(signer);
  w.i32(gate.waiting);
  w.bool(gate.failed);
  const r = root;
  w.bool(r != null);
  if (r != null) r.saveState(w);
}

function load(r: StateReader, version: u32): bool {
  if (version != 2) return false;
  // A session still to come is waited for again (Connection.reinstate): its ready() settles the gate.
  r.connection(logger);
  r.connection(src);
  r.connection(base);
  r.connection(out);
  r.connection(compiler);
  r.connection(signer);
  gate.waiting = r.i32();
  gate.failed = r.bool();
  if (r.bool()) {
    const served = newRoot();
    root = served;
    served.loadState(r);
  }
  return true;
}

if (!liveState(2, save, load)) {
  src.whenReady();
  base.whenReady();
  out.whenReady();
  compiler.whenReady();
  signer.whenReady();
}
