// The running system: kernel.wasm, the table of PDs the host serves, activations, faults and deaths.
import { Err, FaultKind, KReg, PdState } from "../abi.ts";
import type { Clock } from "./devices/clock.ts";
import type { Console } from "./devices/console.ts";
import { Component, type Syscalls } from "./component.ts";
import { describeFault, PdUnwind } from "./errors.ts";
import { DEFAULT_BUDGET } from "./fuel/meter.ts";
import { DEFAULT_STACK_LIMIT } from "./fuel/stack_bound.ts";
import { Gates } from "./gate.ts";
import { gateEnter, ipcCall, type IpcHost } from "./ipc.ts";
import type { Kernel, KernelExports } from "./kernel.ts";
import type { CheckedModule } from "./module_check.ts";
import type { Server } from "./server.ts";
import { Unwound, unwindingFault } from "./unwound.ts";
import { HOP_STACK } from "./stack.ts";

export interface FaultRecord { pd: number; label: string; reason: string }

/**
 * One turn of the loop runs at most this many activations (starts and signals), then yields to
 * the platform (timers, device input, other tasks) before the next: a handler that submits its
 * own signal forever cannot keep the host from its alarms and other components.
 */
export const TURN_ACTIVATIONS = 1000;
/**
 * ... and at most this long on the system's clock. A platform clock is real time; a virtual clock
 * stands still within a turn, so there the count alone bounds it and runs stay deterministic.
 */
export const TURN_MS = 5;

export class System implements IpcHost {
  readonly servers: (Server | undefined)[] = [];
  /** Activations waiting to run (component starts), in order; `jobHead` avoids O(n) shifts. */
  private jobs: (() => void)[] = [];
  private jobHead = 0;
  /** The kernel's death count when the host last reclaimed: a change means someone died. */
  deathsSeen = 0;
  private scheduled = false;
  private idleWaiters: (() => void)[] = [];
  /** Told each time the loop runs dry (a virtual clock moves time then). */
  private settledWatchers: (() => void)[] = [];
  /** Told each time a turn ends with work left and the loop yields (a virtual clock lets time pass then). */
  private yieldWatchers: (() => void)[] = [];
  /** A signal taken from the kernel's queue when the turn had run out: delivered first in the next. */
  private carried: { s: Server; badge: number; count: number } | null = null;
  /** Device work that keeps the system from being idle (pending alarms, open terminals). */
  private busyDevices = 0;
  readonly faults: FaultRecord[] = [];
  /**
   * Asked before a fault kills a component (core's live update: a version in its probation is
   * rolled back instead). True: the fault was absorbed, the PD lives on.
   */
  faultHook: ((s: Server, reason: string) => boolean) | null = null;
  /** Starts core refused (a missing binary, a module that failed its checks). */
  readonly refused: FaultRecord[] = [];

  /** `clock` times each turn of the loop (TURN_MS); without one, turns are bounded by count alone. */
  constructor(kernel: Kernel, readonly console: Console, private readonly clock?: Pick<Clock, "now">) {
    this.kernel = kernel;
    this.k = kernel.k;
    this.gates = new Gates(this.k.k_call_short, {
      enter: (client, server, badge, op, len) => gateEnter(this, client, server, badge, op, len),
      slow: (client, slot) => {
        if (client === this.sealedPd) return Err.Denied;
        const c = this.servers[client];
        return c === undefined ? Err.Dead : ipcCall(this, c, slot);
      },
    });
  }

  /** The message registers and the gate modules of short calls (gate.ts). */
  readonly gates: Gates;

  /** The running kernel.wasm; replaceKernel puts another in its place. */
  kernel: Kernel;

  /**
   * kernel.wasm's exports: a field, as the IPC path reads it on every call. Everything that reaches
   * the kernel reads it here, never a copy of its own, so a live kernel swap (replaceKernel) reaches all.
   */
  k: KernelExports;

  /**
   * From now on `kernel` is the system's kernel: the exports, the registers and every call gate
   * reach it. Only between activations (the chain empty), with `kernel` holding the running
   * kernel's state (kernel_swap.ts swapKernel does both).
   */
  replaceKernel(kernel: Kernel): void {
    this.kernel = kernel;
    this.k = kernel.k;
    this.gates.kernelChanged(kernel.k.k_call_short);
  }

  register(s: Server): void { this.servers[s.pd] = s; }

  server(pd: number): Server | undefined { return this.servers[pd]; }

  /**
   * Puts instance `now` in place of `old` in `old`'s PD (a live swap, live_swap.ts): every later call
   * and signal reaches it, a signal taken for `old` and carried to the next turn included.
   */
  replace(old: Server, now: Server): void {
    this.servers[old.pd] = now;
    if (this.carried !== null && this.carried.s === old) this.carried.s = now;
  }

  regs(): Int32Array { return this.kernel.regs(); }

  /** Creates the instance of a checked module in an existing PD and queues its start. */
  /** `fuel`: the component's budget per activation; 0 means the default. `stack`: the stack its recursion may take, in bytes; 0 means the default (fuel/stack_bound.ts). */
  spawn(pd: number, label: string, module: CheckedModule, ramQuota: number, fuel = 0, stack = 0): Component {
    // The memory may grow into what its tables and shape leave of the quota (their cost is charged
    // from the start), and no further than the maximum the module declares (its import links only then).
    const maxPages = Math.min(Math.floor((ramQuota - module.hostBytes) / 65536), module.maxPages ?? Infinity);
    const c = new Component(pd, label, module, Math.max(maxPages, module.minPages), fuel > 0 ? fuel : DEFAULT_BUDGET, stack > 0 ? stack : DEFAULT_STACK_LIMIT);
    this.register(c);
    this.k.k_ram_used(pd, module.minPages * 65536 + module.hostBytes);
    this.queue(() => this.activate(c, () => {
      const gate = this.gates.callGate(c.memory, pd);
      c.instantiate(this.syscalls(c, gate.call), gate);
      c.start();
    }));
    return c;
  }

  /**
   * The PD whose instance a live swap runs sealed (its snapshot, its successor's restore: live_swap.ts),
   * or -1: every syscall it makes fails with Err.Denied, so it changes nothing outside itself.
   * Its call gate is sealed too (Component.sealCalls), so its calls reach the host's path, which checks this.
   */
  sealedPd = -1;

  /** The syscalls of one component: the only functions its module may import besides abort. `call` is its call gate's. */
  syscalls(c: Component, call: (slot: number) => number): Syscalls {
    // Each reads this.k when it runs: a component keeps its syscalls across a kernel swap.
    const pd = c.pd;
    return {
      call,
      signal: (slot) => pd === this.sealedPd ? Err.Denied : this.after(c, this.k.k_signal(pd, slot)),
      derive: (slot, rights) => pd === this.sealedPd ? Err.Denied : this.k.k_derive(pd, slot, rights),
      drop: (slot) => pd === this.sealedPd ? Err.Denied : this.after(c, this.k.k_drop(pd, slot)),
      endpoint: (badge) => pd === this.sealedPd ? Err.Denied : this.k.k_endpoint(pd, badge),
      signal_create: (badge) => pd === this.sealedPd ? Err.Denied : this.k.k_signal_create(pd, badge),
      exit: (code) => {
        if (pd === this.sealedPd) return Err.Denied;
        this.k.k_kill(c.pd, PdState.Exited, code | 0);
        this.reclaim();
        throw new PdUnwind(c.pd);
      },
    };
  }

  /** After a syscall that can kill (dropping a PD capability): reclaim, and unwind if the caller died. */
  after(c: Server, result: number): number {
    this.checkDeaths(c);
    this.schedule();
    return result;
  }

  /**
   * Reclaims dead instances if anything died; throws PdUnwind if `c` is not alive any more: its
   * own server may have killed it during its call, and the rest of its activation must not run.
   */
  checkDeaths(c: Server): void {
    if (this.kernel.regs()[KReg.Deaths] !== this.deathsSeen) this.reclaim();
    if (this.servers[c.pd] !== c) throw new PdUnwind(c.pd);
  }

  queue(job: () => void): void {
    if (this.halted) return;
    this.jobs.push(job);
    this.schedule();
  }

  /** Servers unwound in the middle of a call and not yet faulted (unwound.ts). */
  readonly unwound = new Unwound();

  /**
   * Faults each server an exception unwound in the middle of a call: torn, unless its own trap
   * did. Each leaves the list once faulted, so a stack that runs out here leaves the rest to the
   * next frame out.
   */
  settleUnwound(): void {
    const u = this.unwound;
    while (u.count > 0) {
      const i = u.count - 1, s = u.servers[i]!, e = u.errors[i];
      const kind = unwindingFault(s, e);
      if (kind !== null && this.servers[s.pd] === s) this.fault(s, e, kind);
      u.servers[i] = null;
      u.errors[i] = null;
      u.count = i;
    }
  }

  /** The stack the call chain's components may take, by their bounds (stack.ts). */
  stackUsed = 0;

  /** Runs `run` as an activation of `s`: on the call chain, with its faults contained. */
  activate(s: Server, run: () => void): void {
    if (this.k.k_enter(s.pd) < 0) return;
    s.fuelDebt = 0;
    const stackBefore = this.stackUsed;
    this.stackUsed = stackBefore + s.stackBound + HOP_STACK;
    try {
      run();
    } catch (e) {
      // Servers it called that the exception tore on its way out go first.
      this.settleUnwound();
      if (!(e instanceof PdUnwind && e.pd === s.pd)) this.fault(s, e);
    } finally {
      this.stackUsed = stackBefore;
      this.k.k_leave(s.pd);
      this.account(s);
      this.reclaim();
    }
  }

  /** A component trapped (or was torn in the middle of a call: `kind`): its PD dies alone; the log says why in one line. */
  fault(s: Server, e: unknown, kind: FaultKind = FaultKind.Trap): void {
    let reason = describeFault(e);
    if (kind === FaultKind.Torn) reason += ": torn in the middle of a call";
    if (s instanceof Component && s.outOfFuel && e instanceof WebAssembly.RuntimeError) {
      reason = `out of fuel: spent all ${s.fuelBudget} units of its budget in one activation (loops, calls, bulk memory work, syscalls)`;
    } else if (s instanceof Component && s.outOfStack && e instanceof WebAssembly.RuntimeError) {
      reason = `stack overflow: its recursion took more than its bound of ${s.stackLimit} bytes of stack (<start stack="..."> raises it)`;
    }
    // AssemblyScript traps when memory.grow fails: say so when the memory is close to its quota.
    if (s instanceof Component && s.memoryNearlyFull) reason += ` (memory ${s.memoryBytes >> 10} of ${s.maxPages * 64} KiB: RAM quota exhausted?)`;
    this.faults.push({ pd: s.pd, label: s.label, reason });
    this.console.write(`[core] ${s.label}: fault: ${reason}`);
    if (this.faultHook?.(s, reason)) return;
    this.k.k_kill(s.pd, PdState.Faulted, kind);
    this.reclaim();
  }

  /** Tells the kernel how much memory a component holds after it grew; over quota is a fault. */
  account(s: Server): void {
    if (!(s instanceof Component) || this.servers[s.pd] !== s || !s.takeGrowth()) return;
    if (this.k.k_ram_used(s.pd, s.ramBytes) === Err.Quota) this.fault(s, new Error("memory grew past its RAM quota"));
  }

  /** Drops the instances of PDs that died, so their memories can be reclaimed. */
  reclaim(): void {
    this.deathsSeen = this.kernel.regs()[KReg.Deaths]!;
    for (let pd = this.k.k_next_dead(); pd >= 0; pd = this.k.k_next_dead()) {
      const s = this.servers[pd];
      if (s instanceof Component) s.drop();
      this.servers[pd] = undefined;
    }
  }

  /**
   * Runs queued starts, then pending signals, oldest first, until there are none, or until the
   * turn's bound (TURN_ACTIVATIONS, TURN_MS) is reached: then it yields to the platform and runs
   * again in a later task. A signal submitted again by its own handler is queued behind the
   * others (kernel/signal.ts), so every pending signal is delivered within a turn or two.
   */
  run(): void {
    this.scheduled = false;
    if (this.halted) return;
    const regs = () => this.kernel.regs();
    const clock = this.clock;
    const deadline = clock ? clock.now() + TURN_MS : Infinity;
    for (let n = 0; ; n++) {
      const spent = n >= TURN_ACTIVATIONS || (clock !== undefined && clock.now() >= deadline);
      if (this.jobHead < this.jobs.length) {
        if (spent) return this.yieldTurn();
        const job = this.jobs[this.jobHead]!;
        this.jobs[this.jobHead++] = undefined as unknown as () => void;
        if (this.jobHead > 1024 && this.jobHead * 2 > this.jobs.length) {
          this.jobs = this.jobs.slice(this.jobHead);
          this.jobHead = 0;
        }
        job();
        continue;
      }
      let next = this.carried;
      this.carried = null;
      if (next === null) {
        const pd = this.k.k_next_signal();
        if (pd < 0) break;
        const s = this.servers[pd];
        if (!s) continue;
        next = { s, badge: regs()[KReg.SigBadge]!, count: regs()[KReg.SigCount]! };
      }
      // Taken from the kernel's queue but over the turn's bound: it goes first in the next turn.
      if (spent) {
        this.carried = next;
        return this.yieldTurn();
      }
      const { s, badge, count } = next;
      // A PD that died while its signal waited across a yield gets nothing.
      if (this.servers[s.pd] === s) this.activate(s, () => s.signal(badge, count));
    }
    this.jobs.length = 0;
    this.jobHead = 0;
    if (this.busyDevices === 0) for (const w of this.idleWaiters.splice(0)) w();
    for (const w of this.settledWatchers) w();
  }

  /** The turn ran out with work left: the platform gets its turn, and the loop runs on in a later task. */
  private yieldTurn(): void {
    this.schedule();
    for (const w of this.yieldWatchers) w();
  }

  /** Calls `fn` each time a turn of the loop ends with work left: the host yields to the platform, time passes. */
  whenYielding(fn: () => void): void {
    this.yieldWatchers.push(fn);
  }

  /** Calls `fn` each time the loop has run dry: no start and no signal left (devices may still be busy). */
  whenSettled(fn: () => void): void {
    this.settledWatchers.push(fn);
  }

  /** Runs the event loop soon (after the current activation and the current host task). */
  schedule(): void {
    if (this.scheduled || this.halted) return;
    this.scheduled = true;
    defer(() => this.run());
  }

  /** True once halted: nothing runs any more. */
  halted = false;

  /**
   * Stops the system for good (before a reboot): queued starts and carried signals are dropped,
   * and no activation runs any more; waiters on idle() are left waiting.
   */
  halt(): void {
    this.halted = true;
    this.jobs.length = 0;
    this.jobHead = 0;
    this.carried = null;
  }

  /** A device holds (or releases) work that will produce events later. */
  deviceBusy(delta: number): void {
    this.busyDevices += delta;
    this.schedule();
  }

  /** Resolves when no start, signal or device work is left. */
  idle(): Promise<void> {
    return new Promise((resolve) => {
      this.idleWaiters.push(resolve);
      this.schedule();
    });
  }
}

/**
 * Runs `fn` after the current host task: setImmediate in Node; in a browser a message to itself,
 * since nested zero timeouts are clamped to 4 ms and would slow every activation; else a timeout.
 */
const defer: (fn: () => void) => void =
  typeof (globalThis as { setImmediate?: unknown }).setImmediate === "function"
    ? (fn) => (globalThis as unknown as { setImmediate(f: () => void): void }).setImmediate(fn)
    : typeof MessageChannel === "function" ? channelDefer() : (fn) => setTimeout(fn, 0);

/** Resolves in a later host task (see defer). */
export function nextTask(): Promise<void> {
  return new Promise((resolve) => defer(resolve));
}

function channelDefer(): (fn: () => void) => void {
  const waiting: (() => void)[] = [];
  const channel = new MessageChannel();
  channel.port1.onmessage = () => { for (const fn of waiting.splice(0)) fn(); };
  return (fn) => {
    waiting.push(fn);
    if (waiting.length === 1) channel.port2.postMessage(0);
  };
}
