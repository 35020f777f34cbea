// Keys as a terminal sends them: the escape sequences of xterm (CSI and SS3 forms) decoded into key codes.

/** Keys that come as escape sequences (all above the range of characters). */
export const enum Key {
  Up = 0x110000, Down, Left, Right, Home, End, Delete, PageUp, PageDown,
  /** An escape sequence the shell does not use: consumed and ignored. */
  Unknown,
}

/** Set by decodeEscape: how many characters the sequence took (0: not complete yet). */
export let escapeLength: i32 = 0;

/** The key of the escape sequence at s[i] (s[i] is ESC), with its length in escapeLength. */
export function decodeEscape(s: string, i: i32): i32 {
  escapeLength = 0;
  if (i + 1 >= s.length) return Key.Unknown;
  const kind = s.charCodeAt(i + 1);
  if (kind != 0x5b && kind != 0x4f) { escapeLength = 2; return Key.Unknown; } // ESC + a key (alt)
  // CSI (ESC [) or SS3 (ESC O): parameters, then one final byte in 0x40..0x7e.
  let j = i + 2;
  while (j < s.length && (s.charCodeAt(j) < 0x40 || s.charCodeAt(j) > 0x7e)) j++;
  if (j >= s.length) return Key.Unknown;
  escapeLength = j - i + 1;
  const params = s.substring(i + 2, j);
  switch (s.charCodeAt(j)) {
    case 0x41: return Key.Up;
    case 0x42: return Key.Down;
    case 0x43: return Key.Right;
    case 0x44: return Key.Left;
    case 0x48: return Key.Home;
    case 0x46: return Key.End;
    case 0x7e:
      if (params == "1" || params == "7") return Key.Home;
      if (params == "4" || params == "8") return Key.End;
      if (params == "3") return Key.Delete;
      if (params == "5") return Key.PageUp;
      if (params == "6") return Key.PageDown;
  }
  return Key.Unknown;
}
