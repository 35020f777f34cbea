// Test component: a client of the builder's Builder session, its job named by its config's <job hostile build profile>.
//
// hostile="1": sends malformed and forbidden requests first, logs how each was answered ("answers: ...").
// build="NAME": then builds NAME with `profile` (default "dev"), logs each line of the progress text
// ("progress: ...") and the end ("end: Done" or "end: Failed"). leave="1": closes the session while
// the build runs (the builder must go on and serve the next client). A build the builder is busy
// for (Err.Pending) is asked again every 50 ms (Timer) until it starts.
import { Err } from "../../../../kernel/abi.ts";
import { BuildFlag, BuildMode, BuilderOp, BuilderState } from "../../../../components/builder_session/protocol.ts";
import { BuilderConnection } from "../../../../components/builder_session/connection.ts";
import { parseConfig } from "../../../../components/lib/config/parse.ts";
import { log } from "../../../../components/lib/log.ts";
import * as msg from "../../../../components/lib/message.ts";
import { RomConnection } from "../../../../components/lib/rom.ts";
import { call } from "../../../../components/lib/rpc.ts";
import { sys_drop } from "../../../../components/lib/syscalls.ts";
import { SignalHandler, register, submitCap } from "../../../../components/lib/signal.ts";
import { TimerConnection } from "../../../../components/lib/timer.ts";
import { errName } from "../../fs/assembly/names.ts";

// Read once: each read would be a ROM session of its own.
const parsed = parseConfig(new RomConnection("config").text()).node;

function setting(name: string, dflt: string): string {
  const root = parsed;
  if (root == null) return dflt;
  const job = root.child("job");
  return job == null ? dflt : job.attributeOr(name, dflt);
}

function stateName(s: u32): string {
  if (s == BuilderState.Idle) return "Idle";
  if (s == BuilderState.Running) return "Running";
  if (s == BuilderState.Done) return "Done";
  if (s == BuilderState.Failed) return "Failed";
  return s.toString();
}

class News extends SignalHandler {
  handle(count: u32): void { progress(); }
}

const news = new News();
register(news);

class Client extends BuilderConnection {
  ready(): void {
    if (!this.ok) {
      log("no Builder session: " + errName(this.cap));
      return;
    }
    if (setting("hostile", "0") == "1") hostile(this.cap);
    if (setting("build", "").length > 0) startBuild();
  }
}

let retry: TimerConnection | null = null;

class Retry extends SignalHandler {
  handle(count: u32): void { startBuild(); }
}

function startBuild(): void {
  const names = new Array<string>();
  names.push(setting("build", ""));
  const signal = submitCap(news);
  const e = client.build(setting("profile", "dev"), BuildMode.Build, BuildFlag.Force, names, signal);
  // The builder keeps a copy of its own when it takes the signal.
  sys_drop(signal);
  if (e == Err.Pending) {
    if (retry == null) {
      const t = new TimerConnection();
      const h = new Retry();
      if (register(h) > 0) t.sigh(submitCap(h));
      retry = t;
      log("busy: asking again");
    }
    retry!.once(50000);
    return;
  }
  log("build: " + errName(e) + (e == Err.BadMsg ? " (signal " + signal.toString() + ")" : ""));
  if (setting("leave", "0") == "1") {
    client.close();
    log("left");
  }
}

const client = new Client();

function progress(): void {
  if (!client.ok) return;
  const text = client.newText();
  const lines = text.split("\n");
  for (let i = 0; i < lines.length; i++) if (lines[i].length > 0) log("progress: " + lines[i]);
  const st = client.status();
  if (st != null && !st.running) log("end: " + stateName(st.state));
}

function buildRaw(cap: i32, profile: string, mode: u32, count: u32, names: Array<string>, withCap: bool): i32 {
  msg.begin(BuilderOp.Build);
  msg.putString(profile);
  msg.putU32(mode);
  msg.putU32(0);
  msg.putU32(count);
  for (let i = 0; i < names.length; i++) msg.putString(names[i]);
  const signal = withCap ? submitCap(news) : 0;
  if (withCap) msg.putCap(signal);
  const e = call(cap);
  if (signal > 0) sys_drop(signal);
  return e;
}

function hostile(cap: i32): void {
  const out = new Array<string>();
  const one = (s: string): Array<string> => { const a = new Array<string>(); a.push(s); return a; };
  out.push("too-many=" + errName(buildRaw(cap, "dev", BuildMode.Build, 100000, new Array<string>(), true)));
  out.push("climb=" + errName(buildRaw(cap, "dev", BuildMode.Build, 1, one("../../etc"), true)));
  out.push("path=" + errName(buildRaw(cap, "dev", BuildMode.Build, 1, one("hello/main.ts"), true)));
  out.push("empty-name=" + errName(buildRaw(cap, "dev", BuildMode.Build, 1, one(""), true)));
  out.push("short=" + errName(buildRaw(cap, "dev", BuildMode.Build, 3, one("hello"), true)));
  out.push("mode=" + errName(buildRaw(cap, "dev", 7, 1, one("hello"), true)));
  out.push("no-signal=" + errName(buildRaw(cap, "dev", BuildMode.Build, 1, one("hello"), false)));
  msg.begin(99);
  out.push("opcode=" + errName(call(cap)));
  msg.begin(BuilderOp.ReadLog);
  msg.putU32(0x7fffffff);
  const far = call(cap);
  out.push("far-log=" + (far >= 0 ? "ok " + msg.getBytes().length.toString() : errName(far)));
  msg.begin(BuilderOp.ReadLog);
  out.push("log-no-offset=" + errName(call(cap)));
  log("answers: " + out.join(" "));
}

client.whenReady();
