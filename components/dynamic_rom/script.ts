// A dynamic ROM session: it steps through its <rom> node's script (inline content, empty, sleep), looping, as Genode's dynamic_rom does.
//
// Each session runs the script of the <rom> its label names, from the first step, at creation:
// `<inline description="…">` makes its one sub node the content and signals the client,
// `<empty/>` removes the content, `<sleep milliseconds="N"/>` waits; after the last step the
// script starts over. Genode's loops forever through a script without a sleep; this one stops
// after one pass of such a script instead, keeping what the pass left.
import { Node } from "../lib/config/node.ts";
import { LogConnection, warningLine } from "../lib/log.ts";
import { RomModule, RomSession } from "../lib/rom_server.ts";

export class ScriptedRom extends RomSession {
  private step: i32 = 0;
  /** When the current sleep ends (microseconds since boot); 0 while not sleeping. */
  wakeAtUs: u64 = 0;

  constructor(readonly script: Node, readonly log: LogConnection | null) {
    super(new RomModule(script.attributeOr("name", "")));
  }

  private say(text: string): void {
    const log = this.log;
    if (log != null) log.write(this.module.name + ": " + text);
  }

  /** Runs steps until a sleep; returns its length in milliseconds, or -1 when the script has none. */
  run(): i64 {
    const steps = this.script.children;
    if (steps.length == 0) return -1;
    for (let done = 0; done < steps.length; done++) {
      const s = steps[this.step];
      this.step = (this.step + 1) % steps.length;
      if (s.type == "inline") {
        this.module.update(this.content(s));
        const description = s.attribute("description");
        this.say(description != null ? "change (" + description + ")" : "change");
      } else if (s.type == "empty") {
        this.module.update(new Uint8Array(0));
        this.say("remove");
      } else if (s.type == "sleep" && s.has("milliseconds")) {
        const ms = <i64>s.attributeU64("milliseconds", 0);
        this.say("sleep " + ms.toString() + " milliseconds");
        return ms;
      }
    }
    return -1;
  }

  /** An inline step's content: its one sub node as XML (more than one is a warning, as in Genode). */
  private content(step: Node): Uint8Array {
    if (step.children.length > 1) {
      const log = this.log;
      if (log != null) log.write(warningLine("exactly one sub node expected: " + step.toXml()));
      return new Uint8Array(0);
    }
    if (step.children.length == 0) return new Uint8Array(0);
    return Uint8Array.wrap(String.UTF8.encode(step.children[0].toXml()));
  }
}
