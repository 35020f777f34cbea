// LOG sessions: `log("text")` writes a line that appears behind the component's label.
import { Err, LogOp } from "../../kernel/abi.ts";
import { Connection } from "./connection.ts";
import * as msg from "./message.ts";
import { call } from "./rpc.ts";

export class LogConnection extends Connection {
  /** Lines written while the session was pending: they go out, in order, once it is there. */
  private held: Array<string> = new Array<string>();

  constructor(label: string = "") {
    super("LOG", label, 4096, 1);
    this.whenReady();
  }

  write(text: string): i32 {
    if (this.pending) {
      this.held.push(text);
      return Err.Pending;
    }
    if (!this.ok) return this.cap;
    msg.begin(LogOp.Write);
    msg.putString(text);
    return call(this.cap);
  }

  ready(): void {
    const lines = this.held;
    this.held = new Array<string>();
    for (let i = 0; i < lines.length; i++) this.write(lines[i]);
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
