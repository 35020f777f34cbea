// A child's quota after its start: up- and downgrades when the config changes it, yield and resource requests, session upgrades.
//
// SEMANTICS.md §7: `assigned` is what init counts as given to the child (the configured amount at
// its start, even when init could not give it all). A config asking for more transfers what init
// can spare; one asking for less withdraws what the child has free and, if it holds more, asks it
// to yield. A child that runs short asks for more (a resource request): init only shows it, and a
// config that raises the quota answers it.
import { Err, ParentOp, RootOp } from "../../kernel/abi.ts";
import { warningLine } from "../lib/log.ts";
import * as msg from "../lib/message.ts";
import * as parent from "../lib/parent.ts";
import { pdGive, pdQuota, pdTake } from "../lib/pd.ts";
import { call } from "../lib/rpc.ts";
import { sys_drop, sys_signal } from "../lib/syscalls.ts";
import { Child } from "./child.ts";
import { OwnQuota } from "./own_quota.ts";
import { byteSize } from "./report_format.ts";
import { Services } from "./services.ts";
import { StateTrigger } from "./state_trigger.ts";

/** What a downgrade leaves a child at least (Genode's numbers). */
const KEEP_RAM: u64 = 16 * 1024;
const KEEP_CAPS: u64 = 5;
/** A failed withdrawal is retried with half the amount, this often. */
const DOWNGRADE_ATTEMPTS: i32 = 4;

/** The report's `assigned`: the configured amount while the child has no PD. */
export function assignedOf(c: Child, ram: bool): u64 {
  const q = c.quota;
  if (!q.started) return ram ? c.start.ram : c.start.caps;
  return ram ? q.assignedRam : q.assignedCaps;
}

/** The report's `requested` (0: none outstanding). */
export function requestedOf(c: Child, ram: bool): u64 {
  const q = c.quota;
  if (!q.requested) return 0;
  return ram ? q.requestedRam : q.requestedCaps;
}

function clamp32(v: u64): u32 { return v > 0xffffffff ? 0xffffffff : <u32>v; }

/**
 * Takes back up to `assigned - configured` of what the child has free, leaving it `keep`; a failed
 * transfer is retried with half the amount. Returns what was withdrawn.
 */
function withdraw(c: Child, ram: bool, assigned: u64, configured: u64, avail: u64, keep: u64): u64 {
  if (configured >= assigned || avail <= keep) return 0;
  let amount = min(assigned - configured, avail - keep);
  for (let i = 0; i < DOWNGRADE_ATTEMPTS && amount > 0; i++) {
    const r = ram ? pdTake(c.control, clamp32(amount), 0) : pdTake(c.control, 0, clamp32(amount));
    if (r == Err.Ok) return amount;
    amount /= 2;
  }
  c.log.write(warningLine(c.name + ": downgrade failed after " + DOWNGRADE_ATTEMPTS.toString() + " attempts"));
  return 0;
}

/** Takes a signal capability from the message in place of `old` (dropped); 0 when the message has none. */
function takeSignal(old: i32): i32 {
  if (msg.capCount() != 1 || msg.capUnwrapped(0)) return 0;
  if (old > 0) sys_drop(old);
  return msg.getCap(0);
}

/** Init's side of its children's quota: what it gives and takes back, and their requests. */
export class Resources {
  constructor(private services: Services, private ownQuota: OwnQuota, private trigger: StateTrigger) {}

  /**
   * Brings the child down to its configured quota as far as what it has free allows; if it still
   * holds more, asks it to yield the rest. `response`: the child just answered a yield request. A
   * child that freed nothing more is not asked again then (Genode would ask forever).
   */
  applyDowngrade(c: Child, response: bool = false): void {
    if (!c.alive || c.control <= 0 || !c.quota.started) return;
    const q = c.quota;
    if (c.start.ram >= q.assignedRam && c.start.caps >= q.assignedCaps) {
      q.yieldArgs = "";
      return;
    }
    const pd = pdQuota(c.control);
    if (pd == null) return;
    const ram = withdraw(c, true, q.assignedRam, c.start.ram, pd.ramAvail, KEEP_RAM);
    const caps = withdraw(c, false, q.assignedCaps, c.start.caps, pd.capsAvail, KEEP_CAPS);
    q.assignedRam -= ram;
    q.assignedCaps -= caps;
    if (ram > 0 || caps > 0) this.trigger.stateChanged();
    const demandRam = q.assignedRam > c.start.ram ? q.assignedRam - c.start.ram : 0;
    const demandCaps = q.assignedCaps > c.start.caps ? q.assignedCaps - c.start.caps : 0;
    if (demandRam == 0 && demandCaps == 0) {
      q.yieldArgs = "";
      return;
    }
    q.yieldArgs = "ram_quota=" + byteSize(demandRam) + ", cap_quota=" + demandCaps.toString();
    if (response && ram == 0 && caps == 0) return;
    if (q.yieldSignal > 0) sys_signal(q.yieldSignal);
  }

  /**
   * Gives the child what its config asks for beyond what it was assigned, as far as init can spare
   * it (its free quota less what it preserves). Quota that arrives answers a resource request.
   */
  applyUpgrade(c: Child): void {
    if (!c.alive || c.control <= 0 || !c.quota.started) return;
    const q = c.quota;
    if (c.start.ram <= q.assignedRam && c.start.caps <= q.assignedCaps) return;
    const own = this.ownQuota.now();
    if (own == null) return;
    const ramLimit = own.ramAvail > c.model.preserveRam ? own.ramAvail - c.model.preserveRam : 0;
    const capsLimit = own.capsAvail > c.model.preserveCaps ? own.capsAvail - c.model.preserveCaps : 0;
    const ram = c.start.ram > q.assignedRam ? min(c.start.ram - q.assignedRam, ramLimit) : 0;
    const caps = c.start.caps > q.assignedCaps ? min(c.start.caps - q.assignedCaps, capsLimit) : 0;
    if (ram == 0 && caps == 0) return;
    if (pdGive(c.control, clamp32(ram), clamp32(caps)) != Err.Ok) return;
    q.assignedRam += ram;
    q.assignedCaps += caps;
    this.trigger.stateChanged();
    if (q.requested) {
      q.requested = false;
      q.requestedRam = 0;
      q.requestedCaps = 0;
      if (q.availSignal > 0) sys_signal(q.availSignal);
    }
  }

  /** Applies every child's quota after a config change: all downgrades first, so upgrades can use what came back. */
  applyQuotas(all: Array<Child>): void {
    for (let i = 0; i < all.length; i++) this.applyDowngrade(all[i]);
    for (let i = 0; i < all.length; i++) this.applyUpgrade(all[i]);
  }

  /** The parent operations about quota, as the child calls them. */
  resourceOp(c: Child, op: i32): i32 {
    const q = c.quota;
    if (op == ParentOp.ResourceRequest) {
      const args = msg.getString();
      if (msg.malformed()) return Err.BadMsg;
      c.log.write("child \"" + c.name + "\" requests resources: " + args);
      q.requested = true;
      q.requestedRam = parent.resourceArg(args, "ram_quota");
      q.requestedCaps = parent.resourceArg(args, "cap_quota");
      this.trigger.stateChangedNow();
    } else if (op == ParentOp.ResourceAvailSigh) {
      const s = takeSignal(q.availSignal);
      if (s == 0) return Err.BadMsg;
      q.availSignal = s;
    } else if (op == ParentOp.YieldSigh) {
      const s = takeSignal(q.yieldSignal);
      if (s == 0) return Err.BadMsg;
      q.yieldSignal = s;
    } else if (op == ParentOp.YieldRequest) {
      msg.begin();
      msg.putString(q.yieldArgs);
      return Err.Ok;
    } else if (op == ParentOp.YieldResponse) {
      this.applyDowngrade(c, true);
      this.trigger.stateChanged();
    } else {
      return Err.BadOpcode;
    }
    msg.begin();
    return Err.Ok;
  }

  /**
   * The child donates `ram` bytes and `caps` caps more to the server of its session `id` (Genode's
   * upgrade): the quota moves from the child to the server, which is told. Refused (nothing moved)
   * when the session or its server is not there or the child lacks the quota.
   */
  upgradeSession(c: Child): i32 {
    const id = msg.getU32(), ram = msg.getU32(), caps = msg.getU32();
    if (msg.malformed()) return Err.BadMsg;
    if (!c.sessions.has(id)) return Err.Invalid;
    const s = c.sessions.get(id);
    // Init serves the config ROM itself and needs nothing for it.
    if ((ram | caps) == 0 || s.local != null) { msg.begin(); return Err.Ok; }
    const server = s.server;
    const a = server != null ? this.services.rootOf(server.name, s.service) : null;
    if (server != null && (a == null || !server.alive || server.control <= 0)) return Err.Dead;
    if (c.control > 0 && pdTake(c.control, ram, caps) != Err.Ok) return Err.Quota;
    if (server != null && a != null) {
      if (pdGive(server.control, ram, caps) != Err.Ok) {
        if (c.control > 0) pdGive(c.control, ram, caps);
        return Err.Quota;
      }
      msg.begin(RootOp.Upgrade);
      msg.putCap(s.cap);
      msg.putU32(ram);
      msg.putU32(caps);
      msg.putU32(s.serverId);
      const r = call(a.root);
      if (r < 0 && r != Err.Pending) c.log.write(c.name + ": upgrade of \"" + s.service + "\" session at \"" + server.name + "\" failed (error " + r.toString() + ")");
    } else {
      const r = parent.upgrade(s.parentId, ram, caps);
      if (r < 0) {
        if (c.control > 0) pdGive(c.control, ram, caps);
        return r;
      }
    }
    s.ram += ram;
    s.caps += caps;
    this.trigger.stateChanged();
    msg.begin();
    return Err.Ok;
  }
}
