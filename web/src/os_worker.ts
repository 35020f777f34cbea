// The OS worker: boots Wasmode's default system with the page's terminal, OPFS storage, report and compiler devices.
//
// The page never runs Wasmode itself, so nothing a component does can freeze it. The boot image is
// fetched at run time from the site (never bundled), as core loads binaries from bytes.
import defaultConfig from "../../system/default.xml?raw";
import { bootLoop } from "../../kernel/host/boot.ts";
import { kernelName } from "../../kernel/host/kernel.ts";
import { FetchFiles } from "../../kernel/host/devices/fetch_files.ts";
import type { Storage } from "../../kernel/host/devices/storage.ts";
import { IdbStorage } from "../../kernel/host/devices/idb_storage.ts";
import { hasOpfs, openOpfsStorage } from "../../kernel/host/devices/opfs_storage.ts";
import { PortTerminal } from "../../kernel/host/devices/port_terminal.ts";
import { imageTrust, loadImage } from "../../kernel/host/image.ts";
import { PdState } from "../../kernel/abi.ts";
import { pageCompiler } from "./compiler_device.ts";
import type { StorageChoice, ToPage, ToWorker } from "./protocol.ts";

const scope = self as unknown as { postMessage(m: ToPage, transfer?: Transferable[]): void; onmessage: ((e: MessageEvent<ToWorker>) => void) | null };
const post = (m: ToPage, transfer: Transferable[] = []) => scope.postMessage(m, transfer);
const decoder = new TextDecoder();

let terminal: PortTerminal | null = null;
/** Wakes the watch loop when the user typed or resized: the shell may have ended. */
let poke: (() => void) | null = null;

scope.onmessage = (e) => {
  const m = e.data;
  if (m.kind === "start" && !terminal) {
    start(m.columns, m.rows, m.image, m.storage).catch((err: Error) => post({ kind: "ended", status: 1, reason: err.message ?? String(err) }));
  } else if (m.kind === "input") {
    terminal?.typed(m.bytes);
    poke?.();
  } else if (m.kind === "resize") {
    terminal?.resized(m.columns, m.rows);
  }
};

/** The files persist in OPFS where the browser has it, else in IndexedDB; failing both, only while the page is open. */
async function openStorage(choice: StorageChoice | undefined): Promise<{ storage?: Storage; where: string }> {
  if (choice === "memory") return { where: "memory only (?storage=memory): files are lost on reload" };
  let why = "";
  if (choice !== "indexeddb") {
    if (hasOpfs()) {
      try {
        const opened = await openOpfsStorage();
        return { storage: opened.storage, where: "OPFS (the browser's private files for this site)" };
      } catch (e) {
        why = (e as Error).message;
      }
    } else why = "this browser has no OPFS for workers";
  }
  if (typeof indexedDB !== "undefined") {
    try {
      return { storage: await IdbStorage.open(), where: "IndexedDB (each commit durable a moment after it is made)" };
    } catch (e) {
      why = `${why ? why + "; " : ""}IndexedDB: ${(e as Error).message}`;
    }
  }
  return { where: `memory only: ${why || "no IndexedDB"}; files are lost on reload` };
}

async function start(columns: number, rows: number, image: string, choice: StorageChoice | undefined): Promise<void> {
  terminal = new PortTerminal((bytes) => post({ kind: "output", bytes }, [bytes.buffer as ArrayBuffer]), columns, rows);
  const [roms, storage] = await Promise.all([loadImage(new FetchFiles(image), "."), openStorage(choice)]);
  const ended = await bootLoop({
    roms,
    trust: imageTrust(roms),
    config: new TextEncoder().encode(defaultConfig),
    console: { write: (line) => post({ kind: "log", line }) },
    terminal,
    storage: storage.storage,
    // Its worker (and asc) load on the first compile, never at boot.
    compiler: pageCompiler(),
    reports: { report: (label, content) => post({ kind: "report", label, xml: decoder.decode(content) }) },
  }, async ({ sys, core, kernel }, rebooting) => {
    // A reboot (core.reboot) boots again here with the same devices: the files are kept.
    let rebooted = false;
    void rebooting.then(() => { rebooted = true; poke?.(); });
    post({ kind: "booted", config: defaultConfig, storage: storage.where, kernel: await kernelName(kernel) });
    for (;;) {
      await Promise.race([sys.idle(), rebooting]);
      if (rebooted) return null;
      const top = core.topState;
      if (top) return { status: top.state === PdState.Exited ? top.code : 1, reason: top.state === PdState.Exited ? "the shell exited" : "init faulted" };
      const lost = sys.faults.find((f) => f.label === "init -> shell") ?? sys.refused.find((f) => f.label === "init -> shell");
      if (lost) return { status: 1, reason: `the shell ended: ${lost.reason}` };
      await new Promise<void>((resolve) => (poke = resolve));
      if (rebooted) return null;
    }
  });
  if (ended) post({ kind: "ended", ...ended });
}
