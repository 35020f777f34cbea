// The compiler device: asc in a worker of its own, one compile at a time, stopped past a time limit, restarted after a crash.
//
// Core's Compiler service (core/compiler_service.ts) drives it. The worker is created on the
// first compile, never at boot, and reused; a compile that runs past the time limit terminates
// it (Stopped), a worker that dies (out of memory, a crash) is reported (Crashed), and the next
// compile starts a new one. The platforms differ only in how a worker is made (node_compiler.ts,
// the page's OS worker); what runs inside is compiler_worker.ts.
import type { ToolPackage } from "../provenance/statement.ts";

/** One compile: the staged sources by path, the entries among them, asc's flags (checked by the caller). */
export interface CompileJob {
  files: Map<string, Uint8Array>;
  entries: string[];
  flags: string[];
}

/** Where a compile is: loading the compiler (bytes loaded of its total, 0 when unknown) or compiling. */
export interface CompileProgress {
  phase: "loading" | "compiling";
  loaded: number;
  total: number;
  line: string;
}

/**
 * How a compile ended. `diagnostics`: `FILE:LINE:COL: message` lines, each followed by its
 * source line and a caret (Failed), or one line saying what happened (Stopped, Crashed).
 * `inputs`: the staged paths the compiler read, sorted.
 */
export type CompileResult =
  | { outcome: "done"; binary: Uint8Array; inputs: string[] }
  | { outcome: "failed"; diagnostics: string; inputs: string[] }
  | { outcome: "stopped"; diagnostics: string }
  | { outcome: "crashed"; diagnostics: string };

/** How a disassembly ended: the module's WAT, or why there is none (the bytes are no module, the worker stopped). */
export type DisassembleResult = { ok: true; text: string } | { ok: false; reason: string };

/** What core needs of a compiler device. */
export interface Compiler {
  /** The compiler's name and version, e.g. `assemblyscript 0.28.20`: known without loading it. */
  readonly version: string;
  /** wabt's name and version, e.g. `wabt 1.0.39`, which compiles WAT modules (a device without it: "wabt"). */
  readonly watVersion?: string;
  /** Whether the compiler is loaded (a worker that finished a compile runs): a compile then starts at once. */
  readonly loaded: boolean;
  /** Runs one compile; a call while another runs waits for it. Never rejects: every end is a result. */
  compile(job: CompileJob, progress: (p: CompileProgress) => void): Promise<CompileResult>;
  /**
   * A binary as WAT (wabt's text, names from its name section or made up), or only its function
   * `func` when that is not "". Queued with the compiles; never rejects. Absent: the device cannot.
   */
  disassemble?(binary: Uint8Array, func: string): Promise<DisassembleResult>;
  /** Ends the worker, if any (the host shuts down). */
  close(): void;
  /** Which builder a provenance of its builds names (runDetails.builder.id): the in-OS builder in Node, or in the page. */
  readonly builderId: string;
  /** The compiler packages it runs, their versions and sha512 (package-lock.json): a provenance's resolved dependencies. */
  toolchain(): ToolPackage[];
}

/** What a platform tells of its compiler device for provenance: its builder id and its packages. */
export interface CompilerFacts {
  builderId: string;
  toolchain: ToolPackage[];
}

/** A message to the worker: a compile, or a disassembly. */
export type ToCompilerWorker =
  | { kind: "compile"; files: [string, Uint8Array][]; entries: string[]; flags: string[] }
  | { kind: "disassemble"; binary: Uint8Array; func: string };

/** A message from the worker: progress, or the end of the compile (or of the disassembly: its text, or failed). */
export type FromCompilerWorker =
  | ({ kind: "progress" } & CompileProgress)
  | { kind: "done"; binary: Uint8Array; inputs: string[] }
  | { kind: "failed"; diagnostics: string; inputs: string[] }
  | { kind: "text"; text: string };

/** How a job in the worker ended: its answer, or the device stopped it, or the worker died. */
type WorkerEnd = Exclude<FromCompilerWorker, { kind: "progress" }> | { kind: "stopped" | "crashed"; diagnostics: string };

/** A running worker, as the platform made it. */
export interface CompilerWorker {
  post(message: ToCompilerWorker): void;
  terminate(): void;
}

/** What a platform's worker tells the device: its messages, and its death (out of memory: `oom`). */
export interface CompilerWorkerEvents {
  message(m: FromCompilerWorker): void;
  died(reason: string, oom: boolean): void;
}

/** Limits of the device, settable by whoever made it (tests set tiny ones). */
export interface CompilerLimits {
  /** Milliseconds a compile may run, loading the compiler included (default 120 s). */
  timeLimitMs: number;
  /** The worker's heap in MB, where the platform can bound it (Node); reported when it runs out. */
  memoryLimitMb: number;
}

export const DEFAULT_COMPILER_LIMITS: CompilerLimits = { timeLimitMs: 120_000, memoryLimitMb: 1024 };

/** A duration as a person reads it: `120 s`, `50 ms`. */
function duration(ms: number): string {
  return ms >= 1000 ? `${+(ms / 1000).toFixed(1)} s` : `${ms} ms`;
}

/** The compiler device over a platform's workers (`spawn` makes one, given where to report). */
export class WorkerCompiler implements Compiler {
  private worker: CompilerWorker | null = null;
  /** The compile under way: whom to tell of its messages and its end. */
  private current: { progress: (p: CompileProgress) => void; end: (r: WorkerEnd) => void } | null = null;
  /** Compiles run one after another: each waits for the one before. */
  private turn: Promise<unknown> = Promise.resolve();
  readonly limits: CompilerLimits;

  constructor(
    readonly version: string,
    private readonly spawn: (events: CompilerWorkerEvents, limits: CompilerLimits) => CompilerWorker,
    limits: Partial<CompilerLimits> = {},
    private readonly facts: CompilerFacts = { builderId: "", toolchain: [] },
    readonly watVersion = "wabt",
  ) {
    this.limits = { ...DEFAULT_COMPILER_LIMITS, ...limits };
  }

  get builderId(): string { return this.facts.builderId; }
  toolchain(): ToolPackage[] { return this.facts.toolchain.map((t) => ({ ...t })); }

  /** Whether a worker is running now (made on the first compile, gone after a stop or a crash). */
  get running(): boolean { return this.worker !== null; }

  /** The running worker finished a compile: it has the compiler loaded. */
  private warm = false;
  get loaded(): boolean { return this.worker !== null && this.warm; }

  compile(job: CompileJob, progress: (p: CompileProgress) => void): Promise<CompileResult> {
    return this.queued({ kind: "compile", files: [...job.files], entries: job.entries, flags: job.flags }, progress).then((e): CompileResult => {
      switch (e.kind) {
        case "done": return { outcome: "done", binary: e.binary, inputs: e.inputs };
        case "failed": return { outcome: "failed", diagnostics: e.diagnostics, inputs: e.inputs };
        case "stopped": case "crashed": return { outcome: e.kind, diagnostics: e.diagnostics };
        default: return { outcome: "crashed", diagnostics: "the compiler's worker answered a compile with text\n" };
      }
    });
  }

  disassemble(binary: Uint8Array, func: string): Promise<DisassembleResult> {
    return this.queued({ kind: "disassemble", binary, func }, () => {}).then((e): DisassembleResult =>
      e.kind === "text" ? { ok: true, text: e.text } : { ok: false, reason: "diagnostics" in e ? e.diagnostics.trim() : "the compiler's worker answered with a binary" });
  }

  /** Runs `message` in the worker once the jobs before it ended. */
  private queued(message: ToCompilerWorker, progress: (p: CompileProgress) => void): Promise<WorkerEnd> {
    const result = this.turn.then(() => this.run(message, progress));
    this.turn = result;
    return result;
  }

  private run(message: ToCompilerWorker, progress: (p: CompileProgress) => void): Promise<WorkerEnd> {
    return new Promise((resolve) => {
      const limit = this.limits.timeLimitMs;
      const what = message.kind === "compile" ? "compile" : "disassembly";
      const timer = setTimeout(() => {
        this.kill();
        end({ kind: "stopped", diagnostics: `the ${what} ran past its time limit of ${duration(limit)} and was stopped\n` });
      }, limit);
      const end = (r: WorkerEnd) => {
        if (this.current === null) return;
        clearTimeout(timer);
        this.current = null;
        resolve(r);
      };
      this.current = { progress, end };
      try {
        this.worker ??= this.start();
        this.worker.post(message);
      } catch (e) {
        this.kill();
        end({ kind: "crashed", diagnostics: `the compiler could not be started: ${(e as Error).message}\n` });
      }
    });
  }

  /** A new worker, whose events reach the compile under way (and no later one once it is gone). */
  private start(): CompilerWorker {
    let worker: CompilerWorker | null = null;
    const mine = () => worker !== null && this.worker === worker;
    worker = this.spawn({
      message: (m) => {
        if (!mine() || !this.current) return;
        if (m.kind === "progress") return this.current.progress(m);
        this.warm = true;
        this.current.end(m);
      },
      died: (reason, oom) => {
        if (!mine()) return;
        this.kill();
        const what = oom ? `the compiler ran out of memory (limit ${this.limits.memoryLimitMb} MB)` : `the compiler's worker died: ${reason}`;
        this.current?.end({ kind: "crashed", diagnostics: `${what}; it is restarted on the next build\n` });
      },
    }, this.limits);
    return worker;
  }

  private kill(): void {
    const w = this.worker;
    this.worker = null;
    this.warm = false;
    w?.terminate();
  }

  close(): void {
    this.kill();
    this.current?.end({ kind: "stopped", diagnostics: "the compiler was shut down\n" });
  }
}
