// diff and reset: the user's changes to /src against the sources the image was built from, shown or dropped.
//
// Both walk the changes layer (src_fs's upper layer alone, sources.ts), so they see exactly what
// was written, however the merged view looks; diff reads the other side from the read-only base.
import { FsKind } from "../components/fs_session/protocol.ts";
import { FsConnection } from "../components/fs_session/connection.ts";
import { unifiedDiff } from "../components/lib/unified_diff.ts";
import { Context, fail } from "./commands.ts";
import { describeErr } from "./errors.ts";
import { Output } from "./output.ts";
import { absolute } from "./paths.ts";
import { SRC_MOUNT, SourceLayers, sourcePath } from "./sources.ts";

/** The layers, or null after a line saying why they cannot be had. */
function layersFor(cx: Context, out: Output, name: string): SourceLayers | null {
  const fs = cx.fs;
  if (fs == null || fs.mountedAt(SRC_MOUNT) == null) {
    fail(out, name, "there is no " + SRC_MOUNT + " (the shell's routes grant no src session)");
    return null;
  }
  const layers = cx.sources();
  if (!layers.ok) {
    fail(out, name, "cannot tell the changes from the base (the shell's routes grant no src_base or src_changes session)");
    return null;
  }
  return layers;
}

/** Every file below `path` in `fs`, depth first, sorted (the path itself when it is a file). */
function filesBelow(fs: FsConnection, path: string, kind: i32, out: Array<string>): void {
  if (kind == FsKind.File) { out.push(path); return; }
  const entries = fs.list(path);
  for (let i = 0; i < entries.length; i++) {
    filesBelow(fs, (path == "/" ? "/" : path + "/") + entries[i].name, entries[i].kind, out);
  }
}

function hasNul(bytes: Uint8Array): bool {
  for (let i = 0; i < bytes.length; i++) if (bytes[i] == 0) return true;
  return false;
}

/** The unified diff of one changed file (`path` within the sources) against the base. */
function diffFile(layers: SourceLayers, path: string, out: Output): i32 {
  const name = path.substring(1);
  const now = layers.changes.readFile(path);
  if (now == null) return fail(out, "diff", SRC_MOUNT + path + ": " + describeErr(layers.changes.error));
  const before = layers.base.readFile(path);
  const was = before != null ? before : new Uint8Array(0);
  if (hasNul(was) || hasNul(now)) {
    out.line("Binary files base/" + name + " and " + name + " differ");
    return 0;
  }
  const oldName = before != null ? "base/" + name : "/dev/null";
  out.write(unifiedDiff(String.UTF8.decode(was.buffer), String.UTF8.decode(now.buffer), oldName, name));
  return 0;
}

export function diff(cx: Context, argv: Array<string>, out: Output): i32 {
  if (argv.length > 2) return fail(out, "diff", "diff [PATH]");
  const layers = layersFor(cx, out, "diff");
  if (layers == null) return 1;
  const typed = argv.length > 1 ? argv[1] : SRC_MOUNT;
  const inner = sourcePath(absolute(cx.cwd, typed));
  if (inner == null) return fail(out, "diff", typed + ": not under " + SRC_MOUNT + " (diff compares the sources with their changes)");
  const s = layers.changes.stat(inner);
  if (s == null) {
    // Not changed: fine when the sources have it, else the path is wrong.
    if (cx.fs!.stat(SRC_MOUNT + (inner == "/" ? "" : inner)) == null) return fail(out, "diff", typed + ": no such file or directory");
    return 0;
  }
  const files = new Array<string>();
  filesBelow(layers.changes, inner, s.kind, files);
  let status = 0;
  for (let i = 0; i < files.length; i++) if (diffFile(layers, files[i], out) != 0) status = 1;
  return status;
}

/** Removes `path` and (a directory) everything below it from the changes; the files dropped go to `dropped`. */
function drop(fs: FsConnection, path: string, kind: i32, dropped: Array<string>): i32 {
  if (kind == FsKind.Dir) {
    const entries = fs.list(path);
    for (let i = 0; i < entries.length; i++) {
      const r = drop(fs, (path == "/" ? "/" : path + "/") + entries[i].name, entries[i].kind, dropped);
      if (r < 0) return r;
    }
    if (path == "/") return 0;
  } else {
    dropped.push(path);
  }
  return fs.unlink(path);
}

export function reset(cx: Context, argv: Array<string>, out: Output): i32 {
  if (argv.length < 2) return fail(out, "reset", "which change? (reset PATH...; diff shows them)");
  const layers = layersFor(cx, out, "reset");
  if (layers == null) return 1;
  let status = 0;
  for (let i = 1; i < argv.length; i++) {
    const inner = sourcePath(absolute(cx.cwd, argv[i]));
    if (inner == null) { status = fail(out, "reset", argv[i] + ": not under " + SRC_MOUNT + " (reset drops changes to the sources)"); continue; }
    const s = layers.changes.stat(inner);
    if (s == null) {
      if (cx.fs!.stat(SRC_MOUNT + (inner == "/" ? "" : inner)) == null) status = fail(out, "reset", argv[i] + ": no such file or directory");
      else out.line("reset: " + argv[i] + ": unchanged (nothing to drop)");
      continue;
    }
    const dropped = new Array<string>();
    const r = drop(layers.changes, inner, s.kind, dropped);
    for (let j = 0; j < dropped.length; j++) out.line("reset " + SRC_MOUNT + dropped[j]);
    if (r < 0) status = fail(out, "reset", argv[i] + ": " + describeErr(r));
  }
  return status;
}
