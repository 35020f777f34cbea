// fs_stream: the fs bench's client: writes a file of SIZE bytes through its File_system session, reads it back, logging a line after each phase.
//
// Its ROM `bench_fs` holds "SIZE ROUNDS". The harness timestamps the lines: "begin", then per round
// "written" and "read" (checked: the bytes read are the bytes written).
import { FsOpen } from "../../../components/fs_session/protocol.ts";
import { exit } from "../../../components/lib/component.ts";
import { log } from "../../../components/lib/log.ts";
import { RomConnection } from "../../../components/lib/rom.ts";
import { FsConnection } from "../../../components/fs_session/connection.ts";

const args = new RomConnection("bench_fs").text().trim().split(" ");
const size = args.length == 2 ? I32.parseInt(args[0]) : 0;
const rounds = args.length == 2 ? I32.parseInt(args[1]) : 0;
const fs = new FsConnection();
if (size <= 0 || rounds <= 0 || !fs.ok) {
  log("bad ROM bench_fs or no File_system session");
  exit(1);
}

const data = new Uint8Array(size);
for (let i = 0; i < size; i++) data[i] = <u8>(i * 31 + 7);

log("begin");
for (let r = 0; r < rounds; r++) {
  const w = fs.open("/stream", FsOpen.Write | FsOpen.Create);
  // The client writes in chunks of what one message holds (fs_session/client.ts).
  fs.write(w, 0, data);
  fs.closeHandle(w);
  log("written");
  const h = fs.open("/stream", FsOpen.Read);
  const got = fs.read(h, 0, <u32>size);
  fs.closeHandle(h);
  let same = got != null && got.length == size;
  for (let i = 0; same && i < size; i += 4093) same = got![i] == data[i];
  if (!same) {
    log("read back differs");
    exit(2);
  }
  log("read");
}
exit(0);
