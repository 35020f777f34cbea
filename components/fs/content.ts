// A File_system server's initial files: the <content> of its config, as Genode's ram_fs and vfs <import> fill theirs.
//
//   <content>
//     <dir name="etc"> <inline name="motd">Hello</inline> </dir>
//     <inline name="init.config"><config> ... </config></inline>
//   </content>
//
// An <inline> holds its text, or, when it has sub nodes, those nodes as XML (one a line). A <dir>
// that exists already is filled further; a file that exists is replaced.
import { Err } from "../../kernel/abi.ts";
import { FsKind } from "../fs_session/protocol.ts";
import { Node } from "../lib/config/parse.ts";
import { LogConnection, warningLine } from "../lib/log.ts";
import { validName } from "../fs_session/path.ts";
import { Storage } from "./storage.ts";

/** Creates the nodes `content` describes in directory `dir`, warning of those it cannot. */
export function populate(storage: Storage, dir: u32, content: Node, logger: LogConnection): void {
  for (let i = 0; i < content.children.length; i++) {
    const n = content.children[i];
    const name = n.attributeOr("name", "");
    if (n.type != "dir" && n.type != "inline") {
      logger.write(warningLine("content: unknown node <" + n.type + ">"));
      continue;
    }
    if (!validName(name) || name == "." || name == "..") {
      logger.write(warningLine("content: invalid name '" + name + "'"));
      continue;
    }
    let node = <i32>storage.lookup(dir, name);
    const kind = n.type == "dir" ? FsKind.Dir : FsKind.File;
    if (node == 0) node = storage.create(dir, name, kind);
    const st = node > 0 ? storage.status(<u32>node) : null;
    if (st == null || st.kind != kind) {
      logger.write(warningLine("content: cannot create '" + name + "' (error " + (node < 0 ? node : Err.Exists).toString() + ")"));
      continue;
    }
    if (kind == FsKind.Dir) {
      populate(storage, <u32>node, n, logger);
      continue;
    }
    const bytes = Uint8Array.wrap(String.UTF8.encode(inlineText(n)));
    let r = storage.truncate(<u32>node, 0);
    if (r >= 0) r = storage.write(<u32>node, 0, bytes);
    if (r < 0) logger.write(warningLine("content: cannot write '" + name + "' (error " + r.toString() + ")"));
  }
}

function inlineText(n: Node): string {
  if (n.children.length == 0) return n.text;
  const lines = new Array<string>();
  for (let i = 0; i < n.children.length; i++) lines.push(n.children[i].toXml());
  return lines.join("\n");
}
