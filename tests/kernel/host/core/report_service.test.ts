// Core's Report service: init's state report and the runtime's (through rom_reporter) reach the platform's report device.
import { readFileSync } from "node:fs";
import * as path from "node:path";
import { describe, expect, it } from "vitest";
import { bufferSizeOf } from "../../../../kernel/host/core/report_service.ts";
import type { ReportSink } from "../../../../kernel/host/devices/report.ts";
import { BufferTerminal } from "../../../../kernel/host/devices/terminal.ts";
import { repoRoot } from "../../../support/paths.ts";
import { runSystem } from "../../../support/system.ts";

const decoder = new TextDecoder();

class Reports implements ReportSink {
  readonly latest = new Map<string, string>();
  count = 0;
  report(label: string, content: Uint8Array): void {
    this.latest.set(label, decoder.decode(content));
    this.count++;
  }
}

describe("core's Report service", () => {
  it("reads the buffer size from the session args in Genode's syntax", () => {
    expect(bufferSizeOf("buffer_size=4096")).toBe(4096);
    expect(bufferSizeOf("label=\"x\", buffer_size=4K")).toBe(4096);
    expect(bufferSizeOf("buffer_size=0x100")).toBe(256);
    expect(bufferSizeOf("buffer_size=1M")).toBe(1 << 20);
    expect(bufferSizeOf("")).toBe(0);
    expect(bufferSizeOf("buffer_size=lots")).toBe(0);
    expect(bufferSizeOf("buffer_size=8G")).toBe(0);
  });

  it("hands the default system's state and the runtime's to the device, and follows a start", async () => {
    const config = readFileSync(path.join(repoRoot, "system/default.xml"), "utf8");
    const terminal = new BufferTerminal(80, 24);
    const reports = new Reports();
    const run = await runSystem(config, {}, { terminal, reports });
    const top = reports.latest.get("init -> state") ?? "";
    for (const name of ["timer", "terminal", "fs", "report_rom", "runtime", "rom_reporter", "shell"]) {
      expect(top).toContain(`<child name="${name}"`);
    }
    // Sessions are reported: the shell's Terminal session goes to the terminal component. The
    // shell asks with the empty label, which init sees as "shell -> " (Genode's prefixed_label).
    expect(top).toMatch(/<session service="Terminal" label="shell -&gt; "[^>]*/);
    expect(reports.latest.get("init -> rom_reporter -> runtime_config")).toContain("<config");

    terminal.type("start hello_server\r");
    await run.sys.idle();
    expect(reports.latest.get("init -> rom_reporter -> runtime_state")).toContain(`<child name="hello_server"`);
    expect(run.core.reports.get("init -> rom_reporter -> runtime_state")).toBeDefined();

    terminal.type("stop hello_server\r");
    await run.sys.idle();
    expect(reports.latest.get("init -> rom_reporter -> runtime_state")).not.toContain(`<child name="hello_server"`);
    expect(run.sys.faults).toEqual([]);
  });
});
