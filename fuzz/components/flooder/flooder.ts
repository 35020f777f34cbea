// The session flood: opens sessions at core (LOG, ROM) and at servers (Timer, File_system) as fast
// as it can, donating nothing, what the SDK donates or twice that, closes some, and repeats, one
// round per activation. With mode="healthy" it is instead the well-behaved client whose sessions
// and service must hold up during a flood.
//
// Its config: <config seed="N" rounds="N" burst="N" report="N" donate="D"/> (D: 0 nothing, 1 what
// the SDK donates, 2 twice that, 3 any of these at random), or <config mode="healthy" n="N"/>.
// The flooder never exits: the harness removes it, and its sessions go with it.
import { Err } from "../../../kernel/abi.ts";
import { log } from "../../../components/lib/log.ts";
import * as parent from "../../../components/lib/parent.ts";
import { RomConnection } from "../../../components/lib/rom.ts";
import { SignalHandler, register } from "../../../components/lib/signal.ts";
import { sys_drop, sys_signal } from "../../../components/lib/syscalls.ts";
import { TimerConnection } from "../../../components/lib/timer.ts";
import { FsConnection } from "../../../components/fs_session/connection.ts";
import { SESSION_RAM, sessionArgs } from "../../../components/fs_session/fs_session.ts";
import * as rng from "../fuzzer/rng.ts";
import { attribute } from "../attribute.ts";

// What is flooded: service, label, args, and what the SDK's connection donates (timer.ts, log.ts, rom.ts, fs_session).
const SERVICES: string[] = ["LOG", "ROM", "Timer", "File_system"];
// The ROM label names a boot module, which core serves (init itself answers "config").
const LABELS: string[] = ["flood", "timer", "flood", "/"];
const RAM: u32[] = [4096, 4096, 4096, SESSION_RAM];

/** Session ids the flood uses: below them, the SDK's own (its config ROM, its LOG). */
const FIRST_ID: u32 = 1000;
const IDS: u32 = 4096;

const config = String.UTF8.decode(new RomConnection("config").bytes().buffer);

let rounds: u32 = 0, burst: u32 = 0, every: u32 = 1, round: u32 = 0, donate: u32 = 3;
let opened: u32 = 0, pending: u32 = 0, closed: u32 = 0;
/** Denials by error code (its negation, up to 15). */
const denied = new StaticArray<u32>(16);
/** The open sessions: their ids and capabilities (Err.Pending while the parent has not answered). */
const openIds = new Array<u32>();
const openCaps = new Array<i32>();
/** Ids free to ask with. */
const freeIds = new Array<u32>();

function deniedText(): string {
  let s = "";
  for (let e = 1; e < 16; e++) if (denied[e] != 0) s += (s.length ? "," : "") + (-e).toString() + ":" + denied[e].toString();
  return s.length ? s : "none";
}

function state(): string {
  return "open=" + openIds.length.toString() + " opened=" + opened.toString() + " pending=" + pending.toString() +
    " closed=" + closed.toString() + " denied=" + deniedText();
}

/** One session request of a random service with a random donation. */
function ask(): void {
  if (freeIds.length == 0) return;
  const s = <i32>rng.below(<u32>SERVICES.length);
  const kind = donate < 3 ? donate : rng.below(3); // nothing, what the SDK donates, twice that
  const ram = kind == 0 ? 0 : RAM[s] * kind, caps = kind;
  const id = freeIds.pop();
  const args = s == 3 ? sessionArgs("/", false) : "";
  const r = parent.session(id, SERVICES[s], LABELS[s], ram, caps, args);
  if (r > 0 || r == Err.Pending) {
    if (r > 0) opened++; else pending++;
    openIds.push(id);
    openCaps.push(r);
  } else {
    denied[min<i32>(15, -r)]++;
    freeIds.push(id);
  }
}

/** Closes the session at `i` of the open ones. */
function closeAt(i: i32): void {
  const id = openIds[i], cap = openCaps[i];
  parent.close(id);
  if (cap > 0) sys_drop(cap);
  closed++;
  const last = openIds.length - 1;
  openIds[i] = openIds[last];
  openCaps[i] = openCaps[last];
  openIds.pop();
  openCaps.pop();
  freeIds.push(id);
}

class Round extends SignalHandler {
  handle(count: u32): void {
    if (round >= rounds) return;
    for (let i: u32 = 0; i < burst; i++) ask();
    // Closes some: in a third of the rounds none (the flood piles up until its quota stops it), else any number.
    const close: u32 = rng.chance(33) ? 0 : rng.below(<u32>openIds.length + 1);
    for (let i: u32 = 0; i < close && openIds.length > 0; i++) closeAt(<i32>rng.below(<u32>openIds.length));
    round++;
    if (round % every == 0 || round == rounds) log("flood: round " + round.toString() + " " + state());
    if (round < rounds) sys_signal(this.cap);
    else log("flood: done " + state());
  }
}

/** The healthy client: a session of each service, used once; one line says what it got. */
function healthy(name: string): void {
  const timer = new TimerConnection(name);
  const fs = new FsConnection(name, "/", true);
  let text = name + ":";
  text += timer.ok ? (timer.nowUs() > 0 ? " Timer ok" : " Timer call failed") : " Timer denied " + timer.cap.toString();
  if (!fs.ok) text += " File_system denied " + fs.cap.toString();
  else {
    const wrote = fs.writeText("/" + name, "healthy");
    const back = fs.readFile("/" + name);
    text += wrote == 7 && back != null && String.UTF8.decode(back.buffer) == "healthy" ? " File_system ok" : " File_system failed " + wrote.toString();
  }
  log("healthy " + text);
}

function start(): void {
  if (config.includes("mode=\"healthy\"")) {
    healthy("client" + attribute(config, "n", 0).toString());
    return;
  }
  rng.seedWith(attribute(config, "seed", 1));
  rounds = attribute(config, "rounds", 10);
  burst = max<u32>(1, attribute(config, "burst", 32));
  every = max<u32>(1, attribute(config, "report", 1));
  donate = min<u32>(3, attribute(config, "donate", 3));
  // Its LOG first: once the flood has taken every free slot, the LOG capability would find none.
  log("flood: " + rounds.toString() + " rounds of " + burst.toString() + " requests, donating " + donate.toString());
  for (let i: u32 = 0; i < IDS; i++) freeIds.push(FIRST_ID + IDS - 1 - i);
  const r = new Round();
  if (register(r) < 0) { log("flood: no signal"); return; }
  sys_signal(r.cap);
}

start();
