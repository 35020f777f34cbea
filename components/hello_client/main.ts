// hello_client: opens a Hello session, greets, adds, and exits.
import { exit } from "../lib/component.ts";
import { log } from "../lib/log.ts";
import { HelloConnection } from "../hello_session/connection.ts";

const hello = new HelloConnection();
if (!hello.ok) {
  log("no Hello session (error " + hello.cap.toString() + ")");
  exit(1);
}
hello.sayHello();
log("2 + 5 = " + hello.add(2, 5).toString());
hello.close();
exit(0);
