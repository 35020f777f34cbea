// Core's LOG service: each line a client writes appears on the console behind its label.
import { Err } from "../../abi.ts";
import { printable } from "../devices/console.ts";
import { LogOp, LogSessionQuota } from "../../../components/log_session/protocol.ts";
import type { Core } from "./core.ts";
import { openSession, type CoreServiceMaker } from "./core_service.ts";
import type { Message } from "./message.ts";
import type { Session } from "./session.ts";
import { ENDPOINT_CAPS } from "./session_account.ts";

export class LogSession implements Session {
  slot = 0;
  /** The label as the console shows it: a label is partly the client's choice, a newline in it would start a forged line. */
  private readonly shown: string;
  constructor(private core: Core, readonly badge: number, readonly label: string) {
    this.shown = printable(label, false);
  }

  dispatch(msg: Message): number {
    if (msg.op !== LogOp.Write) return Err.BadOpcode;
    // The client's own newlines make lines of its own, each behind its label; every other control
    // character (a carriage return, an escape sequence but a colour's) shows escaped and moves no cursor.
    const text = msg.string().replace(/\r?\n$/, "");
    for (const line of text.split(/\r?\n/)) this.core.sys.console.write(`[${this.shown}] ${printable(line)}`);
    this.core.lastLine.set(this.label, text);
    msg.reply();
    return Err.Ok;
  }
}

/** Core's LOG service: a session for every client that pays for it. */
export const logService: CoreServiceMaker = (core) => ({
  name: "LOG",
  cost: { ram: LogSessionQuota.Ram, caps: ENDPOINT_CAPS },
  open: (request) => openSession(core, (badge) => new LogSession(core, badge, request.label)),
});
