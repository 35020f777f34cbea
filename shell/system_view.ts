// ps -a and graph -a: the whole system, the top init's children with the runtime's inside it.
//
// The top init's own state report goes to its parent, core, as in Genode; core keeps the latest
// and the shell's route reads it as the ROM "system_state" (system/default.xml), nothing more.
// The runtime's children come from the runtime's own report, nested under the top child that
// runs it.
import { RomConnection } from "../components/lib/rom.ts";
import { ChildState, Runtime, childrenOf } from "./runtime.ts";
import { Output } from "./output.ts";

/** The top init's name as the shell shows it (core's first component). */
const TOP = "init";
/** The top init's child that runs the runtime (system/default.xml). */
const RUNTIME = "runtime";

/** One row of a table or tree: a child, how deep it sits (0: directly under the top), and whether it ends its branch. */
export class Row {
  constructor(readonly child: ChildState, readonly depth: i32, readonly last: bool, readonly parentLast: bool) {}
}

/** The runtime's children as rows of their own (ps, graph). */
export function runtimeRows(runtime: Runtime): Array<Row> {
  const children = runtime.children();
  const rows = new Array<Row>();
  for (let i = 0; i < children.length; i++) rows.push(new Row(children[i], 0, i + 1 == children.length, false));
  return rows;
}

/** The system's children in order, the runtime's nested under it; null (and why in `error`) when the ROM cannot be read. */
function systemRows(runtime: Runtime | null, error: Array<string>): Array<Row> | null {
  const rom = new RomConnection("system_state");
  const text = rom.ok ? rom.text() : "";
  const ok = rom.ok && text.length > 0;
  rom.close();
  if (!ok) {
    error.push(rom.ok ? "the top init has not reported its state yet" : "the shell's routes grant no ROM system_state (the top init's state)");
    return null;
  }
  const top = childrenOf(text);
  const inner = runtime != null && runtime.available ? runtime.children() : new Array<ChildState>();
  const rows = new Array<Row>();
  for (let i = 0; i < top.length; i++) {
    const last = i + 1 == top.length;
    rows.push(new Row(top[i], 0, last, false));
    if (top[i].name != RUNTIME) continue;
    for (let k = 0; k < inner.length; k++) rows.push(new Row(inner[k], 1, k + 1 == inner.length, last));
  }
  return rows;
}

function pad(s: string, n: i32): string { return s.length >= n ? s + " " : s + " ".repeat(n - s.length); }

/** The table ps prints (within 80 columns: SHA256 is the prefix of the binary's hash, FROM "image" or "local"); names indented by `indent` per level. */
export function printTable(rows: Array<Row>, top: string, indent: i32, out: Output): void {
  out.line(pad("NAME", 18) + pad("BINARY", 13) + pad("SHA256", 9) + pad("FROM", 6) + pad("RAM used/quota", 15) + pad("CAPS", 8) + "STATE");
  if (top.length > 0) out.line(top);
  for (let i = 0; i < rows.length; i++) {
    const c = rows[i].child;
    out.line(pad(" ".repeat(indent * (rows[i].depth + 1)) + c.name, 18) + pad(c.binary, 13) + pad(c.sha, 9) + pad(c.origin, 6) + pad(c.ram, 15) + pad(c.caps, 8) + c.state);
  }
}

/** The tree graph prints under `top`. */
export function printGraph(rows: Array<Row>, top: string, out: Output): void {
  out.line(top);
  for (let i = 0; i < rows.length; i++) {
    const row = rows[i], c = row.child;
    const branch = row.last ? "\u2514\u2500 " : "\u251c\u2500 ";
    const indent = row.depth == 0 ? "" : row.parentLast ? "   " : "\u2502  ";
    const binary = c.binary != c.name ? " (" + c.binary + ")" : "";
    out.line(indent + branch + c.name + binary + "  RAM " + c.ram + "  caps " + c.caps + "  " + c.state);
  }
}

/** ps -a / graph -a: the whole system, or a line saying why it cannot be read (status 1). */
export function showSystem(command: string, runtime: Runtime | null, out: Output): i32 {
  const error = new Array<string>();
  const rows = systemRows(runtime, error);
  if (rows == null) {
    out.line(command + ": -a: " + error[0]);
    return 1;
  }
  if (command == "ps") printTable(rows, TOP, 2, out);
  else printGraph(rows, TOP, out);
  return 0;
}
