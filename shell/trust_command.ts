// The shell's trust: the keys whose signed provenance core accepts; adding or removing one is confirmed at the terminal, to core itself.
import { KeyOrigin, TrustAsk } from "../components/trust_session/protocol.ts";
import { TrustConnection, TrustReply } from "../components/trust_session/connection.ts";
import { Context, fail } from "./commands.ts";
import { describeErr } from "./errors.ts";
import { Output } from "./output.ts";
import { absolute } from "./paths.ts";

const USAGE = "trust [add KEY|FILE [NAME] | remove KEYID]";

function originName(origin: u32): string {
  if (origin == KeyOrigin.Image) return "image";
  if (origin == KeyOrigin.Local) return "local";
  if (origin == KeyOrigin.User) return "added";
  return "?";
}

function pad(s: string, n: i32): string {
  return s.length >= n ? s + " " : s + " ".repeat(n - s.length);
}

/** The key's text: a file of the file system (a PEM, say) when one is there, else the argument itself. */
function keyText(cx: Context, arg: string): string {
  const fs = cx.fs;
  if (fs != null && fs.ok && (arg.startsWith("/") || arg.startsWith(".") || arg.endsWith(".pem") || arg.endsWith(".pub"))) {
    const bytes = fs.readFile(absolute(cx.cwd, arg));
    if (bytes != null) return String.UTF8.decode(bytes.buffer);
  }
  return arg;
}

export function trust(cx: Context, argv: Array<string>, out: Output): i32 {
  const t = cx.trust();
  if (t.cap <= 0) return fail(out, "trust", "no Trust session (" + describeErr(t.cap) + ")");
  if (argv.length == 1) {
    const keys = t.keys();
    out.line(pad("KEYID", 66) + pad("NAME", 12) + "FROM");
    for (let i = 0; i < keys.length; i++) out.line(pad(keys[i].keyid, 66) + pad(keys[i].name, 12) + originName(keys[i].origin));
    if (keys.length == 0) out.line("(no key: nothing but the host's own boot modules can start)");
    return 0;
  }
  let r: TrustReply;
  if (argv[1] == "add" && (argv.length == 3 || argv.length == 4)) r = t.add(keyText(cx, argv[2]), argv.length == 4 ? argv[3] : "", cx.buildSignal);
  else if (argv[1] == "remove" && argv.length == 3) r = t.remove(argv[2], cx.buildSignal);
  else return fail(out, "trust", USAGE);
  if (r.result != -15) return fail(out, "trust", r.line.length > 0 ? r.line : describeErr(r.result));
  // Core asks at the terminal; the shell waits for its news (Shell.news) and says how it went.
  if (cx.buildSignal > 0) cx.waitTrust = true;
  else out.line("trust: answer core's question on the terminal");
  return 0;
}

/** What the shell prints once core's question was answered; its exit status. */
export function trustAnswered(st: TrustReply, out: Output): i32 {
  if (st.state == TrustAsk.Done) {
    out.line(st.line);
    return 0;
  }
  return fail(out, "trust", st.line.length > 0 ? st.line.replace("trust: ", "") : describeErr(st.result));
}

export { USAGE as TRUST_USAGE };
