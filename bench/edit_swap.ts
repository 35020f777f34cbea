// The edit loop with live update: one line of hello_server changed, `build --dev --swap`, until a call is answered by the new code; beside the build alone.
import { readFileSync } from "node:fs";
import * as path from "node:path";
import { bootDefault } from "./build.ts";
import { repoRoot } from "./image.ts";
import { now } from "./stats.ts";

export interface EditSwapSamples {
  /** ms from `build --dev --swap hello_server; restart hello_client` typed to the new code's answer logged. */
  value: number[];
  /** ms of `build --force --dev hello_server` alone, in the same system, between them. */
  baseline: number[];
}

const FILE = "components/hello_server/main.ts";

/** The line of hello_server that greets, 0-based, and its indentation. */
function greetingLine(): { index: number; indent: string } {
  const lines = readFileSync(path.join(repoRoot, FILE), "utf8").split("\n");
  const index = lines.findIndex((l) => l.includes(`log("Hello, " + this.label`));
  if (index < 0) throw new Error(`${FILE} has no greeting line to change`);
  return { index, indent: /^\s*/.exec(lines[index]!)![0] };
}

export async function benchEditToRunning(reps: number, log: (line: string) => void): Promise<EditSwapSamples> {
  const lines: string[] = [];
  const os = await bootDefault((l) => lines.push(l));
  const out: EditSwapSamples = { value: [], baseline: [] };
  const { index, indent } = greetingLine();
  try {
    await os.type("start hello_server --provides Hello");
    await os.type("start hello_client");
    log("  loading the compiler in the device's worker (one build)");
    const first = await os.type("build --force --dev hello_server");
    if (!first.includes("1 built")) throw new Error(`the first build did not succeed:\n${first}`);
    for (let i = 0; i < reps + 1; i++) {
      // The edit, as a person makes it in the shell's editor: down to the line, cut it, type the new one, save, leave.
      await os.type(`edit /src/${FILE}`);
      await os.type("\x1b[B".repeat(index) + "\x0b" + `${indent}log("Hello ${i}, " + this.label + "!");` + "\r\x13\x18");
      const t0 = now();
      const said = await os.type("build --dev --swap hello_server; restart hello_client");
      const ms = now() - t0;
      if (!said.includes("hello_server: swapped in place")) throw new Error(`the swap did not happen:\n${said}`);
      if (!lines.some((l) => l.includes(`] Hello ${i}, `))) throw new Error(`the new code did not answer:\n${said}\n${lines.slice(-10).join("\n")}`);
      const b0 = now();
      const built = await os.type("build --force --dev hello_server");
      const build = now() - b0;
      if (!built.includes("1 built")) throw new Error(`the build did not succeed:\n${built}`);
      if (i === 0) continue;
      out.value.push(ms);
      out.baseline.push(build);
      log(`  edit to running ${Math.round(ms)} ms (the build alone ${Math.round(build)} ms)`);
    }
  } finally {
    os.close();
  }
  return out;
}
