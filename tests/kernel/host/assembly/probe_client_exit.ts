// Test client of Probe whose last probe is exit.
import { probe } from "./probe_client.ts";
import { ProbeOp } from "./probe_service.ts";

probe(ProbeOp.Exit);
