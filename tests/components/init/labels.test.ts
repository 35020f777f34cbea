// Labels as Genode's init makes them: the empty label keeps its separator ("C -> "), and a label ending in one keeps it on the way out.
import { beforeAll, describe, expect, it } from "vitest";
import { callForString, loadAsModule, type AsModule } from "../../support/as_module.ts";
import { runSystem } from "../../support/system.ts";

let m: AsModule;

beforeAll(async () => {
  m = await loadAsModule(["tests/components/init/route_harness.ts"]);
}, 120_000);

const decide = (text: string, from: string, service: string, label: string) => callForString(m, "decide", text, from, service, label);
const decideEnv = (text: string, from: string, service: string) => callForString(m, "decideEnv", text, from, service);
const decideWhole = (text: string, from: string, service: string, whole: string) => callForString(m, "decideWhole", text, from, service, whole);
const policy = (text: string, label: string) => callForString(m, "policy", text, label);

/** A config where `app` asks with these rules; `gui` and `fb` provide Gui. */
function withRoute(rules: string): string {
  return `<config>
  <parent-provides> <service name="LOG"/> <service name="ROM"/> <service name="PD"/> <service name="Gui"/> </parent-provides>
  <default caps="100" ram="1M"/>
  <start name="gui"> <provides> <service name="Gui"/> </provides> </start>
  <start name="fb"> <provides> <service name="Gui"/> </provides> </start>
  <start name="app">
    <route>
${rules}
    </route>
  </start>
</config>`;
}

describe("the empty label (issue 19, 1)", () => {
  const text = withRoute(`<service name="Gui" label=""> <child name="gui"/> </service>
      <service name="Gui" label_prefix=""> <child name="fb"/> </service>
      <any-service> <parent/> </any-service>`);

  it("a request with label \"\" is \"app -> \", and a label=\"\" rule matches it", () => {
    // Genode: prefixed_label("app", "") is "app -> "; skip_label_prefix leaves "", which equals label=""
    expect(decide(text, "app", "Gui", "")).toBe("child gui | app ->  | rule 1 line 8");
  });

  it("an environment session (\"app\" alone) is not the empty label: label rules never match it", () => {
    // Genode: skip_label_prefix("app", "app") fails (no separator), so label and label_prefix rules do not match
    expect(decideEnv(text, "app", "Gui")).toBe("parent | app | rule 3 line 10");
  });

  it("a non-empty label misses label=\"\" and is caught by label_prefix=\"\"", () => {
    // Genode: "x" is not "", but every scoped label starts with ""
    expect(decide(text, "app", "Gui", "x")).toBe("child fb | app -> x | rule 2 line 9");
  });

  it("a rule with only `label` compares the untrimmed text first; the other attributes compare trimmed", () => {
    const spaced = withRoute(`<service name="Gui" label="x "> <child name="gui"/> </service>
      <service name="Gui" label="x " label_suffix="x"> <child name="fb"/> </service>`);
    // Genode: route_model.h rejects a `label`-only rule whose checksum of the untrimmed label differs
    expect(decide(spaced, "app", "Gui", "x")).toBe("child fb | app -> x | rule 2 line 9");
  });

  it("a server policy with label_prefix=\"app ->\" grants the empty label, as Genode's trimmed comparison does", () => {
    const server = `<config>
  <policy label_prefix="app ->"/>
  <policy label="init -> app"/>
  <default-policy/>
</config>`;
    // Genode: "app -> " trimmed is "app ->", which label_prefix "app ->" starts
    expect(policy(server, "app -> ")).toBe("policy@2");
    // Genode: "init -> app" (an environment session) is not "init -> app ->" trimmed: the exact policy matches only it
    expect(policy(server, "init -> app")).toBe("policy@3");
    expect(policy(server, "init -> app -> ")).toBe("default-policy@4");
  });
});

describe("labels ending in a separator on the way out (issue 19, 2)", () => {
  const text = withRoute(`<service name="Gui" label_prefix="plain"> <child name="gui"/> </service>
      <service name="Gui" label_prefix="id"> <child name="gui" identity="role"/> </service>
      <service name="Gui" label_prefix="res"> <child name="gui" resource="r"/> </service>
      <service name="Gui" label_prefix="pre"> <child name="gui" prepend_resource="p/"/> </service>
      <service name="Gui" label_prefix="whole"> <child name="gui" label="L"/> </service>
      <service name="Gui" label_prefix="noid"> <child name="gui" identity=""/> </service>
      <any-service> <parent/> </any-service>`);

  it("passed on unchanged, \"app -> \" keeps its separator", () => {
    // Genode: identity = prefix() = "app", resource = last_element() = "", and prefixed_label("app", "") = "app -> "
    expect(decide(text, "app", "Gui", "")).toBe("parent | app ->  | rule 7 line 14");
  });

  it("a label from a nested init that ends in a separator passes through init unchanged", () => {
    // Genode: "app -> c -> " has prefix "app -> c" and last element "": rebuilt, it is "app -> c -> " again
    expect(decideWhole(text, "app", "Gui", "app -> c -> ")).toBe("parent | app -> c -> ");
    expect(decideWhole(text, "app", "Gui", "app -> plain -> ")).toBe("child gui | app -> plain -> ");
  });

  it("identity, resource and prepend_resource rebuild it around the empty last element; label replaces it", () => {
    // Each: identity (default prefix()) -> prepend_resource + resource (default last_element()), the separator always put
    expect(decideWhole(text, "app", "Gui", "app -> id -> ")).toBe("child gui | role -> ");
    expect(decideWhole(text, "app", "Gui", "app -> res -> ")).toBe("child gui | app -> res -> r");
    expect(decideWhole(text, "app", "Gui", "app -> pre -> ")).toBe("child gui | app -> pre -> p/");
    expect(decideWhole(text, "app", "Gui", "app -> whole -> ")).toBe("child gui | L");
    // Genode: an empty identity leaves the resource part alone, here ""
    expect(decideWhole(text, "app", "Gui", "app -> noid -> ")).toBe("child gui | ");
  });
});

const PARENT = `<parent-provides> <service name="LOG"/> <service name="PD"/> <service name="ROM"/> <service name="CPU"/> </parent-provides>`;
const SERVER = `<start name="hello_server" caps="100" ram="1M"> <provides> <service name="Hello"/> </provides>
  <route> <any-service> <parent/> </any-service> </route> </start>`;

describe("at run time (hello_client asks for Hello with the empty label)", () => {
  it("a <service label=\"\"> rule routes it, and the server sees \"hello_client -> \"", async () => {
    const run = await runSystem(`<config> ${PARENT} ${SERVER}
      <start name="hello_client" caps="100" ram="1M"> <route>
        <service name="Hello" label=""> <child name="hello_server"/> </service>
        <any-service> <parent/> </any-service> </route> </start> </config>`);
    // Genode: the server's session label is "hello_client -> " (prefixed_label with the empty label)
    expect(run.lines).toContain("[init -> hello_server] Hello, hello_client -> !");
    expect(run.lines).toContain("[init -> hello_client] 2 + 5 = 7");
    // the client's environment LOG ("hello_client" alone) did not match label="" and went to the parent
    expect(run.lines.filter((l) => l.includes("no route"))).toEqual([]);
  });

  it("through a nested init the trailing separator stays: the server sees \"sub -> hello_client -> \"", async () => {
    const run = await runSystem(`<config> ${PARENT} ${SERVER}
      <start name="sub" caps="400" ram="8M"> <binary name="init"/>
        <route> <service name="Hello"> <child name="hello_server"/> </service> <any-service> <parent/> </any-service> </route>
        <config> <parent-provides> <service name="LOG"/> <service name="PD"/> <service name="ROM"/> <service name="CPU"/> <service name="Hello"/> </parent-provides>
          <default-route> <any-service> <parent/> </any-service> </default-route> <default caps="100" ram="1M"/>
          <start name="hello_client"/>
        </config> </start> </config>`);
    // Genode: inner init passes "hello_client -> " unchanged (prefix "hello_client", last element ""), outer init puts "sub -> " in front
    expect(run.lines).toContain("[init -> hello_server] Hello, sub -> hello_client -> !");
    expect(run.lines).toContain("[init -> sub -> hello_client] 2 + 5 = 7");
  });

  it("a nested init's <policy label_prefix=\"hello_client ->\"> grants the empty label", async () => {
    const run = await runSystem(`<config> ${PARENT}
      <start name="srv" caps="400" ram="8M"> <binary name="init"/> <provides> <service name="Hello"/> </provides>
        <route> <any-service> <parent/> </any-service> </route>
        <config> ${PARENT}
          <default-route> <any-service> <parent/> </any-service> </default-route> <default caps="100" ram="1M"/>
          <service name="Hello"> <policy label_prefix="hello_client ->"> <child name="hello_server"/> </policy> </service>
          ${SERVER}
        </config> </start>
      <start name="hello_client" caps="100" ram="1M"> <route>
        <service name="Hello"> <child name="srv"/> </service> <any-service> <parent/> </any-service> </route> </start> </config>`);
    // Genode: the policy compares trimmed labels, "hello_client ->" starts "hello_client -> " trimmed
    expect(run.lines).toContain("[init -> srv -> hello_server] Hello, hello_client -> !");
    expect(run.lines).toContain("[init -> hello_client] 2 + 5 = 7");
  });
});
