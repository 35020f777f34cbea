// Core: PD 0, the root of the tree. It serves the top component's parent interface and
// core's sessions (PD, ROM, LOG, CPU, and the devices': Clock, Terminal, Storage, Report, Compiler), its
// services by name from the table in services.ts.
import { Err, KCall, KReg, PdOp, PdState, Rights, Slot } from "../../abi.ts";
import { type Clock, PlatformClock } from "../devices/clock.ts";
import type { Compiler } from "../devices/compiler.ts";
import type { SigningKey } from "../provenance/keys.ts";
import type { ReportSink } from "../devices/report.ts";
import type { Storage } from "../devices/storage.ts";
import type { Terminal } from "../devices/terminal.ts";
import { Component } from "../component.ts";
import { isStackOverflow, LoadError } from "../errors.ts";
import { DEFAULT_BUDGET, MAX_BUDGET } from "../fuel/meter.ts";
import { checkFits, checkModule, type CheckedModule, type MeterCache } from "../module_check.ts";
import { NativeServer } from "../server.ts";
import type { System } from "../system.ts";
import { CompiledBinaries } from "./compiled_binaries.ts";
import type { LogRing } from "./log_ring.ts";
import { BadMessage, Message } from "./message.ts";
import type { CoreService, CoreServiceMaker } from "./core_service.ts";
import { provenanceName } from "../provenance/dsse.ts";
import type { TrustedKey } from "../provenance/keys.ts";
import { BinaryTrust, isBinary } from "./binary_trust.ts";
import type { TrustedPrompt } from "./trusted_prompt.ts";
import { LiveUpdate } from "./live_update.ts";
import { ParentSession } from "./parent_service.ts";
import { sameBytes } from "./rom_dataspace.ts";
import type { RomSession } from "./rom_service.ts";
import { CORE_SERVICES } from "./services.ts";
import { CORE_PD, type Session } from "./session.ts";

export interface TopOptions {
  name: string;
  ram: number;
  caps: number;
}

const NONE_TRANSFERRED: { i: number; slot: number; obj: number }[] = [];

export class Core extends NativeServer {
  private sessions = new Map<number, Session>();
  private nextBadge = 1;
  /** Compiled modules by ROM name and content, so that starting a binary twice compiles it once. */
  private modules = new Map<string, { bytes: Uint8Array; checked: CheckedModule }>();
  /** Fuel rewrites the host made at earlier boots (Node: devices/node_meter_cache.ts); null: every module is metered anew. */
  meterCache: MeterCache | null = null;
  /** The last text each LOG label wrote: a failed run names its reason with it. */
  readonly lastLine = new Map<string, string>();
  /** Labels of the PDs core created: faults and LOG sessions name them. */
  readonly labels = new Map<number, string>();
  /** The clock device; its one session is held by at most one client (clock_service.ts). */
  readonly clock: Clock;
  /** The terminal device, if the platform has one (boot options); like the clock, one client at a time. */
  terminal: Terminal | null = null;
  /** The storage device, if the platform has one (boot options); one client at a time, the fs component. */
  storage: Storage | null = null;
  /** The compiler device, if the platform has one (boot options); its compiles queue for it, one at a time. */
  compiler: Compiler | null = null;
  /** The binaries the Compiler service produced, by the PD that asked: the Signer signs only a PD's own builds. */
  readonly compiled = new CompiledBinaries();
  /** The signing key of the Signer service (boot options); null: Signer sessions are denied. The private key never leaves it. */
  signer: SigningKey | null = null;
  /** The report device, if the platform has one (boot options): the page draws init's state from it. */
  reportSink: ReportSink | null = null;
  /**
   * Boots the system again (boot options' onReboot) with `kernel`, a kernel.wasm, or with the
   * running kernel when null; the files are kept. Null when the platform cannot reboot.
   */
  reboot: ((kernel: Uint8Array | null) => void) | null = null;
  /** The binary each PD core created runs, by the name its parent started it by (a swap records what it replaces). */
  readonly binaries = new Map<number, { name: string; bytes: Uint8Array }>();
  /** The components swapped in place, their previous versions and probation (live_update.ts). */
  readonly live: LiveUpdate;
  /** What core checks before a binary runs (its provenance); boot.ts gives it the trusted keys. */
  trust = new BinaryTrust([]);
  /** The keys the person at the terminal added (kept by the storage device: user_keys.ts). */
  userKeys: TrustedKey[] = [];
  /** Core's own questions on the terminal (trusted_prompt.ts); null without a terminal device. */
  prompt: TrustedPrompt | null = null;
  /** The latest report of each label core's Report service received. */
  readonly reports = new Map<string, Uint8Array>();
  top = -1;
  /** The top component's name: its own labels are `<topName> -> <what it asked for>`; "" before it starts. */
  topName = "";
  topState: { state: PdState; code: number } | null = null;
  private topSignal = 0;

  /** Core's services by name, each this core's own instance (with its state: a device's client). */
  private readonly services = new Map<string, CoreService>();

  constructor(readonly sys: System, readonly roms: Map<string, Uint8Array>, clock: Clock = new PlatformClock(), services: readonly CoreServiceMaker[] = CORE_SERVICES) {
    super(CORE_PD, "core");
    this.clock = clock;
    this.labels.set(CORE_PD, "core");
    for (const make of services) {
      const service = make(this);
      if (this.services.has(service.name)) throw new Error(`core: two services are named "${service.name}"`);
      this.services.set(service.name, service);
    }
    this.live = new LiveUpdate(this);
  }

  /** The service sessions of `name` are opened by; undefined when core offers none of that name. */
  service(name: string): CoreService | undefined { return this.services.get(name); }

  get k() { return this.sys.k; }

  /** Creates an endpoint of core's for a session and remembers it. */
  open<S extends Session>(make: (badge: number) => S): S | number {
    const badge = this.nextBadge++;
    const session = make(badge);
    const slot = this.k.k_endpoint(CORE_PD, badge);
    if (slot < 0) return slot;
    session.slot = slot;
    this.sessions.set(badge, session);
    return session;
  }

  sessionOf(badge: number): Session | undefined { return this.sessions.get(badge); }

  /** Closes a session: its endpoint is destroyed, so every capability to it turns stale. */
  close(badge: number): number {
    const s = this.sessions.get(badge);
    if (!s) return Err.Invalid;
    this.sessions.delete(badge);
    s.close?.();
    this.k.k_drop(CORE_PD, s.slot);
    return Err.Ok;
  }

  private readonly message = new Message(this.ipcWords(), this.ipcBytes(), 0);

  dispatch(badge: number, _op: number, len: number, caller: number): number {
    const session = this.sessions.get(badge);
    if (!session) return Err.Invalid;
    // Core's buffer is host memory that never moves, and a call into core cannot nest: one Message serves all.
    const msg = this.message.reset(len);
    const transferred = msg.capCount === 0 ? NONE_TRANSFERRED : this.transferred(msg);
    try {
      return session.dispatch(msg, caller);
    } catch (e) {
      // Out of stack halfway through a service: the caller's fault (the IPC path faults it).
      if (isStackOverflow(e)) throw e;
      msg.reply();
      if (e instanceof BadMessage) return Err.BadMsg;
      this.sys.console.write(`[core] ${session.label}: ${(e as Error).message}`);
      return Err.Invalid;
    } finally {
      this.dropUnkept(transferred, msg.kept);
    }
  }

  /** The capabilities a request brought into core's space (not the unwrapped ones): slot and object. */
  private transferred(msg: Message): { i: number; slot: number; obj: number }[] {
    const out: { i: number; slot: number; obj: number }[] = [];
    for (let i = 0; i < msg.capCount && i < 4; i++) {
      const c = msg.cap(i)!;
      if (!c.unwrapped) out.push({ i, slot: c.value, obj: this.k.k_cap_info(CORE_PD, c.value) });
    }
    return out;
  }

  /**
   * Drops what a request brought that its session did not keep: a client could otherwise fill
   * core's capability space with capabilities attached to any call. A slot the session dropped
   * itself may hold something new by now; only one still naming the same object (or gone stale) goes.
   */
  private dropUnkept(transferred: { i: number; slot: number; obj: number }[], kept: number): void {
    for (const t of transferred) {
      if (kept & (1 << t.i)) continue;
      const now = this.k.k_cap_info(CORE_PD, t.slot);
      if (now === t.obj || now === Err.Stale) this.k.k_drop(CORE_PD, t.slot);
    }
  }

  override signal(badge: number, _count: number): void {
    if (badge !== this.topSignal || this.top < 0) return;
    if (this.k.k_call(CORE_PD, this.topControl, PdOp.Status, 0, 0, 0, 0) !== KCall.Served) return;
    const regs = this.sys.kernel.regs();
    this.topState = { state: regs[KReg.Result]! as PdState, code: regs[KReg.Out0]! | 0 };
  }
  private topControl = 0;

  /** Moves quota between core and a PD it controls; false when the giver lacks it. */
  moveQuota(control: number, op: PdOp.Give | PdOp.Take, ram: number, caps: number): boolean {
    if (ram === 0 && caps === 0) return true;
    if (this.k.k_call(CORE_PD, control, op, 0, 0, ram, caps) !== KCall.Served) return false;
    return this.sys.kernel.regs()[KReg.Result] === Err.Ok;
  }

  /** A Report session submitted `content`: kept as the label's latest and handed to the device. */
  submitReport(label: string, content: Uint8Array): void {
    this.reports.set(label, content);
    this.reportSink?.report(label, content);
    // The top init's state report is also its ROM "state" (topOnly): `ps -a` reads the whole system.
    if (this.topName !== "" && label === `${this.topName} -> state` && !this.roms.has("state")) {
      this.romVersions.set("state", this.romVersion("state") + 1);
      this.romChanged("state");
    }
  }

  private romVersions = new Map<string, number>();

  romVersion(name: string): number {
    if (name === "log" && this.log && !this.roms.has("log")) return this.log.version;
    return this.romVersions.get(name) ?? 1;
  }

  /**
   * Replaces a ROM module while the system runs (a new config for init, say): every ROM session
   * of it that asked for change signals gets one.
   */
  updateRom(name: string, bytes: Uint8Array): void {
    this.roms.set(name, bytes);
    this.romVersions.set(name, this.romVersion(name) + 1);
    this.romChanged(name);
  }

  /** ROM sessions that asked to hear of changes, by module: a change (a log line, say) signals only them. */
  private romWatchers = new Map<string, Set<RomSession>>();

  /** `session` has a change signal (or, with `watching` false, no longer has one). */
  watchRom(session: RomSession, watching: boolean): void {
    let set = this.romWatchers.get(session.module);
    if (watching) {
      if (!set) this.romWatchers.set(session.module, (set = new Set()));
      set.add(session);
    } else if (set?.delete(session) && set.size === 0) {
      this.romWatchers.delete(session.module);
    }
  }

  /** Signals every ROM session of module `name` that asked to hear of its changes. */
  romChanged(name: string): void {
    const set = this.romWatchers.get(name);
    if (!set) return;
    for (const s of set) this.k.k_signal(CORE_PD, s.sigh);
    this.sys.schedule();
  }

  /**
   * Whether core serves module `name` to the top init alone (rom_service.ts romVisible): its
   * config, the recent log, and its own latest state report (what its routes hand on, by rewrite).
   */
  topOnly(name: string): boolean {
    if (name === "config") return true;
    if (name === "state") return !this.roms.has("state") && !this.roms.has("state.wasm");
    return name === "log" && this.log !== null && !this.roms.has("log") && !this.roms.has("log.wasm");
  }

  /** The image's provenance of the binary ROM `name` (with or without its `.wasm`), if it has one. */
  provenanceOf(name: string): Uint8Array | undefined {
    return this.roms.get(provenanceName(name)) ?? this.roms.get(provenanceName(name + ".wasm"));
  }

  /** A ROM module by name; binaries are found with or without their `.wasm`. */
  rom(name: string): Uint8Array | undefined {
    const bytes = this.roms.get(name) ?? this.roms.get(name + ".wasm");
    if (bytes === undefined && name === "log" && this.log) return this.log.bytes();
    if (bytes === undefined && name === "state" && this.topName !== "") return this.reports.get(`${this.topName} -> state`);
    return bytes;
  }

  /** The recent log lines, served as the ROM module "log" when no boot module has that name. */
  private logRing: LogRing | null = null;
  get log(): LogRing | null { return this.logRing; }
  set log(ring: LogRing | null) {
    this.logRing = ring;
    // A new line changes the module "log" (unless a boot module of that name hides it).
    if (ring) ring.changed = () => { if (!this.roms.has("log")) this.romChanged("log"); };
  }

  /** Throws LoadError unless `bytes` may run: its provenance (`envelope`) verifies with a trusted key, or it is known already. */
  checkTrusted(binary: string, bytes: Uint8Array, envelope: Uint8Array | null | undefined): void {
    // What is no Wasm at all the module check names as such: nothing of it would run either way.
    if (!isBinary(bytes)) return;
    const refusal = this.trust.check(bytes, envelope);
    if (refusal !== null) throw new LoadError(binary, refusal);
  }

  /** Checks (and caches) the module of a binary ROM; throws LoadError naming what is wrong. */
  module(name: string, bytes: Uint8Array): CheckedModule {
    const cached = this.modules.get(name);
    if (cached && (cached.bytes === bytes || sameBytes(cached.bytes, bytes))) return cached.checked;
    const checked = checkModule(name, bytes, { cache: this.meterCache });
    this.modules.set(name, { bytes, checked });
    return checked;
  }

  /**
   * A child's budget is a share of its parent's, as Genode's CPU quota is: no larger than the
   * parent's own (what the system's integrator gives the top-level init bounds all), so no
   * component makes a child that holds the host longer than it could itself. Returns the budget
   * the child gets: `fuel`, or for 0 the default, no larger than the parent's.
   */
  private childFuel(parent: number, fuel: number, binary: string): number {
    if (fuel > MAX_BUDGET) throw new LoadError(binary, `fuel ${fuel} is more than a budget can hold (${MAX_BUDGET})`);
    const p = parent === CORE_PD ? undefined : this.sys.server(parent);
    const cap = p instanceof Component ? p.fuelBudget : MAX_BUDGET;
    if (fuel > cap) throw new LoadError(binary, `fuel ${fuel} is more than its parent's own budget of ${cap}`);
    return fuel > 0 ? fuel : Math.min(DEFAULT_BUDGET, cap);
  }

  /**
   * Creates a child PD of `parent` running `binary` and places `parentSlot` (a capability of core's)
   * at its slot 1. Returns the child PD and the parent's slot for its PD object, or an error.
   */
  createChild(parent: number, label: string, binary: string, ram: number, caps: number, parentSlot: number, parentRights: number, fuel = 0, stack = 0,
    given?: Uint8Array, image = true, envelope?: Uint8Array | null): { pd: number; control: number } | number {
    // A component restarted by an update (or held at its last good version) runs that binary.
    const override = this.live.override(label, binary);
    const bytes = override?.bytes ?? given ?? this.rom(binary);
    if (!bytes) throw new LoadError(binary, `no such binary in the boot image`);
    this.checkTrusted(binary, bytes, override ? null : envelope ?? this.provenanceOf(binary));
    const budget = this.childFuel(parent, fuel, binary);
    const module = override?.module ?? this.module(image ? binary : `${binary} (local)`, bytes);
    checkFits(module, label, ram);
    const pd = this.k.k_pd_create(parent, ram, caps);
    if (pd < 0) return pd;
    const control = this.sys.kernel.regs()[KReg.Out0]!;
    const granted = this.k.k_cap_grant(CORE_PD, parentSlot, pd, Slot.Parent, parentRights);
    if (granted < 0) {
      this.k.k_kill(pd, PdState.Killed, 0);
      this.sys.reclaim();
      return granted;
    }
    try {
      this.sys.spawn(pd, label, module, ram, budget, stack);
    } catch (e) {
      // The engine would not give its memory (a huge minimum within a huge quota): refused, and the PD goes.
      this.k.k_kill(pd, PdState.Killed, 0);
      this.sys.reclaim();
      throw new LoadError(binary, `cannot create its memory of ${module.minPages} pages: ${(e as Error).message}`);
    }
    this.labels.set(pd, label);
    this.binaries.set(pd, { name: binary, bytes });
    if (override) this.live.started(pd, label);
    return { pd, control };
  }

  /** Starts the top component (init) with the whole of core's quota it asks for. */
  startTop(opts: TopOptions): void {
    const parent = this.open((badge) => new ParentSession(this, badge, opts.name));
    if (typeof parent === "number") throw new Error(`core: cannot create the parent interface (${parent})`);
    const child = this.createChild(CORE_PD, opts.name, opts.name, opts.ram, opts.caps, parent.slot, Rights.Call, MAX_BUDGET);
    if (typeof child === "number") throw new Error(`core: cannot create "${opts.name}" (error ${child})`);
    this.top = child.pd;
    this.topName = opts.name;
    this.topControl = child.control;
    parent.child = child.pd;
    parent.control = child.control;
    this.topSignal = this.nextBadge++;
    const sig = this.k.k_signal_create(CORE_PD, this.topSignal);
    this.k.k_pd_exit_signal(child.pd, CORE_PD, sig);
  }
}
