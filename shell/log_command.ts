// The shell's `log`: the recent log lines core keeps (its ROM module "log"), all or one component's.
import { RomConnection } from "../components/lib/rom.ts";
import { Context, fail } from "./commands.ts";
import { Output } from "./output.ts";

let rom: RomConnection | null = null;

/** Opened when first asked: the route decides whether the shell may read the log at all. */
function logRom(): RomConnection {
  if (rom == null) rom = new RomConnection("log");
  return rom!;
}

/** True when `line` (as "[label] text") comes from the component named `name` at any depth. */
function fromComponent(line: string, name: string): bool {
  const end = line.indexOf("] ");
  if (!line.startsWith("[") || end < 0) return false;
  const label = line.substring(1, end);
  return label == name || label.endsWith(" -> " + name) || label.includes(" -> " + name + " -> ");
}

/** log [NAME] [LINES]: the last LINES (default 20) lines, of NAME's components only when given. */
export function log(cx: Context, argv: Array<string>, out: Output): i32 {
  if (argv.length > 3) return fail(out, "log", "log [NAME] [LINES]");
  const r = logRom();
  if (!r.ok) return fail(out, "log", "no log (the shell's routes grant no ROM \"log\")");
  const name = argv.length > 1 ? argv[1] : "";
  const count = argv.length > 2 ? I32.parseInt(argv[2]) : 20;
  if (count <= 0) return fail(out, "log", "LINES is a number above 0");
  const all = r.text().split("\n");
  const picked = new Array<string>();
  for (let i = 0; i < all.length; i++) {
    const l = all[i];
    if (l.length > 0 && (name.length == 0 || fromComponent(l, name))) picked.push(l);
  }
  const from = picked.length > count ? picked.length - count : 0;
  for (let i = from; i < picked.length; i++) out.line(picked[i]);
  return 0;
}
