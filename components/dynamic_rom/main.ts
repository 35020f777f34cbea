// dynamic_rom: serves ROM modules whose content changes over time, each session stepping through a script of its config.
import { RomSessionQuota } from "../rom_session/protocol.ts";
import { Node, parseConfig } from "../lib/config/parse.ts";
import { LogConnection, errorLine, warningLine } from "../lib/log.ts";
import { labelLast } from "../lib/strings.ts";
import { RomConnection } from "../lib/rom.ts";
import { Root, SESSION_CAPS, SessionRequest, announce } from "../lib/root.ts";
import { RpcObject } from "../lib/rpc.ts";
import { ScriptedRom } from "./script.ts";
import { Sleepers } from "./sleepers.ts";

// Opened at start: sessions are created while init calls us, and init cannot be asked then.
const logger = new LogConnection();
const configText = new RomConnection("config").text();
const parsed = parseConfig(configText);
if (!parsed.ok()) logger.write(warningLine(parsed.describe("config")));
const config: Node = parsed.ok() ? parsed.node! : new Node("config");
const verbose = config.attributeBool("verbose", false);
const sleepers = new Sleepers();

class DynamicRomRoot extends Root {
  /** What one session costs (a request donating less gets Err.Quota): its endpoint, the client's capability to it, the client's change signal. */
  sessionRam(): u32 { return RomSessionQuota.Ram; }
  sessionCaps(): u32 { return SESSION_CAPS + 1; }

  create(request: SessionRequest): RpcObject | null {
    const name = labelLast(request.label);
    const roms = config.childrenOf("rom");
    for (let i = 0; i < roms.length; i++) {
      if (roms[i].attributeOr("name", "") != name) continue;
      const session = new ScriptedRom(roms[i], verbose ? logger : null);
      sleepers.run(session);
      return session;
    }
    logger.write(errorLine("ROM module lookup of '" + request.label + "' failed"));
    return null;
  }

  destroy(session: RpcObject): void {
    const rom = <ScriptedRom>session;
    rom.closed();
    sleepers.forget(rom);
  }
}

announce("ROM", new DynamicRomRoot());
