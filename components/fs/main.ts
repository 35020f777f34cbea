// fs: a File_system server keeping its files in memory (Genode's ram_fs), admitting sessions by its config's <policy>.
//
//   <config capacity="256K" persist="yes">
//     <policy label_prefix="x" root="/sub" writeable="yes"/>
//     <default-policy root="/" writeable="no"/>
//     <content> <dir name="etc"> <inline name="motd">Hello</inline> </dir> </content>
//   </config>
//
// `capacity` bounds the bytes the files (and their records) take, so that clients' writes answer
// Err.NoSpace before they could exhaust the component's RAM. Without it the capacity is what the
// RAM quota allows (ram_budget.ts); a capacity above that is lowered to it, with a warning. The
// config is read once, at start.
//
// A live swap carries the config's text, the tree, the store's staged changes, the root, its watches
// and every session with its open files: a client reads on through a handle it opened before.
//
// With `persist="yes"` the files also live on core's storage device (a Storage session): they are
// loaded at start and every change commits atomically (persistent_storage.ts). The <content> then
// fills only a store that is empty (the first start). Without a Storage session (the platform has
// none: `wasmode --ephemeral`) the files last only while the system runs, as without persist.
import { Node, parseConfig } from "../lib/config/parse.ts";
import { liveState, StateReader, StateWriter } from "../lib/live_state.ts";
import { LogConnection, warningLine } from "../lib/log.ts";
import { RomConnection } from "../lib/rom.ts";
import { announce } from "../lib/root.ts";
import { SERVICE } from "../fs_session/fs_session.ts";
import { populate } from "./content.ts";
import { FsRoot } from "./policy_root.ts";
import { StorageConnection } from "../lib/storage.ts";
import { PersistentStorage } from "./persistent_storage.ts";
import { RamStorage } from "./ram_storage.ts";
import { ramBudget } from "./ram_budget.ts";

/** At most MAX_CAPACITY, whatever the config says. */
const MAX_CAPACITY: u64 = 1 << 30;

// Opened at start: sessions are created while init calls us, and init cannot be asked then.
const logger = new LogConnection();
let configText = "";
let capacity: u64 = 0;
let storage: RamStorage = new RamStorage(0);
let root: FsRoot | null = null;

function configOf(text: string): Node {
  const parsed = parseConfig(text);
  if (!parsed.ok()) logger.write(warningLine(parsed.describe("config")));
  return parsed.ok() ? parsed.node! : new Node("config");
}

/** The files of the store when there is one and it loads; null leaves them in memory only. */
function persistent(config: Node): PersistentStorage | null {
  if (!config.attributeBool("persist", false)) return null;
  const store = new StorageConnection();
  if (!store.ok) {
    logger.write(warningLine("no Storage session (error " + store.cap.toString() + "): files last only while the system runs"));
    return null;
  }
  const p = new PersistentStorage(capacity, store, logger);
  const loaded = p.load();
  if (loaded >= 0) {
    fresh = loaded == 0;
    return p;
  }
  // Committing over a store we could not read would lose what it holds: leave it alone.
  logger.write(warningLine("cannot load the stored files (error " + loaded.toString() + "): the store is left as it is, files last only while the system runs"));
  store.close();
  return null;
}

let fresh = true;

function start(): void {
  configText = new RomConnection("config").text();
  const config = configOf(configText);
  const budget = min(ramBudget(), MAX_CAPACITY);
  capacity = min(config.attributeU64("capacity", budget), budget);
  if (config.has("capacity") && config.attributeU64("capacity", 0) > budget) {
    logger.write(warningLine("capacity " + config.attributeOr("capacity", "") + " is more than the RAM quota holds: " + budget.toString() + " bytes"));
  }
  const saved = persistent(config);
  storage = saved != null ? saved! : new RamStorage(capacity);
  const content = config.child("content");
  if (content != null && fresh) populate(storage, storage.root(), content!, logger);
  if (saved != null) saved!.commitAll();
  const r = new FsRoot(config, storage, logger);
  root = r;
  const e = announce(SERVICE, r);
  if (e < 0) logger.write(warningLine("cannot announce the File_system service (error " + e.toString() + ")"));
}

function save(w: StateWriter): void {
  w.connection(logger);
  w.string(configText);
  w.u64(capacity);
  w.bool(storage instanceof PersistentStorage);
  storage.saveState(w);
  root!.saveState(w);
}

function load(r: StateReader, version: u32): bool {
  if (version != 1) return false;
  r.connection(logger);
  configText = r.string();
  capacity = r.u64();
  // A new StorageConnection makes no call while taking over (its syscalls fail): its session arrives from the snapshot.
  storage = r.bool() ? new PersistentStorage(capacity, new StorageConnection(), logger) : new RamStorage(capacity);
  storage.loadState(r);
  const fsRoot = new FsRoot(configOf(configText), storage, logger);
  root = fsRoot;
  fsRoot.loadState(r);
  return true;
}

if (!liveState(1, save, load)) start();
