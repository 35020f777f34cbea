// log -f in the shell: new log lines appear as core logs them, a component's only when named, until ctrl-c.
import { readFileSync } from "node:fs";
import * as path from "node:path";
import { describe, expect, it } from "vitest";
import { repoRoot } from "../support/paths.ts";
import { Screen, system } from "./screen.ts";

const defaultSystem = readFileSync(path.join(repoRoot, "system/default.xml"), "utf8");

describe("log -f", () => {
  it("prints new lines as they come until ctrl-c, then gives the prompt back", async () => {
    const s = await new Screen().boot(defaultSystem);
    await s.type("start hello\r");
    await s.type("log -f hello\r");
    // The recent lines first, as log shows them; no prompt while following.
    expect(s.rows().slice(-2)).toEqual(["/ $ log -f hello", "[init -> runtime -> hello] Hello"]);
    // Lines core logs later (a component's LOG session writes to core's log the same way).
    s.run.core.log!.write("[init -> runtime -> hello] again");
    s.run.core.log!.write("[init -> runtime -> other] not hello's");
    s.run.core.log!.write("[init -> runtime -> hello -> child] from below");
    await s.settle();
    expect(s.rows().slice(-3)).toEqual(["[init -> runtime -> hello] Hello", "[init -> runtime -> hello] again", "[init -> runtime -> hello -> child] from below"]);
    // Typing does nothing but ctrl-c, which ends following.
    await s.type("ls\x03");
    expect(s.rows().slice(-2)).toEqual(["^C", "/ $ "]);
    s.run.core.log!.write("[init -> runtime -> hello] after");
    await s.settle();
    expect(s.rows().at(-1)).toBe("/ $ ");
    await s.type("log hello 1\r");
    expect(s.rows().slice(-2)).toEqual(["[init -> runtime -> hello] after", "/ $ "]);
    expect(s.run.sys.faults).toEqual([]);
  });

  it("follows every component without a name, and again after a first ctrl-c", async () => {
    const s = await new Screen().boot(defaultSystem);
    await s.type("log -f\r");
    await s.type("\x03log -f\r");
    s.run.core.log!.write("[init -> somewhere] one");
    await s.settle();
    expect(s.rows().at(-1)).toBe("[init -> somewhere] one");
    await s.type("\x03");
    expect(s.rows().at(-1)).toBe("/ $ ");
  });

  it("is listed by help, and refused in the scripted mode", async () => {
    const s = await new Screen().boot(system());
    await s.type("help\r");
    expect(s.rows().some((r) => r.startsWith("log [-f] [NAME] [LINES]") && r.includes("follow"))).toBe(true);
    const c = await new Screen().boot(system(`command="log -f"`));
    expect(c.device.text()).toBe("log: -f needs a person at the terminal (not with -c)\r\n");
  });
});
