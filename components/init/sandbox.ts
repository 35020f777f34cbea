// Init's state in one object (Genode's Sandbox): the children and what they announced, the sessions in between, the report, the config.
import { LogConnection } from "../lib/log.ts";
import { RomConnection } from "../lib/rom.ts";
import { ChildLifecycle } from "./child_lifecycle.ts";
import { SessionBroker } from "./child_sessions.ts";
import { Children } from "./children.ts";
import { Forwarding } from "./forwarding.ts";
import { Heartbeat, RestartDue } from "./heartbeat.ts";
import { OwnQuota } from "./own_quota.ts";
import { ParentInterface } from "./parent_interface.ts";
import { Reconfigurer } from "./reconfig.ts";
import { Resources } from "./resources.ts";
import { AnnounceRetry } from "./retry.ts";
import { ServerSide } from "./server_side.ts";
import { Services } from "./services.ts";
import { InitState } from "./state_report.ts";
import { StateReporter } from "./state_reporter.ts";

/** A child skipped too many heartbeats, or was torn: the config is applied again, which restarts it. */
class Reapply extends RestartDue {
  sandbox: Sandbox | null = null;
  restart(): void {
    const s = this.sandbox;
    if (s != null) s.applyConfig();
  }
}

/**
 * Everything init keeps, each part given the others it works with (constructor arguments): no
 * part reaches another through a module of its own, so the parts import no cycle.
 */
export class Sandbox {
  readonly children: Children;
  readonly services: Services;
  readonly ownQuota: OwnQuota;
  /** The trigger every part calls when the reported state changed. */
  readonly reporter: StateReporter;
  readonly forwarding: Forwarding;
  /** Orphaned sessions and requests live here: those of clients gone while their server decides. */
  readonly serverSide: ServerSide;
  readonly broker: SessionBroker;
  readonly resources: Resources;
  readonly heartbeat: Heartbeat;
  readonly lifecycle: ChildLifecycle;
  private reconfigurer: Reconfigurer;
  private reapply: Reapply;

  constructor(log: LogConnection, private config: RomConnection) {
    // The parts are made first and the fields set after: `this` is complete only then.
    const children = new Children(), services = new Services(), reporter = new StateReporter(log), ownQuota = new OwnQuota();
    const reapply = new Reapply();
    const forwarding = new Forwarding(children, services);
    const serverSide = new ServerSide(children, services, forwarding, reporter);
    const broker = new SessionBroker(children, services, serverSide, reporter);
    const resources = new Resources(services, ownQuota, reporter);
    const heartbeat = new Heartbeat(children, reporter, reapply);
    const lifecycle = new ChildLifecycle(broker, serverSide, services, ownQuota, reporter, reapply);
    const retry = new AnnounceRetry(children, broker, forwarding);
    const parentInterface = new ParentInterface(broker, services, retry, heartbeat, serverSide, resources);
    this.children = children;
    this.services = services;
    this.ownQuota = ownQuota;
    this.reporter = reporter;
    this.reapply = reapply;
    this.forwarding = forwarding;
    this.serverSide = serverSide;
    this.broker = broker;
    this.resources = resources;
    this.heartbeat = heartbeat;
    this.lifecycle = lifecycle;
    this.reconfigurer = new Reconfigurer(log, children, lifecycle, parentInterface, resources, forwarding, heartbeat, reporter);
    reporter.producer = new InitState(children, serverSide, ownQuota);
    this.reapply.sandbox = this;
  }

  /** Applies the config ROM as it is now (the first config, a new version, or again for a restart). */
  applyConfig(): void {
    this.reconfigurer.apply(this.config.text());
  }
}
