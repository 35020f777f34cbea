// What `new NAME` writes under /src/components: a component that logs, or (--service) a service with its session interface, its client and a test client.

/** "my_service" -> "My_service": the service name a `new --service` announces. */
export function serviceName(name: string): string {
  return name.charAt(0).toUpperCase() + name.substring(1);
}

export function componentMain(name: string): string {
  return `// ${name}: a Wasmode component. It logs a line through its LOG session (what its routes grant).
//
// Change the line, then: build ${name}; start ${name} (or restart ${name}); log ${name}
import { log } from "../lib/log.ts";

log("Hello from ${name}!");
`;
}

/** The session interface: the service's name, its opcodes and what a client donates. */
export function serviceSession(name: string): string {
  return `// The ${serviceName(name)} session interface: its name, opcodes and quota, shared by the server (main.ts) and its clients (connection.ts).

export const SERVICE = "${serviceName(name)}";

/** What a client donates for one session: the server's state of it, its endpoint and the client's capability. */
export const enum ${serviceName(name)}Quota {
  Ram = 4096,
  Caps = 2,
}

export const enum ${serviceName(name)}Op {
  /** The server logs a greeting with the client's label. */
  Greet = 1,
  /** Payload: a, b (i32). Result: a + b. */
  Add = 2,
}
`;
}

export function serviceConnection(name: string): string {
  const s = serviceName(name);
  return `// The ${s} session's client side: a connection and its calls.
import { Connection } from "../lib/connection.ts";
import * as msg from "../lib/message.ts";
import { call } from "../lib/rpc.ts";
import { ${s}Op, ${s}Quota, SERVICE } from "./session.ts";

export class ${s}Connection extends Connection {
  constructor() {
    super(SERVICE, "", ${s}Quota.Ram, ${s}Quota.Caps);
  }

  greet(): i32 {
    msg.begin(${s}Op.Greet);
    return call(this.cap);
  }

  add(a: i32, b: i32): i32 {
    msg.begin(${s}Op.Add);
    msg.putI32(a);
    msg.putI32(b);
    return call(this.cap);
  }
}
`;
}

export function serviceMain(name: string): string {
  const s = serviceName(name);
  return `// ${name}: serves ${s} sessions (session.ts), one object per client, and announces the service.
//
// Start it with: start ${name} --provides ${s}; then its client: start ${name}_client
import { Err } from "../../kernel/abi.ts";
import { log } from "../lib/log.ts";
import * as msg from "../lib/message.ts";
import { Root, SessionRequest, announce } from "../lib/root.ts";
import { RpcObject } from "../lib/rpc.ts";
import { ${s}Op, ${s}Quota, SERVICE } from "./session.ts";

class ${s}Session extends RpcObject {
  constructor(readonly label: string) { super(); }

  dispatch(op: i32): i32 {
    if (op == ${s}Op.Greet) {
      log("Hello, " + this.label + "!");
      return Err.Ok;
    }
    if (op == ${s}Op.Add) {
      const a = msg.getI32(), b = msg.getI32();
      if (msg.malformed()) return Err.BadMsg;
      return a + b;
    }
    return Err.BadOpcode;
  }
}

class ${s}Root extends Root {
  sessionRam(): u32 { return ${s}Quota.Ram; }
  sessionCaps(): u32 { return ${s}Quota.Caps; }

  create(request: SessionRequest): RpcObject | null {
    return new ${s}Session(request.label);
  }
}

announce(SERVICE, new ${s}Root());
log("${s} service ready");
`;
}

export function serviceClient(name: string): string {
  const s = serviceName(name);
  return `// ${name}_client: a test client of the ${s} service: one session, each call, the results in the log.
import { ${s}Connection } from "../${name}/connection.ts";
import { log } from "../lib/log.ts";

class Client extends ${s}Connection {
  ready(): void {
    if (!this.ok) {
      log("no ${s} session (error " + this.cap.toString() + ")");
      return;
    }
    this.greet();
    log("2 + 3 = " + this.add(2, 3).toString());
  }
}

new Client().whenReady();
`;
}
