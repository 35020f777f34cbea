// The notes service: its flaw (a name that climbs into another client's notes) in the shipped version, the fixed version's refusal, and hostile clients beside a healthy neighbour.
import { describe, expect, it } from "vitest";
import { defaultSystem, run } from "../builder/build_screen.ts";
import { Screen } from "../../shell/screen.ts";
import { runSystem, testComponent, type Run } from "../../support/system.ts";
import { fixedNotes } from "./fixed_notes.ts";

const CLIENT = "tests/components/notes/assembly/notes_client.ts";

function linesOf(run: Run, label: string): string[] {
  const prefix = `[init -> ${label}] `;
  return run.lines.filter((l) => l.startsWith(prefix)).map((l) => l.slice(prefix.length));
}

describe("the notes service's flaw, and its fix", () => {
  it("in the shipped version, the shell's note name climbs into the diary's notes with notes's own authority", async () => {
    const s = await new Screen(undefined, 160, 40).boot(defaultSystem);
    expect(await run(s, "notes write ../diary/today pwned")).toEqual([]);
    expect(linesOf(s.run, "diary")).toContain(`my note "today" was changed behind my back: pwned`);
    // Reading climbs too; and what a client may not reach stays out: notes's fs root is /notes.
    expect(await run(s, "notes read ../diary/today")).toEqual(["pwned"]);
    expect(await run(s, "notes write ../../README x; cat /notes/README")).toEqual(["x"]);
    expect(await run(s, "cat /README")).toContain("Welcome to Wasmode, a component system in WebAssembly.");
  });

  it("the fixed version refuses a name that is not one path element, and serves the rest as before", async () => {
    const config = defaultSystem.replace(`<start name="notes">`, `<start name="notes"> <binary name="notes_fixed"/>`)
      .replace(`unscoped_label="notes"`, `unscoped_label="notes_fixed"`);
    const s = await new Screen(undefined, 200, 40).boot(config, { "notes_fixed.wasm": await fixedNotes() });
    for (const name of ["../diary/today", "a/b", ".", ".."]) {
      expect(await run(s, `notes write ${name} pwned`)).toEqual([
        `notes: ${name}: refused: not a note's name, or too long (a name is one word of at most 128 bytes: no /, no .., not empty; a text at most 2048 bytes)`,
      ]);
    }
    expect(await run(s, "notes read ../diary/today")).toEqual([expect.stringMatching(/^notes: \.\.\/diary\/today: refused: /)]);
    expect(await run(s, "cat /notes/diary/today")).toEqual(["Dear diary, today I kept a note."]);
    expect(linesOf(s.run, "diary")).toEqual([`wrote my note "today": Dear diary, today I kept a note.`]);
    expect(await run(s, "notes write mine kept; notes read mine")).toEqual(["kept"]);
    expect(s.run.sys.faults).toEqual([]);
  });
});

function client(name: string, steps: string): string {
  return `<start name="${name}" ram="2M"> <binary name="notes_client"/> <config> ${steps} </config>
    <route> <service name="Notes"> <child name="notes" label="${name}"/> </service> <service name="Timer"> <child name="timer"/> </service>
      <any-service> <parent/> </any-service> </route> </start>`;
}

function config(clients: string): string {
  return `<config>
  <parent-provides> <service name="LOG"/> <service name="PD"/> <service name="ROM"/> <service name="CPU"/> <service name="Clock"/> </parent-provides>
  <default caps="100" ram="1M"/>
  <start name="timer"> <provides> <service name="Timer"/> </provides> <route> <any-service> <parent/> </any-service> </route> </start>
  <start name="fs" ram="8M"> <provides> <service name="File_system"/> </provides>
    <config> <policy label_prefix="notes" root="/notes" writeable="yes"/> </config>
    <route> <any-service> <parent/> </any-service> </route> </start>
  <start name="notes"> <provides> <service name="Notes"/> </provides>
    <route> <service name="File_system"> <child name="fs"/> </service> <any-service> <parent/> </any-service> </route> </start>
  ${clients}
</config>`;
}

describe("notes beside hostile clients", () => {
  it("answers malformed and oversized requests with errors, bounds a flood, and a neighbour keeps working", async () => {
    const roms = { "notes_client.wasm": await testComponent(CLIENT) };
    const run = await runSystem(config(
      client("prober", `<hostile/>`) +
      client("flooder", `<flood count="200"/> <list/>`) +
      client("neighbour", `<write name="mine" text="before"/> <sleep ms="100"/> <read name="mine"/> <write name="mine" text="after"/> <read name="mine"/> <write name="big" text="@2048"/> <write name="bigger" text="@2049"/> <list/>`),
    ), roms);
    expect(linesOf(run, "prober")).toEqual([
      "hostile: short-write=BadMsg long-length=BadMsg empty-read=BadMsg empty-list=BadMsg watch-no-signal=BadMsg opcode=BadOpcode huge-name=Invalid huge-text=Invalid empty-name=Invalid dot=Invalid control=Invalid",
    ]);
    const flooder = linesOf(run, "flooder");
    expect(flooder[0]).toBe("flood: distinct Ok=64, NoSpace=136, other=0; same Ok=200");
    expect(flooder[1]).toMatch(/^list: f0,f1,f10,.* \(written 264\)$/);
    expect(linesOf(run, "neighbour")).toEqual([
      "write mine: Ok", "read mine: before", "write mine: Ok", "read mine: after", "write big: Ok", "write bigger: Invalid", "list: big,mine (written 3)",
    ]);
    expect(run.sys.faults).toEqual([]);
  });
});
