// Lines longer than the terminal is wide, shown as nano shows them: scrolled sideways by pages, `<` and `>` where text goes on.

/**
 * The first character shown of a line `length` long in `width` cells with the cursor at `col`: 0
 * while the line and its cursor fit, else a multiple of a page (width - 2), so that the cursor
 * never sits on a marker.
 */
export function scrollStart(col: i32, length: i32, width: i32): i32 {
  if (length < width || col <= 0) return 0;
  if (width < 3) return max(0, col - max(0, width - 1));
  const page = width - 2;
  return ((col - 1) / page) * page;
}

/** What of `line` fits in `width` cells from `start`: `<` first when text is cut before, `>` last when after. */
export function shownPart(line: string, start: i32, width: i32): string {
  if (width <= 0) return "";
  let shown = line.substring(start, start + width);
  if (start > 0 && shown.length > 0) shown = "<" + shown.substring(1);
  if (line.length > start + width) shown = shown.substring(0, width - 1) + ">";
  return shown;
}

/** The cells `text` takes on the screen: its characters less the escape sequences (SGR in a prompt, say). */
export function visibleLength(text: string): i32 {
  let n = 0, i = 0;
  while (i < text.length) {
    if (text.charCodeAt(i) == 0x1b && i + 1 < text.length && text.charCodeAt(i + 1) == 0x5b) {
      // CSI: parameters, then one final byte in 0x40..0x7e.
      i += 2;
      while (i < text.length && (text.charCodeAt(i) < 0x40 || text.charCodeAt(i) > 0x7e)) i++;
      i++;
      continue;
    }
    n++;
    i++;
  }
  return n;
}
