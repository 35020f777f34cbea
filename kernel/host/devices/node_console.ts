// Node device: the console on the process's standard output.
import type { Console } from "./console.ts";

export class StdoutConsole implements Console {
  write(line: string): void {
    process.stdout.write(line + "\n");
  }
}
