// What `new NAME` writes under /src/components: a component that logs, or (--service) a service with its session interface, its client and a test client.

/** "my_service" -> "My_service": the service name a `new --service` announces. */
export function serviceName(name: string): string {
  return name.charAt(0).toUpperCase() + name.substring(1);
}

/** A HID node type: lower-case letters, digits, '_' and '-', a letter first. */
function hidType(s: string): bool {
  if (s.length == 0 || s.charCodeAt(0) < 97 || s.charCodeAt(0) > 122) return false;
  for (let i = 0; i < s.length; i++) {
    const c = s.charCodeAt(i);
    if (!((c >= 97 && c <= 122) || (c >= 48 && c <= 57) || c == 95 || c == 45)) return false;
  }
  return true;
}

/**
 * The package's runtime file (Genode's pkg runtime, shell/package.ts): what `start NAME` reads.
 * `requires` and `provides` name a service (say "My_service"), written as its node type
 * ("my_service"); HID when that type is one HID can hold, else XML (whose node types keep case).
 */
export function runtimeFile(name: string, info: string, requires: string, provides: string): string {
  const requiresType = requires.length > 0 ? requires.charAt(0).toLowerCase() + requires.substring(1) : "";
  const providesType = provides.length > 0 ? provides.charAt(0).toLowerCase() + provides.substring(1) : "";
  if ((requires.length == 0 || hidType(requiresType)) && (provides.length == 0 || hidType(providesType))) {
    let hid = "runtime | ram: 1M | caps: 100 | binary: " + name + " | info: " + info + "\n";
    if (requires.length > 0) hid += "+ requires | + " + requiresType + "\n";
    if (provides.length > 0) hid += "+ provides | + " + providesType + "\n";
    return hid + "-\n";
  }
  let xml = "<runtime ram=\"1M\" caps=\"100\" binary=\"" + name + "\" info=\"" + info + "\">\n";
  if (requires.length > 0) xml += "\t<requires> <" + requiresType + "/> </requires>\n";
  if (provides.length > 0) xml += "\t<provides> <" + providesType + "/> </provides>\n";
  return xml + "</runtime>\n";
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
// Start it with: start ${name}; then its client: start ${name}_client (their runtime files route it)
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
