// Test client of Probe whose last probe is recurse.
import { probe } from "./probe_client.ts";
import { ProbeOp } from "./probe_service.ts";

probe(ProbeOp.Recurse);
