// The SDK's marshalling: what a component writes, the host's reader decodes, and bad lengths fail softly.
import { beforeAll, describe, expect, it } from "vitest";
import { Msg } from "../../../kernel/abi.ts";
import { Message } from "../../../kernel/host/core/message.ts";
import { loadAsModule, type AsModule } from "../../support/as_module.ts";

let m: AsModule;
beforeAll(async () => {
  m = await loadAsModule(["tests/components/lib/message_harness.ts"]);
}, 120_000);

const str = (s: string) => m.__newString(s);
const ipc = () => {
  const addr = m.ipcAddress() as number;
  const buf = (m.memory as WebAssembly.Memory).buffer;
  return { words: new Int32Array(buf, addr, Msg.BufferSize / 4), bytes: new Uint8Array(buf, addr, Msg.BufferSize) };
};

describe("SDK marshalling (components/lib/message.ts)", () => {
  it("round-trips every field kind, UTF-8 strings included", () => {
    m.writeSample(str("grüße, 世界"), 4000000000, 2n ** 40n + 5n, 9);
    expect(m.__getString(m.readSample())).toBe(`7|grüße, 世界|4000000000|${2 ** 40 + 5}|5:1,5|-2|1:9|ok`);
  });

  it("writes the layout the host's reader (core) decodes", () => {
    m.writeSample(str("LOG"), 17, 3n, 4);
    const { words, bytes } = ipc();
    const msg = new Message(words, bytes, words[Msg.Length / 4]!);
    expect(msg.op).toBe(7);
    expect(msg.string()).toBe("LOG");
    expect(msg.u32()).toBe(17);
    expect([msg.u32(), msg.u32()]).toEqual([3, 0]);
    expect([...msg.blob()]).toEqual([1, 2, 3, 4, 5]);
    expect(msg.u32() | 0).toBe(-2);
    expect(msg.cap(0)).toEqual({ value: 4, unwrapped: false });
  });

  it("reads what the host writes", () => {
    const { words, bytes } = ipc();
    words[Msg.Opcode / 4] = 7;
    const w = new Message(words, bytes, 0).reply();
    w.putString("from core").putU32(1).putU32(0).putU32(0).putBlob(new Uint8Array([1, 0, 0, 0, 5])).putU32(0xfffffffe).putCap(3);
    words[Msg.Opcode / 4] = 7;
    expect(m.__getString(m.readSample())).toBe("7|from core|1|0|5:1,5|-2|1:3|ok");
  });

  it("never writes past the buffer: a message too large is marked and cut", () => {
    const [state, length, max] = (m.__getString(m.fill()) as string).split(" ");
    expect(state).toBe("overflowed");
    expect(Number(length)).toBeLessThanOrEqual(Number(max));
  });

  it("a length that runs past the payload marks the message malformed instead of reading beyond it", () => {
    expect(m.__getString(m.lyingLength(100, 8))).toBe("malformed:0:0");
    expect(m.__getString(m.lyingLength(0xffffffff, 4))).toBe("malformed:0:0");
    expect(m.__getString(m.lyingLength(0, 8))).toMatch(/^ok:0:\d+$/); // an empty string is fine; the next word is read
  });
});
