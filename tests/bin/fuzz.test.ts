// `npm run fuzz` arguments: mode, seed, count and report interval, with usage errors naming the option.
import { describe, expect, it } from "vitest";
import { parseFuzzArgs } from "../../bin/fuzz.ts";
import { UsageError } from "../../bin/args.ts";

describe("fuzz arguments", () => {
  it("defaults to a million syscalls of seed 1, checked every 10,000", () => {
    expect(parseFuzzArgs([])).toEqual({ mode: "syscalls", seed: 1, count: 1_000_000, report: 10_000 });
  });

  it("takes --seed and --count; a short run checks at least every 1,000", () => {
    expect(parseFuzzArgs(["--seed", "42", "--count", "5000"])).toEqual({ mode: "syscalls", seed: 42, count: 5000, report: 1000 });
    expect(parseFuzzArgs(["--count=200000", "--report", "500"])).toEqual({ mode: "syscalls", seed: 1, count: 200_000, report: 500 });
  });

  it("--mode picks the module or the flood fuzzer, whose counts are modules and flood cycles", () => {
    expect(parseFuzzArgs(["--mode", "modules"])).toEqual({ mode: "modules", seed: 1, count: 1000, report: 50 });
    expect(parseFuzzArgs(["--mode=floods", "--seed", "3", "--count", "10"])).toEqual({ mode: "floods", seed: 3, count: 10, report: 1 });
    expect(() => parseFuzzArgs(["--mode", "tables"])).toThrow(/--mode is one of syscalls, modules, floods, not "tables"/);
  });

  it("refuses what is not a whole number, and unknown options", () => {
    expect(() => parseFuzzArgs(["--seed", "-3"])).toThrow(UsageError);
    expect(() => parseFuzzArgs(["--count", "1e6"])).toThrow(/--count needs a whole number/);
    expect(() => parseFuzzArgs(["--speed", "2"])).toThrow(/Unknown option '--speed'/);
  });
});
