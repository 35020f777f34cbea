// The shell's commands for building Wasmode from inside: build, verify (through the Builder session) and new (a template under /src/components).
import { isModuleName } from "../components/builder_session/module_name.ts";
import { BuildFlag, BuildMode, BuilderState } from "../components/builder_session/protocol.ts";
import { Vfs } from "./vfs.ts";
import { RomConnection } from "../components/lib/rom.ts";
import { Context, fail } from "./commands.ts";
import { describeErr } from "./errors.ts";
import { Output } from "./output.ts";
import { swapOne } from "./swap_commands.ts";
import { componentMain, runtimeFile, serviceClient, serviceConnection, serviceMain, serviceName, serviceSession } from "./templates.ts";

/** Starts a build; the shell then follows its progress (Shell.buildNews) until it ends. */
function startBuild(cx: Context, out: Output, command: string, mode: u32, argv: Array<string>): i32 {
  const b = cx.builder;
  if (b == null || !b.ok) return fail(out, command, "no builder (the shell's routes grant no Builder session)");
  let profile = "release";
  let flags: u32 = BuildFlag.None;
  const names = new Array<string>();
  let swapIn = false;
  for (let i = 1; i < argv.length; i++) {
    const a = argv[i];
    if (a == "--dev" && mode == BuildMode.Build) profile = "dev";
    else if (a == "--swap" && mode == BuildMode.Build) swapIn = true;
    else if (a == "--force" && mode == BuildMode.Build) flags |= BuildFlag.Force;
    else if (a.startsWith("-")) return fail(out, command, "unknown option " + a + " (" + (mode == BuildMode.Build ? "build [--dev] [--force] [--swap] [NAME...]" : "verify [NAME...]") + ")");
    else if (!isModuleName(a)) return fail(out, command, a + ": a module is named by letters, digits, '-' and '_' (hello, not hello.wasm)");
    else names.push(a);
  }
  if (swapIn && names.length == 0) return fail(out, command, "--swap swaps the modules named: build --swap NAME...");
  if (cx.buildSignal <= 0) return fail(out, command, "cannot follow a build (no signal)");
  const e = b.build(profile, mode, flags, names, cx.buildSignal);
  if (e < 0) return fail(out, command, e == -15 ? "the builder is busy with another build" : describeErr(e));
  cx.buildMode = mode;
  cx.swapAfterBuild = swapIn ? names : new Array<string>();
  cx.buildNames = names;
  cx.waitBuild = true;
  return 0;
}

export function build(cx: Context, argv: Array<string>, out: Output): i32 {
  return startBuild(cx, out, "build", BuildMode.Build, argv);
}

export function verify(cx: Context, argv: Array<string>, out: Output): i32 {
  return startBuild(cx, out, "verify", BuildMode.Verify, argv);
}

/** What the shell prints once a build ended; its exit status. Verify compares each rebuilt module with the boot image's. */
export function buildEnded(cx: Context, state: u32, out: Output): i32 {
  let status = state == BuilderState.Done ? 0 : 1;
  const swapping = cx.swapAfterBuild;
  cx.swapAfterBuild = new Array<string>();
  if (cx.buildMode != BuildMode.Verify) {
    // build --swap: what was built replaces what runs, in place; a failed build swaps nothing.
    for (let i = 0; i < swapping.length && status == 0; i++) status = swapOne(cx, out, swapping[i], "/build/" + swapping[i] + ".wasm", 0);
    return status;
  }
  const fs = cx.fs;
  if (fs == null || !fs.ok) return fail(out, "verify", "no file system to read /build/verify from");
  const entries = fs.list("/build/verify");
  for (let i = 0; i < entries.length; i++) {
    const file = entries[i].name;
    if (!file.endsWith(".wasm")) continue;
    const name = file.substring(0, file.length - 5);
    // Earlier verifies left their rebuilds here too: report what this one was asked for.
    if (cx.buildNames.length > 0 && !cx.buildNames.includes(name)) continue;
    const built = fs.readFile("/build/verify/" + file);
    const rom = new RomConnection(file);
    const image = rom.bytes();
    const romError = rom.error;
    rom.close();
    if (built == null) status = fail(out, "verify", "/build/verify/" + file + ": " + describeErr(fs.error));
    else if (romError < 0) status = fail(out, "verify", name + ": not in the boot image (" + describeErr(romError) + ")");
    else {
      const differs = firstDifference(built, image);
      const rebuilt = hashOf(fs, "/build/verify/" + name + ".json");
      if (differs < 0) out.line(name + ": identical to the boot image (sha256 " + rebuilt + ")");
      else {
        out.line(name + ": differs from the boot image at byte " + differs.toString() + " (" + built.length.toString() + " bytes built, " + image.length.toString() + " in the image)");
        status = 1;
      }
      if (!provenanceAgrees(cx, file, rebuilt, out)) status = 1;
    }
  }
  return status;
}

/**
 * The rebuild against what core says: the sha256 the image's signed provenance names, and the
 * binary each component running it runs (a local build or a swap differs, and says so). False
 * when the provenance does not name the rebuild's bytes.
 */
function provenanceAgrees(cx: Context, file: string, rebuilt: string, out: Output): bool {
  const u = cx.updateIfRouted();
  if (u == null) return true;
  const facts = u.provenance(file);
  if (facts.result < 0) return true;
  let ok = true;
  if (facts.signed.length == 0) {
    out.line("  provenance: " + facts.signer);
    ok = false;
  } else if (facts.signed == rebuilt) out.line("  provenance: names the same sha256; " + facts.signer);
  else {
    out.line("  provenance: names sha256 " + facts.signed.substring(0, 12) + "…, not the rebuild's; " + facts.signer);
    ok = false;
  }
  for (let i = 0; i < facts.labels.length; i++) {
    const same = facts.running[i] == rebuilt;
    out.line("  running: " + facts.labels[i] + (same ? ", the same bytes" : ", sha256 " + facts.running[i].substring(0, 12) + "… (not the image's)") + "; " + facts.why[i]);
  }
  if (facts.labels.length == 0) out.line("  running: nowhere");
  return ok;
}

/** The output's sha256 in a build record, "?" when it cannot be read. */
function hashOf(fs: Vfs, record: string): string {
  const bytes = fs.readFile(record);
  if (bytes == null) return "?";
  const text = String.UTF8.decode(bytes.buffer);
  const key = "\"sha256\": \"";
  const i = text.indexOf(key, text.indexOf("\"output\""));
  return i < 0 ? "?" : text.substring(i + key.length, i + key.length + 64);
}

/** The offset of the first byte where a and b differ (a length counts), or -1 when they are equal. */
function firstDifference(a: Uint8Array, b: Uint8Array): i32 {
  const n = min(a.length, b.length);
  for (let i = 0; i < n; i++) if (a[i] != b[i]) return i;
  return a.length == b.length ? -1 : n;
}

function writeNew(cx: Context, out: Output, path: string, text: string): bool {
  const e = cx.fs!.writeText(path, text);
  if (e < 0) {
    fail(out, "new", path + ": " + describeErr(e));
    return false;
  }
  out.line("  " + path);
  return true;
}

/** new NAME [--service]: a component (or a service, its interface, client and a test client) under /src/components. */
export function newComponent(cx: Context, argv: Array<string>, out: Output): i32 {
  const fs = cx.fs;
  if (fs == null || !fs.ok) return fail(out, "new", "no file system");
  const service = argv.length == 3 && argv[2] == "--service";
  if (argv.length < 2 || argv.length > 3 || (argv.length == 3 && !service)) return fail(out, "new", "new NAME [--service]");
  const name = argv[1];
  if (!isModuleName(name) || name.length > 48) return fail(out, "new", name + ": a component is named by letters, digits, '-' and '_'");
  if (fs.stat("/src/components") == null) return fail(out, "new", "/src/components: " + describeErr(fs.error) + " (the shell's routes grant no sources)");
  const dir = "/src/components/" + name;
  const clientDir = dir + "_client";
  if (fs.stat(dir) != null) return fail(out, "new", dir + ": exists already");
  if (service && fs.stat(clientDir) != null) return fail(out, "new", clientDir + ": exists already");
  let e = fs.mkdir(dir);
  if (e < 0) return fail(out, "new", dir + ": " + describeErr(e));
  out.line("new " + (service ? "service " : "component ") + name + ":");
  if (!service) {
    if (!writeNew(cx, out, dir + "/main.ts", componentMain(name))) return 1;
    if (!writeNew(cx, out, dir + "/runtime", runtimeFile(name, "a component that logs a line", "", ""))) return 1;
    out.line("next: edit " + dir + "/main.ts; build " + name + "; start " + name);
    return 0;
  }
  if (!writeNew(cx, out, dir + "/session.ts", serviceSession(name))) return 1;
  if (!writeNew(cx, out, dir + "/connection.ts", serviceConnection(name))) return 1;
  if (!writeNew(cx, out, dir + "/main.ts", serviceMain(name))) return 1;
  e = fs.mkdir(clientDir);
  if (e < 0) return fail(out, "new", clientDir + ": " + describeErr(e));
  if (!writeNew(cx, out, dir + "/runtime", runtimeFile(name, "serves " + serviceName(name) + " sessions", "", serviceName(name)))) return 1;
  if (!writeNew(cx, out, clientDir + "/main.ts", serviceClient(name))) return 1;
  if (!writeNew(cx, out, clientDir + "/runtime", runtimeFile(name + "_client", "a test client of " + serviceName(name), serviceName(name), ""))) return 1;
  out.line("next: build " + name + " " + name + "_client; start " + name + "; start " + name + "_client");
  return 0;
}
