// Entry point for config parsing: detects XML or HID syntax and returns one Node tree either way.
import { Attr, Node, ParseResult } from "./node.ts";
import { parseXml } from "./xml.ts";
import { parseHid } from "./hid.ts";
import { CHAR_BOM, CHAR_CR, CHAR_LF, CHAR_LT, CHAR_SPACE, CHAR_TAB } from "./chars.ts";

// re-exported so that callers import only this file (asc resolves "./x.ts" in imports, not in "export ... from")
export { Attr, Node, ParseResult, parseXml, parseHid };


/**
 * XML if the first character that is neither blank nor inside an XML comment is '<'
 * (an XML comment is skipped only when the text starts with one), otherwise HID.
 */
export function parseConfig(text: string): ParseResult {
  let i = 0;
  while (true) {
    const c = text.charCodeAt(i);
    if (c == CHAR_SPACE || c == CHAR_TAB || c == CHAR_LF || c == CHAR_CR || c == CHAR_BOM) {
      i++;
    } else if (text.startsWith("<!--", i)) {
      const close = text.indexOf("-->", i + 4);
      if (close < 0) break; // unterminated: let the XML parser report it
      i = close + 3;
    } else {
      break;
    }
  }
  return text.charCodeAt(i) == CHAR_LT ? parseXml(text) : parseHid(text);
}
