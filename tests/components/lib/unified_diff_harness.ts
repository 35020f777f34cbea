// Exports for unified_diff.test.ts: the SDK's unified diff of two texts.
import { unifiedDiff } from "../../../components/lib/unified_diff";

export function diff(oldText: string, newText: string): string {
  return unifiedDiff(oldText, newText, "base/f", "f");
}
