// fs: a File_system server keeping its files in memory (Genode's ram_fs), admitting sessions by its config's <policy>.
//
//   <config capacity="256K">
//     <policy label_prefix="x" root="/sub" writeable="yes"/>
//     <default-policy root="/" writeable="no"/>
//     <content> <dir name="etc"> <inline name="motd">Hello</inline> </dir> </content>
//   </config>
//
// `capacity` bounds the bytes the files (and their records) take, so that clients' writes answer
// Err.NoSpace before they could exhaust the component's RAM. The config is read once, at start.
import { Node, parseConfig } from "../lib/config/parse.ts";
import { LogConnection, warningLine } from "../lib/log.ts";
import { RomConnection } from "../lib/rom.ts";
import { announce } from "../lib/root.ts";
import { SERVICE } from "../fs_session/fs_session.ts";
import { populate } from "./content.ts";
import { FsRoot } from "./policy_root.ts";
import { RamStorage } from "./ram_storage.ts";

/** Storage without a capacity in the config; at most MAX_CAPACITY, whatever the config says. */
const DEFAULT_CAPACITY: u64 = 256 * 1024;
const MAX_CAPACITY: u64 = 1 << 30;

// Opened at start: sessions are created while init calls us, and init cannot be asked then.
const logger = new LogConnection();
const parsed = parseConfig(new RomConnection("config").text());
if (!parsed.ok()) logger.write(warningLine(parsed.describe("config")));
const config: Node = parsed.ok() ? parsed.node! : new Node("config");

const storage = new RamStorage(min(config.attributeU64("capacity", DEFAULT_CAPACITY), MAX_CAPACITY));
const content = config.child("content");
if (content != null) populate(storage, storage.root(), content!, logger);

const e = announce(SERVICE, new FsRoot(config, storage, logger));
if (e < 0) logger.write(warningLine("cannot announce the File_system service (error " + e.toString() + ")"));
