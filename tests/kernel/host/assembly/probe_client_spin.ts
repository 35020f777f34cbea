// Test client of Probe whose last probe makes the server loop forever.
import { probe } from "./probe_client.ts";
import { ProbeOp } from "./probe_service.ts";

probe(ProbeOp.Spin);
