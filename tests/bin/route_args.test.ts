// `wasmode route`'s arguments: the empty label by default or by --label "", an environment session by --environment.
import { describe, expect, it } from "vitest";
import { UsageError } from "../../bin/args.ts";
import { parseRouteArgs } from "../../bin/route.ts";

describe("route's arguments", () => {
  it("without --label the child asks with the empty label; --label \"\" says the same", () => {
    expect(parseRouteArgs(["c.xml", "--from", "app", "--service", "Gui"])).toMatchObject({ label: "", environment: false });
    expect(parseRouteArgs(["c.xml", "--from", "app", "--service", "Gui", "--label", ""])).toMatchObject({ label: "", environment: false });
    expect(parseRouteArgs(["c.xml", "--from", "app", "--service", "Gui", "--label", "x"])).toMatchObject({ label: "x", environment: false });
  });

  it("--environment asks as an environment session; with --label it is a usage error naming both", () => {
    expect(parseRouteArgs(["c.xml", "--from", "app", "--service", "ROM", "--environment"])).toMatchObject({ label: "", environment: true });
    const both = () => parseRouteArgs(["c.xml", "--from", "app", "--service", "ROM", "--environment", "--label", ""]);
    expect(both).toThrow(UsageError);
    expect(both).toThrow(/--environment and --label exclude each other/);
  });
});
