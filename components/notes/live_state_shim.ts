// A stand-in for the SDK's state hooks (components/lib/live_state.ts) until they are in: the same shapes, no swap.
import { RpcObject } from "../lib/rpc.ts";
import { SignalHandler } from "../lib/signal.ts";

export class StateWriter {
  u32(v: u32): void {}
  i32(v: i32): void {}
  string(s: string): void {}
  bool(v: bool): void {}
  served(obj: RpcObject): void {}
  handler(h: SignalHandler): void {}
}

export class StateReader {
  u32(): u32 { return 0; }
  i32(): i32 { return 0; }
  string(): string { return ""; }
  bool(): bool { return false; }
  served(obj: RpcObject): void {}
  handler(h: SignalHandler): void {}
  malformed(): bool { return true; }
}

export function liveState(version: u32, save: (w: StateWriter) => void, load: (r: StateReader, version: u32) => bool): bool {
  return false;
}
