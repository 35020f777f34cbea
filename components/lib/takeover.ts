// Whether this instance is taking over from a running one (a live swap), and the snapshot the host placed for it.
//
// The host calls __state_reserve before _start, so these globals have constant initializers:
// _start does not set them again, and they keep what the reserve wrote.

/** True from __state_reserve until the host reads __restore_result after _start. */
let taking: bool = false;
/** The snapshot's bytes, allocated outside the collector (heap.alloc): the host copies them here. */
let reserved: usize = 0;
let reservedLen: u32 = 0;

/** True during a swap's start: the component's state arrives through its `load` hook, its syscalls fail. */
export function takingOver(): bool { return taking; }

/** Allocates `len` bytes for the snapshot and marks the instance as taking over. Works before _start (the heap initializes lazily). */
export function reserveSnapshot(len: u32): usize {
  reserved = heap.alloc(<usize>len);
  reservedLen = len;
  taking = true;
  return reserved;
}

export function snapshotAt(): usize { return reserved; }
export function snapshotLength(): u32 { return reservedLen; }

/** The snapshot is read: its bytes go back to the heap. */
export function releaseSnapshot(): void {
  if (reserved != 0) heap.free(reserved);
  reserved = 0;
  reservedLen = 0;
}

/** The takeover is over (the host read its result): from now on the instance runs as any other. */
export function endTakeover(): void {
  releaseSnapshot();
  taking = false;
}
