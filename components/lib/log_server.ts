// Serving LOG sessions: each write reaches a sink with the label its session was opened with.
import { Err } from "../../kernel/abi.ts";
import { LogOp } from "../log_session/protocol.ts";
import * as msg from "./message.ts";
import { RpcObject } from "./rpc.ts";

/** Where a LOG server's lines go. */
export abstract class LogSink {
  /** `text` as a client wrote it (maybe several lines, maybe Genode's framing), `label` as the server sees it. */
  abstract write(label: string, text: string): void;
}

/** One client's LOG session. */
export class LogSessionObject extends RpcObject {
  constructor(readonly label: string, readonly sink: LogSink) { super(); }

  dispatch(op: i32): i32 {
    if (op != LogOp.Write) return Err.BadOpcode;
    const text = msg.getString();
    if (msg.malformed()) return Err.BadMsg;
    // The whole request is read: the sink may call others (log, report) through the IPC buffer.
    this.sink.write(this.label, text);
    msg.begin();
    return Err.Ok;
  }
}

/** Strips one trailing line break and Genode's colour reset, as its log back end appends them. */
export function stripFraming(t: string): string {
  let s = t;
  if (s.endsWith("\n")) s = s.substring(0, s.length - 1);
  if (s.endsWith("\x1b[0m")) s = s.substring(0, s.length - 4);
  return s;
}
