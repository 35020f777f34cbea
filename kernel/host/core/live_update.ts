// Live update: core's record of the components swapped in place, their previous versions kept for rollback, probation, holding, and the `core -> swaps` report.
//
// A swap replaces a PD's instance (kernel/host/live_swap.ts) and keeps the one it replaced, as it
// was, for the probation window: a fault of the new code within it puts the old instance back
// (its memory as at the swap) instead of killing the PD. A component without state hooks is
// restarted with the new binary instead (Genode's way): core kills its PD as "updated", its parent
// starts it again, and core hands the parent's start the new binary (`override`). A version that
// faults again and again after its probation is held: the next start gets the last good binary.
import { FaultKind, PdState } from "../../abi.ts";
import { SwapOutcome, SwapState, UpdateLimit } from "../../../components/update_session/protocol.ts";
import { Component } from "../component.ts";
import { reinstate, swapInstance } from "../live_swap.ts";
import type { CheckedModule } from "../module_check.ts";
import type { Server } from "../server.ts";
import type { Core } from "./core.ts";
import { sha256Of } from "./rom_dataspace.ts";
import { CORE_PD } from "./session.ts";
import { swapsReport } from "./swaps_report.ts";

/** A binary a component ran or runs: its checked module and what names it. */
export interface Version { module: CheckedModule; bytes: Uint8Array; sha256: string; name: string }

/** What a swap leaves for the component's next start: the version, for starts of the binary it replaced. */
interface Override { binary: string; version: Version }

/** Faults of a swapped-in version after its probation before it is held at the last good version. */
export const HOLD_AFTER_FAULTS = 2;

export class SwapRecord {
  state = SwapState.Probation;
  /** Versions the component ran: 1 is the one it started with. */
  version = 1;
  reason = "";
  previous: Version | null = null;
  /** The instance the last swap replaced, as it was then: put back by a fault in probation. */
  old: Component | null = null;
  probationUntil = 0;
  /** Faults of the current version since it was swapped in. */
  faults = 0;
  /** `binary`: the name its parent starts it by (its <start>'s binary). */
  constructor(readonly label: string, public pd: number, public current: Version, readonly binary: string) {}
}

/** What a swap answered: SwapOutcome, the state bytes carried and the line to print. */
export interface SwapAnswer { outcome: SwapOutcome; stateBytes: number; line: string }

export class LiveUpdate {
  /** Every component ever swapped, by label, in the order of their first swap. */
  private readonly records = new Map<string, SwapRecord>();
  /** A PD's probation for swaps, as its parent set it at its start (init's <start probation_ms>); else the default. */
  readonly probation = new Map<number, number>();
  /**
   * The version a label's next start runs, as long as it starts the binary it first swapped from:
   * its parent restarts it on the code it runs now (or, held, on the last good), not on the image's.
   */
  private readonly overrides = new Map<string, Override>();

  constructor(private readonly core: Core) {
    core.sys.faultHook = (s, reason) => this.faulted(s, reason);
    // Probation windows end on the system's clock; looked at whenever the loop has run dry.
    core.sys.whenSettled(() => this.tick());
  }

  get entries(): SwapRecord[] { return [...this.records.values()]; }

  /** The running PD `target` names: its full label, or the last element of exactly one label. */
  find(target: string): { pd: number; label: string } | string {
    if (target === "" || target === "core") return target === "" ? "no component named" : "core cannot be swapped: it is the host's own code";
    const matches: { pd: number; label: string }[] = [];
    for (const [pd, label] of this.core.labels) {
      if (pd === CORE_PD || !this.core.sys.server(pd)) continue;
      if (label === target) return { pd, label };
      if (label.endsWith(" -> " + target)) matches.push({ pd, label });
    }
    if (matches.length === 1) return matches[0]!;
    if (matches.length > 1) return `${target} names ${matches.length} components: ${matches.map((m) => `"${m.label}"`).join(", ")}`;
    return `${target}: no such component running`;
  }

  /** The version a start of `binary` as `label` runs instead, if a swap or a hold put one there. */
  override(label: string, binary: string): Version | undefined {
    const o = this.overrides.get(label);
    return o !== undefined && o.binary === binary ? o.version : undefined;
  }

  /** Starts of the record's first binary run `version` from now on. */
  private runNext(r: SwapRecord, version: Version): void {
    this.overrides.set(r.label, { binary: r.binary, version });
  }

  private record(pd: number, label: string): SwapRecord {
    let r = this.records.get(label);
    const s = this.core.sys.server(pd);
    if (!r) {
      const started = this.core.binaries.get(pd) ?? { name: "", bytes: new Uint8Array(0) };
      const module = (s as Component).module;
      r = new SwapRecord(label, pd, { module, bytes: started.bytes, sha256: sha256Of(started.bytes), name: started.name }, started.name);
      this.records.set(label, r);
    }
    r.pd = pd;
    return r;
  }

  /**
   * Replaces `pd`'s code with `next`, between its activations (the caller sees to it). Checked
   * first: core and the top component without hooks are refused; nothing changes on a refusal.
   */
  swap(pd: number, label: string, next: Version, probationMs: number): SwapAnswer {
    const s = this.core.sys.server(pd);
    if (!(s instanceof Component)) return refused(`${label}: not a component`);
    const name = lastElement(label);
    const r = this.record(pd, label);
    const outcome = swapInstance(this.core.sys, pd, next.module);
    if (outcome.kind === "refused") return refused(`${name}: ${outcome.reason}; the running version keeps running`);
    if (outcome.kind === "no-state") {
      if (this.core.top === pd) return refused(`${name} has no snapshot, and restarting the top component would end the system`);
      return this.restart(r, s, next);
    }
    this.advance(r, next, SwapState.Probation);
    this.runNext(r, next);
    r.old = outcome.old;
    r.probationUntil = this.core.clock.now() + (probationMs > 0 ? probationMs : this.probation.get(pd) ?? UpdateLimit.ProbationMs);
    this.core.sys.console.write(`[core] ${label}: swapped in place to ${next.name} (sha256 ${next.sha256.slice(0, 12)}, version ${r.version}), state kept: ${outcome.stateBytes} bytes`);
    this.report();
    return { outcome: SwapOutcome.Swapped, stateBytes: outcome.stateBytes, line: `${name}: swapped in place (state kept: ${outcome.stateBytes} bytes)` };
  }

  /** Genode's update: the PD ends as "updated" and its parent starts it again, with `next` (override). */
  private restart(r: SwapRecord, s: Component, next: Version): SwapAnswer {
    const name = lastElement(r.label);
    this.advance(r, next, SwapState.Restarted);
    r.old = null;
    this.runNext(r, next);
    this.core.sys.console.write(`[core] ${r.label}: no snapshot: restarting it with ${next.name} (sha256 ${next.sha256.slice(0, 12)})`);
    this.core.k.k_kill(s.pd, PdState.Faulted, FaultKind.Updated);
    this.core.sys.reclaim();
    this.report();
    return { outcome: SwapOutcome.Restarted, stateBytes: 0, line: `${name} has no snapshot: restarted, its sessions closed` };
  }

  private advance(r: SwapRecord, next: Version, state: SwapState): void {
    r.previous = r.current;
    r.current = next;
    r.version++;
    r.state = state;
    r.reason = "";
    r.faults = 0;
  }

  /** `swap --back`: the previous version again, with the running one's state when it can take it. */
  back(target: string): { ok: boolean; line: string } {
    const found = this.find(target);
    if (typeof found === "string") return { ok: false, line: found };
    const r = this.records.get(found.label);
    const name = lastElement(found.label);
    if (!r || !r.previous) return { ok: false, line: `${name} has no previous version` };
    const prev = r.previous;
    const outcome = swapInstance(this.core.sys, found.pd, prev.module);
    let how: string;
    if (outcome.kind === "restored") how = `with its state (${outcome.stateBytes} bytes)`;
    else if (r.old && this.core.sys.server(found.pd) !== r.old) {
      reinstate(this.core.sys, r.old);
      how = "as it was at the swap";
    } else return { ok: false, line: `${name}: cannot put the previous version back: ${outcome.kind === "refused" ? outcome.reason : "it has no snapshot"}` };
    this.rollBack(r, "put back by hand");
    return { ok: true, line: `${name}: back to version ${r.version} (sha256 ${prev.sha256.slice(0, 12)}) ${how}` };
  }

  private rollBack(r: SwapRecord, reason: string): void {
    const bad = r.current;
    r.current = r.previous!;
    r.previous = bad;
    r.version--;
    r.state = SwapState.RolledBack;
    r.reason = reason;
    r.old = null;
    r.faults = 0;
    this.runNext(r, r.current);
    this.core.sys.console.write(`[core] ${r.label}: rolled back to version ${r.version} (sha256 ${r.current.sha256.slice(0, 12)}): ${reason}`);
    this.report();
  }

  /** System.fault's hook: a fault of a swapped-in version. True when it was absorbed (rolled back). */
  private faulted(s: Server, reason: string): boolean {
    const label = this.core.labels.get(s.pd);
    const r = label === undefined ? undefined : this.records.get(label);
    if (!r || r.pd !== s.pd || r.state === SwapState.RolledBack || r.state === SwapState.Held) return false;
    if (r.state === SwapState.Probation && r.old && r.old.pd === s.pd && this.core.clock.now() < r.probationUntil) {
      reinstate(this.core.sys, r.old);
      this.rollBack(r, `version ${r.version} faulted in its probation: ${reason}`);
      return true;
    }
    // After its probation (or restarted without state): it dies as any fault, the old instance with it;
    // a version that does so again and again is held.
    r.old = null;
    if (++r.faults >= HOLD_AFTER_FAULTS && r.previous) {
      this.runNext(r, r.previous);
      r.state = SwapState.Held;
      r.reason = `version ${r.version} faulted ${r.faults} times: ${reason}`;
      this.core.sys.console.write(`[core] ${r.label}: held at version ${r.version - 1} (sha256 ${r.previous.sha256.slice(0, 12)}): ${r.reason}`);
      this.report();
    }
    return false;
  }

  /** A restarted component's new PD: the record follows it. */
  started(pd: number, label: string): void {
    const r = this.records.get(label);
    if (r) r.pd = pd;
  }

  /** Ends the probation windows that are over. */
  private tick(): void {
    let changed = false;
    const now = this.core.clock.now();
    for (const r of this.records.values()) {
      if (r.state !== SwapState.Probation || now < r.probationUntil) continue;
      r.state = SwapState.Running;
      // The old instance is no longer a fallback: its memory can go.
      r.old?.drop();
      r.old = null;
      changed = true;
    }
    if (changed) this.report();
  }

  /** Hands the swaps to core's report device (the page's graph) under `core -> swaps`. */
  private report(): void {
    this.core.submitReport("core -> swaps", new TextEncoder().encode(swapsReport(this.entries)));
  }
}

function refused(line: string): SwapAnswer { return { outcome: SwapOutcome.Refused, stateBytes: 0, line }; }

function lastElement(label: string): string {
  const i = label.lastIndexOf(" -> ");
  return i < 0 ? label : label.slice(i + 4);
}
