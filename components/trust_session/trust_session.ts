// The Trust session interface's name, for its clients (the opcodes and quota are in protocol.ts, read by both compilers).

export const SERVICE = "Trust";
