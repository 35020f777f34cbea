// One Update session's disassembly: a running component's binary as WAT, made in the compiler device's worker, kept for the client to read in chunks.
import { DisasmState, UpdateLimit } from "../../../components/update_session/protocol.ts";
import type { Compiler } from "../devices/compiler.ts";

const encoder = new TextEncoder();

export class Disassembly {
  state = DisasmState.None;
  /** The text (Done) or the line saying why there is none (Failed), UTF-8. */
  text = new Uint8Array(0);
  /** Counts the disassemblies begun: the end of one replaced by a newer one is dropped. */
  private generation = 0;

  /**
   * Asks `device` for `binary` as WAT (only function `func` unless ""); `ended` runs once the text
   * (or the reason) is here, not for one a newer start replaced. Resolves when the device answered.
   */
  start(device: Compiler, binary: Uint8Array, func: string, label: string, ended: () => void): Promise<void> {
    const mine = ++this.generation;
    this.state = DisasmState.Running;
    this.text = new Uint8Array(0);
    const finish = (state: DisasmState, text: string) => {
      if (mine !== this.generation) return;
      const bytes = encoder.encode(text);
      if (state === DisasmState.Done && bytes.length > UpdateLimit.Text) {
        this.state = DisasmState.Failed;
        this.text = encoder.encode(`${label}: its text is ${bytes.length} bytes, more than core keeps (${UpdateLimit.Text})`);
      } else {
        this.state = state;
        this.text = bytes;
      }
      ended();
    };
    if (!device.disassemble) {
      finish(DisasmState.Failed, "the platform's compiler device cannot disassemble");
      return Promise.resolve();
    }
    return device.disassemble(binary, func).then((r) => (r.ok ? finish(DisasmState.Done, r.text) : finish(DisasmState.Failed, `${label}: ${r.reason}`)));
  }

  /** Forgets the text (the session closes); an answer still to come is dropped. */
  drop(): void {
    this.generation++;
    this.state = DisasmState.None;
    this.text = new Uint8Array(0);
  }
}
