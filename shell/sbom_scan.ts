// A small tolerant scan of a CycloneDX JSON: the few fields the shell's sbom summary needs, in one pass, without building the document.

/** One top-level component of the BOM, as much as the summary needs. */
export class BomComponent {
  name: string = "";
  purl: string = "";
  scope: string = "";
  sha256: string = "";
  /** Its sub-components: for a binary of the image, the source files it was built from. */
  sources: i32 = 0;
  licenses: Array<string> = new Array<string>();
}

export class BomSummary {
  bomFormat: string = "";
  specVersion: string = "";
  serialNumber: string = "";
  components: Array<BomComponent> = new Array<BomComponent>();
  /** Empty when the scan went through; else what is wrong, and where. */
  error: string = "";
}

const MAX_DEPTH = 64;
const OBJECT: u8 = 0x7b, ARRAY: u8 = 0x5b;

/** The scan's state: containers open (kind and the key each sits under), and what the current object expects next. */
class Scanner {
  kinds: Array<u8> = new Array<u8>();
  keys: Array<string> = new Array<string>();
  /** Each open container's path (path() of where it was opened), so that a value's is one concatenation. */
  paths: Array<string> = new Array<string>();
  /** In an object: the key just read, waiting for its value; "" when a key comes next. */
  key: string = "";
  expectKey: bool = false;
  current: BomComponent | null = null;
  hashAlg: string = "";
  hashContent: string = "";
  pos: i32 = 0;

  constructor(readonly bytes: Uint8Array, readonly out: BomSummary) {}

  /** The keys down to the value about to be read, e.g. "components.hashes.alg" (array elements add none). */
  path(last: string): string {
    const p = this.paths.length > 0 ? this.paths[this.paths.length - 1] : "";
    return last.length == 0 ? p : p.length > 0 ? p + "." + last : last;
  }

  fail(what: string): void {
    if (this.out.error.length == 0) this.out.error = what + " at byte " + this.pos.toString();
  }

  open(kind: u8): void {
    if (this.kinds.length >= MAX_DEPTH) { this.fail("nested deeper than " + MAX_DEPTH.toString()); return; }
    const under = this.inObject() ? this.key : "";
    const where = this.path(under);
    this.kinds.push(kind);
    this.keys.push(under);
    // The root's path is "": its keys are the top-level fields.
    this.paths.push(this.kinds.length == 1 ? "" : where);
    this.expectKey = kind == OBJECT;
    this.key = "";
    if (kind != OBJECT) return;
    if (where == "components") { this.current = new BomComponent(); this.out.components.push(this.current!); }
    else if (where == "components.components" && this.current != null) this.current!.sources++;
    else if (where == "components.hashes") { this.hashAlg = ""; this.hashContent = ""; }
  }

  close(kind: u8): void {
    const n = this.kinds.length;
    if (n == 0 || this.kinds[n - 1] != kind) { this.fail("a bracket that closes nothing open"); return; }
    const under = this.keys[n - 1];
    this.kinds.pop();
    this.keys.pop();
    this.paths.pop();
    const where = this.path(under);
    if (kind == OBJECT && where == "components.hashes" && this.current != null && this.hashAlg == "SHA-256") this.current!.sha256 = this.hashContent;
    if (kind == OBJECT && where == "components" && n == 3) this.current = null;
    this.expectKey = false;
    this.key = "";
  }

  inObject(): bool { return this.kinds.length > 0 && this.kinds[this.kinds.length - 1] == OBJECT; }

  value(text: string): void {
    const key = this.key;
    this.key = "";
    // Most values are of no interest: tell by the key before making the path.
    if (!(key == "name" || key == "purl" || key == "scope" || key == "alg" || key == "content" || key == "id" || key == "expression" || key == "bomFormat" || key == "specVersion" || key == "serialNumber")) return;
    const where = this.path(key);
    if (where == "bomFormat") this.out.bomFormat = text;
    else if (where == "specVersion") this.out.specVersion = text;
    else if (where == "serialNumber") this.out.serialNumber = text;
    const c = this.current;
    if (c == null || !where.startsWith("components.")) return;
    if (where == "components.name") c.name = text;
    else if (where == "components.purl") c.purl = text;
    else if (where == "components.scope") c.scope = text;
    else if (where == "components.hashes.alg") this.hashAlg = text;
    else if (where == "components.hashes.content") this.hashContent = text;
    else if (where == "components.licenses.license.id" || where == "components.licenses.license.name" || where == "components.licenses.expression") c.licenses.push(text);
  }

  /** The string starting at pos (a quote); escapes kept as written but for \" and \\. */
  string(): string {
    const b = this.bytes, start = ++this.pos;
    let plain = true;
    while (this.pos < b.length && b[this.pos] != 0x22) {
      if (b[this.pos] == 0x5c) { plain = false; this.pos++; }
      this.pos++;
    }
    if (this.pos >= b.length) { this.pos = start - 1; this.fail("a string that never ends"); return ""; }
    const raw = String.UTF8.decodeUnsafe(b.dataStart + <usize>start, <usize>(this.pos - start));
    this.pos++;
    return plain ? raw : raw.replaceAll("\\\"", "\"").replaceAll("\\\\", "\\");
  }

  run(): void {
    const b = this.bytes;
    while (this.pos < b.length && this.out.error.length == 0) {
      const c = b[this.pos];
      if (c == 0x20 || c == 0x0a || c == 0x0d || c == 0x09 || c == 0x2c || c == 0x3a) {
        if (c == 0x2c && this.inObject()) this.expectKey = true;
        this.pos++;
      } else if (c == OBJECT || c == ARRAY) { this.open(c); this.pos++; }
      else if (c == 0x7d) { this.close(OBJECT); this.pos++; }
      else if (c == 0x5d) { this.close(ARRAY); this.pos++; }
      else if (c == 0x22) {
        const s = this.string();
        if (this.inObject() && this.expectKey) { this.key = s; this.expectKey = false; }
        else this.value(s);
      } else {
        // A number, true, false or null: up to the next delimiter.
        const start = this.pos;
        this.pos++; // at least one byte: a stray control character moves the scan on too
        while (this.pos < b.length && b[this.pos] != 0x2c && b[this.pos] != 0x7d && b[this.pos] != 0x5d && b[this.pos] > 0x20) this.pos++;
        this.value(String.UTF8.decodeUnsafe(b.dataStart + <usize>start, <usize>(this.pos - start)));
      }
    }
    if (this.out.error.length == 0 && this.kinds.length > 0) this.fail("the document ends inside a bracket");
    if (this.out.error.length == 0 && (this.out.bomFormat != "CycloneDX" || this.out.specVersion.length == 0)) this.out.error = "no bomFormat \"CycloneDX\" with a specVersion";
  }
}

/** What the summary needs of `bytes`; `error` says what is wrong when they are no CycloneDX JSON. */
export function scanBom(bytes: Uint8Array): BomSummary {
  const out = new BomSummary();
  new Scanner(bytes, out).run();
  return out;
}
