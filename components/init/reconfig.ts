// Applying a config, the first and every later one: children added, removed, restarted or only told.
import { LogConnection } from "../lib/log.ts";
import { RomModule } from "../lib/rom_server.ts";
import { parseConfig } from "../lib/config/parse.ts";
import { Child, ParentCalls } from "./child.ts";
import { ChildLifecycle } from "./child_lifecycle.ts";
import { Children } from "./children.ts";
import { Forwarding } from "./forwarding.ts";
import { Heartbeat } from "./heartbeat.ts";
import { RouteKind } from "./model/route_model.ts";
import { InitConfig, Start, readInitConfig } from "./model/config_model.ts";
import { Resources } from "./resources.ts";
import { StateReporter } from "./state_reporter.ts";

/** The text a start node's inline <config> shows its child: original bytes for XML, canonical XML for HID. */
function configText(start: Start, text: string): string | null {
  const inline = start.config;
  if (inline == null) return null;
  return text.charCodeAt(inline.start) == 0x3c ? text.substring(inline.start, inline.end) : inline.toXml();
}

/** The start node as text: equal text, nothing to do for its child. */
function startText(start: Start, text: string): string {
  const n = start.node;
  return text.charCodeAt(n.start) == 0x3c ? text.substring(n.start, n.end) : n.toXml();
}

/**
 * Whether the child's sessions would be routed elsewhere now (another server, another label the
 * server sees, or nowhere): then it must restart to pick up the new routes (Genode: "dependencies").
 */
function routesChanged(c: Child, children: Children): bool {
  if (c.route("ROM", c.name).serverLabel != c.binaryLabel) return true;
  const ids = c.sessions.keys();
  for (let i = 0; i < ids.length; i++) {
    const s = c.sessions.get(ids[i]);
    const d = c.route(s.service, s.label);
    if (s.local != null) {
      if (d.kind != RouteKind.InlineConfig) return true;
      continue;
    }
    if (d.kind == RouteKind.Parent) {
      if (s.server != null || d.serverLabel != s.serverLabel) return true;
    } else if (d.kind == RouteKind.Child) {
      // A session with a torn server that was replaced is stale: the client is not restarted for it.
      if (s.server != null && s.server!.tornAway) continue;
      if (s.server !== children.named(d.server) || d.serverLabel != s.serverLabel) return true;
    } else return true;
  }
  return false;
}

/** True when one of the client's sessions is served by `server`. */
function dependsOn(client: Child, server: Child): bool {
  const ids = client.sessions.keys();
  for (let i = 0; i < ids.length; i++) if (client.sessions.get(ids[i]).server === server) return true;
  return false;
}

export class Reconfigurer {
  private model: InitConfig | null = null;
  private text: string = "";

  constructor(private log: LogConnection, private children: Children, private lifecycle: ChildLifecycle,
    private parentCalls: ParentCalls, private resources: Resources, private forwarding: Forwarding,
    private heartbeat: Heartbeat, private reporter: StateReporter) {}

  /**
   * Applies `text` with the fewest restarts: a child whose start node is gone is destroyed; one
   * whose `version` or binary changed is replaced; one whose routes now lead elsewhere (or whose
   * server was replaced) restarts; a changed inline <config> only updates its config ROM, which
   * signals the child. Exited children keep their exit state. A config that does not parse is
   * reported and the old one stays.
   */
  apply(text: string): void {
    if (text.trim().length == 0) return;
    const parsed = parseConfig(text);
    if (!parsed.ok()) {
      this.log.write(parsed.describe("config"));
      return;
    }
    const model = readInitConfig(parsed.node!);
    this.reporter.configure(model.report, model.version);
    this.heartbeat.configure(model.heartbeatRateMs);
    const oldText = this.text;
    const children = this.children.all;
    this.model = model;
    this.text = text;

    // Whether a child was created or destroyed: the report then goes out without delay.
    let created = false;
    // Children the new config no longer wants, or wants as another element (version, binary).
    const replaced = new Array<Child>();
    for (let i = children.length - 1; i >= 0; i--) {
      const c = children[i];
      const s = model.start(c.name);
      if (s == null || s.version != c.start.version) {
        created = true;
        this.lifecycle.destroy(c);
        children.splice(i, 1);
        continue;
      }
      const sameNode = startText(s, text) == startText(c.start, oldText);
      const inline = configText(s, text);
      const before = configText(c.start, oldText);
      c.start = s;
      c.model = model;
      if (sameNode) continue;
      if (inline != null && before != null && inline != before && c.configRom != null) c.configRom!.setText(inline);
      if (inline != null && c.configRom == null) c.configRom = this.module(inline);
      if (inline == null) c.configRom = null;
    }

    // Restarts: a child whose routes lead elsewhere, then (in turn) the clients of what restarted.
    let changed = true;
    while (changed) {
      changed = false;
      for (let i = 0; i < children.length; i++) {
        const c = children[i];
        if (c.abandoned) continue;
        if (!c.alive) {
          // A torn child (ChildLifecycle.died) starts afresh alone: its clients keep running, their
          // sessions with it stale as after any fault. Any other dead child stays as it is.
          if (c.restartScheduled) {
            created = true;
            c.tornAway = true;
            this.lifecycle.destroy(c);
            children[i] = this.create(c.start, text);
          }
          continue;
        }
        let restart = c.restartScheduled || routesChanged(c, this.children);
        for (let j = 0; j < replaced.length && !restart; j++) restart = dependsOn(c, replaced[j]);
        if (!restart) continue;
        created = true;
        this.lifecycle.destroy(c);
        replaced.push(c);
        const fresh = this.create(c.start, text);
        children[i] = fresh;
        changed = true;
      }
    }
    for (let i = 0; i < children.length; i++) {
      const c = children[i];
      if (c.control == 0 && !c.abandoned) this.lifecycle.launch(c);
    }

    // Quota changes of the children there are, before new ones take what is left (SEMANTICS.md §7).
    this.resources.applyQuotas(children);

    // Starts with no child yet (a set of names: a config may start thousands).
    const existing = new Set<string>();
    for (let j = 0; j < children.length; j++) existing.add(children[j].name);
    for (let i = 0; i < model.starts.length; i++) {
      const s = model.starts[i];
      if (s.name.length == 0) {
        this.log.write("missing 'name' attribute in '<start>' entry (line " + s.node.line.toString() + ")");
        continue;
      }
      if (existing.has(s.name)) continue;
      existing.add(s.name);
      created = true;
      const c = this.create(s, text);
      children.push(c);
      this.lifecycle.launch(c);
    }
    this.forwarding.applied(model);
    this.reporter.stateChanged();
    // Children created or gone are reported at once, whatever delay_ms says (as Genode's apply does).
    if (created) this.reporter.stateChangedNow();
  }

  private create(start: Start, text: string): Child {
    const c = new Child(start, this.model!, this.log, this.children.nextId(), this.parentCalls, this.reporter);
    const inline = configText(start, text);
    if (inline != null) c.configRom = this.module(inline);
    return c;
  }

  private module(text: string): RomModule {
    const m = new RomModule("config");
    m.setText(text);
    return m;
  }
}
