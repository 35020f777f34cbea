// What a compile gives, asc's or wabt's: the binary and the inputs read, or a CompileError naming file:line:column.

export interface CompileOutput {
  binary: Uint8Array;
  /** Every source file the compiler read, by path, with its bytes: the module's inputs. */
  inputs: Map<string, Uint8Array>;
}

/**
 * A compile error: each message names file:line:column. `excerpts[i]` shows diagnostics[i] in its
 * source (the line and a caret under the column; "" where it has none); `inputs` are the files read.
 */
export class CompileError extends Error {
  constructor(readonly module: string, readonly diagnostics: string[], readonly excerpts: string[] = [], readonly inputs = new Map<string, Uint8Array>()) {
    super(`${module}: ${diagnostics.length ? diagnostics.join("\n") : "compilation failed"}`);
  }
}
