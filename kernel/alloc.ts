// Kernel memory: power-of-two blocks from free lists over a bump pointer that grows linear memory.

const MIN_CLASS: i32 = 4; // 16 bytes
const CLASSES: i32 = 28;

// Free-list heads, one per size class, kept in a static block.
const freeLists: usize = memory.data(CLASSES * 4, 16);
let top: usize = (__heap_base + 15) & ~15;

function classOf(size: usize): i32 {
  const c = 32 - clz<u32>(<u32>(size - 1));
  return c < MIN_CLASS ? MIN_CLASS : c;
}

/** A zeroed block of at least `size` bytes, or 0 when memory cannot grow. */
export function kalloc(size: usize): usize {
  const c = classOf(size);
  const bytes = <usize>1 << c;
  const head = freeLists + (<usize>c << 2);
  let p = <usize>load<u32>(head);
  if (p != 0) {
    store<u32>(head, load<u32>(p));
  } else {
    p = top;
    const end = top + bytes;
    const have = <usize>memory.size() << 16;
    if (end > have) {
      const pages = <i32>((end - have + 0xffff) >> 16);
      if (memory.grow(pages) < 0) return 0;
    }
    top = end;
  }
  memory.fill(p, 0, bytes);
  return p;
}

/** Returns a block of `size` bytes (the size it was allocated with) to its free list. */
export function kfree(p: usize, size: usize): void {
  if (p == 0) return;
  const head = freeLists + (<usize>classOf(size) << 2);
  store<u32>(p, load<u32>(head));
  store<u32>(head, <u32>p);
}

/** Grows an array of `count` records of `width` bytes to `newCount`, keeping its contents. 0 on failure. */
export function kgrow(p: usize, width: usize, count: usize, newCount: usize): usize {
  const q = kalloc(width * newCount);
  if (q == 0) return 0;
  if (p != 0) {
    memory.copy(q, p, width * count);
    kfree(p, width * count);
  }
  return q;
}
