// `trust` in the default system's shell: the keys core trusts; a change is asked by core itself on the terminal, and only a yes typed there makes it.
import { describe, expect, it } from "vitest";
import { MemoryStorage } from "../../kernel/host/devices/storage.ts";
import { USER_KEYS } from "../../kernel/host/core/user_keys.ts";
import { parseTrustedKeys } from "../../kernel/host/provenance/keys.ts";
import { bootImage, readRepoFile } from "../support/system.ts";
import { Screen } from "./screen.ts";

const ALICE = "ab".repeat(32);

async function boot(storage = new MemoryStorage()): Promise<Screen> {
  return new Screen(storage, 100, 40).boot(readRepoFile("system/default.xml"));
}

/** The rows after the last prompt line that ran `command`. */
async function run(s: Screen, command: string): Promise<string[]> {
  await s.type(command + "\r");
  const rows = s.rows();
  const at = rows.lastIndexOf(`/ $ ${command}`);
  return rows.slice(at + 1).filter((r) => r.trim() !== "/ $");
}

describe("trust in the shell", () => {
  it("lists the image's key, and adds one only when the person at the terminal answers core yes", async () => {
    const storage = new MemoryStorage();
    const s = await boot(storage);
    const image = parseTrustedKeys(new TextDecoder().decode((await bootImage()).get("trusted_keys.json")!));
    const listed = await run(s, "trust");
    expect(listed[0]).toMatch(/^KEYID +NAME +FROM$/);
    expect(listed[1]).toMatch(new RegExp(`^${image[0]!.keyid} +release +image$`));
    // The question is core's, on the terminal; the shell waits.
    await s.type(`trust add ${ALICE} alice\r`);
    expect(s.rows().at(-1)).toMatch(/^\[core\] trust: binaries signed by key 9a2db2e23f15… \("alice"\) will run here\. Trust it\? Type yes: $/);
    await s.type("yes\r");
    expect(s.rows().at(-2)).toBe(`trust: key 9a2db2e23f15… ("alice") added`);
    expect((await run(s, "trust")).some((r) => /^9a2db2e23f15\w+ +alice +added$/.test(r))).toBe(true);
    // Kept by the storage device, for the next boot.
    expect(parseTrustedKeys(new TextDecoder().decode(storage.read(USER_KEYS)!)).map((k) => k.name)).toEqual(["alice"]);
    const again = await boot(storage);
    expect((await run(again, "trust")).some((r) => / alice +added$/.test(r))).toBe(true);
    // What was typed for core never reached the shell: no "yes" command ran.
    expect(s.rows().some((r) => r.includes("yes: no such command"))).toBe(false);
  }, 60_000);

  it("changes nothing on any other answer, and names what is wrong with a request", async () => {
    const s = await boot();
    await s.type(`trust add ${ALICE} alice\r`);
    await s.type("y\r");
    expect(s.rows().at(-2)).toBe("trust: not changed (the answer was not yes)");
    expect((await run(s, "trust")).some((r) => r.includes("alice"))).toBe(false);
    expect(await run(s, "trust add 1234")).toEqual(["trust: not an Ed25519 public key: give its PEM, or its 32 bytes as 64 hex digits or base64"]);
    expect(await run(s, "trust remove ff")).toEqual([`trust: no trusted key starts with "ff" (give at least 4 hex digits)`]);
    expect(await run(s, "trust frob")).toEqual(["trust: trust [add KEY|FILE [NAME] | remove KEYID]"]);
    // Removing the image's key is asked too; the answer no keeps it.
    const release = (await run(s, "trust"))[1]!.slice(0, 8);
    await s.type(`trust remove ${release}\r`);
    expect(s.rows().slice(-2).join("")).toMatch(/will no longer start\. Remove it\? Type yes: $/);
    await s.type("\r");
    expect((await run(s, "trust"))[1]).toMatch(/ release +image$/);
    expect(s.run.sys.faults).toEqual([]);
  }, 60_000);
});
