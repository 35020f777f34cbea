// Test client of Relay: one call that asks every relay on the chain to burn 20 million iterations.
import { log } from "../../../../components/lib/log.ts";
import { Connection } from "../../../../components/lib/connection.ts";
import { SESSION_CAPS } from "../../../../components/lib/root.ts";
import * as msg from "../../../../components/lib/message.ts";
import { call } from "../../../../components/lib/rpc.ts";

const relay = new Connection("Relay", "", 4096, SESSION_CAPS);
msg.begin(1);
msg.putU32(20_000_000);
log("relay answered " + call(relay.cap).toString());
