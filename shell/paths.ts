// Paths as the shell resolves them: relative to the working directory, with "." and ".." folded.

/** `path` made absolute against `cwd`, "." and ".." resolved (".." at the root stays at the root). */
export function absolute(cwd: string, path: string): string {
  const whole = path.startsWith("/") ? path : (cwd.endsWith("/") ? cwd : cwd + "/") + path;
  const parts = whole.split("/");
  const out = new Array<string>();
  for (let i = 0; i < parts.length; i++) {
    const p = parts[i];
    if (p.length == 0 || p == ".") continue;
    if (p == "..") { if (out.length > 0) out.pop(); continue; }
    out.push(p);
  }
  return "/" + out.join("/");
}

/** The directory part of a path being typed ("" when there is none) and the name begun after it. */
export function splitTyped(word: string): string[] {
  const i = word.lastIndexOf("/");
  return i < 0 ? ["", word] : [word.substring(0, i + 1), word.substring(i + 1)];
}
