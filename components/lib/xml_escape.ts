// XML escaping, read by both compilers as kernel/abi.ts is: the SDK's serializer, init's reports, the CLI and the page use this one function.

/**
 * `value` as XML character data (`inAttribute` false) or as an attribute value between double
 * quotes (true): `&`, `<` and `>` always, `"` in attributes, and control characters as `&#N;`
 * (in text, LF and TAB stay as they are; in an attribute a parser would turn them into blanks).
 */
export function escapeXml(value: string, inAttribute: boolean): string {
  const out = new Array<string>();
  // Start of the pending run of characters that need no escaping: copied whole, not one by one.
  let run = 0;
  for (let i = 0; i < value.length; i++) {
    const c = value.charCodeAt(i);
    let escaped = "";
    if (c == 0x26) escaped = "&amp;";
    else if (c == 0x3c) escaped = "&lt;";
    else if (c == 0x3e) escaped = "&gt;";
    else if (c == 0x22 && inAttribute) escaped = "&quot;";
    else if (c < 0x20 && (inAttribute || (c != 0x0a && c != 0x09))) escaped = "&#" + c.toString() + ";";
    if (escaped.length == 0) continue;
    out.push(value.substring(run, i));
    out.push(escaped);
    run = i + 1;
  }
  out.push(value.substring(run, value.length));
  return out.join("");
}
