// hello_client: opens a Hello session, greets, adds, and exits (waiting for the server if it is not up yet).
import { exit } from "../lib/component.ts";
import { log } from "../lib/log.ts";
import { HelloConnection } from "../hello_session/connection.ts";

class Hello extends HelloConnection {
  /** The session is there, or was denied: at once, or once the server announced the service. */
  ready(): void {
    if (!this.ok) {
      log("no Hello session (error " + this.cap.toString() + ")");
      exit(1);
    }
    this.sayHello();
    log("2 + 5 = " + this.add(2, 5).toString());
    this.close();
    exit(0);
  }
}

new Hello().whenReady();
