// The messages between the page and the OS worker: the page holds the DOM's devices, the worker runs Wasmode.
//
// The page starts the worker and sends `start` with the terminal's size. The worker boots the
// default system and from then on sends what the terminal shows, every log line, and each state
// report core receives (init's, and the runtime's through rom_reporter), which the page draws.

/** From the page to the worker. */
export type ToWorker =
  /**
   * Boot, with the terminal's size in cells and the URL of the boot image's folder (ending in '/').
   * `storage` picks where files persist (the page's `?storage=` parameter); by default OPFS,
   * IndexedDB where OPFS is missing.
   */
  | { kind: "start"; columns: number; rows: number; image: string; storage?: StorageChoice }
  /** Bytes typed (or pasted) into the terminal. */
  | { kind: "input"; bytes: Uint8Array }
  /** The terminal was resized. */
  | { kind: "resize"; columns: number; rows: number };

export type StorageChoice = "opfs" | "indexeddb" | "memory";

/** From the worker to the page. */
export type ToPage =
  /** Bytes for the terminal, escape sequences included. */
  | { kind: "output"; bytes: Uint8Array }
  /** One log line, `[label] text` as Genode prints it. */
  | { kind: "log"; line: string }
  /** A report core received: `label` is the reporter's full label (`init -> state`), `xml` its content. */
  | { kind: "report"; label: string; xml: string }
  /**
   * The system is up (again after a reboot): the top init's config (to show a component's <start>
   * node), where files persist, and the kernel that booted (the first 8 hex digits of its sha256).
   */
  | { kind: "booted"; config: string; storage: string; kernel: string }
  /** The system ended (the shell exited, or booting failed): why, in one line. */
  | { kind: "ended"; status: number; reason: string };

/** Labels of the reports the page draws from. */
export const REPORTS = {
  /** The top init's state: the default components. */
  topState: "init -> state",
  /** The runtime init's state: what the user started (rom_reporter forwards it from report_rom). */
  runtimeState: "init -> rom_reporter -> runtime_state",
  /** The runtime init's config, as the shell wrote it. */
  runtimeConfig: "init -> rom_reporter -> runtime_config",
  /** The shell's packages with where each requirement can go now: what the "+" dialog offers (web/src/add/offer.ts). */
  packages: "init -> rom_reporter -> packages",
  /** Core's swaps: how each swapped component's last swap went (web/src/graph/swaps.ts). */
  swaps: "core -> swaps",
} as const;
