// The fuzzers' components read their config with this: the number of one attribute, no XML parser needed.

/** The number after ` name="` in the config text, or `dflt`. */
export function attribute(text: string, name: string, dflt: u32): u32 {
  const at = text.indexOf(" " + name + "=\"");
  if (at < 0) return dflt;
  let v: u64 = 0;
  for (let i = at + name.length + 3; i < text.length; i++) {
    const c = text.charCodeAt(i);
    if (c < 48 || c > 57) break;
    v = v * 10 + <u64>(c - 48);
    if (v > 0xffffffff) return dflt;
  }
  return <u32>v;
}
