// Genode init's routing decision (components/init/model/route_model.ts), rule by rule, run as Wasm through the loader.
import { beforeAll, describe, expect, it } from "vitest";
import { callForString, loadAsModule, type AsModule } from "../../support/as_module.ts";

let m: AsModule;

beforeAll(async () => {
  m = await loadAsModule(["tests/components/init/route_harness.ts"]);
}, 120_000);

/** Calls a harness export with strings pinned for the call; returns its string. */
const str = (fn: string, ...args: string[]): string => callForString(m, fn, ...args);

const decide = (text: string, from: string, service: string, label = "") => str("decide", text, from, service, label);
const trace = (text: string, from: string, service: string, label = "") => str("trace", text, from, service, label);
/** An environment session (PD, CPU, LOG, the binary's ROM): init labels it with the child's name alone. */
const decideEnv = (text: string, from: string, service: string) => str("decideEnv", text, from, service);
const traceEnv = (text: string, from: string, service: string) => str("traceEnv", text, from, service);

/** An init config with LOG, ROM, PD in parent-provides, a `server` providing Svc and a `client` with these rules. */
function withRoute(rules: string, extra = ""): string {
  return `<config>
  <parent-provides> <service name="LOG"/> <service name="ROM"/> <service name="PD"/> </parent-provides>
  <default caps="100" ram="1M"/>
  <start name="server"> <provides> <service name="Svc"/> <service name="ROM"/> </provides> </start>
  <start name="client">
    <route>
${rules}
    </route>
  </start>${extra}
</config>`;
}

describe("rule matching", () => {
  it("<service name> matches by service, <any-service> matches all; the first matching rule wins", () => {
    const text = withRoute(`<service name="Svc"> <child name="server"/> </service>
      <any-service> <parent/> </any-service>
      <service name="LOG"> <child name="server"/> </service>`);
    expect(decide(text, "client", "Svc")).toBe("child server | client ->  | rule 1 line 7");
    expect(decide(text, "client", "LOG", "x")).toBe("parent | client -> x | rule 2 line 8");
    expect(trace(text, "client", "LOG", "x")).toBe("1: service is LOG, not Svc\n2: match / taken");
  });

  it("label: the child's own label (its name stripped) must equal it; an environment session has nothing to compare", () => {
    const text = withRoute(`<service name="ROM" label="data"> <child name="server"/> </service>
      <any-service> <parent/> </any-service>`);
    expect(decide(text, "client", "ROM", "data")).toBe("child server | client -> data | rule 1 line 7");
    expect(decide(text, "client", "ROM", "data -> more")).toBe("parent | client -> data -> more | rule 2 line 8");
    // Genode: the empty label becomes "client -> " (prefixed_label), whose scoped part "" is not "data"
    expect(decide(text, "client", "ROM", "")).toBe("parent | client ->  | rule 2 line 8");
    expect(trace(text, "client", "ROM", "")).toContain(`1: label "" is not "data"`);
    // Genode: an environment label "client" has no "client -> " part (skip_label_prefix fails)
    expect(decideEnv(text, "client", "ROM")).toBe("parent | client | rule 2 line 8");
    expect(traceEnv(text, "client", "ROM")).toContain(`1: label "client" has no part after "client -> " to compare`);
    expect(trace(text, "client", "ROM", "other")).toContain(`1: label "other" is not "data"`);
  });

  it("label_prefix and label_suffix compare the scoped label; given together, both must hold", () => {
    const text = withRoute(`<service name="ROM" label_prefix="lib/" label_suffix=".so"> <child name="server"/> </service>
      <service name="ROM" label_suffix=".so"> <parent label="any.so"/> </service>
      <service name="ROM" label_prefix="client"> <child name="server" label="scoped"/> </service>
      <any-service> <parent/> </any-service>`);
    expect(decide(text, "client", "ROM", "lib/a.so")).toBe("child server | client -> lib/a.so | rule 1 line 7");
    expect(decide(text, "client", "ROM", "bin/a.so")).toBe("parent | any.so | rule 2 line 8");
    expect(trace(text, "client", "ROM", "bin/a.so")).toContain(`1: label "bin/a.so" does not start with "lib/"`);
    // the prefix is matched against the label without "client -> ", so "client" itself is not a prefix of it
    expect(decide(text, "client", "ROM", "x")).toBe("parent | client -> x | rule 4 line 10");
    expect(decide(text, "client", "ROM", "client2")).toBe("child server | scoped | rule 3 line 9");
  });

  it("label_last compares the last element of the whole label, so it also catches the binary's ROM request", () => {
    const text = withRoute(`<service name="ROM" label_last="client"> <child name="server"/> </service>
      <service name="ROM" label_last="font"> <child name="server"/> </service>
      <any-service> <parent/> </any-service>`);
    expect(decideEnv(text, "client", "ROM")).toBe("child server | client | rule 1 line 7");
    // Genode: last_element of "client -> " is "", which is not "client"
    expect(decide(text, "client", "ROM", "")).toBe("parent | client ->  | rule 3 line 9");
    expect(decide(text, "client", "ROM", "dir -> font")).toBe("child server | client -> dir -> font | rule 2 line 8");
    expect(decide(text, "client", "ROM", "font -> dir")).toBe("parent | client -> font -> dir | rule 3 line 9");
    expect(trace(text, "client", "ROM", "x")).toContain(`1: last label element "x" is not "client"`);
  });

  it("label_last, like Genode's last_element, splits a label at a separator it starts with too", () => {
    const text = withRoute(`<service name="ROM" label_last="font"> <child name="server"/> </service>
      <service name="ROM" label_last=" -> font"> <child name="server" resource="r"/> </service>
      <any-service> <parent/> </any-service>`);
    expect(str("decideWhole", text, "client", "ROM", "a -> font")).toBe("child server | a -> font");
    // Genode: last_element(" -> font") is "font" (the separator at position 0 counts), while prefix()
    // is "" (it does not look at position 0): passed on, the label is its resource "font" alone
    expect(str("decideWhole", text, "client", "ROM", " -> font")).toBe("child server | font");
  });

  it("unscoped_label compares the whole label, child name included, and overrides the other label attributes", () => {
    const text = withRoute(`<service name="ROM" unscoped_label="client"> <child name="server"/> </service>
      <service name="ROM" unscoped_label="client -> x" label="nope"> <child name="server" label="x!"/> </service>
      <any-service> <parent/> </any-service>`);
    expect(decideEnv(text, "client", "ROM")).toBe("child server | client | rule 1 line 7");
    // Genode: the unscoped label of an empty request is "client -> ", not "client"
    expect(decide(text, "client", "ROM", "")).toBe("parent | client ->  | rule 3 line 9");
    expect(decide(text, "client", "ROM", "x")).toBe("child server | x! | rule 2 line 8");
    expect(decide(text, "client", "ROM", "client")).toBe("parent | client -> client | rule 3 line 9");
  });

  it("a start's <route> replaces <default-route>: no fall-through to it", () => {
    const text = withRoute(`<service name="Svc"> <child name="server"/> </service>`,
      `\n  <default-route> <any-service> <parent/> </any-service> </default-route>\n  <start name="other"/>`);
    expect(decide(text, "client", "LOG")).toBe(`denied | no rule routes LOG with label "client -> "`);
    expect(decide(text, "other", "LOG")).toBe("parent | other ->  | rule 1 line 10");
    expect(decide(`<config><start name="a"/></config>`, "a", "LOG")).toBe(`denied | "a" has no <route> and there is no <default-route>`);
    expect(decide(text, "nobody", "LOG")).toBe(`denied | there is no <start name="nobody">`);
  });
});

describe("targets", () => {
  it("a <child> that does not provide the service, or a <parent> without it in <parent-provides>, passes to the next target", () => {
    const text = withRoute(`<service name="Svc"> <parent/> <child name="client"/> <child name="server"/> </service>`);
    expect(decide(text, "client", "Svc")).toBe("child server | client ->  | rule 1 line 7");
    expect(trace(text, "client", "Svc")).toBe(
      `1: match / Svc is not in <parent-provides> / "client" does not provide Svc (no <provides><service name="Svc">) / taken`);
  });

  it("no working target: a <service> rule denies, an <any-service> rule lets the next rule try", () => {
    const denying = withRoute(`<service name="Timer"> <parent/> <child name="ghost"/> </service>
      <any-service> <any-child/> </any-service>`, `\n  <start name="timer"> <provides> <service name="Timer"/> </provides> </start>`);
    expect(decide(denying, "client", "Timer")).toBe("denied | no target of the matching <service> rule can serve Timer");
    expect(trace(denying, "client", "Timer")).toBe(`1: match / Timer is not in <parent-provides> / there is no child "ghost"`);
    const passing = withRoute(`<any-service> <parent/> </any-service>
      <any-service> <any-child/> </any-service>`, `\n  <start name="timer"> <provides> <service name="Timer"/> </provides> </start>`);
    expect(decide(passing, "client", "Timer")).toBe("child timer | client ->  | rule 2 line 8");
  });

  it("<any-child> takes the one child providing the service; none or several pass over it", () => {
    const text = withRoute(`<any-service> <any-child/> <parent/> </any-service>`,
      `\n  <start name="b"> <provides> <service name="Svc"/> <service name="Gui"/> </provides> </start>`);
    expect(decide(text, "client", "Gui", "x")).toBe("child b | client -> x | rule 1 line 7");
    expect(decide(text, "client", "Svc")).toBe("denied | no rule routes Svc with label \"client -> \"");
    expect(trace(text, "client", "Svc")).toBe(`1: match / ambiguous: "server", "b" provide Svc / Svc is not in <parent-provides>`);
    expect(decide(text, "client", "LOG")).toBe("parent | client ->  | rule 1 line 7");
    expect(trace(text, "client", "LOG")).toBe("1: match / no child provides LOG / taken");
  });

  it("label rewriting: label replaces the whole label; identity, resource and prepend_resource replace parts", () => {
    const text = withRoute(`<service name="ROM" label="a"> <parent label="renamed"/> </service>
      <service name="ROM" label_prefix="fs"> <child name="server" identity="rw"/> </service>
      <service name="ROM" label_prefix="res"> <child name="server" resource="/bin/"/> </service>
      <service name="ROM" label_prefix="pre"> <child name="server" prepend_resource="/usr/local"/> </service>
      <service name="ROM" label_prefix="both"> <parent identity="role" resource="r"/> </service>`);
    expect(decide(text, "client", "ROM", "a")).toBe("parent | renamed | rule 1 line 7");
    expect(decide(text, "client", "ROM", "fs -> /home")).toBe("child server | rw -> /home | rule 2 line 8");
    expect(decide(text, "client", "ROM", "res -> /")).toBe("child server | client -> res -> /bin/ | rule 3 line 9");
    expect(decide(text, "client", "ROM", "pre -> /lib")).toBe("child server | client -> pre -> /usr/local/lib | rule 4 line 10");
    expect(decide(text, "client", "ROM", "both")).toBe("parent | role -> r | rule 5 line 11");
  });

  it("an <alias> name in a <child> target means the aliased child", () => {
    const text = withRoute(`<service name="Svc"> <child name="svc_alias"/> </service>`, `\n  <alias name="svc_alias" child="server"/>`);
    expect(decide(text, "client", "Svc")).toBe("child server | client ->  | rule 1 line 7");
  });
});

describe("requests init answers before the rules", () => {
  const text = withRoute(`<service name="ROM" unscoped_label="tool"> <parent label="real_tool"/> </service>
      <any-service> <parent/> </any-service>`).replace(
    `<start name="client">`, `<start name="client" ld="no"> <binary name="tool"/> <config> <x/> </config>`);

  it("the binary's ROM (the child's name alone) is routed under its <binary name>", () => {
    expect(decideEnv(text, "client", "ROM")).toBe("parent | real_tool | rule 1 line 7");
    expect(traceEnv(text, "client", "ROM")).toBe(`note: the binary's ROM request "client" is routed as "tool", the <binary name>\n1: match / taken`);
  });

  it("a ROM named config is the inline <config>; without one it is routed", () => {
    expect(decide(text, "client", "ROM", "config")).toBe("config");
    expect(decide(text, "client", "ROM", "x -> config")).toBe("config");
    expect(decide(text, "server", "ROM", "config")).toBe("denied | \"server\" has no <route> and there is no <default-route>");
  });

  it("with ld=\"no\" the dynamic linker is the binary; session_requests is init's own ROM", () => {
    expect(str("decideWhole", text, "client", "ROM", "ld.lib.so")).toBe("parent | real_tool");
    expect(decide(text, "client", "ROM", "session_requests")).toBe("session_requests");
  });
});

describe("service forwarding at init level", () => {
  it("picks the child by the best-matching <policy>, else <default-policy>", () => {
    const text = `<config>
  <start name="server"/> <start name="other"/>
  <service name="LOG">
    <policy label_prefix="a"> <child name="server"/> </policy>
    <policy label="a -> b"> <child name="other" label="b!"/> </policy>
    <default-policy> <child name="other"/> </default-policy>
  </service>
</config>`;
    expect(str("forward", text, "LOG", "a -> c")).toBe("server | a -> c");
    expect(str("forward", text, "LOG", "a -> b")).toBe("other | b!");
    expect(str("forward", text, "LOG", "z")).toBe("other | z");
    expect(str("forward", text, "Timer", "z")).toBe("none");
  });
});
