// Where a note lives in the service's file system: its client's directory and the note's name, joined.
//
// fs takes absolute paths only, without `.` or `..` elements, so the join resolves them the way a
// shell's cd does: `./today` is the note `today`.

/** The path of the note `name` in the directory `dir` (`/diary`), or "" when the name names no note. */
export function notePath(dir: string, name: string): string {
  const parts = dir.split("/");
  const more = name.split("/");
  for (let i = 0; i < more.length; i++) {
    const p = more[i];
    if (p == "" || p == ".") continue;
    if (p == "..") { if (parts.length > 1) parts.pop(); continue; }
    parts.push(p);
  }
  const path = parts.join("/");
  return path == dir || path.length == 0 ? "" : path;
}
