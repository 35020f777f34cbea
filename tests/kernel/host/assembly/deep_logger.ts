// Test component: logs at every level of a recursion without end, so its stack runs out in the middle of a LOG call.
import { log } from "../../../../components/lib/log.ts";

// Many parameters make each level's frame large: the stack runs out after fewer levels (and lines).
function down(level: i32, a: i64, b: i64, c: i64, d: i64, e: i64, f: i64, g: i64, h: i64, i: i64, j: i64, k: i64, l: i64, m: i64, n: i64, o: i64, p: i64): i64 {
  log("level");
  return down(level + 1, b, c, d, e, f, g, h, i, j, k, l, m, n, o, p, a) + a + p;
}

log("going down");
down(0, 1, 2, 3, 4, 5, 6, 7, 8, 9, 10, 11, 12, 13, 14, 15, 16);
