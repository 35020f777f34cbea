// The shell's benches: `npx wasmode -c true` as a whole process, and file I/O through the fs service.
import { execFile } from "node:child_process";
import * as fs from "node:fs";
import * as os from "node:os";
import * as path from "node:path";
import { promisify } from "node:util";
import { boot } from "../kernel/host/boot.ts";
import { median, now } from "./stats.ts";
import { repoRoot, text } from "./image.ts";

const exec = promisify(execFile);

/** ms of whole processes: `node bin/wasmode.js -c true`, and `node -e 0` (Node's own start, the baseline). */
export async function benchShellBoot(reps: number): Promise<{ shell: number[]; node: number[] }> {
  const shell: number[] = [], node: number[] = [];
  for (let i = 0; i < reps + 1; i++) {
    let t0 = now();
    await exec(process.execPath, ["-e", "0"]);
    const n = now() - t0;
    t0 = now();
    const r = await exec(process.execPath, [path.join(repoRoot, "bin/wasmode.js"), "--ephemeral", "-c", "true"]);
    const s = now() - t0;
    if (r.stdout !== "" || r.stderr !== "") throw new Error(`wasmode -c true said: ${r.stdout}${r.stderr}`);
    if (i > 0) { shell.push(s); node.push(n); }
  }
  return { shell, node };
}

const FS_CONFIG = `<config>
  <parent-provides> <service name="LOG"/> <service name="PD"/> <service name="ROM"/> </parent-provides>
  <default-route> <any-service> <parent/> <any-child/> </any-service> </default-route>
  <default caps="100" ram="1M"/>
  <start name="fs" ram="40M"> <provides> <service name="File_system"/> </provides>
    <config capacity="16M"> <default-policy root="/" writeable="yes"/> </config> </start>
  <start name="fs_stream" ram="64M" fuel="2000000000"/>
</config>`;

/** MB/s through the fs service: each round writes SIZE bytes and reads them back; samples per round. */
export async function benchFs(roms: Map<string, Uint8Array>, size: number, rounds: number): Promise<number[]> {
  const lines: { line: string; t: number }[] = [];
  const all = new Map(roms);
  all.set("bench_fs", text(`${size} ${rounds}`));
  const { sys } = await boot({ roms: all, config: text(FS_CONFIG), console: { write: (line) => lines.push({ line, t: now() }) } });
  await sys.idle();
  const mine = lines.filter((l) => l.line.startsWith("[init -> fs_stream] "));
  const stamps = mine.map((l) => l.t);
  if (mine.length !== 1 + 2 * rounds || mine.some((l) => l.line.includes("differs"))) {
    throw new Error(`fs bench failed:\n${lines.map((l) => l.line).join("\n")}`);
  }
  const out: number[] = [];
  for (let r = 0; r < rounds; r++) out.push((2 * size) / 1e6 / ((stamps[2 + 2 * r]! - stamps[2 * r]!) / 1000));
  return out.slice(1);
}

/** The baseline: the same bytes written and read back through Node's file system (a temporary file). */
export function benchNodeFiles(size: number, rounds: number): number[] {
  const file = path.join(os.tmpdir(), `wasmode-bench-${process.pid}`);
  const data = new Uint8Array(size).map((_, i) => i * 31 + 7);
  const out: number[] = [];
  try {
    for (let r = 0; r < rounds; r++) {
      const t0 = now();
      fs.writeFileSync(file, data);
      const back = fs.readFileSync(file);
      const ms = now() - t0;
      if (back.length !== size) throw new Error("short read");
      out.push((2 * size) / 1e6 / (ms / 1000));
    }
  } finally {
    fs.rmSync(file, { force: true });
  }
  return out.slice(1);
}

export { median };
