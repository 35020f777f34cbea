// Configs and boots for the Terminal tests: init with core's Terminal, the terminal component, test clients.
import type { BufferTerminal } from "../../../kernel/host/devices/terminal.ts";
import { runSystem, testComponent, type Run } from "../../support/system.ts";

/** The test client that writes, reads and watches the size as its config's attributes say. */
export const client = () => testComponent("tests/components/terminal/assembly/terminal_client.ts");

/** A config whose parent (core) provides Terminal; `starts` are `<start>` texts. */
export function terminalConfig(...starts: string[]): string {
  return `<config>
  <parent-provides> <service name="LOG"/> <service name="PD"/> <service name="ROM"/> <service name="Terminal"/> </parent-provides>
  <default-route> <any-service> <parent/> <any-child/> </any-service> </default-route>
  <default caps="100" ram="1M"/>
  ${starts.join("\n  ")}
</config>`;
}

/** A terminal_client started as `name` with config attributes `attrs`, its Terminal from `from` (core or the terminal component). */
export function clientStart(name: string, attrs: string, from: "parent" | "terminal" = "parent"): string {
  const target = from === "parent" ? "<parent/>" : `<child name="terminal"/>`;
  return `<start name="${name}"> <binary name="terminal_client"/> <config ${attrs}/>
    <route> <service name="Terminal"> ${target} </service> <any-service> <parent/> </any-service> </route> </start>`;
}

/** The terminal component, its Terminal from core. */
export const TERMINAL = `<start name="terminal"> <provides> <service name="Terminal"/> </provides>
    <route> <service name="Terminal"> <parent/> </service> <any-service> <parent/> </any-service> </route> </start>`;

/** Boots `config` with the test client and `terminal` as the terminal device (none: no device). */
export async function boot(config: string, terminal?: BufferTerminal): Promise<Run> {
  return runSystem(config, { terminal_client: await client() }, terminal ? { terminal } : {});
}

/** What the component `name` logged, in order, without its label. */
export const linesOf = (run: Run, name: string) => run.lines.filter((l) => l.startsWith(`[init -> ${name}] `)).map((l) => l.slice(`[init -> ${name}] `.length));
