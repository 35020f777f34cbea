// Core's Report service under a client's bad session arguments and requests: error codes, no trap, only the good report delivered.
import { describe, expect, it } from "vitest";
import { initConfig, runSystem, testComponent } from "../../../support/system.ts";

describe("core's Report service", () => {
  it("refuses bad session arguments and answers bad requests with error codes; a good report still gets through", async () => {
    const delivered: string[] = [];
    const config = initConfig(`<start name="client"> <binary name="report_client"/> </start>`)
      .replace(`<service name="Clock"/>`, `<service name="Clock"/> <service name="Report"/>`);
    const run = await runSystem(config, { report_client: await testComponent("tests/kernel/host/core/assembly/report_client.ts") }, {
      reports: { report: (label, content) => delivered.push(`${label}: ${new TextDecoder().decode(content)}`) },
    });
    const line = run.lines.find((l) => l.startsWith("[init -> client] "));
    expect(line?.slice("[init -> client] ".length).split(" ")).toEqual([
      "noargs=Denied", "badsize=Denied", "unpaid=Quota",
      "write-empty=BadMsg", "write-long=BadMsg", "submit-empty=BadMsg", "write-past=Invalid", "write-far=Invalid",
      "submit-past=Invalid", "opcode=BadOpcode", "write=Ok", "submit=Ok",
    ]);
    expect(run.sys.faults).toEqual([]);
    expect(delivered).toEqual(["init -> client -> state: <state/>"]);
    expect(run.core.reports.get("init -> client -> state")).toEqual(new TextEncoder().encode("<state/>"));
  });
});
