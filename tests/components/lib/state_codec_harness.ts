// Exports for state_codec.test.ts: the SDK's snapshot writer and reader, driven from Vitest (values written, then read back as a line).
import { StateReader, StateWriter } from "../../../components/lib/state_codec";

/** Every kind written, read back, described as one line; "malformed" when the reader says so. */
export function roundTrip(text: string): string {
  const w = new StateWriter();
  w.u8(200);
  w.u32(0xfffffffe);
  w.i32(-5);
  w.u64(0x123456789abcdef0);
  w.f64(2.5);
  w.bool(true);
  w.string(text);
  w.bytes(Uint8Array.wrap(String.UTF8.encode(text)));
  w.strings([text, "", "b"]);
  w.u32s([1, 2, 3]);
  const m = new Map<string, string>();
  m.set("k", text);
  m.set("", "empty key");
  w.stringMap(m);
  const r = new StateReader(w.dataStart, w.length);
  const parts = new Array<string>();
  parts.push(r.u8().toString());
  parts.push(r.u32().toString());
  parts.push(r.i32().toString());
  parts.push(r.u64().toString(16));
  parts.push(r.f64().toString());
  parts.push(r.bool() ? "true" : "false");
  parts.push(r.string());
  const b = r.bytes();
  parts.push(String.UTF8.decode(b.buffer));
  parts.push(r.strings().join("|"));
  parts.push(r.u32s().join(","));
  const back = r.stringMap();
  parts.push(back.get("k") + "/" + back.get(""));
  if (r.malformed() || !r.done) return "malformed";
  w.dispose();
  return parts.join(" ");
}

/** A u32 written, a string read: the wrong kind. */
export function wrongKind(): string {
  const w = new StateWriter();
  w.u32(7);
  const r = new StateReader(w.dataStart, w.length);
  const s = r.string();
  return (r.malformed() ? "malformed" : "ok") + " [" + s + "] then " + r.u32().toString();
}

/** A string written, its snapshot cut `cut` bytes short: reading it runs past the end. */
export function truncated(cut: u32): string {
  const w = new StateWriter();
  w.string("a string that is cut");
  const r = new StateReader(w.dataStart, w.length - cut);
  const s = r.string();
  return (r.malformed() ? "malformed" : "ok") + " [" + s + "]";
}

/** An array whose count claims more items than the bytes left hold: malformed, nothing allocated for them. */
export function hugeCount(): string {
  const w = new StateWriter();
  w.u32s([1, 2]);
  store<u32>(w.dataStart + 1, 0x7fffffff);
  const r = new StateReader(w.dataStart, w.length);
  const a = r.u32s();
  return (r.malformed() ? "malformed" : "ok") + " " + a.length.toString();
}

/** Writes `n` strings (the buffer grows past its first 256 bytes) and reads them back. */
export function many(n: i32): string {
  const w = new StateWriter();
  for (let i = 0; i < n; i++) w.string("entry " + i.toString());
  const r = new StateReader(w.dataStart, w.length);
  for (let i = 0; i < n; i++) if (r.string() != "entry " + i.toString()) return "differs at " + i.toString();
  return r.malformed() || !r.done ? "malformed" : "ok " + w.length.toString();
}
