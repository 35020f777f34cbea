// Genode's own init configs (the conformance corpus, read at run time): the model init reads and the routes it decides.
import { beforeAll, describe, expect, it } from "vitest";
import { readFileSync } from "node:fs";
import * as path from "node:path";
import { callForString, loadAsModule, type AsModule } from "../../support/as_module.ts";
import { corpusDir, corpusFiles, describeWithCorpus } from "../../support/paths.ts";

let m: AsModule;

beforeAll(async () => {
  m = await loadAsModule(["tests/components/init/route_harness.ts"]);
}, 120_000);

const read = (file: string) => readFileSync(path.join(corpusDir, file), "utf8");

const str = callForString;

const decide = (file: string, from: string, service: string, label = "") => str(m, "decide", read(file), from, service, label);
/** One of the child's environment sessions (its binary's ROM, its LOG): labelled with its name alone. */
const decideEnv = (file: string, from: string, service: string) => str(m, "decideEnv", read(file), from, service);

describeWithCorpus("the model of corpus configs", () => {
  it("base_log.xml: a start named after its binary, its quota from <default caps ram>, no route, no provides", () => {
    expect(str(m, "model", read("base_log.xml"))).toBe([
      "parent-provides LOG,PD,CPU,ROM | default caps 50 ram 10485760 | preserve ram 163840 caps 20 | heartbeat 0 | services 0 | report no | default-route 1",
      "test-log test-log 10485760 50 v= prio=0 provides= route=default config=none ld=yes heartbeat=none",
    ].join("\n"));
  });

  it("os_lx_fs_import.xml: init's own RAM and cap reserve, a <binary> unlike the start's name, ld=\"no\"", () => {
    const model = str(m, "model", read("os_lx_fs_import.xml")).split("\n");
    expect(model[0]).toContain("preserve ram 209715200 caps 1000");
    expect(model.find((l) => l.startsWith("import_lx_fs "))).toMatch(/^import_lx_fs lx_fs 8388608 220 .* provides=File_system .* ld=no /);
  });

  it("base_timer_accuracy.xml: priorities are read (0 and -1)", () => {
    const model = str(m, "model", read("base_timer_accuracy.xml"));
    expect(model).toMatch(/^timer timer .* prio=0 /m);
    expect(model).toMatch(/^test-timer_accuracy .* prio=-1 /m);
  });

  it("os_tar_rom.xml and os_tar_rom.hid: the same model", () => {
    const xml = str(m, "model", read("os_tar_rom.xml")).replace(/config=\d+/g, "config=N");
    expect(str(m, "model", read("os_tar_rom.hid")).replace(/config=\d+/g, "config=N")).toBe(xml);
  });
});

describeWithCorpus("routes init decides for corpus configs", () => {
  it("os_vfs_xoroshiro.xml: order-sensitive ROM routes of /bin/dd", () => {
    expect(decideEnv("os_vfs_xoroshiro.xml", "/bin/dd", "ROM")).toBe("child vfs_rom | /bin/dd | rule 3 line 64");
    // Genode: an empty label is "/bin/dd -> ", whose last element "" is not "/bin/dd"
    expect(decide("os_vfs_xoroshiro.xml", "/bin/dd", "ROM")).toBe("parent | /bin/dd ->  | rule 4 line 65");
    expect(decide("os_vfs_xoroshiro.xml", "/bin/dd", "ROM", "foo.lib.so")).toBe("parent | /bin/dd -> foo.lib.so | rule 2 line 63");
    expect(decide("os_vfs_xoroshiro.xml", "/bin/dd", "ROM", "dir -> /bin/dd")).toBe("child vfs_rom | /bin/dd -> dir -> /bin/dd | rule 3 line 64");
    expect(decide("os_vfs_xoroshiro.xml", "/bin/dd", "File_system", "/")).toBe("child vfs | /bin/dd -> / | rule 1 line 62");
    expect(decide("os_vfs_xoroshiro.xml", "/bin/dd", "Timer")).toBe("child timer | /bin/dd ->  | rule 4 line 65");
    expect(decideEnv("os_vfs_xoroshiro.xml", "vfs_rom", "ROM")).toBe("parent | fs_rom | rule 2 line 39");
  });

  it("os_tar_rom.xml and .hid: the nested init's binary request for test-timer goes to tar_rom", () => {
    expect(decide("os_tar_rom.xml", "init", "ROM", "test-timer")).toBe("child tar_rom | init -> test-timer | rule 1 line 40");
    expect(decide("os_tar_rom.xml", "init", "ROM", "ld.lib.so")).toBe("parent | init -> ld.lib.so | rule 2 line 41");
    expect(decide("os_tar_rom.xml", "init", "Timer", "test-timer")).toBe("child timer | init -> test-timer | rule 2 line 41");
    expect(decide("os_tar_rom.hid", "init", "ROM", "test-timer")).toMatch(/^child tar_rom \| init -> test-timer \| rule 1 line \d+$/);
  });

  it("libports_libc_component.xml: LOG labeled 2 goes to a child, other LOG to the parent, Terminal to any-child", () => {
    expect(decide("libports_libc_component.xml", "counter-log", "LOG", "2")).toBe("child test-libc_component | counter-log -> 2 | rule 1 line 49");
    expect(decideEnv("libports_libc_component.xml", "counter-log", "LOG")).toBe("parent | counter-log | rule 2 line 50");
    // Genode: "counter-log -> " scoped is "", not "2"
    expect(decide("libports_libc_component.xml", "counter-log", "LOG")).toBe("parent | counter-log ->  | rule 2 line 50");
    expect(decide("libports_libc_component.xml", "counter-terminal", "Terminal")).toMatch(/^child terminal_crosslink \| counter-terminal -> {2}\| rule 1 line \d+$/);
  });

  it("base-linux_lx_fs_notify.xml: the nested init's config ROM comes from fs_rom_config, relabeled", () => {
    expect(decide("base-linux_lx_fs_notify.xml", "init", "ROM", "config")).toBe("child fs_rom_config | init.config | rule 2 line 52");
  });

  it("os_pkg_test-init_runtime.xml: rewrites to the parent, the sub-init's config from report_rom", () => {
    const file = "os_pkg_test-init_runtime.xml";
    expect(decide(file, "test-init", "ROM", "config")).toBe("parent | test-init.config | rule 3 line 32");
    expect(decide(file, "init", "ROM", "config")).toBe("child report_rom | init -> config | rule 1 line 40");
    expect(decide(file, "init", "ROM", "another_dummy")).toBe("parent | dummy | rule 4 line 45");
    expect(decide(file, "init", "LOG", "x")).toBe("child test-init | init -> x | rule 3 line 42");
    expect(decide(file, "report_rom", "ROM", "config")).toBe("config");
  });

  it("os_pkg_test-dynamic_config_runtime.xml: config relabeled to config.dynamic at the server", () => {
    expect(decide("os_pkg_test-dynamic_config_runtime.xml", "test-dynamic_config", "ROM", "config"))
      .toMatch(/^child test-dynamic_config_server \| config.dynamic \| rule 1 line 21$/);
  });

  it("every start of every corpus config gets a decision for its binary ROM and its LOG session", () => {
    const files = corpusFiles(/\.(xml|hid)$/).filter((f) => !f.includes("test-init_script"));
    for (const file of files) {
      const starts = [...read(file).matchAll(/(?:<start name="([^"]+)"|^\+ start (\S+))/gm)].map((s) => s[1] ?? s[2]!);
      expect(starts.length, file).toBeGreaterThan(0);
      for (const start of starts) {
        for (const service of ["ROM", "LOG"]) {
          const d = str(m, "decide", read(file), start, service, "");
          // starts of nested inits are not starts of the outer config
          if (d.startsWith("denied | there is no <start")) continue;
          expect(d, `${file} ${start} ${service}`).toMatch(/^(parent|child \S+) \| /);
        }
      }
    }
  });
});
