// Core's services by name: what each offers the parent interface, and the shape of a device's service with one client.
//
// Each service's file makes its CoreService (e.g. log_service.ts logService); services.ts lists
// them, so a new core service is one file and one line there. A core makes its own instance of
// each, which keeps whatever state the service has: a device's client, for one.
import { Err } from "../../abi.ts";
import type { Core } from "./core.ts";
import type { Session } from "./session.ts";
import { SessionAccount, type SessionCost } from "./session_account.ts";

/** A session request that reached core: the client's full label, Genode's session args, the RAM and capabilities it donated. */
export interface SessionRequest {
  readonly label: string;
  readonly args: string;
  readonly ram: number;
  readonly caps: number;
}

/** Why core opened no session: the error the client gets and, for a denial, the reason core logs. */
export class Refusal {
  constructor(readonly error: number, readonly reason = "") {}
}

/** One of core's services, as one core offers it. */
export interface CoreService {
  /** The service name sessions are asked for by (Genode's: "LOG", "ROM", ...). */
  readonly name: string;
  /**
   * What one session costs core at its opening (its endpoint, its state), paid from the client's
   * donation: a request donating less is refused with Err.Quota (openPaid). Signals a session keeps
   * later are paid from the same donation (session_account.ts chargeKept).
   */
  readonly cost: SessionCost;
  /** A session for the request, its endpoint made (openSession), or why not; nothing changes when refused. */
  open(request: SessionRequest): Session | Refusal;
}

/** How a core makes its instance of a service: what the table (services.ts) lists. */
export type CoreServiceMaker = (core: Core) => CoreService;

/**
 * A session of `service` paid from the request's donation, or why not: a donation short of the
 * service's cost is refused with Err.Quota before anything changes. Core never pays for a
 * client's session from its own quota.
 */
export function openPaid(service: CoreService, request: SessionRequest): Session | Refusal {
  const account = new SessionAccount(request.ram, request.caps);
  if (!account.charge(service.cost.ram, service.cost.caps)) {
    return new Refusal(Err.Quota, `a "${service.name}" session costs ${service.cost.ram} bytes and ${service.cost.caps} caps, the request donated ${request.ram} bytes and ${request.caps} caps`);
  }
  const session = service.open(request);
  if (!(session instanceof Refusal)) session.account = account;
  return session;
}

/** A session on a new endpoint of core's, or the kernel's error as a refusal. */
export function openSession(core: Core, make: (badge: number) => Session): Session | Refusal {
  const s = core.open(make);
  return typeof s === "number" ? new Refusal(s) : s;
}

export interface DeviceServiceSpec<D> {
  name: string;
  cost: SessionCost;
  /** The device, or null when the platform has none (boot options). */
  device(): D | null;
  /** What a denial says when there is no device, and when its one client holds it. */
  absent: string;
  inUse: string;
  session(device: D, badge: number, label: string): Session;
}

/**
 * A service over a device with one client at a time: the component that multiplexes it (timer,
 * terminal, fs). The device is free again once core no longer holds that client's session.
 */
export function deviceService<D>(core: Core, spec: DeviceServiceSpec<D>): CoreService {
  let client: Session | null = null;
  return {
    name: spec.name,
    cost: spec.cost,
    open(request) {
      const device = spec.device();
      if (device === null) return new Refusal(Err.Denied, spec.absent);
      if (client !== null && core.sessionOf(client.badge) === client) return new Refusal(Err.Denied, spec.inUse);
      const opened = openSession(core, (badge) => spec.session(device, badge, request.label));
      if (!(opened instanceof Refusal)) client = opened;
      return opened;
    },
  };
}
