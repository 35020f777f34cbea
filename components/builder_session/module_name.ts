// What names a module in a Builder request: the builder refuses others, and the shell says so before asking.

/** A module name: 1-64 letters, digits, '-' and '_' (no path, no `.wasm`). */
export function isModuleName(s: string): bool {
  if (s.length == 0 || s.length > 64) return false;
  for (let i = 0; i < s.length; i++) {
    const c = s.charCodeAt(i);
    if (!((c >= 48 && c <= 57) || (c >= 65 && c <= 90) || (c >= 97 && c <= 122) || c == 45 || c == 95)) return false;
  }
  return true;
}
