// The bytes fs's files may take in its RAM quota: its default capacity, and the most any capacity may be.
import { EnvSession } from "../../kernel/abi.ts";
import { Connection } from "../lib/connection.ts";
import { ownQuota } from "../lib/pd.ts";

/** What fs assumes when core cannot tell its quota (the capacity it had before it asked). */
const FALLBACK: u64 = 256 * 1024;

/**
 * A quarter of the RAM left at start: a file that grows holds its old and its new buffer at once,
 * and the heap needs room besides (messages, freed blocks too small to reuse, the tree's records).
 */
export function ramBudget(): u64 {
  const pd = new Connection("PD", "", 0, 0, "", EnvSession.Pd);
  const q = pd.ok ? ownQuota(pd.cap) : null;
  return q == null ? FALLBACK : q.ramAvail / 4;
}
