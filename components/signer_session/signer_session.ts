// The Signer session interface's name, for its clients (the opcodes, limits and quota are in protocol.ts, read by both compilers).

export const SERVICE = "Signer";
