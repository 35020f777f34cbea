// Hand-written components in WebAssembly text: hostile and malformed ones the SDK would never produce.

/** The imports every test component needs, and its IPC buffer at 1024. */
const HEADER = `
  (import "env" "memory" (memory 1))
  (import "wasmode" "call" (func $call (param i32) (result i32)))
  (import "wasmode" "exit" (func $exit (param i32)))
  (global (export "__ipc_buffer") i32 (i32.const 1024))`;

/**
 * A component that writes a request header by hand (words at 1024..), calls `cap`, and exits
 * with the syscall's error, or with the server's result when the call went through.
 */
export function rawCall(words: Record<number, number>, cap = 1): string {
  const stores = Object.entries(words)
    .map(([off, v]) => `(i32.store (i32.const ${1024 + Number(off)}) (i32.const ${v}))`)
    .join("\n    ");
  return `(module ${HEADER}
  (func (export "_start") (local $r i32)
    ${stores}
    (local.set $r (call $call (i32.const ${cap})))
    (call $exit (select (i32.load (i32.const 1024)) (local.get $r) (i32.eqz (local.get $r))))))`;
}

/** A component whose start runs `body` (WebAssembly text instructions). */
export function startWith(body: string, extra = ""): string {
  return `(module ${HEADER}
  ${extra}
  (func (export "_start") ${body}))`;
}
