// Test helper: sends fs_client's malformed and forbidden File_system requests and names the errors they got.
import { Err } from "../../../../kernel/abi.ts";
import { FsOp, FsOpen } from "../../../../components/fs_session/protocol.ts";
import * as msg from "../../../../components/lib/message.ts";
import { call } from "../../../../components/lib/rpc.ts";
import { MAX_HANDLES } from "../../../../components/fs_session/fs_session.ts";
import { FsConnection } from "../../../../components/fs_session/connection.ts";
import { errName } from "./names.ts";

function openRaw(cap: i32, path: string, flags: u32): i32 {
  msg.begin(FsOp.Open);
  msg.putString(path);
  msg.putU32(flags);
  return call(cap);
}

function readRaw(cap: i32, handle: i32): i32 {
  msg.begin(FsOp.Read);
  msg.putI32(handle);
  msg.putU64(0);
  msg.putU32(16);
  return call(cap);
}

/** Each request's error as `what=Name`; `file` names an existing file for the handle checks. */
export function forge(fs: FsConnection, file: string): string {
  const cap = fs.cap;
  const out = new Array<string>();
  out.push("handle0=" + errName(readRaw(cap, 0)));
  out.push("handle99=" + errName(readRaw(cap, 99)));
  out.push("close-1=" + errName(fs.closeHandle(-1)));
  // A read without its length word.
  msg.begin(FsOp.Read);
  msg.putI32(1);
  msg.putU32(0);
  out.push("short=" + errName(call(cap)));
  // A path whose length word says more than the message holds.
  msg.begin(FsOp.Stat);
  msg.putU32(4000);
  out.push("longstring=" + errName(call(cap)));
  out.push("relative=" + errName(openRaw(cap, "etc", FsOpen.Read)));
  out.push("dotdot=" + errName(openRaw(cap, "/../x", FsOpen.Read)));
  out.push("inner-dotdot=" + errName(openRaw(cap, "/a/../../x", FsOpen.Read)));
  out.push("empty-element=" + errName(openRaw(cap, "/a//b", FsOpen.Read)));
  out.push("dot=" + errName(openRaw(cap, "/./a", FsOpen.Read)));
  out.push("flags0=" + errName(openRaw(cap, file, 0)));
  out.push("flags8=" + errName(openRaw(cap, file, 8 | FsOpen.Read)));
  msg.begin(99);
  out.push("opcode=" + errName(call(cap)));
  // A watch without its signal capability.
  msg.begin(FsOp.Watch);
  msg.putString("/");
  out.push("watch-nocap=" + errName(call(cap)));
  out.push("unwatch=" + errName(fs.unwatch(12345)));
  // A write whose block says it is longer than the message.
  const w = openRaw(cap, file, FsOpen.Read);
  msg.begin(FsOp.Write);
  msg.putI32(w);
  msg.putU64(0);
  msg.putU32(40);
  out.push("longblock=" + errName(call(cap)));
  // A read-only handle does not write.
  out.push("write-ro=" + errName(fs.write(w, 0, Uint8Array.wrap(String.UTF8.encode("x")))));
  out.push("truncate-ro=" + errName(fs.truncate(w, 0)));
  // A write-only handle does not read (a read-only session has none).
  const wo = fs.open(file, FsOpen.Write);
  if (wo > 0) {
    out.push("read-wo=" + errName(readRaw(cap, wo)));
    fs.closeHandle(wo);
  } else {
    out.push("open-w=" + errName(wo));
  }
  fs.closeHandle(w);
  // Handles run out at MAX_HANDLES.
  const held = new Array<i32>();
  let last: i32 = Err.Ok;
  for (let i = 0; i <= MAX_HANDLES; i++) {
    last = fs.open(file, FsOpen.Read);
    if (last < 0) break;
    held.push(last);
  }
  out.push("handles=" + held.length.toString() + "+" + errName(last));
  for (let i = 0; i < held.length; i++) fs.closeHandle(held[i]);
  out.push("closed=" + errName(fs.closeHandle(held.length > 0 ? held[0] : 1)));
  return out.join(" ");
}
