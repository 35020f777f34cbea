// Node device: the console on the process's standard output.
import { type Console, printable } from "./console.ts";

export class StdoutConsole implements Console {
  write(line: string): void {
    process.stdout.write(printable(line) + "\n");
  }
}
