// Children whose environment sessions wait on each other round a cycle, so that none of them starts.
import { InitConfig, Start } from "./config_model.ts";
import { RouteKind, routeRequest } from "./route_model.ts";

/**
 * The sessions init opens for a child before it runs (Genode's PD, CPU, LOG and the binary's ROM,
 * labelled with the child's name alone): the only ones its start waits for. Whatever the child
 * asks for later is asked by a running child, so rules only those requests match cannot keep it
 * from starting.
 */
const ENVIRONMENT = ["PD", "CPU", "LOG", "ROM"];

/** A cycle, reported at the start that closes it. */
export class RouteCycle {
  constructor(public line: i32, public message: string) {}
}

/** One environment session a start waits for at a sibling: the sibling's index and the service. */
class Wait {
  constructor(readonly server: i32, readonly service: string) {}
}

/** The siblings whose services a start's environment sessions are routed to. */
function waits(config: InitConfig, start: Start): Array<Wait> {
  const out = new Array<Wait>();
  for (let i = 0; i < ENVIRONMENT.length; i++) {
    const service = unchecked(ENVIRONMENT[i]);
    const d = routeRequest(config, start.name, service, "", false);
    if (d.kind != RouteKind.Child) continue;
    const server = config.start(d.server);
    if (server !== null && server !== start) out.push(new Wait(config.starts.indexOf(server), service));
  }
  return out;
}

/**
 * Children whose environment sessions lead round to themselves: each waits for the next to serve
 * before it starts, so none of them starts. Each cycle is reported once, at the start that closes it.
 */
export function routeCycles(config: InitConfig): Array<RouteCycle> {
  const found = new Array<RouteCycle>();
  const n = config.starts.length;
  const edges = new Array<Array<Wait>>(n);
  for (let i = 0; i < n; i++) edges[i] = waits(config, unchecked(config.starts[i]));
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
        const w = edges[v][k].server;
        if (state[w] == 0) { path.push(w); next.push(0); state[w] = 1; }
        else if (state[w] == 1) found.push(cycleAt(config, edges, path, next, w));
        continue;
      }
      state[v] = 2;
      path.pop(); next.pop();
    }
  }
  return found;
}

/** "a -(LOG)-> b -(ROM)-> a": each step with the service the environment session asks for. */
function cycleAt(config: InitConfig, edges: Array<Array<Wait>>, path: Array<i32>, next: Array<i32>, from: i32): RouteCycle {
  let names = "";
  for (let i = path.indexOf(from); i < path.length; i++) {
    const wait = edges[path[i]][next[i] - 1];
    names += config.starts[path[i]].name + " -(" + wait.service + ")-> ";
  }
  const last = config.starts[path[path.length - 1]];
  return new RouteCycle(last.node.line, "start \"" + last.name + "\": environment sessions form a cycle " + names + config.starts[from].name
    + " (each child's start waits for the next, so none starts)");
}
