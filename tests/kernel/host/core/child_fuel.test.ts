// A child's fuel budget is a share of its parent's: no component makes a child that may hold the host longer than it may itself.
import { describe, expect, it } from "vitest";
import { DEFAULT_BUDGET } from "../../../../kernel/host/fuel/meter.ts";
import { runSystem } from "../../../support/system.ts";

const config = (children: string) => `<config>
	<parent-provides> <service name="ROM"/> <service name="PD"/> <service name="CPU"/> <service name="LOG"/> <service name="Clock"/> </parent-provides>
	<default caps="100" ram="1M"/>
	<start name="timer"> <provides> <service name="Timer"/> </provides> <route> <any-service> <parent/> </any-service> </route> </start>
	<start name="sub" caps="400" ram="8M">
		<binary name="init"/>
		<config>
			<parent-provides> <service name="ROM"/> <service name="PD"/> <service name="CPU"/> <service name="LOG"/> <service name="Timer"/> </parent-provides>
			<default caps="100" ram="1M"/>
			${children}
		</config>
		<route> <service name="Timer"> <child name="timer"/> </service> <any-service> <parent/> </any-service> </route>
	</start>
</config>`;

const child = (name: string, fuel: string) => `<start name="${name}"${fuel}> <binary name="dummy"/>
	<config> <log string="${name} runs"/> </config> <route> <any-service> <parent/> </any-service> </route> </start>`;

describe("a child's fuel", () => {
  it("may not exceed its parent's budget: a nested init on the default budget cannot give a child more, and may give less", async () => {
    const run = await runSystem(config(child("greedy", ` fuel="${DEFAULT_BUDGET * 4}"`) + child("modest", ` fuel="1000000"`) + child("plain", "")));
    const log = run.lines.join("\n");
    expect(log).toContain(`fuel ${DEFAULT_BUDGET * 4} is more than its parent's own budget of ${DEFAULT_BUDGET}`);
    expect(run.lines.some((l) => l.startsWith("[init -> sub -> greedy] greedy runs")), log).toBe(false);
    expect(run.lines, log).toContain("[init -> sub -> modest] modest runs");
    expect(run.lines, log).toContain("[init -> sub -> plain] plain runs");
  });
});
