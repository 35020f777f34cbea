// The storage a File_system server keeps its nodes in: the interface the sessions use, whatever holds the bytes.
//
// Nodes are named by numbers (inodes) that stay the same across renames, so an open file follows
// its node. ram_storage.ts keeps them in the component's memory (Genode's ram_fs); a persistent
// backend on core's storage device (persistent_storage.ts) extends it. Every method answers an Err
// for a node that does not exist (any more), never traps: the sessions pass clients' numbers straight on.
//
// The sessions say when changes become durable: commit() after each operation on the tree, and
// commitFile() when a handle that wrote a file closes (so a file's content commits whole, never torn
// between a truncate and the writes after it). Storage in memory has nothing to do then.
import { Err } from "../../kernel/abi.ts";
import { FsEntry, FsStatus } from "../fs_session/fs_session.ts";

export abstract class Storage {
  /** The root directory's node. */
  abstract root(): u32;

  /** The node named `name` in directory `dir`, or 0. */
  abstract lookup(dir: u32, name: string): u32;

  /** What the node is, or null when it does not exist. */
  abstract status(node: u32): FsStatus | null;

  /** The entries of directory `dir`, sorted by name (empty for anything else). */
  abstract entries(dir: u32): Array<FsEntry>;

  /** A new, empty node of FsKind `kind` named `name` in `dir`: its number, or an Err (Exists, NotFound, NoSpace). */
  abstract create(dir: u32, name: string, kind: i32): i32;

  /** Removes `name` from `dir`: a file, or an empty directory (else Err.NotEmpty). */
  abstract remove(dir: u32, name: string): i32;

  /**
   * Moves `fromName` of `fromDir` to `toName` of `toDir`, replacing a file there. Err.Exists when a
   * directory is there (or would replace a file), Err.Invalid when a directory would move into itself.
   */
  abstract move(fromDir: u32, fromName: string, toDir: u32, toName: string): i32;

  /** Up to `length` bytes of file `node` from `offset` (fewer at its end); null when it is no file. */
  abstract read(node: u32, offset: u64, length: u32): Uint8Array | null;

  /** Writes `data` at `offset` of file `node` (a gap before it reads as zeros): the bytes written, or an Err. */
  abstract write(node: u32, offset: u64, data: Uint8Array): i32;

  /** Sets the size of file `node`: cut, or grown with zeros. */
  abstract truncate(node: u32, size: u64): i32;

  /** The node's path from the root (`/a/b`, `/` for the root), or null when it is no longer in the tree. */
  abstract pathOf(node: u32): string | null;

  /** Makes the changes to the tree (nodes created, removed, moved) durable: Err.Ok or why not. */
  commit(): i32 { return Err.Ok; }

  /** Makes the content of file `node` durable as well (a handle that wrote it closed). */
  commitFile(node: u32): i32 { return Err.Ok; }
}
