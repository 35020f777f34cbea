// Test component: writes a file through fs at every level of a recursion without end, so its stack runs out in the middle of fs's work for it.
import { FsOpen } from "../../../../components/fs_session/protocol.ts";
import { FsConnection } from "../../../../components/fs_session/connection.ts";
import { log } from "../../../../components/lib/log.ts";

const text = new Uint8Array(600);

function writeLevel(level: i32): void {
  const h = fs.open("/deep", FsOpen.Write | FsOpen.Create);
  if (h < 0) return;
  for (let i = 0; i < text.length; i++) text[i] = <u8>(65 + (level + i) % 26);
  fs.write(h, 0, text);
  fs.closeHandle(h);
}

// Small frames: each level goes a little deeper, so one of them runs out of stack in the deepest part of fs's work.
function down(level: i32): i32 {
  writeLevel(level);
  return down(level + 1) + 1;
}

class Fs extends FsConnection {
  ready(): void {
    if (!this.ok) { log("no File_system session"); return; }
    log("going down");
    down(0);
  }
}

const fs = new Fs();
fs.whenReady();
