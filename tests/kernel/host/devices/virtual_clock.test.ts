// The virtual clock device: time moves only when told to, or (auto) jumps to the alarm when the system is idle but for it.
import { describe, expect, it } from "vitest";
import { type ClockHost } from "../../../../kernel/host/devices/clock.ts";
import { VirtualClock } from "../../../../kernel/host/devices/virtual_clock.ts";
import { initConfig, runSystem, startSystem, waitFor } from "../../../support/system.ts";

/** A stand-in system that settles whenever it is scheduled (in a later microtask), as an idle System does. */
function idleHost(): ClockHost & { settles: number } {
  const watchers: (() => void)[] = [];
  const host = {
    settles: 0,
    whenSettled: (fn: () => void) => { watchers.push(fn); },
    whenYielding: () => {},
    schedule: () => {
      queueMicrotask(() => {
        host.settles++;
        for (const w of watchers) w();
      });
    },
  };
  return host;
}

describe("virtual clock, alone", () => {
  it("stands still until advanced, and fires an alarm at its whole millisecond, never early", async () => {
    const clock = new VirtualClock({ auto: false });
    const fired: number[] = [];
    clock.alarm(2.5, () => fired.push(clock.now()));
    expect(clock.now()).toBe(0);
    expect(clock.nextAlarm).toBe(3);
    await clock.advance(2);
    expect([clock.now(), fired]).toEqual([2, []]);
    await clock.advance(10);
    expect([clock.now(), fired, clock.armed]).toEqual([12, [3], false]);
  });

  it("fires each alarm on the way in order, an alarm arming the next, and a cancelled one not at all", async () => {
    const clock = new VirtualClock({ auto: false });
    const fired: number[] = [];
    const tick = () => { fired.push(clock.now()); clock.alarm(10, tick); };
    clock.alarm(10, tick);
    await clock.advance(35);
    expect(fired).toEqual([10, 20, 30]);
    clock.cancel();
    await clock.advance(100);
    expect(fired).toEqual([10, 20, 30]);
    expect(clock.now()).toBe(135);
  });

  it("arms at least a millisecond ahead: time passes even for an alarm of 0", async () => {
    const clock = new VirtualClock({ auto: false, start: 7 });
    clock.alarm(0, () => {});
    expect(clock.nextAlarm).toBe(8);
  });

  it("refuses a bad advance with a clear error, and its time stays", async () => {
    const clock = new VirtualClock({ auto: false });
    await expect(clock.advance(-1)).rejects.toThrow(/finite number of milliseconds >= 0, got -1/);
    await expect(clock.advance(NaN)).rejects.toThrow(/got NaN/);
    await expect(new VirtualClock().advance(5)).rejects.toThrow(/while auto is on/);
    expect(() => new VirtualClock({ start: -3 })).toThrow(/start must be/);
    expect(clock.now()).toBe(0);
  });

  it("on a system: an advance waits for it to settle after each alarm, and only one advance runs at a time", async () => {
    const clock = new VirtualClock({ auto: false });
    const host = idleHost();
    clock.attach(host);
    expect(() => clock.attach(idleHost())).toThrow(/already serves a system/);
    const fired: number[] = [];
    clock.alarm(5, () => { fired.push(clock.now()); host.schedule(); });
    const advancing = clock.advance(20);
    await expect(clock.advance(1)).rejects.toThrow(/still under way/);
    await advancing;
    expect([fired, clock.now()]).toEqual([[5], 20]);
    expect(host.settles).toBe(2);
  });

  it("auto: jumps to the alarm as soon as the system settles, and turning auto on wakes an idle system", async () => {
    const clock = new VirtualClock({ auto: false });
    const host = idleHost();
    clock.attach(host);
    const fired: number[] = [];
    clock.alarm(1000, () => fired.push(clock.now()));
    clock.auto = true;
    await Promise.resolve();
    expect([fired, clock.now()]).toEqual([[1000], 1000]);
  });
});

/** A stand-in system that is busy: each turn it is scheduled for ends with work left, `turns` times, then it settles. */
function busyHost(turns: number): ClockHost {
  const settled: (() => void)[] = [], yielding: (() => void)[] = [];
  let left = turns, scheduled = false;
  const host: ClockHost = {
    whenSettled: (fn) => { settled.push(fn); },
    whenYielding: (fn) => { yielding.push(fn); },
    schedule: () => {
      if (scheduled) return;
      scheduled = true;
      queueMicrotask(() => {
        scheduled = false;
        if (left-- > 0) {
          // As System does: the loop runs on in a later task, and the clock hears of the yield.
          host.schedule();
          for (const w of yielding) w();
        } else for (const w of settled) w();
      });
    },
  };
  return host;
}

describe("virtual clock, busy system", () => {
  it("a turn that ends with work left takes turnMs, and an alarm due by then fires", () => {
    const clock = new VirtualClock({ turnMs: 2 });
    const yielding: (() => void)[] = [];
    clock.attach({ whenSettled: () => {}, whenYielding: (fn) => { yielding.push(fn); }, schedule: () => {} });
    const fired: number[] = [];
    clock.alarm(5, () => fired.push(clock.now()));
    for (let i = 0; i < 2; i++) for (const w of yielding) w();
    expect([clock.now(), fired]).toEqual([4, []]);
    for (const w of yielding) w();
    expect([clock.now(), fired]).toEqual([6, [6]]);
  });

  it("held, busy turns move time only within an advance, and never past its end", async () => {
    const clock = new VirtualClock({ auto: false });
    const yielding: (() => void)[] = [];
    clock.attach({ whenSettled: () => {}, whenYielding: (fn) => { yielding.push(fn); }, schedule: () => {} });
    for (const w of yielding) w();
    expect(clock.now()).toBe(0);
    const other = new VirtualClock({ auto: false });
    other.attach(busyHost(10));
    await other.advance(3);
    expect(other.now()).toBe(3);
  });

  it("refuses a turnMs that is not a positive number of milliseconds", () => {
    expect(() => new VirtualClock({ turnMs: 0 })).toThrow("virtual clock: turnMs must be a finite number of milliseconds > 0, got 0");
    expect(() => new VirtualClock({ turnMs: Number.NaN })).toThrow(/turnMs must be a finite number/);
  });
});

describe("virtual clock, booted", () => {
  const timer = `<start name="timer"> <provides> <service name="Timer"/> </provides> </start>`;
  const sleeper = (ms: number) => `<start name="app"> <binary name="dummy"/> <config> <log string="sleep"/> <sleep ms="${ms}"/> <log string="woke"/> </config> </start>`;

  it("runSystem: an hour's sleep runs through at once, the system's time an hour later", async () => {
    const run = await runSystem(initConfig(timer + sleeper(3_600_000)));
    expect(run.lines).toEqual(["[init -> app] sleep", "[init -> app] woke"]);
    expect(run.clock.now()).toBe(3_600_000);
  });

  it("startSystem: time holds until the test moves it, and the components see what it says", async () => {
    const run = await startSystem(initConfig(timer + sleeper(500)));
    await run.clock.advance(0);
    expect(run.lines).toEqual(["[init -> app] sleep"]);
    await run.clock.advance(499);
    expect(run.lines).toEqual(["[init -> app] sleep"]);
    await run.clock.advance(1);
    expect(run.lines).toEqual(["[init -> app] sleep", "[init -> app] woke"]);
  });

  it("waitFor steps time alarm by alarm to the line, and says why when the line cannot come", async () => {
    const run = await startSystem(initConfig(timer + sleeper(700)));
    await waitFor(run, (l) => l.includes("[init -> app] woke"));
    expect(run.clock.now()).toBe(700);
    await expect(waitFor(run, (l) => l.includes("never"))).rejects.toThrow(/the system is idle, no alarm pending; log:\n\[init -> app\] sleep/);

    const late = await startSystem(initConfig(timer + sleeper(10_000)));
    await expect(waitFor(late, (l) => l.includes("[init -> app] woke"), 1000)).rejects.toThrow(/timed out after 1000 ms of system time/);
    expect(late.clock.now()).toBe(0);
  });
});
