// The binaries core's Compiler service produced, by the PD that asked for each compile: the Signer signs the record of a build only for the PD that made it.
//
// Bounded: the oldest entries go first past CompiledBinaries.LIMIT, and a Compiler session's
// entries go when it closes (a later PD of the same number inherits nothing).

interface Entry {
  pd: number;
  sha256: string;
  /** The Compiler session that compiled it. */
  owner: object;
}

export class CompiledBinaries {
  /** Most entries kept: a build of every module of the image is some 40. */
  static readonly LIMIT = 512;
  private entries: Entry[] = [];

  /** `pd`'s compile through session `owner` produced a binary of this sha256 (lowercase hex). */
  add(pd: number, sha256: string, owner: object): void {
    this.entries = this.entries.filter((e) => !(e.pd === pd && e.sha256 === sha256));
    this.entries.push({ pd, sha256, owner });
    if (this.entries.length > CompiledBinaries.LIMIT) this.entries.splice(0, this.entries.length - CompiledBinaries.LIMIT);
  }

  /** Whether a compile of `pd`'s produced a binary of this sha256. */
  has(pd: number, sha256: string): boolean {
    return this.entries.some((e) => e.pd === pd && e.sha256 === sha256);
  }

  /** Session `owner` closed: what it compiled is no longer anyone's to sign. */
  forget(owner: object): void {
    this.entries = this.entries.filter((e) => e.owner !== owner);
  }
}
