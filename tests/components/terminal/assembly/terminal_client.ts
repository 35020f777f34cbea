// Test component: a Terminal client that writes, reads and watches the size as its config's attributes say, logging what it sees.
//
// <config [label="L"] [write="T"] [forge="yes"] [hold="yes"] [exit_on="S"]/>
//   opens a Terminal session labelled L, logs `size CxR`, listens for input and resizes, writes T,
//   sends malformed requests when forge says so (logging `forged: ` and their results), logs `ready`.
//   Input: logs `read 'X'` (control bytes as \xNN; `read nothing` when none came), exits when it
//   holds S; with hold, logs `input N` (the bytes available) and reads nothing.
//   Resizes: logs `resized CxR, avail N`.
import { Err } from "../../../../kernel/abi.ts";
import { TerminalOp } from "../../../../components/terminal_session/protocol.ts";
import { exit } from "../../../../components/lib/component.ts";
import { Node, parseConfig } from "../../../../components/lib/config/parse.ts";
import { log } from "../../../../components/lib/log.ts";
import * as msg from "../../../../components/lib/message.ts";
import { call } from "../../../../components/lib/rpc.ts";
import { RomConnection } from "../../../../components/lib/rom.ts";
import { SignalHandler, register, submitCap } from "../../../../components/lib/signal.ts";
import { TerminalConnection } from "../../../../components/terminal_session/connection.ts";
import { READ_MAX } from "../../../../components/terminal_session/terminal_session.ts";

/** Input as one log line: printable ASCII as it is, other bytes as \xNN. */
function show(bytes: Uint8Array): string {
  let s = "";
  for (let i = 0; i < bytes.length; i++) {
    const b = bytes[i];
    s += b >= 0x20 && b < 0x7f ? String.fromCharCode(b) : "\\x" + (b < 16 ? "0" : "") + b.toString(16);
  }
  return s;
}

const configRom = new RomConnection("config");
const parsed = parseConfig(configRom.text());
const config = parsed.ok() ? parsed.node! : new Node("config");

class Client extends TerminalConnection {
  ready(): void { start(); }
}

const terminal = new Client(config.attributeOr("label", ""));

class InputArrived extends SignalHandler {
  handle(count: u32): void {
    if (config.attributeBool("hold", false)) {
      log("input " + terminal.avail().toString());
      return;
    }
    const all = new Array<u8>();
    for (;;) {
      const bytes = terminal.read();
      if (terminal.error < 0) log("read failed: error " + terminal.error.toString());
      if (bytes.length == 0) break;
      for (let i = 0; i < bytes.length; i++) all.push(bytes[i]);
    }
    const got = new Uint8Array(all.length);
    for (let i = 0; i < all.length; i++) got[i] = all[i];
    log(got.length == 0 ? "read nothing" : "read '" + show(got) + "'");
    const end = config.attribute("exit_on");
    if (end !== null && String.UTF8.decode(got.buffer).includes(end)) exit(0);
  }
}

class Resized extends SignalHandler {
  handle(count: u32): void {
    log("resized " + terminal.size().toString() + ", avail " + terminal.avail().toString());
  }
}

/** Requests no well-behaved client sends; logs the result of each. */
function forge(): void {
  const results = new Array<string>();
  // A write whose block says it is longer than the message.
  msg.begin(TerminalOp.Write);
  msg.putU32(100);
  msg.putU32(0);
  results.push(call(terminal.cap).toString());
  // A read without its size.
  msg.begin(TerminalOp.Read);
  results.push(call(terminal.cap).toString());
  // A read of more than one reply holds.
  msg.begin(TerminalOp.Read);
  msg.putU32(READ_MAX + 1);
  results.push(call(terminal.cap).toString());
  msg.begin(TerminalOp.Read);
  msg.putU32(0xffffffff);
  results.push(call(terminal.cap).toString());
  // A signal registration without the signal.
  msg.begin(TerminalOp.ReadAvailSigh);
  results.push(call(terminal.cap).toString());
  // An opcode the service does not know.
  msg.begin(99);
  results.push(call(terminal.cap).toString());
  log("forged: " + results.join(" "));
}

function start(): void {
  if (!terminal.ok) {
    log("Terminal denied (error " + terminal.cap.toString() + ")");
    return;
  }
  const size = terminal.size();
  log(terminal.error == Err.Ok ? "size " + size.toString() : "size failed: error " + terminal.error.toString());
  const input = new InputArrived();
  if (register(input) > 0) terminal.readAvailSigh(submitCap(input));
  const resized = new Resized();
  if (register(resized) > 0) terminal.sizeChangedSigh(submitCap(resized));
  const text = config.attribute("write");
  if (text !== null) {
    const n = terminal.print(text);
    if (n < 0) log("write failed: error " + n.toString());
  }
  if (config.attributeBool("forge", false)) forge();
  log("ready");
}

terminal.whenReady();
