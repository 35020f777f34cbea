// The tools entry (components/init/model/tools.ts): check's errors, each kind with its line, its summary, route's explanation, robustness.
import { beforeAll, describe, expect, it } from "vitest";
import { readFileSync } from "node:fs";
import * as path from "node:path";
import { callForString, loadAsModule, type AsModule } from "../../support/as_module.ts";
import { corpusDir, corpusFiles, describeWithCorpus } from "../../support/paths.ts";

let m: AsModule;

beforeAll(async () => {
  m = await loadAsModule(["components/init/model/tools.ts"]);
}, 120_000);

/** Runs the tools' check: its output and status (0 fine, 1 problems). */
function check(text: string, binaries = "*"): { out: string; status: number } {
  const out = callForString(m, "check", text, binaries);
  return { out, status: m.status() };
}

/** A config whose lines are numbered from 1 at `<config>`: one node per line. */
const config = (...lines: string[]) => ["<config>", ...lines, "</config>"].join("\n");
const PARENT = `<parent-provides> <service name="LOG"/> <service name="ROM"/> </parent-provides>`;
const DEFAULTS = `<default caps="100" ram="1M"/>`;

describe("check", () => {
  it("a parse error: line and column", () => {
    expect(check(`<config>\n  <start name="x">\n</config>\n`)).toEqual({ out: "3:1: expected '</start>' but found '</config>'", status: 1 });
    expect(check("config\n+ start a\n  | bad").status).toBe(1);
  });

  it("a valid config: a table of starts with binary, RAM, caps and services, and init's totals", () => {
    const r = check(config(PARENT, DEFAULTS,
      `<start name="server" ram="2M" caps="150"> <binary name="srv"/> <provides> <service name="Svc"/> </provides> </start>`,
      `<start name="client"> <route> <service name="Svc"> <child name="server"/> </service> <any-service> <parent/> </any-service> </route> </start>`));
    expect(r).toEqual({
      status: 0,
      out: [
        "start   binary  ram  caps  provides",
        "server  srv     2M   150   Svc",
        "client  client  1M   100",
        "2 starts: 3M RAM, 250 caps; init keeps 160K RAM, 20 caps",
      ].join("\n"),
    });
  });

  it("duplicate start names and a start without name", () => {
    expect(check(config(PARENT, DEFAULTS, `<start name="a"/>`, `<start/>`, `<start name="a"/>`)).out).toBe([
      "5: <start> without a name (init skips it)",
      `6: a second <start name="a"> (start names must be unique)`,
    ].join("\n"));
  });

  it("route targets naming unknown children, and children that do not provide the service", () => {
    const r = check(config(PARENT, DEFAULTS,
      `<start name="log"/>`,
      `<start name="c">`,
      `<route>`,
      `<service name="LOG"> <child name="log"/> </service>`,
      `<service name="Timer"> <child name="timer"/> </service>`,
      `<any-service> <child name="log"/> </any-service>`,
      `</route>`,
      `</start>`));
    expect(r.out).toBe([
      `7: start "c": LOG is routed to child "log", which does not provide it (no <provides><service name="LOG"/>)`,
      `8: start "c": routes to child "timer", but there is no such <start>`,
      `9: start "c": routes to child "log", which provides no service`,
    ].join("\n"));
  });

  it("services the parent does not provide, and <any-child> with no or several providers", () => {
    const r = check(config(PARENT, DEFAULTS,
      `<start name="a"> <provides> <service name="Gui"/> </provides> </start>`,
      `<start name="b"> <provides> <service name="Gui"/> </provides> </start>`,
      `<default-route>`,
      `<service name="Timer"> <parent/> </service>`,
      `<service name="Gui"> <any-child/> </service>`,
      `<service name="Nic"> <any-child/> </service>`,
      `<any-service> <parent/> <any-child/> </any-service>`,
      `</default-route>`));
    expect(r.out).toBe([
      "7: <default-route>: Timer is routed to <parent/> but is not in <parent-provides>",
      "8: <default-route>: Gui is routed to <any-child/> but several children provide it (ambiguous)",
      "9: <default-route>: Nic is routed to <any-child/> but no child provides it",
    ].join("\n"));
  });

  it("unknown binaries, given the known ones (a name matches with or without .wasm)", () => {
    const text = config(PARENT, DEFAULTS, `<start name="hello"/>`, `<start name="x">`, `<binary name="dummy"/>`, `</start>`);
    expect(check(text, "hello.wasm,init.wasm")).toEqual({
      status: 1,
      out: `6: start "x": binary "dummy" is not in the boot image (add it with --rom FILE, or skip this check with --any-binary)`,
    });
    expect(check(text, "hello.wasm,dummy").status).toBe(0);
    expect(check(text, "*").status).toBe(0);
  });

  it("numbers that are not numbers, quotas that are missing, a positive priority", () => {
    expect(check(config(PARENT, `<default caps="lots"/>`,
      `<start name="a" ram="1X" caps="10"/>`,
      `<start name="b" ram="1M" caps="5" priority="2"/>`,
      `<start name="c" caps="5"> <resource name="RAM" quantum="2Q"/> </start>`)).out).toBe([
      `3: <default> caps="lots" is not a number`,
      `4: start "a": <start> ram="1X" is not a number`,
      `4: start "a": no RAM quota (no ram attribute, <resource name="RAM" quantum>, or <default ram>)`,
      `5: start "b": priority 2 is positive (a child's priority is 0 or negative)`,
      `6: start "c": <resource> quantum="2Q" is not a number`,
      `6: start "c": no RAM quota (no ram attribute, <resource name="RAM" quantum>, or <default ram>)`,
    ].join("\n"));
    expect(check(config(`<start name="a" ram="1M"/>`)).out).toBe(`2: start "a": no capability quota (no caps attribute or <default caps>)`);
  });

  it("unknown config nodes, misplaced route rules and targets, init-level resources", () => {
    expect(check(config(PARENT, DEFAULTS,
      `<resource name="CPU" preserve="1"/>`,
      `<frobnicate/>`,
      `<start name="a">`,
      `<route> <service name="LOG"> <grandparent/> </service> <any-thing/> <service name="ROM"/> </route>`,
      `</start>`)).out).toBe([
      `4: <resource> at init level must be named RAM or CAP, not "CPU"`,
      `5: unknown config node <frobnicate> (init refuses the whole config)`,
      `7: start "a": <grandparent> is not a route target (<parent>, <child name> or <any-child>)`,
      `7: start "a": <any-thing> is not a route rule (<service name> or <any-service>)`,
      // A <service> rule without a target denies the service (Genode's route model): a note, no error.
      `7: note: start "a": denies ROM (<service> rules without a target)`,
    ].join("\n"));
  });

  it("a nested init's config is checked too, its messages scoped by the start's name", () => {
    const r = check(config(PARENT, DEFAULTS,
      `<start name="sub" caps="300">`,
      `<binary name="init"/>`,
      `<config>`,
      `<start name="inner" ram="1M" caps="50"> <route> <any-service> <child name="ghost"/> </any-service> </route> </start>`,
      `</config>`,
      `<route> <any-service> <parent/> </any-service> </route>`,
      `</start>`));
    expect(r.out).toBe(`7: in "sub": start "inner": routes to child "ghost", but there is no such <start>`);
  });

  it("service forwarding: each policy's child must provide the service; aliases must name a child", () => {
    expect(check(config(PARENT, DEFAULTS,
      `<start name="server"/>`,
      `<alias name="nick" child="nobody"/>`,
      `<service name="LOG">`,
      `<policy label="x"> <child name="server"/> </policy>`,
      `<default-policy/>`,
      `</service>`)).out).toBe([
      `5: alias "nick": there is no child "nobody"`,
      `7: <service name="LOG">: LOG is routed to child "server", which does not provide it (no <provides><service name="LOG"/>)`,
      `8: <service name="LOG">: <default-policy> without a <child name> target`,
    ].join("\n"));
  });
});

describe("check: what Genode's init accepts is never an error", () => {
  it("a target that cannot serve passes the request on: a note when a later target serves, an error when none does", () => {
    const r = check(config(PARENT, DEFAULTS,
      `<start name="log"> <provides> <service name="LOG"/> </provides> </start>`,
      `<start name="app">`,
      `<route>`,
      // Genode tries the next target when one cannot serve: "gui" does not exist, the parent serves LOG.
      `<service name="LOG"> <child name="gui"/> <parent/> </service>`,
      `<service name="Nic"> <child name="nic"/> <any-child/> </service>`,
      `<any-service> <child name="ghost"/> <parent/> </any-service>`,
      `</route>`,
      `</start>`));
    expect(r).toMatchObject({ status: 1 });
    expect(r.out).toBe([
      `7: note: start "app": routes to child "gui", but there is no such <start> (requests pass on to the next target)`,
      // Neither target can serve Nic: the rule denies it, a real finding.
      `8: start "app": routes to child "nic", but there is no such <start>`,
      `8: start "app": Nic is routed to <any-child/> but no child provides it`,
      `9: note: start "app": routes to child "ghost", but there is no such <start> (requests pass on to the next target)`,
    ].join("\n"));
  });

  it("a rule after one that takes every request of its service is unreachable: a note, its targets unchecked", () => {
    const r = check(config(PARENT, DEFAULTS,
      `<start name="app">`,
      `<route>`,
      `<service name="LOG"> <parent/> </service>`,
      // Both never reached: the LOG rule above takes every LOG request, the <any-service> every ROM request.
      `<service name="LOG" label="x"> <child name="nobody"/> </service>`,
      `<any-service> <parent/> </any-service>`,
      `<service name="ROM"> <child name="nobody"/> </service>`,
      // Not shadowed: no rule above serves Timer (the parent does not provide it), so this one is checked.
      `<service name="Timer"> <child name="nobody"/> </service>`,
      `</route>`,
      `</start>`));
    expect(r.out.split("\n")).toEqual([
      `7: note: start "app": unreachable: the rule at line 6 already takes every LOG request`,
      `9: note: start "app": unreachable: the rule at line 8 already takes every ROM request`,
      `10: start "app": routes to child "nobody", but there is no such <start>`,
    ]);
  });

  it("a <service> rule without a target denies the service: one note per route, exit 0", () => {
    const r = check(config(PARENT, DEFAULTS,
      `<start name="app">`,
      `<route> <service name="Update"/> <service name="Trust"/> <any-service> <parent/> </any-service> </route>`,
      `</start>`));
    expect(r.status).toBe(0);
    expect(r.out.split("\n")[0]).toBe(`5: note: start "app": denies Update, Trust (<service> rules without a target)`);
  });

  it("the attributes init reads: label rewrites on every target, session_args, delay_ms and buffer on <report>", () => {
    const r = check(config(PARENT, DEFAULTS,
      `<report requested="yes" provided="yes" session_args="yes" delay_ms="2500" buffer="1M"/>`,
      `<start name="fs"> <provides> <service name="File_system"/> </provides> </start>`,
      `<start name="app">`,
      `<route>`,
      `<service name="ROM" label="config"> <parent prepend_resource="app_" resource="app.config"/> </service>`,
      `<service name="File_system"> <child name="fs" identity="app" prepend_resource="/data" resource="x"/> </service>`,
      `<any-service> <any-child prepend_resource="p" resource="r" identity="i"/> <parent/> </any-service>`,
      `</route>`,
      `</start>`));
    expect(r.status).toBe(0);
    expect(check(config(PARENT, DEFAULTS, `<report delay_ms="soon" buffer="1Q"/>`)).out).toBe([
      `4: <report> delay_ms="soon" is not a number`,
      `4: <report> buffer="1Q" is not a number`,
    ].join("\n"));
  });

  it("only environment sessions (PD, CPU, LOG, the binary's ROM) can keep children from starting in a cycle", () => {
    const provides = (s: string) => `<provides> <service name="${s}"/> </provides>`;
    // a and b use each other's services once running: each starts, so no cycle.
    const later = check(config(PARENT, DEFAULTS,
      `<start name="a"> ${provides("A")} <route> <service name="B"> <child name="b"/> </service> <any-service> <parent/> </any-service> </route> </start>`,
      `<start name="b"> ${provides("B")} <route> <service name="A"> <child name="a"/> </service> <any-service> <parent/> </any-service> </route> </start>`));
    expect(later.status).toBe(0);
    // A default route whose any-child rule a and b never use for their environment: no cycle either.
    const unused = check(config(PARENT, DEFAULTS,
      `<start name="a"> ${provides("A")} </start>`,
      `<start name="b"> ${provides("B")} </start>`,
      `<default-route> <service name="A"> <child name="a"/> </service> <service name="B"> <child name="b"/> </service> <any-service> <parent/> </any-service> </default-route>`));
    expect(unused.status).toBe(0);
    // Each one's LOG comes from the other: neither starts.
    const stuck = check(config(PARENT, DEFAULTS,
      `<start name="a"> ${provides("LOG")} <route> <service name="LOG"> <child name="b"/> </service> <any-service> <parent/> </any-service> </route> </start>`,
      `<start name="b"> ${provides("LOG")} <route> <service name="LOG"> <child name="a"/> </service> <any-service> <parent/> </any-service> </route> </start>`));
    expect(stuck).toEqual({ status: 1, out: `5: start "b": environment sessions form a cycle a -(LOG)-> b -(LOG)-> a (each child's start waits for the next, so none starts)` });
  });

  it("two <service> nodes of one name in init: the later one is taken, the earlier one warned about and not checked", () => {
    const r = check(config(PARENT, DEFAULTS,
      `<start name="log"> <provides> <service name="LOG"/> </provides> </start>`,
      `<service name="LOG"> <default-policy> <child name="gone"/> </default-policy> </service>`,
      `<service name="LOG"> <default-policy> <child name="log"/> </default-policy> </service>`));
    expect(r.status).toBe(0);
    expect(r.out.split("\n")[0]).toBe(`5: warning: <service name="LOG">: a later <service name="LOG"> (line 6) replaces this one (init takes the last)`);
  });
});

describe("check's warnings: a child that can read more than its routes seem to grant", () => {
  it("a ROM rule with label_prefix towards the parent: the child chooses the module served; a warning changes no status", () => {
    const r = check(config(PARENT, DEFAULTS,
      `<start name="app">`,
      `<route>`,
      `<service name="ROM" label_prefix="public"> <parent/> </service>`,
      `<service name="ROM" label_prefix="fixed"> <parent label="fixed"/> </service>`,
      `<service name="ROM" label_prefix="lib" label_suffix=".lib.so"> <parent/> </service>`,
      `<service name="LOG" label_prefix="public"> <parent/> </service>`,
      `</route>`,
      `</start>`));
    expect(r).toEqual({
      status: 0,
      out: [
        `6: warning: start "app": ROM with label_prefix="public" goes to <parent/>: the child chooses the label's last element, the module served ("public -> config" asks for "config")`,
        "start  binary  ram  caps  provides",
        "app    app     1M   100",
        "1 start: 1M RAM, 100 caps; init keeps 160K RAM, 20 caps",
      ].join("\n"),
    });
  });

  it("in a nested init, a child without an inline <config> whose ROM goes to the parent reads that init's whole config", () => {
    const r = check(config(PARENT, DEFAULTS,
      `<start name="sub" caps="300">`,
      `<binary name="init"/>`,
      `<config>`,
      PARENT,
      `<start name="reads_all" ram="1M" caps="50"> <route> <any-service> <parent/> </any-service> </route> </start>`,
      `<start name="own" ram="1M" caps="50"> <config/> <provides> <service name="ROM"/> </provides> <route> <any-service> <parent/> </any-service> </route> </start>`,
      `<start name="elsewhere" ram="1M" caps="50"> <route> <service name="ROM" label="config"> <child name="own"/> </service> <any-service> <parent/> </any-service> </route> </start>`,
      `</config>`,
      `<route> <any-service> <parent/> </any-service> </route>`,
      `</start>`,
      // At the top, core serves its config to the top init alone: no warning.
      `<start name="top_child"> <route> <any-service> <parent/> </any-service> </route> </start>`));
    expect(r.status).toBe(0);
    expect(r.out.split("\n").filter((l) => l.includes("warning"))).toEqual([
      `8: warning: in "sub": start "reads_all": has no inline <config>, and its ROM "config" goes to the parent: it reads this init's whole config, every sibling's <config> with it (give it a <config/>)`,
    ]);
    expect(r.out).toMatch(/^8: warning: [^\n]*\nstart +binary/);
  });
});

describe("route to core", () => {
  const text = config(PARENT, DEFAULTS,
    `<start name="app">`,
    `<route>`,
    `<service name="ROM" label="log"> <parent label="log"/> </service>`,
    `<any-service> <parent/> </any-service>`,
    `</route>`,
    `</start>`);

  it("names the module core serves: the label's last element, or nothing for core's config and log unless routed on purpose", () => {
    expect(route(text, "app", "ROM", "public -> config", 0)).toMatch(/its parent sees "init -> app -> public -> config"\ncore serves nothing: "config" is the top init's config, for the label "init -> config" alone$/);
    expect(route(text, "app", "ROM", "log", 0)).toMatch(/its parent sees "init -> log"\ncore serves "log": the recent log \(unless the boot image has a module "log"\), routed here on purpose$/);
    // the binary's ROM is an environment session, labelled "app": core sees "init -> app"
    expect(route(text, "app", "ROM", "", 0, true)).toMatch(/its parent sees "init -> app"\ncore serves the ROM module "app" \(the label's last element\)$/);
    // Genode: an empty label is "app -> ", whose last element is "": core has no module by that name
    expect(route(text, "app", "ROM", "", 0)).toMatch(/its parent sees "init -> app -> "\ncore serves the ROM module "" \(the label's last element\)$/);
    expect(route(text, "app", "LOG", "", 0)).not.toContain("core serves");
  });
});

describe("route into nested inits (issue 19, 5)", () => {
  const NESTED = config(PARENT, DEFAULTS,
    `<start name="app"> <route> <service name="Gui"> <child name="sub"/> </service> <any-service> <parent/> </any-service> </route> </start>`,
    `<start name="sub" caps="400"> <binary name="init"/> <provides> <service name="Gui"/> </provides>`,
    `<config>`,
    PARENT,
    DEFAULTS,
    `<service name="Gui">`,
    `<policy label_prefix="app ->"> <child name="gui" label="from app"/> </policy>`,
    `<policy label="left -> client -> "> <child name="deep"/> </policy>`,
    `<default-policy> <child name="other"/> </default-policy>`,
    `</service>`,
    `<start name="gui"> <provides> <service name="Gui"/> </provides> </start>`,
    `<start name="other"/>`,
    `<start name="deep" caps="200"> <binary name="init"/> <provides> <service name="Gui"/> </provides>`,
    `<config> <service name="Gui"> <default-policy> <child name="leaf"/> </default-policy> </service>`,
    `<start name="leaf"> <provides> <service name="Gui"/> </provides> </start> </config>`,
    `</start>`,
    `</config>`,
    `<route> <any-service> <parent/> </any-service> </route>`,
    `</start>`,
    `<start name="left" caps="300"> <binary name="init"/>`,
    `<config> <parent-provides> <service name="Gui"/> </parent-provides> ${DEFAULTS} <start name="client"> <route> <any-service> <parent/> </any-service> </route> </start> </config>`,
    `<route> <service name="Gui"> <child name="sub"/> </service> <any-service> <parent/> </any-service> </route>`,
    `</start>`);

  it("follows a request that reaches a nested init through its <service> to the child that serves it, with the policy that matched", () => {
    const out = route(NESTED, "app", "Gui", "", 0);
    expect(m.status()).toBe(0);
    // Genode: the outer init hands "app -> " on unchanged; sub's policies compare it trimmed, "app ->" starts it
    expect(out).toContain(`=> child "sub" (rule 1, line 4); the server sees the label "app -> "`);
    expect(out.split("\n").slice(-4)).toEqual([
      `init "init -> sub": its parent asks for Gui with label "app -> " (init puts nothing in front)`,
      `  line 9 <service name="Gui">`,
      `    matching policy: line 10 <policy label_prefix="app ->">`,
      `  => child "gui"; the server sees the label "from app"`,
    ]);
  });

  it("an environment session falls to <default-policy>, whose child does not provide the service: the request waits", () => {
    // Genode: "app" alone does not start with "app ->"; the default policy's child "other" has no Gui, so init leaves it pending
    const out = route(NESTED, "app", "Gui", "", 0, true);
    expect(m.status()).toBe(1);
    expect(out).toContain(`    no <policy> matches, so: line 12 <default-policy>`);
    expect(out).toContain(`  => waits: "other" does not provide Gui (no <provides><service name="Gui">), so the request waits`);
  });

  it("follows a request out of one nested init and into another, as deep as the forwarding goes", () => {
    const out = route(NESTED, "left -> client", "Gui", "", 0);
    expect(m.status()).toBe(0);
    // Genode: "client -> " leaves left unchanged; the outer init puts "left -> " in front; sub's exact policy matches it
    expect(out).toContain(`its parent sees "init -> left -> client -> "`);
    expect(out).toContain(`=> child "sub" (rule 1, line 25); the server sees the label "left -> client -> "`);
    expect(out).toContain(`    matching policy: line 11 <policy label="left -> client -> ">\n  => child "deep"; the server sees the label "left -> client -> "`);
    expect(out.split("\n").slice(-4)).toEqual([
      `init "init -> sub -> deep": its parent asks for Gui with label "left -> client -> " (init puts nothing in front)`,
      `  line 17 <service name="Gui">`,
      `    no <policy> matches, so: line 17 <default-policy>`,
      `  => child "leaf"; the server sees the label "left -> client -> "`,
    ]);
  });

  it("a nested init without a <service> of that name leaves the request waiting; one without a policy denies it", () => {
    const text = config(PARENT, DEFAULTS,
      `<start name="app"> <route> <any-service> <child name="sub"/> <parent/> </any-service> </route> </start>`,
      `<start name="sub" caps="300"> <binary name="init"/> <provides> <service name="Gui"/> <service name="Nic"/> </provides>`,
      `<config> <service name="Nic"> <policy label="x"> <child name="nic"/> </policy> </service> <start name="nic"/> </config>`,
      `</start>`);
    expect(route(text, "app", "Gui", "", 0)).toMatch(/=> waits: init has no <service name="Gui">, so the request waits$/);
    expect(m.status()).toBe(1);
    expect(route(text, "app", "Nic", "", 0)).toMatch(/=> denied: no <policy> matches the label "app -> " and there is no <default-policy>$/);
    expect(m.status()).toBe(1);
  });
});

/** Runs the tools' route (configIndex picks an <init_config> of a test-init script; `environment`: an environment session). */
function route(text: string, from: string, service: string, label: string, configIndex: number, environment = false): string {
  return callForString(m, "route", text, from, service, label, configIndex, environment ? 1 : 0);
}

describeWithCorpus("route on Genode's test-init script", () => {
  it("os_raw_test-init_script.xml: unscoped_label catches a renamed binary and sends it to the parent as \"dummy\"", () => {
    const text = readFileSync(path.join(corpusDir, "os_raw_test-init_script.xml"), "utf8");
    const index = (marker: string) => text.slice(0, text.indexOf(marker)).split("<init_config").length - 1;
    const same = index("binary re-routed to same route");
    const out = route(text, "test", "ROM", "", same, true);
    expect(m.status()).toBe(0);
    expect(out).toContain(`the binary's ROM request "test" is routed as "renamed_dummy", the <binary name>`);
    expect(out).toContain(`=> parent (rule 1, line 471); init passes the label "dummy" on, its parent sees "init -> dummy"`);
    // the next config renames the binary again: the unscoped rule no longer matches, so the binary goes to the parent as is
    const other = route(text, "test", "ROM", "", same + 1, true);
    expect(other).toContain(`no match: unscoped label "another_dummy" is not "renamed_dummy"`);
    expect(other).toContain(`its parent sees "init -> another_dummy"`);
  });

  it("os_raw_test-init_script.xml: an incomplete environment — LOG routed to a child that does not provide it is denied", () => {
    const text = readFileSync(path.join(corpusDir, "os_raw_test-init_script.xml"), "utf8");
    const n = text.slice(0, text.indexOf(`version="incomplete"`)).split("<init_config").length - 1;
    const out = route(text, "dummy", "LOG", "", n, true);
    expect(m.status()).toBe(1);
    expect(out).toContain(`target 1 <child name="log">: passed over: "log" does not provide LOG`);
    expect(out).toContain("=> denied (rule 1, line 289): no target of the matching <service> rule can serve LOG");
  });
});

describeWithCorpus("robustness on Genode's corpus", () => {
  /** A small deterministic PRNG (xorshift32), so that a failure can be replayed. */
  function rng(seed: number): () => number {
    let x = seed >>> 0 || 1;
    return () => {
      x ^= x << 13; x >>>= 0; x ^= x >>> 17; x ^= x << 5; x >>>= 0;
      return x / 0x100000000;
    };
  }

  it("check and route never trap on mangled corpus configs", () => {
    const files = corpusFiles(/\.(xml|hid)$/);
    const random = rng(20260417);
    const pickOf = <T>(xs: T[]): T => xs[Math.floor(random() * xs.length)]!;
    const call = (fn: string, ...args: (string | number)[]) => callForString(m, fn, ...args);
    let parsed = 0;
    for (const file of files) {
      const text = readFileSync(path.join(corpusDir, file), "utf8");
      const names = [...text.matchAll(/name="([^"]+)"|^\s*\+ [a-z-]+ ([^\s|]+)/gm)].map((x) => x[1] ?? x[2]!);
      const values = [...names, "", " -> ", "1X", "0x", "-1", "init", "config", "ROM"];
      for (let i = 0; i < 30; i++) {
        // mostly well-formed damage: drop, duplicate or move empty elements, and swap attribute values
        let mangled = text;
        for (let k = 0; k < 4; k++) {
          const tags = [...mangled.matchAll(/<[a-z_-]+(?: [^<>]*)?\/>/g)];
          const attrs = [...mangled.matchAll(/="[^"]*"/g)];
          const r = random();
          if (r < 0.3 && tags.length) {
            const t = pickOf(tags);
            mangled = mangled.slice(0, t.index) + mangled.slice(t.index! + t[0].length);
          } else if (r < 0.6 && tags.length) {
            const t = pickOf(tags), at = pickOf(tags);
            mangled = mangled.slice(0, at.index) + t[0] + mangled.slice(at.index);
          } else if (attrs.length) {
            const a = pickOf(attrs);
            mangled = mangled.slice(0, a.index) + `="${pickOf(values)}"` + mangled.slice(a.index! + a[0].length);
          }
        }
        expect(() => call("check", mangled, random() < 0.5 ? "*" : "timer,init.wasm")).not.toThrow();
        if (!/^\d+:\d+: /.test(call("check", mangled, "*"))) parsed++;
        for (const service of ["ROM", "LOG", "Timer", pickOf(values)]) {
          expect(() => call("route", mangled, pickOf(names), service, pickOf(values), Math.floor(random() * 3))).not.toThrow();
        }
      }
    }
    // most mangled configs still parse, so the model, the checks and the routing were exercised
    expect(parsed).toBeGreaterThan(files.length * 15);
  }, 60_000);
});
