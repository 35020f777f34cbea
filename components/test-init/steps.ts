// The driver's step machine: runs the scenario's steps in order, each to PASS or FAIL, advancing from signal handlers.
//
// SEMANTICS §15 T2, with a timeout on every wait (Genode's driver waits forever; here an unmet
// expectation fails with its reason and the machine goes on). A step that completes at once is
// followed by the next in the same activation; a waiting step returns, and the machine resumes
// when a LOG line arrives (log_server.ts), the state ROM changes (state_rom.ts) or the alarm
// fires (alarm.ts). All state lives in the module-level `m`.
import { exit } from "../lib/component.ts";
import { Node } from "../lib/config/node.ts";
import { log } from "../lib/log.ts";
import { ReportConnection } from "../report_session/connection.ts";
import { AlarmSink, arm, cancel, haveClock } from "./alarm.ts";
import { LineSink } from "./log_server.ts";
import { mismatch } from "./state_match.ts";
import { StateSink, readState } from "./state_rom.ts";

const enum Wait { None, Sleep, Log, State }

/** What the machine knows; one instance, so that every handler sees the same. */
class Machine {
  steps: Array<Node> = new Array<Node>();
  /** Steps to run (the `only_steps` selection); all when empty. */
  selected: Array<bool> = new Array<bool>();
  current: i32 = 0;
  passed: i32 = 0;
  failed: i32 = 0;
  wait: Wait = Wait.None;
  expected: string = "";
  /** The reason the current state expectation does not hold yet. */
  why: string = "";
  /** Lines seen while waiting for one, and the last of them: a failed expect_log names them. */
  seen: i32 = 0;
  lastLine: string = "";
  divisor: u64 = 1;
  timeoutMs: u64 = 3000;
  echo: bool = false;
  running: bool = false;
  done: bool = false;
  report: ReportConnection | null = null;
}

const m = new Machine();

/** Largest config the driver publishes for init. */
const REPORT_BUFFER: u32 = 64 * 1024;

/** Takes the scenario: its top-level nodes are the steps; root attributes tune the run. */
export function load(scenario: Node): void {
  m.steps = scenario.children;
  const d = scenario.attributeU64("sleep_divisor", 1);
  m.divisor = d == 0 ? 1 : d;
  m.timeoutMs = scenario.attributeU64("expect_timeout_ms", 3000);
  m.echo = scenario.attributeBool("echo_log", false);
  m.selected = selection(scenario.attributeOr("only_steps", ""), m.steps.length);
  m.report = new ReportConnection("init.config", REPORT_BUFFER);
}

/** `a-b,c` as a flag per step; every step when the text is empty or names none. */
function selection(text: string, n: i32): Array<bool> {
  const out = new Array<bool>(n);
  let any = false;
  const parts = text.split(",");
  for (let i = 0; i < parts.length; i++) {
    const p = parts[i].trim();
    if (p.length == 0) continue;
    const dash = p.indexOf("-");
    const a = I32.parseInt(dash < 0 ? p : p.substring(0, dash));
    const b = dash < 0 ? a : I32.parseInt(p.substring(dash + 1));
    if (isNaN(a) || isNaN(b)) continue;
    for (let s = max(<i32>a, 0); s <= min(<i32>b, n - 1); s++) { out[s] = true; any = true; }
  }
  if (!any) for (let s = 0; s < n; s++) out[s] = true;
  return out;
}

/** The step in words, for its PASS/FAIL line. */
function what(s: Node): string {
  const t = s.type;
  if (t == "init_config") {
    const v = s.attribute("version");
    return v !== null ? "init_config \"" + v + "\"" : "init_config (line " + s.line.toString() + ")";
  }
  if (t == "sleep") return "sleep " + s.attributeOr("ms", "250") + " ms";
  if (t == "message") return "message \"" + s.attributeOr("string", "") + "\"";
  if (t == "expect_log") return "expect_log \"" + s.attributeOr("string", "") + "\"";
  if (t == "expect_warning") return "expect_warning \"" + s.attributeOr("string", "") + s.attributeOr("colored", "") + "\"";
  if (t == "expect_init_state") return "expect_init_state (line " + s.line.toString() + ")";
  return "<" + t + "> (line " + s.line.toString() + ")";
}

function pass(): void {
  m.passed++;
  log("step " + m.current.toString() + ": PASS " + what(m.steps[m.current]));
}

function fail(why: string): void {
  m.failed++;
  log("step " + m.current.toString() + ": FAIL " + what(m.steps[m.current]) + ": " + why);
}

/** Runs steps from the current one until one waits or all are done. */
export function run(): void {
  if (m.running || m.done) return;
  m.running = true;
  while (m.current < m.steps.length) {
    if (!m.selected[m.current] || begin(m.steps[m.current])) m.current++;
    else break;
  }
  m.running = false;
  if (m.current >= m.steps.length) finish();
}

/** The current step completed (after a wait): on to the next. */
function advance(): void {
  m.wait = Wait.None;
  cancel();
  m.current++;
  run();
}

/** Starts a step: true when it completed at once (PASS or FAIL logged), false when it waits. */
function begin(s: Node): bool {
  const t = s.type;
  if (t == "init_config") {
    const r = m.report;
    const config = new Node("config");
    config.attrs = s.attrs;
    config.children = s.children;
    config.text = s.text;
    const e = r != null ? r.submit(config.toXml()) : -1;
    // Pending: held by the connection and sent once report_rom is there.
    if (e >= 0 || (r != null && r.pending)) pass();
    else fail("the init.config report was refused (error " + e.toString() + ")");
    return true;
  }
  if (t == "message") {
    log("--- " + s.attributeOr("string", "") + " ---");
    pass();
    return true;
  }
  if (t == "nop") { pass(); return true; }
  if (t == "sleep") {
    if (!haveClock()) { fail("no Clock session to sleep with"); return true; }
    m.wait = Wait.Sleep;
    arm(s.attributeU64("ms", 250) / m.divisor);
    return false;
  }
  if (t == "expect_log" || t == "expect_warning") {
    m.expected = s.attributeOr("string", "");
    if (t == "expect_warning" || s.has("colored")) m.expected += "\x1b[34m" + s.attributeOr("colored", "");
    m.seen = 0;
    m.lastLine = "";
    return waitOrFail(Wait.Log);
  }
  if (t == "expect_init_state") {
    m.why = stateMismatch(s);
    if (m.why.length == 0) { pass(); return true; }
    return waitOrFail(Wait.State);
  }
  fail("unknown step type");
  return true;
}

/** Waits with the timeout armed; without a clock the wait could never end, so the step fails. */
function waitOrFail(w: Wait): bool {
  if (!haveClock()) {
    fail("no Clock session for the timeout");
    return true;
  }
  m.wait = w;
  arm(m.timeoutMs);
  return false;
}

function stateMismatch(expect: Node): string {
  const state = readState();
  const n = state.node;
  if (n == null) return state.why;
  return mismatch(expect, n);
}

/** Shows escape characters as text, so a FAIL line names what did not match. */
function visible(s: string): string { return s.replaceAll("\x1b", "\\e"); }

function finish(): void {
  m.done = true;
  log(m.passed.toString() + " passed, " + m.failed.toString() + " failed");
  exit(m.failed == 0 ? 0 : 1);
}

class Lines extends LineSink {
  line(text: string): void {
    if (m.echo) log("> " + visible(text));
    if (m.wait != Wait.Log) return;
    if (text == m.expected) {
      pass();
      advance();
      return;
    }
    m.seen++;
    m.lastLine = text;
  }
}

class Alarm extends AlarmSink {
  fired(): void {
    const w = m.wait;
    if (w == Wait.None) return;
    if (w == Wait.Sleep) pass();
    else if (w == Wait.Log) {
      fail("not seen within " + m.timeoutMs.toString() + " ms (" + m.seen.toString() + " other lines" +
        (m.seen > 0 ? ", last: " + visible(m.lastLine) : "") + ")");
    } else {
      fail("not matched within " + m.timeoutMs.toString() + " ms: " + m.why);
      if (m.echo) log("> report: " + readState().text);
    }
    advance();
  }
}

class StateChanges extends StateSink {
  changed(): void {
    if (m.wait != Wait.State) return;
    m.why = stateMismatch(m.steps[m.current]);
    if (m.why.length > 0) return;
    pass();
    advance();
  }
}

export const lines = new Lines();
export const alarm = new Alarm();
export const stateChanges = new StateChanges();

/** The scenario could not be had: one failed step stands for it. */
export function abort(why: string): void {
  m.done = true;
  log("step 0: FAIL scenario: " + why);
  log("0 passed, 1 failed");
  exit(1);
}
