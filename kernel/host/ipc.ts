// The host's half of a call: it moves the bytes the kernel allowed, and nothing the kernel did not.
import { Err, FaultKind, KCall, KReg, Msg } from "../abi.ts";
import { FuelExhausted } from "./errors.ts";
import { GateStatus, SPENT_MAX, type Gates } from "./gate.ts";
import type { KernelExports } from "./kernel.ts";
import { NativeServer, type Server } from "./server.ts";
import { STACK_BUDGET, stackWith } from "./stack.ts";
import type { Unwound } from "./unwound.ts";

/** What the IPC path needs of the running system (system.ts System), as gate.ts's GateHost is for the gates. */
export interface IpcHost {
  /** kernel.wasm's exports. */
  readonly k: KernelExports;
  /** The message registers and the gate modules of short calls. */
  readonly gates: Gates;
  /** The kernel's register words (a view made anew when kernel memory grew). */
  regs(): Int32Array;
  /** The server of PD `pd`, or undefined when it is gone. */
  server(pd: number): Server | undefined;
  /** After a syscall that can kill: reclaims, and unwinds if `c` died. */
  after(c: Server, result: number): number;
  /** Reclaims the dead if any died; unwinds if `c` is one of them. */
  checkDeaths(c: Server): void;
  /** `s` trapped (or was torn: `kind`): its PD dies alone. */
  fault(s: Server, e: unknown, kind?: FaultKind): void;
  /** Servers unwound in the middle of a call and not yet faulted (unwound.ts). */
  readonly unwound: Unwound;
  /** Faults the servers `unwound` holds. */
  settleUnwound(): void;
  /** The stack the call chain's components may take, by their bounds (stack.ts). */
  stackUsed: number;
  /** Tells the kernel how much memory `s` holds after it grew. */
  account(s: Server): void;
}

const W_OP = Msg.Opcode >> 2, W_BADGE = Msg.Badge >> 2, W_LEN = Msg.Length >> 2, W_CAPS = Msg.Caps >> 2;
const W_UNWRAPPED = Msg.Unwrapped >> 2, W_CAP0 = Msg.Cap0 >> 2, W_PAYLOAD = Msg.Payload >> 2;

/**
 * Copies `len` payload bytes between IPC buffers: by words when short, as one block when long.
 * Each typed-array access costs checks (map, detached buffer, bounds), so where both buffers have
 * a 64-bit view (see Server.ipcLongs) the payload goes as its first word, pairs of words as one
 * BigInt64 each (TurboFan moves them as plain 64-bit integers, bit for bit, no BigInt made), and
 * an odd last word: half the accesses. Otherwise by 32-bit words, four at a time, each group read
 * before it is written, which V8 compiles much tighter than a plain word loop.
 */
function copyPayload(src: Int32Array, from: Server, dst: Int32Array, to: Server, len: number): void {
  const words = (len + 3) >> 2;
  if (words <= 32) {
    const srcLongs = from.ipcLongs(), dstLongs = to.ipcLongs();
    if (srcLongs !== null && dstLongs !== null && words !== 0) {
      dst[W_PAYLOAD] = src[W_PAYLOAD]!;
      const pairs = (words - 1) >> 1;
      let j = 0;
      for (; j + 2 <= pairs; j += 2) {
        const a = srcLongs[j]!, b = srcLongs[j + 1]!;
        dstLongs[j] = a; dstLongs[j + 1] = b;
      }
      if (j < pairs) dstLongs[j] = srcLongs[j]!;
      if ((words & 1) === 0) dst[W_PAYLOAD + words - 1] = src[W_PAYLOAD + words - 1]!;
    } else {
      let i = W_PAYLOAD;
      const end = W_PAYLOAD + words;
      for (; i + 4 <= end; i += 4) {
        const a = src[i]!, b = src[i + 1]!, c = src[i + 2]!, d = src[i + 3]!;
        dst[i] = a; dst[i + 1] = b; dst[i + 2] = c; dst[i + 3] = d;
      }
      for (; i < end; i++) dst[i] = src[i]!;
    }
  } else {
    to.ipcBytes().set(from.ipcBytes().subarray(Msg.Payload, Msg.Payload + len), Msg.Payload);
    return;
  }
  // The bytes of the last word past `len` are zeroed: none the sender did not send gets across.
  if ((len & 3) !== 0) dst[W_PAYLOAD + words - 1] = src[W_PAYLOAD + words - 1]! & ((1 << ((len & 3) << 3)) - 1);
}

/**
 * The `call` syscall of `c` through capability `slot` by the full path (a call gate sends the
 * short ones by gate.ts): 0 when the call reached its server (its result is the reply's opcode
 * word), or an error. It reads each view once, and crosses into Wasm only for k_call, the server
 * and k_reply.
 */
export function ipcCall(host: IpcHost, c: Server, slot: number): number {
  const k = host.k;
  const ipc = c.ipcWords();
  const op = ipc[W_OP]!, len = ipc[W_LEN]!, ncaps = ipc[W_CAPS]!;
  if (ncaps !== 0) {
    const regs = host.regs();
    if (ncaps > 0 && ncaps <= Msg.MaxCaps) for (let i = 0; i < ncaps; i++) regs[KReg.Cap0 + i] = ipc[W_CAP0 + i]!;
  }

  const target = k.k_call(c.pd, slot, op, len, ncaps, ipc[W_PAYLOAD]!, ipc[W_PAYLOAD + 1]!);
  const regs = host.regs();
  if (target < 0) {
    if (target !== KCall.Served) return target;
    // A PD object: the kernel answered; its results become the reply.
    ipc[W_OP] = regs[KReg.Result]!;
    ipc[W_LEN] = 16;
    ipc[W_CAPS] = 0;
    for (let i = 0; i < 4; i++) ipc[W_PAYLOAD + i] = regs[KReg.Out0 + i]!;
    host.after(c, 0);
    return Err.Ok;
  }
  return deliver(host, c, host.server(target)!, regs[KReg.Badge]!, op, len, ncaps);
}

/**
 * The host's half of a call gate's short call, after the kernel said yes: the server runs through
 * its serve gate with the request in the message registers (Err.Ok: the reply is there too), or by
 * the full path when it has none (a native server; GateStatus.InPlace: the reply is in the
 * client's IPC buffer). Or an error.
 */
export function gateEnter(host: IpcHost, client: number, target: number, badge: number, op: number, len: number): number {
  const c = host.server(client), server = host.server(target)!;
  if (c === undefined) return Err.Dead;
  let serve: ReturnType<Server["serveGate"]>;
  try {
    serve = server.serveGate(host.gates);
  } catch (e) {
    return serverFailed(host, c, server, e); // its gate would not link: the server's fault, not the client's
  }
  if (serve === null) {
    const e = deliver(host, c, server, badge, op, len, 0);
    return e < 0 ? e : GateStatus.InPlace;
  }
  const stackBefore = host.stackUsed, stack = stackWith(stackBefore, server);
  if (stack > STACK_BUDGET) return refused(host, c, server, 0, Err.Depth);
  if (c.caller !== null && chainSpent(c)) return refused(host, c, server, 0, Err.Fuel);
  host.stackUsed = stack;
  let st: number;
  server.caller = c;
  server.fuelDebt = 0;
  try {
    st = serve(badge, op, len);
  } catch (e) {
    host.stackUsed = stackBefore;
    // No call before the mark: the stack may have room for none (unwound.ts).
    const u = host.unwound;
    u.servers[u.count] = server;
    u.errors[u.count++] = e;
    server.caller = null;
    return serverFailed(host, c, server, e);
  }
  host.stackUsed = stackBefore;
  server.caller = null;
  // What the call cost the server comes with the gate's status (gate.ts); past SPENT_MAX, read it.
  const spent = (st >>> 1 === SPENT_MAX ? spentBy(server) : st >>> 1) + takeDebt(server);
  if ((st & 1) !== 0) {
    const e = replyOut(host, c, server, host.gates.result);
    charge(c, server, spent);
    return e < 0 ? e : GateStatus.InPlace;
  }
  host.checkDeaths(c);
  charge(c, server, spent);
  return Err.Ok;
}

/**
 * True when the chain of calls `c` serves (c, its caller, theirs, up to the activation the host
 * began) has spent its first caller's budget: each member what it spent so far, its callees'
 * work not yet charged to it. A server enters with its own budget, so each hop could add one
 * budget more; refusing to enter past the first caller's budget bounds a whole chain at two.
 * The refusal is an error to the caller, not a fault: a server on the chain was not at fault.
 */
function chainSpent(c: Server): boolean {
  let spent = 0;
  let s: Server | null = c, root = c;
  while (s !== null) {
    const f = s.fuelCounter;
    if (f !== null) spent += s.fuelBudget - (f.value as number) + s.fuelDebt;
    root = s;
    s = s.caller;
  }
  return root.fuelCounter !== null && spent >= root.fuelBudget;
}

/**
 * Fuel servers spent for a component is taken off its counter once it adds up to this much: a
 * counter is a Wasm global, and reading and writing one from the host costs about what a whole
 * short call does. A component may so overrun its budget by as much, less than a millisecond.
 */
export const DEBT_FLUSH = 1 << 16;

/** What the call just served cost `server`: its budget less its counter (0 for core). */
function spentBy(server: Server): number {
  const f = server.fuelCounter;
  return f === null ? 0 : server.fuelBudget - Math.max(0, f.value as number);
}

/** The fuel its own servers spent for `s` and not yet charged: it goes on to whoever `s` served. */
function takeDebt(s: Server): number {
  const d = s.fuelDebt;
  s.fuelDebt = 0;
  return d;
}

/**
 * CPU time follows the call (seL4's scheduling contexts): what the server spent on the call comes
 * off the caller's counter (which its syscall left in the global: fuel/rewrite_body.ts), in sums
 * of DEBT_FLUSH, so no client multiplies its budget through servers; the server's own budget
 * still caps one call. A caller left with nothing faults, as if it had spent it itself.
 */
function charge(c: Server, server: Server, spent: number): void {
  if (spent <= 0) return;
  const debt = c.fuelDebt + spent;
  if (debt < DEBT_FLUSH) { c.fuelDebt = debt; return; }
  c.fuelDebt = 0;
  const cf = c.fuelCounter;
  if (cf === null) return;
  const left = (cf.value as number) - debt;
  if (left > 0) { cf.value = left; return; }
  cf.value = 0;
  throw new FuelExhausted(c.fuelBudget, server.label);
}

/**
 * The server threw (the catch marked it unwound): its own trap is its fault, anything else tore it
 * (unwound.ts); an unwind of its own exit is neither. The client gets Err.Dead. Should the stack run
 * out here too, the exception goes on into the client, and the next frame out faults the server.
 * A native server (core) that throws is host code failing while it serves the client (out of
 * stack the client used up): the server leaves the call chain and the exception goes on into the
 * client's activation, whose fault it is; the host's server is never faulted.
 */
function serverFailed(host: IpcHost, c: Server, server: Server, e: unknown): number {
  if (server instanceof NativeServer) {
    host.k.k_reply(server.pd, c.pd, 0, 0);
    throw e;
  }
  host.settleUnwound();
  host.k.k_reply(server.pd, c.pd, 0, 0);
  host.checkDeaths(c);
  charge(c, server, spentBy(server) + takeDebt(server));
  return Err.Dead;
}

/**
 * The server is not entered: the chain has no room for its stack (stack.ts; Err.Depth) or has
 * spent its first caller's fuel (chainSpent; Err.Fuel). It leaves the chain with nothing of the
 * call in it: the `ncaps` capabilities the kernel installed there for the request (copies without
 * the Own right, kernel/ipc.ts) are dropped again.
 */
function refused(host: IpcHost, c: Server, server: Server, ncaps: number, err: number): number {
  if (ncaps !== 0) {
    const regs = host.regs(), unwrapped = regs[KReg.Unwrapped]!;
    for (let i = 0; i < ncaps; i++) if (!(unwrapped & (1 << i))) host.k.k_drop(server.pd, regs[KReg.Cap0 + i]!);
  }
  host.k.k_reply(server.pd, c.pd, 0, 0);
  host.checkDeaths(c);
  return err;
}

/** Runs a call the kernel allowed: the request into the server's IPC buffer, its dispatch, the reply back. */
function deliver(host: IpcHost, c: Server, server: Server, badge: number, op: number, len: number, ncaps: number): number {
  const stackBefore = host.stackUsed, stack = stackWith(stackBefore, server);
  if (stack > STACK_BUDGET) return refused(host, c, server, ncaps, Err.Depth);
  if (c.caller !== null && chainSpent(c)) return refused(host, c, server, ncaps, Err.Fuel);
  const sipc = server.ipcWords();
  sipc[W_OP] = op;
  sipc[W_BADGE] = badge;
  sipc[W_LEN] = len;
  sipc[W_CAPS] = ncaps;
  if (ncaps !== 0) {
    const regs = host.regs();
    sipc[W_UNWRAPPED] = regs[KReg.Unwrapped]!;
    for (let i = 0; i < ncaps; i++) sipc[W_CAP0 + i] = regs[KReg.Cap0 + i]!;
  }
  copyPayload(c.ipcWords(), c, sipc, server, len);
  host.stackUsed = stack;

  let result: number;
  server.caller = c;
  server.fuelDebt = 0;
  try {
    result = server.dispatch(badge, op, len, c.pd);
  } catch (e) {
    host.stackUsed = stackBefore;
    const u = host.unwound;
    u.servers[u.count] = server;
    u.errors[u.count++] = e;
    server.caller = null;
    return serverFailed(host, c, server, e);
  }
  host.stackUsed = stackBefore;
  server.caller = null;
  const e = replyOut(host, c, server, result);
  charge(c, server, spentBy(server) + takeDebt(server));
  return e;
}

/** The server's reply, in its IPC buffer, goes to the client: through the kernel when it moves capabilities. */
function replyOut(host: IpcHost, c: Server, server: Server, result: number): number {
  const k = host.k;
  const sipc = server.ipcWords();
  const rlen = sipc[W_LEN]!, rncaps = sipc[W_CAPS]!;
  let e: number = Err.Ok;
  let regs: Int32Array;
  // A reply of plain bytes needs no kernel entry (the client's next one takes the server off the
  // chain); one that moves capabilities, or claims an impossible length, goes to the kernel.
  if (rncaps !== 0 || rlen >>> 0 > Msg.MaxPayload) {
    regs = host.regs();
    if (rncaps > 0 && rncaps <= Msg.MaxCaps) for (let i = 0; i < rncaps; i++) regs[KReg.Cap0 + i] = sipc[W_CAP0 + i]!;
    e = k.k_reply(server.pd, c.pd, rlen, rncaps);
  }
  if (server.grew) host.account(server);
  host.checkDeaths(c);
  regs = host.regs();
  if (e < 0) return e;

  const out = c.ipcWords();
  out[W_OP] = result;
  out[W_LEN] = rlen;
  out[W_CAPS] = rncaps;
  if (rncaps !== 0) {
    out[W_UNWRAPPED] = regs[KReg.Unwrapped]!;
    for (let i = 0; i < rncaps; i++) out[W_CAP0 + i] = regs[KReg.Cap0 + i]!;
  }
  copyPayload(sipc, server, out, c, rlen);
  return Err.Ok;
}
