// The Notes session interface: its name, shared by the notes service and its clients (protocol.ts has the opcodes, limits and quota).
//
// A client's notes are its own: the service keeps them apart by the session's label (its last
// element names the client), in a directory of the service's file system each.
export const SERVICE = "Notes";
