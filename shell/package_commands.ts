// `pkgs` (what can be started, with what each requires and provides) and `start NAME` of a package: its requirements routed Sculpt's way, a person asked where several providers fit.
import { Context, fail } from "./commands.ts";
import { Choice } from "./choice.ts";
import { describeErr } from "./errors.ts";
import { Output } from "./output.ts";
import { Package } from "./package.ts";
import { allPackages, PackageEntry } from "./packages.ts";
import { applyRouteOptions, RouteChoice, RouteOption, routeChoices, startNode } from "./package_routes.ts";
import { Runtime } from "./runtime.ts";
import { Awaited, RuntimeWait } from "./runtime_wait.ts";

/** A start waiting for a person's choice of providers: the shell hands it the keys until every requirement is routed. */
export class PendingStart {
  /** The requirement asked about now (an index into choices), and its question at the terminal. */
  at: i32 = -1;
  choice: Choice | null = null;

  constructor(readonly runtime: Runtime, readonly name: string, readonly pkg: Package,
              readonly choices: Array<RouteChoice>, readonly provides: Array<string>) {}

  /** The question about the next requirement not routed yet, null when all are. */
  nextQuestion(): Choice | null {
    for (let i = 0; i < this.choices.length; i++) {
      const c = this.choices[i];
      if (c.chosen != null) continue;
      const options = new Array<string>();
      for (let j = 0; j < c.candidates.length; j++) {
        const p = c.candidates[j];
        options.push(p.child.length > 0 ? p.child + " (child:" + p.child + ")" : "the runtime's parent (parent)");
      }
      this.at = i;
      this.choice = new Choice(this.name + " requires " + c.requirement.describe() + ": which provider? (arrows or digits, enter; escape cancels)", options);
      return this.choice;
    }
    this.at = -1;
    this.choice = null;
    return null;
  }

  /** The person took option `i` of the question at hand. */
  take(i: i32): void { this.choices[this.at].chosen = this.choices[this.at].candidates[i]; }
}

function pad(s: string, n: i32): string { return s.length >= n ? s + " " : s + " ".repeat(n - s.length); }

/** pkgs: every package under /src with its summary, what it requires and what it provides; a broken runtime file is named with its line. */
export function pkgs(cx: Context, argv: Array<string>, out: Output): i32 {
  if (argv.length != 1) return fail(out, "pkgs", "pkgs");
  const fs = cx.fs;
  if (fs == null || !fs.ok || fs.stat("/src/components") == null) return fail(out, "pkgs", "no packages: /src/components is not there (the shell's routes grant no sources)");
  const all = allPackages(fs);
  let status = 0;
  for (let i = 0; i < all.length; i++) {
    const e = all[i], p = e.pkg;
    if (p == null) { status = fail(out, "pkgs", e.result.error); continue; }
    out.line(pad(p.name, 14) + (p.summary.length > 0 ? p.summary : "(no summary)"));
    out.line("  requires " + p.requiresText() + "; provides " + p.providesText());
  }
  if (all.length == 0) out.line("no packages (no runtime file under /src/components)");
  return status;
}

/** Writes the start and has the runtime apply it; the shell waits until the runtime runs it. */
export function applyStart(cx: Context, r: Runtime, name: string, pkg: Package, choices: Array<RouteChoice>, provides: Array<string>, out: Output): i32 {
  r.addNode(startNode(name, pkg, choices, provides));
  return cx.applyAndWait(r, new RuntimeWait("start", name, Awaited.Started, ""), out);
}

/** start NAME of package `entry`: routes checked and chosen before anything changes. */
export function startPackage(cx: Context, r: Runtime, entry: PackageEntry, provides: Array<string>, options: Array<RouteOption>, out: Output): i32 {
  const pkg = entry.pkg;
  if (pkg == null) return fail(out, "start", entry.result.error);
  const name = entry.name;
  const choices = routeChoices(r, pkg);
  const missing = new Array<string>();
  for (let i = 0; i < choices.length; i++) if (choices[i].candidates.length == 0) missing.push(choices[i].requirement.describe());
  if (missing.length > 0) {
    return fail(out, "start", name + ": nothing provides " + missing.join(", ") + " (neither the runtime's parent nor a started component; pkgs shows what provides what)");
  }
  const wrong = applyRouteOptions(name, choices, options);
  if (wrong.length > 0) return fail(out, "start", name + ": " + wrong);
  const open = new Array<RouteChoice>();
  for (let i = 0; i < choices.length; i++) if (choices[i].chosen == null) open.push(choices[i]);
  if (open.length == 0) return applyStart(cx, r, name, pkg, choices, provides, out);
  if (!cx.interactive) {
    const c = open[0], req = c.requirement;
    const service = req.label.length > 0 ? req.service + ":" + req.label : req.service;
    return fail(out, "start", name + ": " + req.describe() + " has " + c.candidates.length.toString() + " providers: " + c.choices() +
      "; choose one with --route " + service + "=" + c.candidates[0].describe());
  }
  // A person is there: the shell asks, requirement by requirement (shell.ts hands it the keys).
  cx.pendingStart = new PendingStart(r, name, pkg, choices, provides);
  return 0;
}
