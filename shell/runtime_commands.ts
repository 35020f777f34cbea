// The shell's commands over the runtime: ps, start, stop, restart and config (the runtime init's config, applied live).
import { explainRoute } from "../components/init/model/route_tool.ts";
import { Vfs } from "./vfs.ts";
import { FsKind } from "../components/fs_session/protocol.ts";
import { RomConnection } from "../components/lib/rom.ts";
import { Context, fail } from "./commands.ts";
import { describeErr } from "./errors.ts";
import { Output } from "./output.ts";
import { Runtime } from "./runtime.ts";
import { listSwaps } from "./swap_commands.ts";
import { plainName } from "./package.ts";
import { findPackage } from "./packages.ts";
import { startPackage } from "./package_commands.ts";
import { parseRouteOption, RouteOption } from "./package_routes.ts";

function needRuntime(cx: Context, out: Output, name: string): Runtime | null {
  const r = cx.runtime;
  if (r == null || !r.available) fail(out, name, "no runtime (the shell's routes grant no Report and runtime_state ROM)");
  return r;
}

function pad(s: string, n: i32): string { return s.length >= n ? s + " " : s + " ".repeat(n - s.length); }

export function ps(cx: Context, argv: Array<string>, out: Output): i32 {
  const r = needRuntime(cx, out, "ps");
  if (r == null) return 1;
  const children = r.children();
  // Within 80 columns: SHA256 is the prefix of the binary's hash, FROM "image" or "local" (/build).
  out.line(pad("NAME", 14) + pad("BINARY", 13) + pad("SHA256", 9) + pad("FROM", 6) + pad("RAM used/quota", 15) + pad("CAPS", 8) + "STATE");
  for (let i = 0; i < children.length; i++) {
    const c = children[i];
    out.line(pad(c.name, 14) + pad(c.binary, 13) + pad(c.sha, 9) + pad(c.origin, 6) + pad(c.ram, 15) + pad(c.caps, 8) + c.state);
  }
  // Components swapped in place, wherever they run: their version, probation, rollback or hold.
  return listSwaps(cx, out, false);
}

function isFile(fs: Vfs, path: string): bool {
  const s = fs.stat(path);
  return s != null && s.kind == FsKind.File;
}

/**
 * Whether the runtime finds `binary`: /build/BINARY.wasm or /build/BINARY in the shell's file
 * system (where build_rom looks, system/default.xml), else a module of the boot image (a ROM of core's).
 */
function binaryExists(cx: Context, binary: string): bool {
  const fs = cx.fs;
  if (fs != null && fs.ok) {
    if (isFile(fs, "/build/" + binary + ".wasm") || isFile(fs, "/build/" + binary)) return true;
  }
  const rom = new RomConnection(binary);
  const size = rom.ok ? rom.size() : 0;
  rom.close();
  return size > 0;
}

/**
 * start NAME [--route SERVICE[:LABEL]=child:NAME|parent]... [--provides SERVICE]...: the package
 * NAME (its runtime file under /src), its requirements routed; or, without a package or with more
 * words, start NAME [BINARY] [RAM] [CAPS] as given.
 */
export function start(cx: Context, argv: Array<string>, out: Output): i32 {
  const r = needRuntime(cx, out, "start");
  if (r == null) return 1;
  const usage = "start NAME [BINARY] [RAM] [CAPS] [--provides SERVICE] [--route SERVICE[:LABEL]=child:NAME|parent]";
  // The services it provides (its <provides>), so that others' routes can reach it.
  const words = new Array<string>(), provides = new Array<string>();
  const routes = new Array<RouteOption>();
  for (let i = 1; i < argv.length; i++) {
    if (argv[i] == "--route") {
      const o = i + 1 < argv.length ? parseRouteOption(argv[i + 1]) : null;
      if (o == null) return fail(out, "start", "--route takes SERVICE[:LABEL]=child:NAME or SERVICE[:LABEL]=parent: " + usage);
      routes.push(o);
      i++;
      continue;
    }
    if (argv[i] != "--provides") { words.push(argv[i]); continue; }
    if (i + 1 >= argv.length || !plainName(argv[i + 1])) return fail(out, "start", "--provides names a service: " + usage);
    provides.push(argv[++i]);
  }
  if (words.length < 1 || words.length > 4) return fail(out, "start", usage);
  const name = words[0], binary = words.length > 1 ? words[1] : words[0];
  if (!plainName(name) || !plainName(binary)) return fail(out, "start", "names are letters, digits, '-', '_' and '.'");
  if (r.find(name) != null) return fail(out, "start", name + ": already started (restart or stop it)");
  const fs = cx.fs;
  const entry = words.length == 1 && fs != null && fs.ok ? findPackage(fs, name) : null;
  if (entry != null) {
    const pkg = entry.pkg;
    if (pkg != null && !binaryExists(cx, pkg.binary)) return fail(out, "start", name + ": no binary \"" + pkg.binary + "\" in /build or the boot image (its package names it)");
    return startPackage(cx, r, entry, provides, routes, out);
  }
  if (routes.length > 0) return fail(out, "start", name + ": --route routes a package's requirements, and there is no package " + name + " (pkgs lists them)");
  const ram = words.length > 2 ? words[2] : "1M", caps = words.length > 3 ? words[3] : "100";
  if (!plainName(ram) || !plainName(caps)) return fail(out, "start", "RAM and CAPS are numbers such as 2M and 200");
  if (!binaryExists(cx, binary)) return fail(out, "start", name + ": no binary \"" + binary + "\" in /build or the boot image");
  r.add(name, binary, ram, caps, provides);
  const e = r.apply();
  return e < 0 ? fail(out, "start", describeErr(e)) : 0;
}

export function stop(cx: Context, argv: Array<string>, out: Output): i32 {
  const r = needRuntime(cx, out, "stop");
  if (r == null) return 1;
  if (argv.length != 2) return fail(out, "stop", "stop NAME");
  if (!r.remove(argv[1])) return fail(out, "stop", argv[1] + ": not started");
  const e = r.apply();
  return e < 0 ? fail(out, "stop", describeErr(e)) : 0;
}

export function restart(cx: Context, argv: Array<string>, out: Output): i32 {
  const r = needRuntime(cx, out, "restart");
  if (r == null) return 1;
  if (argv.length != 2) return fail(out, "restart", "restart NAME");
  const s = r.find(argv[1]);
  if (s == null) return fail(out, "restart", argv[1] + ": not started");
  r.bumpVersion(s);
  const e = r.apply();
  return e < 0 ? fail(out, "restart", describeErr(e)) : 0;
}

/** config: the runtime's config; `config edit` opens it in the editor, and saving applies it. */
export function config(cx: Context, argv: Array<string>, out: Output): i32 {
  const r = needRuntime(cx, out, "config");
  if (r == null) return 1;
  if (argv.length == 1) {
    out.write(r.config());
    return 0;
  }
  if (argv.length != 2 || argv[1] != "edit") return fail(out, "config", "config [edit]");
  if (!cx.interactive) return fail(out, "config", "edit needs a person at the terminal (not with -c)");
  cx.editRuntime = true;
  return 0;
}

/** route NAME SERVICE [LABEL]: where the runtime sends that session of NAME, rule by rule (init's own route model). */
export function route(cx: Context, argv: Array<string>, out: Output): i32 {
  const r = needRuntime(cx, out, "route");
  if (r == null) return 1;
  if (argv.length < 3 || argv.length > 4) return fail(out, "route", "route NAME SERVICE [LABEL]");
  const answer = explainRoute(r.config(), argv[1], argv[2], argv.length > 3 ? argv[3] : "", 0);
  out.write(answer.text);
  return answer.status;
}

/** graph: the runtime's component tree, each child with its RAM and caps used of quota. */
export function graph(cx: Context, argv: Array<string>, out: Output): i32 {
  const r = needRuntime(cx, out, "graph");
  if (r == null) return 1;
  const children = r.children();
  out.line("runtime");
  for (let i = 0; i < children.length; i++) {
    const c = children[i];
    const branch = i + 1 < children.length ? "\u251c\u2500 " : "\u2514\u2500 ";
    const binary = c.binary != c.name ? " (" + c.binary + ")" : "";
    out.line(branch + c.name + binary + "  RAM " + c.ram + "  caps " + c.caps + "  " + c.state);
  }
  return 0;
}
