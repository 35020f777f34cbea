// `wasmode` and `wasmode -c COMMANDS`: boots the default system (system/default.xml) with the shell on this terminal.
//
// Interactive on a TTY: raw mode, the shell's prompt; ctrl-d or `exit` ends it and the terminal is
// restored. With -c the shell runs the commands and the process exits with the last one's status.
// The components' log is kept off the screen the shell draws on: only faults are shown, on stderr.
// The files persist in --storage DIR (default ~/.local/share/wasmode); --ephemeral keeps them in memory.
import * as fs from "node:fs";
import * as os from "node:os";
import * as path from "node:path";
import { Readable } from "node:stream";
import { PdState } from "../kernel/abi.ts";
import { bootLoop } from "../kernel/host/boot.ts";
import type { Console } from "../kernel/host/devices/console.ts";
import { NodeFiles } from "../kernel/host/devices/node_files.ts";
import { NodeMeterCache } from "../kernel/host/devices/node_meter_cache.ts";
import { NodeStorage } from "../kernel/host/devices/node_storage.ts";
import { nodeCompiler } from "../kernel/host/devices/node_compiler.ts";
import { NodeTerminal } from "../kernel/host/devices/node_terminal.ts";
import type { Terminal, TerminalListener } from "../kernel/host/devices/terminal.ts";
import { imageTrust, loadImage } from "../kernel/host/image.ts";
import { escapeXml } from "../components/lib/xml_escape.ts";
import { UsageError } from "./args.ts";
import { cacheDir } from "./paths.ts";

export interface SessionArgs {
  command: string | null;
  /** The directory the files persist in (core's storage device); null: none, the files last only while the system runs. */
  storage: string | null;
}

/** Where the files live unless --storage says otherwise: the XDG data directory, ~/.local/share/wasmode. */
export function defaultStorageDir(env: NodeJS.ProcessEnv = process.env): string {
  const data = env.XDG_DATA_HOME && path.isAbsolute(env.XDG_DATA_HOME) ? env.XDG_DATA_HOME : path.join(os.homedir(), ".local/share");
  return path.join(data, "wasmode");
}

export function parseSessionArgs(argv: string[]): SessionArgs {
  const ONE_COMMAND = `-c needs the commands as one argument: wasmode -c 'ls /; cat /README'`;
  let command: string | null = null, storage: string | null = null, ephemeral = false;
  for (let i = 0; i < argv.length; i++) {
    const a = argv[i]!;
    if (a === "-c") {
      if (command !== null || i + 1 >= argv.length) throw new UsageError(ONE_COMMAND);
      command = argv[++i]!;
    } else if (a === "--storage" || a.startsWith("--storage=")) {
      storage = a === "--storage" ? argv[++i] ?? "" : a.slice("--storage=".length);
      if (storage === "") throw new UsageError("--storage needs a directory: wasmode --storage ~/wasmode-files");
    } else if (a === "--ephemeral") {
      ephemeral = true;
    } else if (command !== null && !a.startsWith("-")) {
      throw new UsageError(ONE_COMMAND);
    } else {
      throw new UsageError(`unknown option "${a}" (try: wasmode -c 'ls /')`);
    }
  }
  if (ephemeral && storage !== null) throw new UsageError("--storage and --ephemeral exclude each other");
  return { command, storage: ephemeral ? null : path.resolve(storage ?? defaultStorageDir()) };
}

/** The default config with the shell told to run `command` and exit. */
export function scriptedConfig(config: string, command: string): string {
  const escaped = escapeXml(command, true);
  const start = /<start name="shell"[^>]*>/.exec(config);
  if (!start) throw new Error("the default config has no <start name=\"shell\">");
  const at = start.index + start[0].length;
  return config.slice(0, at) + `\n\t\t<config command="${escaped}"/>` + config.slice(at);
}

/** Shows only what a person must not miss (faults, and after a reboot which kernel booted) and keeps the rest off the shell's screen. */
class FaultConsole implements Console {
  write(line: string): void {
    if (line.startsWith("[core] ") && (line.includes(": fault: ") || line.startsWith("[core] kernel "))) process.stderr.write(line + "\r\n");
  }
}

/** The device core drives, and a way to wait for the next input or resize. */
class Watched implements Terminal {
  private wake: (() => void) | null = null;
  constructor(private device: Terminal) {}
  get interactive(): boolean | undefined { return this.device.interactive; }
  write(bytes: Uint8Array): void { this.device.write(bytes); }
  read(max: number): Uint8Array { return this.device.read(max); }
  avail(): number { return this.device.avail(); }
  size() { return this.device.size(); }
  listen(listener: TerminalListener | null): void {
    this.device.listen(listener && {
      input: () => { listener.input(); this.poke(); },
      resize: () => { listener.resize(); this.poke(); },
    });
  }
  next(): Promise<void> { return new Promise((resolve) => (this.wake = resolve)); }
  private poke(): void { const w = this.wake; this.wake = null; w?.(); }
}

/**
 * Runs the default system until the shell ends; the shell's exit status. A reboot (core.reboot)
 * boots it again on the same devices, files kept; with -c the rebooted shell runs `true` (the
 * commands after a reboot are not run again, or a script that reboots would never end).
 */
export async function session(args: SessionArgs, root: string): Promise<number> {
  if (args.command === null && !process.stdin.isTTY) {
    throw new UsageError("standard input is not a terminal: give the shell its commands with -c 'ls /; cat /README', or boot a config with wasmode run CONFIG");
  }
  const defaultConfig = fs.readFileSync(path.join(root, "system/default.xml"), "utf8");
  const config = args.command !== null ? scriptedConfig(defaultConfig, args.command) : defaultConfig;
  const roms = await loadImage(new NodeFiles(path.join(root, "build")), "image");
  // With -c nothing is typed: the device reads from an empty stream and never touches the TTY's mode.
  const device = args.command === null ? new NodeTerminal() : new NodeTerminal(Readable.from([]) as never);
  const terminal = new Watched(device);
  let storage: NodeStorage | undefined;
  // Its worker starts on the first compile, never at boot.
  const compiler = nodeCompiler();
  try {
    // The files persist in the directory (created if missing); without one, core has no storage device.
    storage = args.storage !== null ? new NodeStorage(args.storage) : undefined;
    // The fuel rewrites of earlier boots, in the user's cache: metering every module anew was half the boot's work.
    const meterCache = new NodeMeterCache(path.join(cacheDir(), "fuel"));
    const encoder = new TextEncoder();
    const options = { roms, config: encoder.encode(config), console: new FaultConsole(), terminal, storage, meterCache, compiler, trust: imageTrust(roms) };
    const rebootConfig = args.command !== null ? { config: encoder.encode(scriptedConfig(defaultConfig, "true")) } : {};
    return await bootLoop(options, async ({ sys, core }, rebooting) => {
      let rebooted = false;
      void rebooting.then(() => { rebooted = true; });
      for (;;) {
        await Promise.race([sys.idle(), rebooting]);
        if (rebooted) return 0;
        const top = core.topState;
        if (top) return top.state === PdState.Exited ? top.code : 1;
        // Without its shell nobody reads the terminal: say why and end.
        const lost = sys.faults.find((f) => f.label === "init -> shell") ?? sys.refused.find((f) => f.label === "init -> shell");
        if (lost) throw new Error(`the shell ended: ${lost.reason}`);
        if (args.command !== null) throw new Error("the shell did not run its commands (a service it needs is missing?)");
        await Promise.race([terminal.next(), rebooting]);
        if (rebooted) return 0;
      }
    }, () => rebootConfig);
  } finally {
    storage?.close();
    compiler.close();
    device.close();
  }
}
