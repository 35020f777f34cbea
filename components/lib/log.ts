// LOG sessions: `log("text")` writes a line that appears behind the component's label.
import { LogOp } from "../../kernel/abi.ts";
import { Connection } from "./connection.ts";
import * as msg from "./message.ts";
import { call } from "./rpc.ts";

export class LogConnection extends Connection {
  constructor(label: string = "") {
    super("LOG", label, 4096, 1);
  }

  write(text: string): i32 {
    if (!this.ok) return this.cap;
    msg.begin(LogOp.Write);
    msg.putString(text);
    return call(this.cap);
  }
}

let defaultLog: LogConnection | null = null;

/** Writes one line to the component's LOG session, opened on first use. */
export function log(text: string): void {
  let l = defaultLog;
  if (l == null) {
    l = new LogConnection();
    defaultLog = l;
  }
  l.write(text);
}
