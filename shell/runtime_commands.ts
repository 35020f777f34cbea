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
import { Awaited, RuntimeWait } from "./runtime_wait.ts";
import { printGraph, printTable, runtimeRows, showSystem } from "./system_view.ts";
import { plainName } from "./package.ts";
import { findPackage } from "./packages.ts";
import { startPackage } from "./package_commands.ts";
import { parseRouteOption, RouteOption } from "./package_routes.ts";

function needRuntime(cx: Context, out: Output, name: string): Runtime | null {
  const r = cx.runtime;
  if (r == null || !r.available) fail(out, name, "no runtime (the shell's routes grant no Report and runtime_state ROM)");
  return r;
}

export function ps(cx: Context, argv: Array<string>, out: Output): i32 {
  const all = argv.length == 2 && argv[1] == "-a";
  if (argv.length > 1 && !all) return fail(out, "ps", "ps [-a]");
  const r = cx.runtime;
  if (all) {
    const status = showSystem("ps", r, out);
    return status != 0 ? status : listSwaps(cx, out, false);
  }
  if (needRuntime(cx, out, "ps") == null) return 1;
  printTable(runtimeRows(r!), "", 0, out);
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
  return cx.applyAndWait(r, new RuntimeWait("start", name, Awaited.Started, ""), out);
}

export function stop(cx: Context, argv: Array<string>, out: Output): i32 {
  const r = needRuntime(cx, out, "stop");
  if (r == null) return 1;
  if (argv.length != 2) return fail(out, "stop", "stop NAME");
  if (!r.remove(argv[1])) return fail(out, "stop", argv[1] + ": not started");
  return cx.applyAndWait(r, new RuntimeWait("stop", argv[1], Awaited.Gone, ""), out);
}

export function restart(cx: Context, argv: Array<string>, out: Output): i32 {
  const r = needRuntime(cx, out, "restart");
  if (r == null) return 1;
  if (argv.length != 2) return fail(out, "restart", "restart NAME");
  const s = r.find(argv[1]);
  if (s == null) return fail(out, "restart", argv[1] + ": not started");
  r.bumpVersion(s);
  return cx.applyAndWait(r, new RuntimeWait("restart", argv[1], Awaited.Restarted, s.attributeOr("version", "")), out);
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
  const all = argv.length == 2 && argv[1] == "-a";
  if (argv.length > 1 && !all) return fail(out, "graph", "graph [-a]");
  if (all) return showSystem("graph", cx.runtime, out);
  const r = needRuntime(cx, out, "graph");
  if (r == null) return 1;
  printGraph(runtimeRows(r), "runtime", out);
  return 0;
}
