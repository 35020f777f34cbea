// disasm NAME [--func FUNC]: a running component's binary as WAT, made by core's compiler device (wabt, in its worker) and streamed to the terminal in pieces.
import { Err } from "../kernel/abi.ts";
import { isModuleName } from "../components/builder_session/module_name.ts";
import { sys_signal } from "../components/lib/syscalls.ts";
import { DisasmState, UpdateLimit } from "../components/update_session/protocol.ts";
import { Context, fail } from "./commands.ts";
import { describeErr } from "./errors.ts";
import { Output } from "./output.ts";

const USAGE = "disasm NAME [--func FUNC]";

/** Pieces of text printed per activation: the rest comes in the next one, so a long text never holds the shell (or the system). */
const PIECES_PER_TURN = 8;

/** disasm NAME [--func FUNC]: asks core; the shell prints the text as it comes (Shell.news). */
export function disasm(cx: Context, argv: Array<string>, out: Output): i32 {
  let name = "", func = "";
  for (let i = 1; i < argv.length; i++) {
    const a = argv[i];
    if (a == "--func") {
      if (i + 1 >= argv.length || argv[i + 1].length == 0) return fail(out, "disasm", "--func takes a function's name (" + USAGE + ")");
      func = argv[++i];
    } else if (a.startsWith("-")) return fail(out, "disasm", "unknown option " + a + " (" + USAGE + ")");
    else if (name.length > 0) return fail(out, "disasm", USAGE);
    else name = a;
  }
  if (name.length == 0) return fail(out, "disasm", "which component? (" + USAGE + ")");
  if (!isModuleName(name) && name.indexOf(" -> ") < 0) return fail(out, "disasm", name + ": a component is named by letters, digits, '-' and '_', or by its whole label");
  const u = cx.update();
  if (!u.ok) return fail(out, "disasm", "no Update session (the shell's routes grant none): " + describeErr(u.cap));
  if (cx.buildSignal <= 0) return fail(out, "disasm", "cannot wait for core's answer (no signal)");
  const r = u.disassemble(name, func, cx.buildSignal);
  if (r.result != Err.Pending) return fail(out, "disasm", r.line.length > 0 ? r.line : name + ": " + describeErr(r.result));
  cx.waitDisasm = true;
  cx.disasmOffset = 0;
  return 0;
}

/** Bytes of `b` up to the last whole UTF-8 character: a piece never ends inside one. */
function wholeCharacters(b: Uint8Array): i32 {
  let n = b.length;
  // Back over continuation bytes to the last lead byte; keep it only when its sequence is complete.
  let i = n - 1;
  while (i >= 0 && i > n - 4 && (b[i] & 0xc0) == 0x80) i--;
  if (i < 0) return n;
  const lead = b[i];
  const need = lead >= 0xf0 ? 4 : lead >= 0xe0 ? 3 : lead >= 0xc0 ? 2 : 1;
  return i + need <= n ? n : i;
}

/**
 * News by the shell's signal while a disassembly is awaited: prints what is there, a few pieces
 * at a time (signalling itself for the rest). Its exit status when done, or -1 while it goes on.
 */
export function disasmNews(cx: Context, out: Output): i32 {
  const u = cx.update();
  for (let turn = 0; turn < PIECES_PER_TURN; turn++) {
    const piece = u.disassembly(cx.disasmOffset, UpdateLimit.Chunk);
    if (piece.total < 0) return fail(out, "disasm", describeErr(piece.total));
    if (piece.state == DisasmState.Running) return -1;
    if (piece.state == DisasmState.Failed) return fail(out, "disasm", String.UTF8.decode(piece.bytes.buffer));
    if (piece.state != DisasmState.Done) return fail(out, "disasm", "core has no disassembly for this session");
    const n = wholeCharacters(piece.bytes);
    if (n == 0 && piece.bytes.length > 0) return fail(out, "disasm", "the text is not UTF-8");
    if (n > 0) out.write(String.UTF8.decode(piece.bytes.slice(0, n).buffer));
    cx.disasmOffset += <u32>n;
    if (cx.disasmOffset >= <u32>piece.total || piece.bytes.length == 0) return 0;
  }
  // More to come: in an activation of its own, by the shell's own signal.
  sys_signal(cx.buildSignal);
  return -1;
}
