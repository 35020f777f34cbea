// Test component: copies boot modules into its File_system, as a build would write binaries: `<copy rom="hello" path="/stash/a.wasm" [size="N"]/>`.
//
// Each copy is logged as `copied ROM to PATH: N bytes` (or the error); `size` keeps only the first N
// bytes (a truncated binary). Then it logs "stashed" and exits.
import { exit } from "../../../../components/lib/component.ts";
import { Node, parseConfig } from "../../../../components/lib/config/parse.ts";
import { log } from "../../../../components/lib/log.ts";
import { RomConnection } from "../../../../components/lib/rom.ts";
import { FsConnection } from "../../../../components/fs_session/connection.ts";

const parsed = parseConfig(new RomConnection("config").text());
const config: Node = parsed.ok() ? parsed.node! : new Node("config");

class Fs extends FsConnection {
  ready(): void {
    if (!this.ok) {
      log("no File_system session: " + this.cap.toString());
      exit(1);
      return;
    }
    for (let i = 0; i < config.children.length; i++) {
      const step = config.children[i];
      if (step.type == "mkdir") {
        this.mkdir(step.attributeOr("path", ""));
        continue;
      }
      if (step.type != "copy") continue;
      const name = step.attributeOr("rom", ""), path = step.attributeOr("path", "");
      const rom = new RomConnection(name);
      let bytes = rom.bytes();
      rom.close();
      if (step.has("size")) bytes = bytes.subarray(0, <i32>min<u64>(step.attributeU64("size", 0), <u64>bytes.length));
      const r = this.writeFile(path, bytes);
      log("copied " + name + " to " + path + ": " + (r < 0 ? "error " + r.toString() : bytes.length.toString() + " bytes"));
    }
    log("stashed");
    exit(0);
  }
}

new Fs().whenReady();
