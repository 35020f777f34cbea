// Character data of XML documents: text content with its significant edges, character references.

/** Collects text content and where its significant part (not literal edge whitespace) begins and ends. */
export class TextBuilder {
  parts: Array<string> = new Array<string>();
  length: i32 = 0;
  firstSignificant: i32 = -1;
  endSignificant: i32 = 0;

  add(s: string, significant: bool): void {
    if (s.length == 0) return;
    if (significant) {
      if (this.firstSignificant < 0) this.firstSignificant = this.length;
      this.endSignificant = this.length + s.length;
    }
    this.parts.push(s);
    this.length += s.length;
  }

  result(): string {
    if (this.firstSignificant < 0) return "";
    return this.parts.join("").substring(this.firstSignificant, this.endSignificant);
  }
}

/** "#123" or "#x7B" to a code point, or -1 if malformed or not a character XML allows. */
export function parseCharCode(name: string): i32 {
  let i = 1;
  let base = 10;
  if (name.charCodeAt(1) == 0x78 /* x */) {
    base = 16;
    i = 2;
  }
  if (i >= name.length) return -1;
  let code = 0;
  for (; i < name.length; i++) {
    const c = name.charCodeAt(i);
    let d = -1;
    if (c >= 0x30 && c <= 0x39) d = c - 0x30;
    else if (base == 16 && c >= 0x61 && c <= 0x66) d = c - 0x61 + 10;
    else if (base == 16 && c >= 0x41 && c <= 0x46) d = c - 0x41 + 10;
    if (d < 0) return -1;
    code = code * base + d;
    if (code > 0x10ffff) return -1;
  }
  if (code == 0 || (code >= 0xd800 && code <= 0xdfff) || code == 0xfffe || code == 0xffff) return -1;
  return code;
}
