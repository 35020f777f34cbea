// src_fs: the sources Wasmode was built from (ROM src.tar, read-only) under the user's changes (a File_system session to fs).
//
//   <config>
//     <policy label="shell -> src" layer="both" writeable="yes"/>
//     <policy label="builder -> base" layer="base"/>
//   </config>
//
// The base is read once, at the first request that needs it. Reads see the upper file if there, else the base's; listings
// merge both; writes land in the upper layer (a base file is copied up first, its directories made
// as needed); a file only in the base cannot be removed or renamed. Without the upper session
// every session is read-only; with a malformed src.tar the base is empty and the log says why.
//
// A live swap carries the config's text, the upper session, the root and its sessions with their
// open files; the new instance reads the base anew at the first request that needs it.
import { Node, parseConfig } from "../lib/config/parse.ts";
import { LogConnection, warningLine } from "../lib/log.ts";
import { RomConnection } from "../lib/rom.ts";
import { announce } from "../lib/root.ts";
import { liveState, StateReader, StateWriter } from "../lib/live_state.ts";
import { readTar } from "../lib/ustar.ts";
import { FsConnection } from "../fs_session/connection.ts";
import { SERVICE } from "../fs_session/fs_session.ts";
import { BaseTree } from "./base.ts";
import { BaseLoader, Layers } from "./layers.ts";
import { SrcRoot } from "./root.ts";

const logger = new LogConnection();

function configOf(text: string): Node {
  const parsed = parseConfig(text);
  if (!parsed.ok()) logger.write(warningLine(parsed.describe("config")));
  return parsed.ok() ? parsed.node! : new Node("config");
}

function loadBase(): BaseTree {
  const rom = new RomConnection("src.tar");
  const bytes = rom.bytes();
  if (rom.error < 0) logger.write(warningLine("cannot read ROM src.tar (error " + rom.error.toString() + "): the base is empty"));
  const tree = new BaseTree(readTar(rom.error < 0 ? new Uint8Array(1024) : bytes));
  if (!tree.ok) logger.write(warningLine("src.tar refused, " + tree.error + ": the base is empty"));
  return tree;
}

class SourcePackage extends BaseLoader {
  load(): BaseTree { return loadBase(); }
}

const layers = new Layers(new SourcePackage(), logger);

/** The upper layer: the changes, in the user's file system. */
class Upper extends FsConnection {
  ready(): void {
    if (this.ok) layers.upper = this;
    else logger.write(warningLine("no File_system session for the changes (error " + this.cap.toString() + "): the sources are read-only"));
  }
}
const upper = new Upper("/", "/", true);
let configText = "";
let root: SrcRoot | null = null;

function save(w: StateWriter): void {
  w.connection(logger);
  w.string(configText);
  w.connection(upper);
  root!.saveState(w);
}

function load(r: StateReader, version: u32): bool {
  if (version != 1) return false;
  r.connection(logger);
  configText = r.string();
  r.connection(upper);
  if (upper.ok) layers.upper = upper;
  const srcRoot = new SrcRoot(configOf(configText), layers);
  root = srcRoot;
  srcRoot.loadState(r);
  return true;
}

if (!liveState(1, save, load)) {
  configText = new RomConnection("config").text();
  const srcRoot = new SrcRoot(configOf(configText), layers);
  root = srcRoot;
  upper.whenReady();
  const e = announce(SERVICE, srcRoot);
  if (e < 0) logger.write(warningLine("cannot announce the File_system service (error " + e.toString() + ")"));
}
