// The shell's commands for live update: swap (a component or the kernel, in place), swap --back, reboot; and the swaps ps lists.
import { isModuleName } from "../components/builder_session/module_name.ts";
import { KernelSwapState, SwapOutcome, SwapState } from "../components/update_session/protocol.ts";
import { SwapEntry, SwapReply, UpdateConnection } from "../components/update_session/connection.ts";
import { Context, fail } from "./commands.ts";
import { describeErr } from "./errors.ts";
import { Output } from "./output.ts";
import { absolute } from "./paths.ts";
import { RomConnection } from "../components/lib/rom.ts";

const USAGE = "swap [--probation MS] NAME [BINARY] | swap --back NAME | swap kernel [BINARY]";

/** The Update session, opened on first use; null (and said) when the shell's routes grant none. */
function update(cx: Context, out: Output, command: string): UpdateConnection | null {
  const u = cx.update();
  if (!u.ok) {
    fail(out, command, "no Update session (the shell's routes grant none): " + describeErr(u.cap));
    return null;
  }
  return u;
}

/**
 * Reads `binary` and stages it with core; false (and said) when it cannot be read or staged. A
 * path of the file system, or else a module of the boot image by its name (`hello_server.wasm`:
 * the image's version again).
 */
function stageFile(cx: Context, u: UpdateConnection, out: Output, command: string, binary: string): bool {
  const fs = cx.fs;
  let bytes: Uint8Array | null = null;
  let why = "no file system to read it from";
  if (fs != null && fs.ok) {
    bytes = fs.readFile(absolute(cx.cwd, binary));
    if (bytes == null) why = describeErr(fs.error);
  }
  if (bytes == null && binary.indexOf("/") < 0) {
    const rom = new RomConnection(binary);
    if (rom.ok) {
      const image = rom.bytes();
      if (rom.error >= 0 && image.length > 0) bytes = image;
    }
    rom.close();
  }
  const path = binary.indexOf("/") < 0 && bytes != null ? binary : absolute(cx.cwd, binary);
  if (bytes == null) { fail(out, command, path + ": " + why); return false; }
  let e = u.stage(bytes);
  // Its signed provenance beside it goes along: core runs nothing it cannot verify (an image module's own it finds itself).
  const envelope = fs != null && fs.ok ? fs.readFile(absolute(cx.cwd, binary) + ".intoto.jsonl") : null;
  if (e >= 0 && envelope != null) e = u.stageProvenance(envelope);
  if (e < 0) { fail(out, command, path + ": cannot hand it to core: " + describeErr(e)); return false; }
  return true;
}

/** Swaps `name` to the binary at `path` (live, the kernel too); its exit status. */
export function swapOne(cx: Context, out: Output, name: string, path: string, probationMs: u32): i32 {
  const u = update(cx, out, "swap");
  if (u == null || !stageFile(cx, u, out, "swap", path)) return 1;
  if (name == "kernel") {
    const e = u.swapKernel(cx.buildSignal);
    if (e == -10) return kernelSwapEnded(u.kernelStatus(), out);
    if (e != -15) return fail(out, "swap", "kernel: " + describeErr(e));
    // The takeover runs once this line's call chain returned: the shell waits for its news (Shell.news).
    if (cx.buildSignal > 0) cx.waitKernel = true;
    else out.line("kernel: swapping live once this line has run (the log says how it went)");
    return 0;
  }
  const r = u.swap(name, path, probationMs);
  if (r.line.length == 0) return fail(out, "swap", name + ": " + describeErr(r.result));
  if (r.outcome == SwapOutcome.Refused) return fail(out, "swap", r.line);
  out.line(r.line);
  return 0;
}

/** What the shell prints once a kernel swap ended (UpdateConnection.kernelStatus); its exit status. */
export function kernelSwapEnded(st: SwapReply, out: Output): i32 {
  if (st.line.length == 0) return fail(out, "swap", "kernel: " + describeErr(st.result));
  if (st.outcome != KernelSwapState.Done) return fail(out, "swap", st.line);
  out.line(st.line);
  return 0;
}

/** swap [--probation MS] NAME [BINARY] | swap --back NAME | swap kernel [BINARY] | swap (the list) */
export function swap(cx: Context, argv: Array<string>, out: Output): i32 {
  if (argv.length == 1) return listSwaps(cx, out, true);
  if (argv[1] == "--back") {
    if (argv.length != 3) return fail(out, "swap", USAGE);
    const u = update(cx, out, "swap");
    if (u == null) return 1;
    const r = u.back(argv[2]);
    if (r.line.length == 0) return fail(out, "swap", argv[2] + ": " + describeErr(r.result));
    if (r.result != 0) return fail(out, "swap", r.line);
    out.line(r.line);
    return 0;
  }
  let probation: u32 = 0;
  const words = new Array<string>();
  for (let i = 1; i < argv.length; i++) {
    const a = argv[i];
    if (a == "--probation" && i + 1 < argv.length) {
      const ms = I32.parseInt(argv[++i]);
      if (ms <= 0) return fail(out, "swap", "--probation takes milliseconds, more than 0");
      probation = <u32>ms;
    } else if (a.startsWith("-")) return fail(out, "swap", "unknown option " + a + " (" + USAGE + ")");
    else words.push(a);
  }
  if (words.length < 1 || words.length > 2) return fail(out, "swap", USAGE);
  const name = words[0];
  if (!isModuleName(name)) return fail(out, "swap", name + ": a component is named by letters, digits, '-' and '_'");
  const path = words.length == 2 ? words[1] : "/build/" + name + ".wasm";
  return swapOne(cx, out, name, path, probation);
}

function stateName(state: u32): string {
  switch (state) {
    case SwapState.Probation: return "probation";
    case SwapState.Running: return "running";
    case SwapState.RolledBack: return "rolled back";
    case SwapState.Held: return "held";
    case SwapState.Restarted: return "restarted";
  }
  return "?";
}

function pad(s: string, n: i32): string { return s.length >= n ? s + " " : s + " ".repeat(n - s.length); }

/** The components swapped since boot, one line each; `always`: say so when there are none. */
export function listSwaps(cx: Context, out: Output, always: bool): i32 {
  const u = always ? update(cx, out, "swap") : cx.updateIfRouted();
  if (u == null) return always ? 1 : 0;
  const all = u.entries();
  if (all.length == 0) {
    if (always) out.line("no component was swapped since boot");
    return 0;
  }
  out.line(pad("SWAPPED", 36) + pad("VERSION", 8) + pad("STATE", 12) + pad("SHA256", 9) + "WHY");
  for (let i = 0; i < all.length; i++) out.line(entryLine(all[i]));
  return 0;
}

function entryLine(e: SwapEntry): string {
  return pad(e.label, 36) + pad(e.version.toString(), 8) + pad(stateName(e.state), 12) + pad(e.sha256.substring(0, 8), 9) + e.reason;
}

/** reboot [--image | BINARY]: boots again, files kept; into /build/kernel.wasm when it was built, or BINARY. */
export function reboot(cx: Context, argv: Array<string>, out: Output): i32 {
  if (argv.length > 2) return fail(out, "reboot", "reboot [--image | KERNEL]");
  const u = update(cx, out, "reboot");
  if (u == null) return 1;
  let path = "";
  if (argv.length == 2 && argv[1] != "--image") path = argv[1];
  else if (argv.length == 1 && cx.fs != null && cx.fs!.ok && cx.fs!.stat("/build/kernel.wasm") != null) path = "/build/kernel.wasm";
  if (path.length > 0 && !stageFile(cx, u, out, "reboot", path)) return 1;
  const e = u.reboot(path.length > 0);
  if (e < 0) return fail(out, "reboot", e == -12 ? "this platform cannot reboot" : u.refusal.length > 0 ? u.refusal : describeErr(e));
  out.line(path.length > 0 ? "rebooting into " + path + " (files kept)" : "rebooting (files kept)");
  return 0;
}
