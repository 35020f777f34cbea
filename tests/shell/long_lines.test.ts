// Lines longer than the terminal is wide, at the prompt and in the editor: scrolled sideways as nano does, redrawn on a resize.
import { describe, expect, it } from "vitest";
import { Screen, system } from "./screen.ts";

const HOME = "\x1b[H", UP = "\x1b[A";
/** 55 characters: "echo ", then 20 a, 20 b, 10 c. */
const LONG = "echo " + "a".repeat(20) + "b".repeat(20) + "c".repeat(10);

describe("a long line at the prompt", () => {
  it("keeps to its row, scrolled so that the cursor stays on its text, and runs whole", async () => {
    const s = await new Screen(undefined, 40, 12).boot(system());
    await s.type(LONG);
    // The prompt takes 4 columns; the text scrolled by a page, `<` where it is cut.
    expect(s.rows().at(-1)).toBe("/ $ <" + "b".repeat(10) + "c".repeat(10));
    expect(s.cursor()).toEqual([25, 2]);
    await s.type(HOME);
    expect(s.rows().at(-1)).toBe("/ $ echo " + "a".repeat(20) + "b".repeat(10) + ">");
    expect(s.cursor()).toEqual([4, 2]);
    // Editing in the middle of it lands where the cursor is shown.
    await s.type("\x1b[C".repeat(5) + "X");
    expect(s.rows().at(-1)).toBe("/ $ echo X" + "a".repeat(20) + "b".repeat(9) + ">");
    expect(s.cursor()).toEqual([10, 2]);
    await s.type("\r");
    // The command got the whole line; its output wraps as any output does.
    expect(s.rows().slice(-3)).toEqual(["X" + "a".repeat(20) + "b".repeat(19), "b" + "c".repeat(10), "/ $ "]);
  });

  it("is drawn again in the new width when the terminal is resized", async () => {
    const s = await new Screen(undefined, 40, 12).boot(system());
    await s.type("echo " + "0123456789".repeat(3));
    expect(s.rows().at(-1)).toBe("/ $ echo " + "0123456789".repeat(3));
    await s.resize(30, 12);
    // 26 columns for the text: scrolled by a page of 24, the cursor at its end.
    expect(s.rows().at(-1)).toBe("/ $ <0123456789");
    expect(s.cursor()[0]).toBe(15);
    await s.resize(80, 12);
    expect(s.rows().at(-1)).toBe("/ $ echo " + "0123456789".repeat(3));
    await s.type(`\x15${UP}`);
    expect(s.rows().at(-1)).toBe("/ $ ");
  });
});

describe("a long line in the editor", () => {
  it("is cut with > where it goes on, scrolls to the cursor, and the screen is redrawn on a resize", async () => {
    const s = await new Screen(undefined, 30, 10).boot(system());
    const digits = "0123456789".repeat(6);
    await s.type(`echo ${digits} > /long\recho short >> /long\redit /long\r`);
    expect(s.rows().slice(0, 2)).toEqual([digits.slice(0, 29) + ">", "short"]);
    expect(s.cursor()).toEqual([0, 0]);
    // To the end of the line: shown from a page on, `<` where it is cut.
    await s.type("\x05");
    expect(s.rows().slice(0, 2)).toEqual(["<" + digits.slice(57), "short"]);
    expect(s.cursor()).toEqual([4, 0]);
    expect(s.rows().at(-1)).toMatch(/^ \/long  1:61 /);
    // Typed there, it goes where the cursor is shown.
    await s.type("!");
    expect(s.rows()[0]).toBe("<" + digits.slice(57) + "!");
    // Down to the short line: the long one is shown from its beginning again.
    await s.type("\x1b[B");
    expect(s.rows().slice(0, 2)).toEqual([digits.slice(0, 29) + ">", "short"]);
    await s.resize(50, 6);
    expect(s.rows()[0]).toBe(digits.slice(0, 49) + ">");
    // The status row is the new last row.
    expect(s.rows()).toHaveLength(6);
    expect(s.rows()[5]).toMatch(/^ \/long \(modified\)  2:6 /);
    await s.type("\x18\x18");
    await s.type("cat /long\r");
    expect(s.rows()).toContain("short");
  });
});
