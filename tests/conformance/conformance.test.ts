// Genode's test-init scenario run through bin/conformance.ts: the driver's report is well-formed, complete, and no passing step regresses.
import { readFileSync } from "node:fs";
import { beforeAll, describe, expect, it } from "vitest";
import { describeWithCorpus } from "../support/paths.ts";
import {
  type ConformanceResult, defaultScenario, filterSteps, parseArgs, runConformance, scenarioSteps, tunedScenario,
} from "../../bin/conformance.ts";

/**
 * Steps that pass today (0-based, as the driver numbers them). A step leaving this list is a
 * regression; a step joining it is progress: add it here. The goal is all 228.
 */
const PASSING = [
  0, 1, 2, 3, 4, 5, 6, 7, 8, 9, 10, 11, 12, 13, 14, 15, 16, 17, 18, 19, 20, 21, 22, 23, 24, 25, 26,
  27, 28, 29, 30, 31, 32, 33, 34, 35, 36, 37, 38, 39, 40, 41, 42, 43, 44, 45, 46, 47, 48, 49, 50,
  51, 52, 53, 54, 55, 56, 57, 58, 59, 60, 61, 62, 63, 64, 65, 66, 67, 68, 69, 70, 71, 72, 73, 74,
  75, 76, 77, 78, 79, 80, 81, 82, 83, 84, 85, 86, 87, 88, 89, 90, 91, 92, 93, 94, 95, 96, 97, 98,
  99, 100, 101, 102, 103, 104, 105, 106, 107, 108, 109, 110, 111, 112, 113, 114, 115, 116, 117, 118,
  119, 120, 121, 122, 123, 124, 125, 126, 127, 128, 129, 130, 131, 132, 133, 134, 135, 136, 137,
  138, 139, 140, 141, 142, 143, 144, 145, 146, 147, 148, 149, 150, 151, 152, 153, 154, 155, 156,
  157, 158, 159, 160, 161, 162, 163, 164, 165, 166, 167, 168, 169, 170, 171, 172, 173, 174, 175,
  176, 177, 178, 179, 180, 181, 182, 183, 184, 185, 186, 187, 188, 189, 190, 191, 192, 193, 194,
  195, 196, 197, 198, 199, 200, 201, 202, 203, 204, 205, 206, 207, 208, 209, 210, 211, 212, 213,
  214, 215, 216, 217, 218, 219, 220, 221, 222, 223, 224, 225, 226, 227,
];

const SUMMARY = /^(\d+) passed, (\d+) failed$/;

describeWithCorpus("test-init scenario", () => {
  let result: ConformanceResult;
  const scenario = readFileSync(defaultScenario, "utf8");

  beforeAll(async () => {
    // Genode's timing on virtual time: the order of events real time gives, whatever the machine's load.
    result = await runConformance({ speed: 1, timeoutMs: 3000 });
  }, 5 * 60 * 1000);

  it("has Genode's 228 steps", () => {
    const steps = scenarioSteps(scenario);
    expect(steps.length).toBe(228);
    const count = (t: string) => steps.filter((s) => s.type === t).length;
    expect([count("init_config"), count("expect_log"), count("expect_warning"), count("expect_init_state"), count("sleep"), count("message")])
      .toEqual([55, 54, 1, 40, 58, 20]);
  });

  it("ends with one closing line counting every step", () => {
    expect(result.summary).not.toBeNull();
    expect(result.steps.at(-1)).toBe(result.summary);
    const m = result.summary!.match(SUMMARY)!;
    expect(Number(m[1]) + Number(m[2])).toBe(result.total);
    expect(result.total).toBe(228);
    expect(result.status).toBe(result.failed === 0 ? 0 : 1);
  });

  it("reports each step once, in order, as PASS or FAIL with a reason", () => {
    const lines = result.steps.slice(0, -1);
    expect(lines.length).toBe(result.total);
    lines.forEach((line, i) => expect(line).toMatch(new RegExp(`^step ${i}: (PASS \\S.*|FAIL \\S.*: \\S.*)$`)));
  });

  it("keeps passing the steps that pass today", () => {
    const regressed = PASSING.filter((n) => !result.passing.includes(n));
    expect(regressed.map((n) => result.steps[n])).toEqual([]);
  });
});

describeWithCorpus("conformance runner", () => {
  it("runs only the sections a filter names, keeping the scenario's step numbers", async () => {
    const r = await runConformance({ filter: "exiting child", timeoutMs: 1000 });
    const chosen = filterSteps(scenarioSteps(readFileSync(defaultScenario, "utf8")), "exiting child");
    expect(chosen).toEqual([6, 7, 8, 9, 10, 11, 12, 13]);
    expect(r.steps.slice(0, -1).map((s) => Number(s.match(/^step (\d+):/)![1]))).toEqual(chosen);
    expect(r.summary).toMatch(SUMMARY);
  }, 60 * 1000);

  it("runs on virtual time unless asked for real time, and refuses an unknown option", () => {
    expect(parseArgs([]).realTime).toBeUndefined();
    expect(parseArgs(["--real-time", "--speed", "10"])).toEqual({ realTime: true, speed: 10 });
    expect(() => parseArgs(["--realtime"])).toThrow(/unknown option --realtime/);
  });

  it("adds the driver's tuning attributes to the scenario's root only", () => {
    expect(tunedScenario("<!-- x --><config>\n<config/></config>", { sleep_divisor: "10" }))
      .toBe("<!-- x --><config sleep_divisor=\"10\">\n<config/></config>");
  });
});
