// The terminal devices: the input queue, the in-memory terminal, and the TTY one over stand-in streams.
import { EventEmitter } from "node:events";
import { describe, expect, it } from "vitest";
import { NodeTerminal, type TtyInput, type TtyOutput } from "../../../../kernel/host/devices/node_terminal.ts";
import { BufferTerminal, InputQueue } from "../../../../kernel/host/devices/terminal.ts";

/** A stand-in for process.stdin: a TTY whose raw mode the test can watch. */
class FakeTty extends EventEmitter implements TtyInput {
  isTTY = true;
  raw = false;
  flowing = false;
  setRawMode(raw: boolean): void { this.raw = raw; }
  resume(): void { this.flowing = true; }
  pause(): void { this.flowing = false; }
}

/** A stand-in for process.stdout. */
class FakeScreen extends EventEmitter implements TtyOutput {
  columns = 120;
  rows = 50;
  written: string[] = [];
  write(data: Uint8Array): void { this.written.push(new TextDecoder().decode(data)); }
}

describe("terminal devices", () => {
  it("the input queue hands out bytes oldest first, across chunks, and drops what exceeds its bound", () => {
    const q = new InputQueue(8);
    expect(q.push(new Uint8Array([1, 2, 3]))).toBe(3);
    expect(q.push(new Uint8Array([4, 5, 6, 7, 8, 9, 10]))).toBe(5);
    expect(q.length).toBe(8);
    expect([...q.take(2)]).toEqual([1, 2]);
    expect([...q.take(100)]).toEqual([3, 4, 5, 6, 7, 8]);
    expect(q.take(4).length).toBe(0);
    expect(q.push(new Uint8Array([11]))).toBe(1);
    expect([...q.take(1)]).toEqual([11]);
  });

  it("BufferTerminal: typed input is queued and announced, writes collect, resizes are announced", () => {
    const t = new BufferTerminal();
    const events: string[] = [];
    t.type("lost to nobody");
    t.listen({ input: () => events.push("input"), resize: () => events.push("resize") });
    t.type("ab");
    t.resize(10, 5);
    t.write(new TextEncoder().encode("out"));
    expect(events).toEqual(["input", "resize"]);
    expect(t.avail()).toBe(16);
    expect(new TextDecoder().decode(t.read(100))).toBe("lost to nobodyab");
    expect(t.size()).toEqual({ columns: 10, rows: 5 });
    expect(t.text()).toBe("out");
  });

  it("NodeTerminal: raw mode while open, input and resizes announced, the mode restored on close", () => {
    const tty = new FakeTty(), screen = new FakeScreen();
    const t = new NodeTerminal(tty, screen);
    expect(tty.raw).toBe(true);
    expect(tty.flowing).toBe(true);
    const events: string[] = [];
    t.listen({ input: () => events.push("input"), resize: () => events.push("resize") });
    tty.emit("data", Buffer.from("\x03x"));
    screen.columns = 100;
    screen.emit("resize");
    t.write(new TextEncoder().encode("hello"));
    expect(events).toEqual(["input", "resize"]);
    expect([...t.read(10)]).toEqual([3, 0x78]);
    expect(t.size()).toEqual({ columns: 100, rows: 50 });
    expect(screen.written).toEqual(["hello"]);
    t.close();
    expect(tty.raw).toBe(false);
    expect(tty.flowing).toBe(false);
    expect(tty.listenerCount("data")).toBe(0);
    t.write(new TextEncoder().encode("after"));
    expect(screen.written).toEqual(["hello"]);
  });

  it("NodeTerminal on a pipe: no raw mode, the classic 80x24", () => {
    const pipe = new FakeTty();
    pipe.isTTY = false;
    const screen = new FakeScreen();
    screen.columns = 0;
    screen.rows = 0;
    const t = new NodeTerminal(pipe, screen);
    expect(pipe.raw).toBe(false);
    expect(t.size()).toEqual({ columns: 80, rows: 24 });
    t.close();
  });
});
