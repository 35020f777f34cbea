// Calls through endpoints: the decode-then-invoke path of a call, its reply, capability transfer, the call chain.
import { Err, KCall, KReg, Limit, Msg, ObjType, PdOp, PdState, Rights } from "./abi.ts";
import { hasRoom, install, lookup, slotGen, slotRights } from "./cap_space.ts";
import { objBadge, objOwner, objType, objValue } from "./object.ts";
import {
  pdAlive, pdCapQuota, pdCapUsed, pdCode, pdKill, pdLeftChain, pdMoveQuota, pdOnChain, pdParent, pdRamQuota,
  pdRamUsed, pdState, pdValid, setPdOnChain,
} from "./pd.ts";
import { reg, setReg } from "./regs.ts";

// The call chain: a stack of PDs, the running one on top. Calls are synchronous, so when a PD
// enters the kernel again, everything it called has returned: the kernel pops them then. A reply
// without capabilities therefore needs no kernel entry of its own.
const stack: usize = memory.data((<i32>Limit.CallDepth + 1) * 4, 16);
let depth: u32 = 0;

export function chainDepth(): u32 { return depth; }

@inline function top(): u32 { return load<u32>(stack + (<usize>(depth - 1) << 2)); }

@inline function push(pd: u32): void {
  store<u32>(stack + (<usize>depth << 2), pd);
  depth++;
  setPdOnChain(pd, 1);
}

@inline function pop(): void {
  const pd = top();
  depth--;
  setPdOnChain(pd, 0);
  pdLeftChain(pd);
}

/** Pops every PD above `pd`: they have returned. False when `pd` is not on the chain at all. */
@inline function returnTo(pd: u32): bool {
  if (!pdValid(pd) || pdOnChain(pd) == 0) return false;
  while (depth > 0 && top() != pd) pop();
  return true;
}

/** Puts a PD on the call chain for an activation (its start, a signal). */
export function enter(pd: u32): i32 {
  if (!pdAlive(pd)) return Err.Dead;
  if (pdOnChain(pd) != 0) return Err.Reentrant;
  if (depth >= <u32>Limit.CallDepth) return Err.Depth;
  push(pd);
  return Err.Ok;
}

/** Ends the activation or call of `pd`, dead or alive: it and whatever it called leave the chain. */
export function leave(pd: u32): void {
  if (returnTo(pd)) pop();
}

/** Checks that `n` capabilities in the registers may move from `from` to `to`. */
function transferCheck(from: u32, to: u32, n: u32): i32 {
  let installs: u32 = 0;
  for (let i: u32 = 0; i < n; i++) {
    const obj = lookup(from, reg(KReg.Cap0 + i), 0, Rights.Transfer);
    if (obj < 0) return Err.BadMsg;
    if (!(objType(<u32>obj) == ObjType.Endpoint && objOwner(<u32>obj) == to)) installs++;
  }
  return hasRoom(to, installs) ? Err.Ok : Err.Quota;
}

/**
 * Moves checked capabilities: an endpoint the receiver serves arrives unwrapped, as its badge;
 * every other arrives as a copy without the Own right in a new slot of the receiver.
 */
function transferDo(from: u32, to: u32, n: u32): void {
  let unwrapped: u32 = 0;
  for (let i: u32 = 0; i < n; i++) {
    const slot = reg(KReg.Cap0 + i);
    const obj = <u32>lookup(from, slot, 0, Rights.Transfer);
    let out: i32;
    if (objType(obj) == ObjType.Endpoint && objOwner(obj) == to) {
      out = <i32>objBadge(obj);
      unwrapped |= 1 << i;
    } else {
      out = install(to, obj, slotGen(from, slot), slotRights(from, slot) & ~Rights.Own, 0);
    }
    setReg(KReg.Cap0 + i, <u32>out);
  }
  setReg(KReg.Unwrapped, unwrapped);
}

/**
 * A call of `pd` through `slot`. Everything is checked before anything changes. Returns the
 * server PD the host must dispatch to (badge and transferred capabilities in the registers),
 * KCall.Served when the kernel served it (a PD object), or an error; with `servePd` false a PD
 * object gives KCall.Slow before anything changed. Inlined into k_call and k_call_short: it is
 * the hot path of every call.
 */
@inline export function call(pd: u32, slot: u32, op: u32, len: u32, ncaps: u32, a0: u32, a1: u32, servePd: bool = true): i32 {
  if (!pdAlive(pd)) return Err.Dead;
  // The caller runs: whatever it called before has returned.
  const running = returnTo(pd);
  // The type before the rights, in lookup's order: calling a signal is Err.Type whatever its rights.
  const obj = lookup(pd, slot, 0, 0);
  if (obj < 0) return obj;
  const type = objType(<u32>obj);
  if (type != ObjType.Endpoint && type != ObjType.Pd) return Err.Type;
  if ((slotRights(pd, slot) & Rights.Call) == 0) return Err.Rights;
  if (len > <u32>Msg.MaxPayload || ncaps > <u32>Msg.MaxCaps) return Err.BadMsg;
  if (type == ObjType.Pd) {
    if (!servePd) return KCall.Slow;
    return ncaps != 0 ? Err.BadMsg : pdInvoke(objValue(<u32>obj), op, a0, a1);
  }
  // Only a PD on the chain calls another (the kernel serves PD objects to any holder, core included).
  if (!running) return Err.Invalid;
  const server = objOwner(<u32>obj);
  if (!pdAlive(server)) return Err.Dead;
  if (pdOnChain(server) != 0) return Err.Reentrant;
  if (depth >= <u32>Limit.CallDepth) return Err.Depth;
  if (ncaps != 0) {
    const e = transferCheck(pd, server, ncaps);
    if (e < 0) return e;
    transferDo(pd, server, ncaps);
  }
  push(server);
  setReg(KReg.Badge, objBadge(<u32>obj));
  return <i32>server;
}

/**
 * The end of a call whose reply moves capabilities (or whose server died): the server leaves the
 * chain and its reply capabilities move to the client. Without capabilities, the host need not
 * come here: the client's next kernel entry takes the server off the chain.
 */
export function reply(server: u32, client: u32, len: u32, ncaps: u32): i32 {
  if (!returnTo(client)) leave(server);
  if (!pdAlive(server)) return Err.Dead;
  if (!pdAlive(client)) return Err.Dead;
  if (len > <u32>Msg.MaxPayload || ncaps > <u32>Msg.MaxCaps) return Err.BadMsg;
  if (ncaps == 0) return Err.Ok;
  const e = transferCheck(server, client, ncaps);
  if (e < 0) return e;
  transferDo(server, client, ncaps);
  return Err.Ok;
}

/** Operations on a PD object, served by the kernel: results in the registers. */
function pdInvoke(target: u32, op: u32, a0: u32, a1: u32): i32 {
  let r: i32 = Err.Ok;
  switch (op) {
    case PdOp.Kill: pdKill(target, PdState.Killed, 0); break;
    case PdOp.Status:
      r = pdAlive(target) ? PdState.Running : <i32>pdState(target);
      setReg(KReg.Out0, <u32>pdCode(target));
      break;
    // Between the child and its parent, whoever holds the capability: the child's quota returns
    // to its parent when it dies, so quota another holder gave would end up with the parent.
    case PdOp.Give: r = pdMoveQuota(pdParent(target), target, <u64>a0, a1); break;
    case PdOp.Take: r = pdMoveQuota(target, pdParent(target), <u64>a0, a1); break;
    case PdOp.Quota:
      setReg(KReg.Out0, clamp32(pdRamQuota(target)));
      setReg(KReg.Out1, clamp32(pdRamUsed(target)));
      setReg(KReg.Out2, pdCapQuota(target));
      setReg(KReg.Out3, pdCapUsed(target));
      break;
    default: r = Err.BadOpcode;
  }
  setReg(KReg.Result, <u32>r);
  return KCall.Served;
}

function clamp32(v: u64): u32 { return v > 0xffffffff ? 0xffffffff : <u32>v; }
