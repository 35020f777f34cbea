// The SDK's server-side policy selection (components/lib/policy.ts): Genode's ranking of <policy> nodes, rule by rule.
import { beforeAll, describe, expect, it } from "vitest";
import { readFileSync } from "node:fs";
import * as path from "node:path";
import { callPinned, loadAsModule, type AsModule } from "../../support/as_module.ts";
import { corpusDir, describeWithCorpus } from "../../support/paths.ts";

let m: AsModule;

beforeAll(async () => {
  m = await loadAsModule(["tests/components/init/route_harness.ts"]);
}, 120_000);

const call = (fn: string, ...args: string[]): any => callPinned(m, fn, ...args);

/** "policy@LINE", "default-policy@LINE" or "none" for a server config (lines count from its <config> line). */
const pick = (policies: string[], label: string) => m.__getString(call("policy", `<config>\n${policies.join("\n")}\n</config>`, label));

describe("policy ranking", () => {
  it("an exact label beats any prefix or suffix, wherever it stands", () => {
    const p = [`<policy label_prefix="app"/>`, `<policy label_suffix="log"/>`, `<policy label="app -> log"/>`];
    expect(pick(p, "app -> log")).toBe("policy@4");
    expect(pick(p, "app -> other")).toBe("policy@2");
  });

  it("the longest matching label_prefix wins", () => {
    const p = [`<policy label_prefix="a"/>`, `<policy label_prefix="a -> b -> "/>`, `<policy label_prefix="a -> b"/>`];
    expect(pick(p, "a -> b -> c")).toBe("policy@3");
    expect(pick(p, "a -> bx")).toBe("policy@4");
    expect(pick(p, "ax")).toBe("policy@2");
    expect(pick(p, "b")).toBe("none");
  });

  it("a prefix beats a suffix whatever their lengths; among suffixes the longest wins", () => {
    const p = [`<policy label_suffix=" -> very/long/suffix"/>`, `<policy label_prefix="x"/>`, `<policy label_suffix="suffix"/>`];
    expect(pick(p, "x -> very/long/suffix")).toBe("policy@3");
    expect(pick(p, "y -> very/long/suffix")).toBe("policy@2");
    expect(pick(p, "y -> suffix")).toBe("policy@4");
  });

  it("label_prefix with label_suffix: both must hold, and with an equal prefix the suffix adds rank", () => {
    const p = [`<policy label_prefix="app ->"/>`, `<policy label_prefix="app ->" label_suffix="brightness"/>`];
    expect(pick(p, "app -> brightness")).toBe("policy@3");
    expect(pick(p, "app -> volume")).toBe("policy@2");
    expect(pick([`<policy label_prefix="app" label_suffix="x"/>`], "app -> y")).toBe("none");
    // a longer prefix alone still beats a shorter prefix with a suffix
    expect(pick([`<policy label_prefix="ap" label_suffix="x"/>`, `<policy label_prefix="app"/>`], "app -> x")).toBe("policy@3");
  });

  it("<default-policy> applies when no <policy> matches; without it the session is denied", () => {
    const p = [`<default-policy root="/"/>`, `<policy label="a"/>`];
    expect(pick(p, "a")).toBe("policy@3");
    expect(pick(p, "b")).toBe("default-policy@2");
    expect(pick([`<policy label="a"/>`], "b")).toBe("none");
  });

  it("label_last is not part of the ranking: a policy with only label_last never matches", () => {
    expect(pick([`<policy label_last="log"/>`, `<default-policy/>`], "app -> log")).toBe("default-policy@3");
    expect(pick([`<policy label_last="log" label_prefix="app"/>`], "app -> other")).toBe("policy@2");
  });

  it("blanks around the label and attribute values are ignored; ties keep the first policy", () => {
    expect(pick([`<policy label=" a -> b "/>`], "a -> b ")).toBe("policy@2");
    expect(pick([`<policy label_prefix="a"/>`, `<policy label_prefix="a"/>`], "ab")).toBe("policy@2");
    expect(pick([`<policy label="x"/>`, `<policy label="x" label_prefix="x"/>`], "x")).toBe("policy@2");
    expect(pick([`<policy/>`], "x")).toBe("none");
    expect(pick([`<policy label_prefix=""/>`], "anything")).toBe("policy@2");
  });
});

describeWithCorpus("policies of the corpus, for the labels init's routes produce", () => {
  const server = (file: string, start: string) => {
    const text = readFileSync(path.join(corpusDir, file), "utf8");
    const at = text.indexOf(`<start name="${start}"`);
    const config = text.slice(text.indexOf("<config", at), text.indexOf("</config>", at) + "</config>".length);
    return (label: string) => m.__getString(call("policy", config, label));
  };

  it("report_rom of test-init serves the sub-init's config by its label \"init -> config\"", () => {
    const policy = server("os_pkg_test-init_runtime.xml", "report_rom");
    expect(policy("init -> config")).toBe("policy@2");
    expect(policy("test-init -> state")).toBe("policy@3");
    expect(policy("init -> state")).toBe("none");
  });

  it("report_rom of test-report_rom: prefix and suffix together", () => {
    const policy = server("os_pkg_test-report_rom_runtime.xml", "report_rom");
    expect(policy("test-report_rom -> brightness")).toMatch(/^policy@/);
    expect(policy("test-report_rom -> volume")).toBe("none");
  });

  it("lx_fs of lx_fs_notify: file-system labels end in the directory", () => {
    const policy = server("base-linux_lx_fs_notify.xml", "lx_fs");
    expect(policy("fs_rom_config -> /")).toBe("policy@2");
    expect(policy("fs_rom_test -> /")).toBe("policy@3");
    expect(policy("init -> writer -> templates -> /")).toBe("policy@4");
    expect(policy("init -> writer -> test -> /")).toBe("policy@5");
    expect(policy("init -> writer -> other -> /")).toBe("none");
  });
});
