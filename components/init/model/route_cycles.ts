// Routes that lead round: children each of which may wait for a session of the next, so that none starts.
import { InitConfig, Start } from "./config_model.ts";

/** A cycle, reported at the start that closes it. */
export class RouteCycle {
  constructor(public line: i32, public message: string) {}
}

/** The children each start's routes can send it to: an explicit <child>, or the one provider of an <any-child> service. */
function dependencies(config: InitConfig, start: Start): Array<i32> {
  const out = new Array<i32>();
  const rules = config.rulesFor(start);
  if (rules === null) return out;
  for (let i = 0; i < rules.length; i++) {
    const rule = unchecked(rules[i]);
    for (let j = 0; j < rule.targets.length; j++) {
      const t = unchecked(rule.targets[j]).node;
      let server: Start | null = null;
      if (t.type == "child") server = config.start(config.derefAlias(t.attributeOr("name", "")));
      else if (t.type == "any-child" && rule.service.length > 0) {
        const providers = config.providersOf(rule.service);
        if (providers.length == 1) server = providers[0];
      }
      if (server !== null && server !== start) out.push(config.starts.indexOf(server));
    }
  }
  return out;
}

/**
 * Children whose routes lead round to themselves: each may wait for a session of the next before it
 * can serve, so none of them starts. Each cycle is reported once, at the start that closes it.
 */
export function routeCycles(config: InitConfig): Array<RouteCycle> {
  const found = new Array<RouteCycle>();
  const n = config.starts.length;
  const edges = new Array<Array<i32>>(n);
  for (let i = 0; i < n; i++) edges[i] = dependencies(config, unchecked(config.starts[i]));
  // 0 unvisited, 1 on the current path, 2 done.
  const state = new Array<i32>(n).fill(0);
  const path = new Array<i32>();
  const next = new Array<i32>();
  for (let root = 0; root < n; root++) {
    if (state[root] != 0) continue;
    path.push(root); next.push(0); state[root] = 1;
    while (path.length > 0) {
      const v = path[path.length - 1], k = next[next.length - 1];
      if (k < edges[v].length) {
        next[next.length - 1] = k + 1;
        const w = edges[v][k];
        if (state[w] == 0) { path.push(w); next.push(0); state[w] = 1; }
        else if (state[w] == 1) found.push(cycleAt(config, path, w));
        continue;
      }
      state[v] = 2;
      path.pop(); next.pop();
    }
  }
  return found;
}

function cycleAt(config: InitConfig, path: Array<i32>, from: i32): RouteCycle {
  let names = "";
  for (let i = path.indexOf(from); i < path.length; i++) names += config.starts[path[i]].name + " -> ";
  const last = config.starts[path[path.length - 1]];
  return new RouteCycle(last.node.line, "start \"" + last.name + "\": routes form a cycle " + names + config.starts[from].name + " (each may wait for the next, so none starts)");
}
