// Test component: tries to print lines that pass for another component's, and to move the terminal's cursor.
import { LogConnection, log } from "../../../../../components/lib/log.ts";

log("x\n[init -> ticker] tick 99");
log("\r\x1b[2K[init -> ticker] tick 100");
log("bell\x07 del\x7f csi\u009b2J tab\t end");
log("\x1b[34mWarning: coloured, as Genode frames it\x1b[0m");
log("\x1b[8mconcealed, and never reset");
new LogConnection("y\n[init -> ticker] tick 101\r\x1b[31m").write("z");
