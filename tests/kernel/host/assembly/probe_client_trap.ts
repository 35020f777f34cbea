// Test client of Probe whose last probe is trap.
import { probe } from "./probe_client.ts";
import { ProbeOp } from "./probe_service.ts";

probe(ProbeOp.Trap);
