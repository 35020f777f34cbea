// dummy: the stand-in for Genode's test program of the same name: it carries out the nodes of its
// config (components/init/SEMANTICS.md §13).
//
//   config_steps.ts     reading the config (the version rule D1), running its nodes in order
//   log_service.ts      <log_service>: a LOG server relaying `[label] text`
//   log_connections.ts  <create_log_connections>, <destroy_log_connections>
//   resources.ts        <consume_ram>, <consume_caps>, <handle_yield_requests>
//   timeouts.ts         <sleep> and delayed closes over a Timer session
//   flow.ts             how a node that waits hands control back
import { EnvSession } from "../../kernel/abi.ts";
import { Connection } from "../lib/connection.ts";
import { startConfigSteps } from "./config_steps.ts";

/**
 * The environment's LOG session. A Genode component runs only once its environment is complete;
 * here its LOG may wait for a sibling server that has not announced LOG yet, and dummy starts on
 * its config only when that session is there, so that its lines and its sessions keep their order.
 */
class EnvLog extends Connection {
  constructor() { super("LOG", "", 0, 0, "", EnvSession.Log); }
  // Denied: the environment stays incomplete, and a Genode component would never run.
  ready(): void { if (this.ok) startConfigSteps(); }
}

new EnvLog().whenReady();
