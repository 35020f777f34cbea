// swap_client: for the swap bench, holds 100 Hello sessions and calls through them in bursts each millisecond, logging its calls, failures and the server's count every 1000 calls.
import { HelloConnection } from "../../../components/hello_session/connection.ts";
import { log } from "../../../components/lib/log.ts";
import { SignalHandler, register, submitCap } from "../../../components/lib/signal.ts";
import { sys_signal } from "../../../components/lib/syscalls.ts";
import { TimerConnection } from "../../../components/lib/timer.ts";

const SESSIONS = 100;
/** Calls per activation: the loop re-submits its own signal, so the host runs other work (and swaps) between. */
const PER_ROUND = 10;
/** Activations per tick of the timer: a tight loop that still lets the system run dry each millisecond (a test's clock advances then). */
const ROUNDS: u32 = 20;

const sessions = new Array<HelloConnection>();
for (let i = 0; i < SESSIONS; i++) {
  const c = new HelloConnection();
  if (!c.ok) {
    log("session " + i.toString() + " refused: error " + c.cap.toString());
    break;
  }
  sessions.push(c);
}

class Loop extends SignalHandler {
  self: i32 = 0;
  calls: i64 = 0;
  failed: i64 = 0;
  rounds: u32 = 0;
  handle(count: u32): void {
    for (let k = 0; k < PER_ROUND; k++) {
      const i = <i32>(this.calls % SESSIONS);
      const r = sessions[i].add(i, 1);
      this.calls++;
      if (r != i + 1) {
        this.failed++;
        log("call " + this.calls.toString() + " on session " + i.toString() + " failed: " + r.toString());
      }
      if (this.calls % 1000 == 0) this.check(sessions[i]);
    }
    if (++this.rounds < ROUNDS) sys_signal(this.self);
  }

  /** The server's count is every call this client made (it is the only one), the count call included. */
  check(c: HelloConnection): void {
    c.sayHello();
    this.calls++;
    const n = c.count();
    this.calls++;
    log("calls " + this.calls.toString() + " failed " + this.failed.toString() + " count " + n.toString());
  }
}

class Tick extends SignalHandler {
  handle(count: u32): void {
    loop.rounds = 0;
    sys_signal(loop.self);
  }
}

const loop = new Loop();
const timer = new TimerConnection();
if (sessions.length == SESSIONS) {
  log("holding " + SESSIONS.toString() + " sessions");
  register(loop);
  loop.self = submitCap(loop);
  const tick = new Tick();
  register(tick);
  timer.sigh(submitCap(tick));
  timer.periodic(1000);
}
