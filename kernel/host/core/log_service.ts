// Core's LOG service: each line a client writes appears on the console behind its label.
import { Err } from "../../abi.ts";
import { LogOp } from "../../../components/log_session/protocol.ts";
import type { Core } from "./core.ts";
import { openSession, type CoreServiceMaker } from "./core_service.ts";
import type { Message } from "./message.ts";
import type { Session } from "./session.ts";

export class LogSession implements Session {
  slot = 0;
  constructor(private core: Core, readonly badge: number, readonly label: string) {}

  dispatch(msg: Message): number {
    if (msg.op !== LogOp.Write) return Err.BadOpcode;
    const text = msg.string().replace(/\n$/, "");
    for (const line of text.split("\n")) this.core.sys.console.write(`[${this.label}] ${line}`);
    this.core.lastLine.set(this.label, text);
    msg.reply();
    return Err.Ok;
  }
}

/** Core's LOG service: a session for every client. */
export const logService: CoreServiceMaker = (core) => ({
  name: "LOG",
  open: (request) => openSession(core, (badge) => new LogSession(core, badge, request.label)),
});
