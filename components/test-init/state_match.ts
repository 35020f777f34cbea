// The driver's state matcher: does init's state report satisfy an <expect_init_state> node (SEMANTICS §15 T4)?
//
// Conditions are a conjunction; order, extra attributes and extra nodes never matter:
// - <attribute name value/>: the report node's attribute equals value (missing = "");
// - <attribute name higher|lower/>: read as byte counts with K/M/G (missing = 0), strictly above/below;
// - <node name=T>…</node>: some direct sub node of type T satisfies the nested conditions;
// - <not>…</not>: the nested conditions (on the same node) do not all hold.
// The result is "" on a match, else the first unmet condition in words, so a failed step says why.
import { Node } from "../lib/config/node.ts";

/** Nesting deeper than this is not followed: a hostile scenario cannot exhaust the stack. */
const MAX_DEPTH: i32 = 32;

/** "" when `report` satisfies every condition of `expect`; otherwise why not. */
export function mismatch(expect: Node, report: Node): string {
  return check(expect, report, 0);
}

function check(expect: Node, report: Node, depth: i32): string {
  if (depth > MAX_DEPTH) return "expectation nested too deeply";
  const conds = expect.children;
  for (let i = 0; i < conds.length; i++) {
    const c = unchecked(conds[i]);
    let why = "";
    if (c.type == "attribute") why = checkAttribute(c, report);
    else if (c.type == "node") why = checkNode(c, report, depth);
    else if (c.type == "not") {
      if (check(c, report, depth + 1).length == 0) why = "<not> " + describe(c) + " holds";
    } else why = "unknown condition <" + c.type + ">";
    if (why.length > 0) return why;
  }
  return "";
}

/** A byte count (K/M/G suffix allowed); 0 when absent or malformed, as Genode reads it. */
function bytes(n: Node, name: string): u64 {
  return n.attributeU64(name, 0);
}

function checkAttribute(c: Node, report: Node): string {
  const name = c.attributeOr("name", "");
  const actual = report.attribute(name);
  const shown = actual !== null ? "\"" + actual + "\"" : "absent";
  const value = c.attribute("value");
  if (value !== null && (actual !== null ? actual : "") != value) {
    return "<" + report.type + "> " + name + " is " + shown + ", expected \"" + value + "\"";
  }
  const have = report.attributeU64(name, 0);
  if (c.has("higher") && !(have > bytes(c, "higher"))) {
    return "<" + report.type + "> " + name + " is " + shown + ", expected higher than " + c.attributeOr("higher", "");
  }
  if (c.has("lower") && !(have < bytes(c, "lower"))) {
    return "<" + report.type + "> " + name + " is " + shown + ", expected lower than " + c.attributeOr("lower", "");
  }
  return "";
}

function checkNode(c: Node, report: Node, depth: i32): string {
  const type = c.attributeOr("name", "");
  let candidates = 0;
  let closest = "";
  const subs = report.children;
  for (let i = 0; i < subs.length; i++) {
    const n = unchecked(subs[i]);
    if (n.type != type) continue;
    candidates++;
    const why = check(c, n, depth + 1);
    if (why.length == 0) return "";
    // The candidate whose own attributes agree is the one meant: its nested reason is the useful one.
    if (closest.length == 0 && attributesHold(c, n)) closest = identify(n) + ": " + why;
  }
  if (candidates == 0) return "no <" + type + "> in <" + report.type + ">";
  if (closest.length > 0) return closest;
  return "no <" + type + "> in <" + report.type + "> with " + describe(c);
}

/** Whether the node's direct attribute conditions hold (nested nodes aside). */
function attributesHold(c: Node, n: Node): bool {
  const conds = c.children;
  for (let i = 0; i < conds.length; i++) {
    const a = unchecked(conds[i]);
    if (a.type == "attribute" && checkAttribute(a, n).length > 0) return false;
  }
  return true;
}

/** A report node by its type and name, e.g. `<child name="server">`. */
function identify(n: Node): string {
  const name = n.attribute("name");
  return name !== null ? "<" + n.type + " name=\"" + name + "\">" : "<" + n.type + ">";
}

/** The direct conditions of an expectation node, compactly: `name="x" quota>3M [<requested>]`. */
function describe(c: Node): string {
  const parts = new Array<string>();
  const conds = c.children;
  for (let i = 0; i < conds.length; i++) {
    const a = unchecked(conds[i]);
    if (a.type == "attribute") {
      const name = a.attributeOr("name", "");
      if (a.has("value")) parts.push(name + "=\"" + a.attributeOr("value", "") + "\"");
      if (a.has("higher")) parts.push(name + ">" + a.attributeOr("higher", ""));
      if (a.has("lower")) parts.push(name + "<" + a.attributeOr("lower", ""));
    } else if (a.type == "node") parts.push("<" + a.attributeOr("name", "") + ">");
    else parts.push("<" + a.type + ">");
  }
  return parts.length > 0 ? parts.join(" ") : "(no conditions)";
}
