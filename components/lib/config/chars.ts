// Character codes and classes the config parsers share.

export const CHAR_TAB: i32 = 9;
export const CHAR_LF: i32 = 10;
export const CHAR_CR: i32 = 13;
export const CHAR_SPACE: i32 = 32;
export const CHAR_BANG: i32 = 0x21; // !
export const CHAR_QUOTE: i32 = 0x22; // "
export const CHAR_HASH: i32 = 0x23; // #
export const CHAR_AMP: i32 = 0x26; // &
export const CHAR_APOS: i32 = 0x27; // '
export const CHAR_PLUS: i32 = 0x2b; // +
export const CHAR_MINUS: i32 = 0x2d; // -
export const CHAR_DOT: i32 = 0x2e; // .
export const CHAR_SLASH: i32 = 0x2f; // /
export const CHAR_COLON: i32 = 0x3a; // :
export const CHAR_SEMICOLON: i32 = 0x3b; // ;
export const CHAR_LT: i32 = 0x3c; // <
export const CHAR_EQUALS: i32 = 0x3d; // =
export const CHAR_GT: i32 = 0x3e; // >
export const CHAR_QUESTION: i32 = 0x3f; // ?
export const CHAR_UNDERSCORE: i32 = 0x5f; // _
export const CHAR_X: i32 = 0x78; // x
export const CHAR_PIPE: i32 = 0x7c; // |
export const CHAR_DEL: i32 = 0x7f;
export const CHAR_BOM: i32 = 0xfeff;

export function isSpace(c: i32): bool {
  return c == CHAR_SPACE || c == CHAR_TAB || c == CHAR_LF || c == CHAR_CR;
}

/** Shows a character in a message: printable ones quoted, others as U+XXXX, -1 as end of input. */
export function describeChar(c: i32): string {
  if (c < 0) return "end of input";
  if (c < 0x20 || c == CHAR_DEL) return "U+" + c.toString(16).padStart(4, "0");
  return "'" + String.fromCharCode(c) + "'";
}
