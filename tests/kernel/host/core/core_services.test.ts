// Core's services by registration: the table names each once, a new service is reachable by its name, a device serves one client at a time.
import { readFileSync } from "node:fs";
import * as path from "node:path";
import { describe, expect, it } from "vitest";
import { Err } from "../../../../kernel/abi.ts";
import { Core } from "../../../../kernel/host/core/core.ts";
import { deviceService, openPaid, openSession, Refusal, type CoreServiceMaker } from "../../../../kernel/host/core/core_service.ts";
import { CORE_SERVICES } from "../../../../kernel/host/core/services.ts";
import { CORE_PD, type Session } from "../../../../kernel/host/core/session.ts";
import { BufferConsole } from "../../../../kernel/host/devices/console.ts";
import { Kernel } from "../../../../kernel/host/kernel.ts";
import { System } from "../../../../kernel/host/system.ts";
import { imageDir } from "../../../support/paths.ts";

const kernelBytes = new Uint8Array(readFileSync(path.join(imageDir, "kernel.wasm")));

/** A core on a booted kernel, with the services given (no top component). */
async function coreWith(services?: readonly CoreServiceMaker[]): Promise<Core> {
  const kernel = await Kernel.load(kernelBytes);
  expect(kernel.k.k_boot(1 << 24, 1 << 12)).toBe(0);
  const sys = new System(kernel, new BufferConsole());
  const core = new Core(sys, new Map(), undefined, services);
  sys.register(core);
  return core;
}

class Plain implements Session {
  slot = 0;
  constructor(readonly badge: number, readonly label: string) {}
  dispatch(): number { return Err.BadOpcode; }
}

const request = (label: string) => ({ label, args: "", ram: 0, caps: 0 });
const cost = { ram: 0, caps: 1 };

describe("core's services", () => {
  it("are Genode's, the devices', the Update, Signer and Trust services, each named once", async () => {
    const core = await coreWith();
    const names = ["LOG", "ROM", "PD", "CPU", "Clock", "Terminal", "Storage", "Report", "Compiler", "Update", "Signer", "Trust"];
    for (const name of names) expect(core.service(name)?.name).toBe(name);
    expect(CORE_SERVICES.length).toBe(names.length);
    expect(core.service("Nonesuch")).toBeUndefined();
  });

  it("take a new service from the table, reachable by its name", async () => {
    const echo: CoreServiceMaker = (core) => ({ name: "Echo", cost, open: (r) => openSession(core, (badge) => new Plain(badge, r.label)) });
    const core = await coreWith([...CORE_SERVICES, echo]);
    const s = core.service("Echo")!.open(request("init -> app"));
    expect(s).not.toBeInstanceOf(Refusal);
    expect(core.sessionOf((s as Session).badge)).toBe(s);
  });

  it("refuse a table naming a service twice, naming it", async () => {
    const again: CoreServiceMaker = () => ({ name: "LOG", cost, open: () => new Refusal(Err.Denied) });
    await expect(coreWith([...CORE_SERVICES, again])).rejects.toThrow(`core: two services are named "LOG"`);
  });
});

describe("a device's service", () => {
  const device = (present: { thing: string } | null): CoreServiceMaker => (core) => deviceService(core, {
    name: "Gadget",
    cost,
    device: () => present,
    absent: "the platform has no gadget",
    inUse: "the gadget is in use",
    session: (_d, badge, label) => new Plain(badge, label),
  });

  it("serves one client at a time, and the next once core closed the first's session", async () => {
    const core = await coreWith([device({ thing: "x" })]);
    const gadget = core.service("Gadget")!;
    const first = gadget.open(request("init -> a")) as Session;
    expect(first).not.toBeInstanceOf(Refusal);
    expect(gadget.open(request("init -> b"))).toEqual(new Refusal(Err.Denied, "the gadget is in use"));
    expect(core.close(first.badge)).toBe(Err.Ok);
    const second = gadget.open(request("init -> b")) as Session;
    expect(second).not.toBeInstanceOf(Refusal);
    expect(second.label).toBe("init -> b");
    expect(gadget.open(request("init -> c"))).toEqual(new Refusal(Err.Denied, "the gadget is in use"));
  });

  it("is denied, saying so, when the platform has no such device", async () => {
    const core = await coreWith([device(null)]);
    expect(core.service("Gadget")!.open(request("init -> a"))).toEqual(new Refusal(Err.Denied, "the platform has no gadget"));
  });
});

describe("a session of core's", () => {
  const donated = (ram: number, caps: number) => ({ label: "init -> app", args: "", ram, caps });

  it("is refused with Quota, naming cost and donation, when the donation does not pay for it; core makes nothing", async () => {
    const core = await coreWith();
    const log = core.service("LOG")!;
    const used = core.k.k_cap_used(CORE_PD);
    for (const [ram, caps] of [[0, 0], [4096, 0], [0, 1], [4095, 1]] as const) {
      expect(openPaid(log, donated(ram, caps))).toEqual(new Refusal(Err.Quota,
        `a "LOG" session costs ${log.cost.ram} bytes and ${log.cost.caps} caps, the request donated ${ram} bytes and ${caps} caps`));
    }
    expect(core.k.k_cap_used(CORE_PD)).toBe(used);
  });

  it("is opened when the donation pays for it, and the signals it keeps later are paid from the same donation", async () => {
    const core = await coreWith();
    const rom = core.service("ROM")!;
    const session = openPaid(rom, donated(4096, 1)) as Session;
    expect(session).not.toBeInstanceOf(Refusal);
    expect(core.sessionOf(session.badge)).toBe(session);
    // Its endpoint took the one capability donated: a change signal would need another.
    expect(session.account!.charge(0, 1)).toBe(false);
    session.account!.upgrade(0, 1);
    expect(session.account!.charge(0, 1)).toBe(true);
  });
});
