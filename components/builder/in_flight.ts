// The module a build has in hand: in the compiler, or (once built) with its provenance at core's Signer; carried across a live swap.
import { StateReader, StateWriter } from "../lib/state_codec.ts";
import { ModuleSpec } from "./recipe.ts";

/** The module being compiled, or (once `built` is set) having its provenance signed. */
export class InFlight {
  constructor(
    readonly spec: ModuleSpec, readonly head: string, readonly step: string,
    /** Its provenance's build definition (provenance.ts), from the sources sent to the compiler. */
    readonly definition: string,
    /** While signing: the line that says it was built, which the signature's outcome ends; "" while compiling. */
    readonly built: string = "",
  ) {}

  get signing(): bool { return this.built.length > 0; }

  saveState(w: StateWriter): void {
    const spec = this.spec;
    w.string(spec.name);
    w.string(spec.binary);
    w.strings(spec.entries);
    w.strings(spec.flags);
    w.string(this.head);
    w.string(this.step);
    w.string(this.definition);
    w.string(this.built);
  }

  static restore(r: StateReader): InFlight {
    const name = r.string(), binary = r.string();
    const entries = r.strings(), flags = r.strings();
    const spec = new ModuleSpec(name, binary, entries, flags);
    const head = r.string(), step = r.string();
    const definition = r.string();
    return new InFlight(spec, head, step, definition, r.string());
  }
}
