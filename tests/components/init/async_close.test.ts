// Closes a server answers later (SEMANTICS.md §5 P6, P8): CLOSE_REQUESTED in the report meanwhile, the quota settled once it is done.
import { describe, expect, it } from "vitest";
import { runSystem } from "../../support/system.ts";
import { reportedRoms, reportedSystem, reports } from "./reported_system.ts";

const server = `<start name="server"> <binary name="dummy"/> <provides> <service name="LOG"/> </provides>
  <config> <log_service verbose="yes" delay_close_ms="200"/> </config> </start>`;
const client = `<start name="client"> <binary name="dummy"/>
  <config> <create_log_connections count="1"/> <destroy_log_connections/> <log string="closed"/> </config>
  <route> <service name="LOG" label="0"> <child name="server"/> </service> <any-service> <parent/> </any-service> </route> </start>`;

/** The server's <provided> node in a report. */
const provided = (report: string) => /<child name="server"[^>]*>.*?(<provided\/>|<provided>.*?<\/provided>)/.exec(report)?.[1] ?? "";

describe("asynchronous close", () => {
  it("shows the session CLOSE_REQUESTED at server and client until the server answers, then neither has it", async () => {
    const run = await runSystem(reportedSystem(`<report requested="yes" provided="yes"/> ${server} ${client}`), await reportedRoms());
    const all = reports(run.lines);
    const closing = all.findIndex((r) => provided(r).includes(`label="client -&gt; 0" state="CLOSE_REQUESTED"`));
    expect(closing, all.join("\n")).toBeGreaterThanOrEqual(0);
    expect(all[closing]).toMatch(/<child name="client"[^>]*>.*<session service="LOG" label="client -&gt; 0" state="CLOSE_REQUESTED"/);
    // The server's close line comes after the delay, and the last report has no session left at the server.
    expect(run.lines.indexOf("[init -> init -> server] closing session with label client -> 0")).toBeGreaterThan(run.lines.indexOf("[init -> init -> client] closed"));
    expect(provided(all.at(-1)!)).toBe("<provided/>");
    expect(all.at(-1)).not.toContain("client -> 0");
  });

  it("a client removed while its close is pending leaves the record to the server's answer", async () => {
    const run = await runSystem(reportedSystem(`<report provided="yes"/> ${server} ${client}`), await reportedRoms());
    expect(provided(reports(run.lines).at(-1)!)).toBe("<provided/>");
    // The same again, but the client goes before the server answered: the server still shows the close.
    const before = run.lines.length;
    const body = `<report provided="yes"/> ${server} ${client.replace('name="client"', 'name="client2"')}`;
    // Time held: 100 ms pass, the server's 200 ms close delay does not.
    run.clock.auto = false;
    run.core.updateRom("config", new TextEncoder().encode(reportedSystem(body)));
    await run.clock.advance(100);
    run.core.updateRom("config", new TextEncoder().encode(reportedSystem(`<report provided="yes"/> ${server}`)));
    run.clock.auto = true;
    await run.sys.idle();
    const later = reports(run.lines.slice(before));
    expect(later.some((r) => provided(r).includes(`label="client2 -&gt; 0" state="CLOSE_REQUESTED"`) && !r.includes(`<child name="client2"`)), later.join("\n")).toBe(true);
    expect(provided(later.at(-1)!)).toBe("<provided/>");
    expect(run.lines.slice(before)).toContain("[init -> init -> server] closing session with label client2 -> 0");
  });

  it("a server removed before it answered a pending close leaves init holding nothing of the session", async () => {
    const config = (body: string) => new TextEncoder().encode(reportedSystem(`<report provided="yes"/> ${body}`));
    const run = await runSystem(reportedSystem(`<report provided="yes"/> ${server} ${client}`), await reportedRoms());
    run.core.updateRom("config", config(""));
    await run.sys.idle();
    const sub = run.sys.servers.find((s) => s?.label === "init -> init")!;
    const held = run.sys.k.k_cap_used(sub.pd);
    const before = run.lines.length;
    // Again, but client and server both go while the close waits for the server's answer.
    run.clock.auto = false;
    run.core.updateRom("config", config(`${server} ${client}`));
    await run.clock.advance(100);
    run.core.updateRom("config", config(""));
    run.clock.auto = true;
    await run.sys.idle();
    expect(run.lines.slice(before)).not.toContain("[init -> init -> server] closing session with label client -> 0");
    expect(run.sys.k.k_cap_used(sub.pd)).toBe(held);
  });
});
