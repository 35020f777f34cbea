// A booted shell behind a headless xterm, as the shell's tests drive it: keys in, the screen's rows out.
import xtermHeadless from "@xterm/headless";
import { MemoryStorage } from "../../kernel/host/devices/storage.ts";
import { BufferTerminal } from "../../kernel/host/devices/terminal.ts";
import type { Compiler } from "../../kernel/host/devices/compiler.ts";
import type { SigningKey } from "../../kernel/host/provenance/keys.ts";
import { runSystem, type Run } from "../support/system.ts";

const { Terminal } = xtermHeadless;

const CONTENT = `<content> <dir name="etc"> <inline name="motd">Welcome to Wasmode</inline> </dir> <inline name="README">Try: ls /</inline> </content>`;

/** fs and the shell (its root File_system session only: no /src): the shell's `<config>` attributes, fs's policy and its `<config>` attributes (capacity="2K", say). */
export function system(shellConfig = "", fsPolicy = `<default-policy root="/" writeable="yes"/>`, fsAttrs = ""): string {
  return `<config>
  <parent-provides> <service name="LOG"/> <service name="PD"/> <service name="ROM"/> <service name="Terminal"/> </parent-provides>
  <default-route> <any-service> <parent/> <any-child/> </any-service> </default-route>
  <default caps="100" ram="2M"/>
  <start name="fs"> <provides> <service name="File_system"/> </provides> <config ${fsAttrs}> ${fsPolicy} ${CONTENT} </config> </start>
  <start name="shell"> <config ${shellConfig}/>
    <route> <service name="Terminal"> <parent/> </service> <service name="File_system" label="/"> <child name="fs"/> </service>
      <any-service> <parent/> </any-service> </route> </start>
</config>`;
}

/** A booted shell behind a headless xterm: type() sends keys and waits until the system is idle. */
export class Screen {
  readonly device: BufferTerminal;
  readonly term: InstanceType<typeof Terminal>;
  run!: Run;
  private seen = 0;

  /** The compiler device the system gets (a build's tests give one; by default there is none). */
  compiler?: Compiler;
  /** The key core's Signer signs with; by default the local key of the storage (boot.ts). */
  signer?: SigningKey;

  constructor(private storage?: MemoryStorage, columns = 80, rows = 40) {
    this.device = new BufferTerminal(columns, rows);
    this.term = new Terminal({ cols: columns, rows, allowProposedApi: true });
  }

  /** Boots `config` with the boot image and `roms` besides (test components). */
  async boot(config: string, roms: Record<string, Uint8Array> = {}): Promise<this> {
    this.run = await runSystem(config, roms, { terminal: this.device, ...(this.storage ? { storage: this.storage } : {}), ...(this.compiler ? { compiler: this.compiler } : {}), ...(this.signer ? { signer: this.signer } : {}) });
    await this.sync();
    return this;
  }

  async type(keys: string): Promise<void> {
    this.device.type(keys);
    await this.run.sys.idle();
    await this.sync();
  }

  /** The window resized: the xterm first (as a person drags it), then the device tells the system. */
  async resize(columns: number, rows: number): Promise<void> {
    this.term.resize(columns, rows);
    this.device.resize(columns, rows);
    await this.settle();
  }

  /** Waits until the system is idle and the screen shows what it wrote (after a host-side event, say). */
  async settle(): Promise<void> {
    await this.run.sys.idle();
    await this.sync();
  }

  /** The cursor, as [column, row] of the rows shown (0-based). */
  cursor(): [number, number] {
    const b = this.term.buffer.active;
    return [b.cursorX, b.cursorY];
  }

  private async sync(): Promise<void> {
    const all = this.device.output();
    const fresh = all.subarray(this.seen);
    this.seen = all.length;
    await new Promise<void>((r) => this.term.write(fresh, r));
  }

  rows(): string[] {
    const b = this.term.buffer.active, out: string[] = [];
    for (let y = 0; y < this.term.rows; y++) out.push(b.getLine(b.viewportY + y)!.translateToString(true));
    while (out.length && out.at(-1)!.trim() === "") out.pop();
    return out;
  }
}
