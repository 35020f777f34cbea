// Test component: sends core's Storage service malformed and bad requests, then good ones, then reaches for core's own key, and logs each answer by its Err name.
import { Err } from "../../../../../kernel/abi.ts";
import { StorageLimit, StorageOp } from "../../../../../components/storage_session/protocol.ts";
import { exit } from "../../../../../components/lib/component.ts";
import { log } from "../../../../../components/lib/log.ts";
import * as msg from "../../../../../components/lib/message.ts";
import { call } from "../../../../../components/lib/rpc.ts";
import { StorageConnection } from "../../../../../components/lib/storage.ts";
import { errName } from "../../../../components/fs/assembly/names.ts";

const store = new StorageConnection();
if (!store.ok) {
  log("no Storage session: " + errName(store.cap));
  exit(1);
}
const cap = store.cap;
const out = new Array<string>();

function read(key: string, offset: u32, max: u32): i32 {
  msg.begin(StorageOp.Read);
  msg.putString(key);
  msg.putU32(offset);
  msg.putU32(max);
  return call(cap);
}

function write(key: string, offset: u32, bytes: Uint8Array): i32 {
  msg.begin(StorageOp.Write);
  msg.putString(key);
  msg.putU32(offset);
  msg.putBytes(bytes);
  return call(cap);
}

const one = new Uint8Array(1);
// Messages cut short: no key, a key without its offset, a read without its length.
msg.begin(StorageOp.Read);
out.push("read-empty=" + errName(call(cap)));
msg.begin(StorageOp.Write);
msg.putString("k");
out.push("write-nooffset=" + errName(call(cap)));
msg.begin(StorageOp.Read);
msg.putString("k");
msg.putU32(0);
out.push("read-nomax=" + errName(call(cap)));
// A key whose length word says more than the message holds.
msg.begin(StorageOp.Remove);
msg.putU32(4000);
out.push("longstring=" + errName(call(cap)));
msg.begin(StorageOp.List);
out.push("list-nofirst=" + errName(call(cap)));
// Keys a device does not take.
out.push("key-empty=" + errName(read("", 0, 16)));
out.push("key-dotdot=" + errName(read("..", 0, 16)));
out.push("key-slash=" + errName(write("a/b", 0, one)));
out.push("key-long=" + errName(store.remove("k".repeat(<i32>StorageLimit.Key + 1))));
// Sizes and orders the service refuses.
out.push("read-big=" + errName(read("k", 0, <u32>StorageLimit.Chunk + 1)));
out.push("write-big=" + errName(write("k", 0, new Uint8Array(<i32>StorageLimit.Chunk + 1))));
out.push("write-gap=" + errName(write("gap", 5, one)));
out.push("read-missing=" + errName(read("missing", 0, 16)));
msg.begin(99);
out.push("opcode=" + errName(call(cap)));
// Good requests still work after all that: a blob staged in two pieces, committed, read back.
let r = write("k", 0, Uint8Array.wrap(String.UTF8.encode("hel")));
if (r >= 0) r = write("k", 3, Uint8Array.wrap(String.UTF8.encode("lo")));
out.push("overlap=" + errName(write("k", 2, one)));
out.push("commit=" + errName(r < 0 ? r : store.commit()));
const back = store.read("k", 5);
out.push("read=" + (back != null ? String.UTF8.decode(back!.buffer) : errName(store.lastError)));
out.push("read-past=" + errName(read("k", 100, 16)));
// A commit the device cannot hold (its capacity is small in the test).
r = write("huge", 0, new Uint8Array(<i32>StorageLimit.Chunk));
out.push("commit-full=" + errName(r < 0 ? r : store.commit()));
// Core's own keys (the local signing key): not there to read, refused to write or remove.
out.push("core-read=" + errName(read("_core.local-key", 0, 16)));
out.push("core-write=" + errName(write("_core.local-key", 0, one)));
out.push("core-remove=" + errName(store.remove("_core.local-key")));
out.push("core-commit=" + errName(store.commit()));
const list = store.list();
out.push("list=" + (list != null ? list!.length.toString() : errName(store.lastError)));
log(out.join(" "));
exit(0);
