// Server-side session policy: which <policy> of a server's config applies to a session label, ranked as Genode ranks them.
//
// Genode's rules (os/session_policy.h, in our words):
// - Only `label`, `label_prefix` and `label_suffix` take part. `label_last` is not looked at by the
//   server-side ranking, so a <policy> carrying nothing but `label_last` never matches.
// - The session label and every attribute value are compared with surrounding whitespace trimmed.
// - A policy matches when every one of those attributes it carries agrees with the label (so
//   `label_prefix` and `label_suffix` together both have to hold); one that disagrees is out.
// - Among the matching policies: one with `label` beats every one without; then one with a prefix
//   beats one without, and the longer prefix wins; then likewise for the suffix. A policy that
//   carries a prefix beats a suffix-only one whatever their lengths. Ties keep the earlier policy.
// - With no match, <default-policy> applies; without one the session is to be denied.
import { Node } from "./config/node.ts";

/** Genode's notion of blank around labels and attribute values. */
function isBlank(c: i32): bool {
  return c == 0x20 || c == 0x09 || c == 0x0a || c == 0x0d;
}

/** The string without blanks at either end. */
export function trimmed(s: string): string {
  let first = 0;
  let end = s.length;
  while (first < end && isBlank(s.charCodeAt(first))) first++;
  while (end > first && isBlank(s.charCodeAt(end - 1))) end--;
  return first == 0 && end == s.length ? s : s.substring(first, end);
}

/** How well a node's `label`, `label_prefix` and `label_suffix` fit a label. */
export class LabelScore {
  labelPresent: bool = true;
  prefixPresent: bool = true;
  suffixPresent: bool = true;
  labelMatch: bool = false;
  /** Matched characters + 1 (so that an empty prefix still counts); 0 means the attribute disagrees. */
  prefixMatch: i32 = 0;
  suffixMatch: i32 = 0;

  /** The score of nothing at all: worse than any match (every attribute "present", none matching). */
  static none(): LabelScore {
    return new LabelScore();
  }

  static of(node: Node, label: string): LabelScore {
    const score = new LabelScore();
    const subject = trimmed(label);
    const exact = node.attribute("label");
    const prefix = node.attribute("label_prefix");
    const suffix = node.attribute("label_suffix");
    score.labelPresent = exact !== null;
    score.prefixPresent = prefix !== null;
    score.suffixPresent = suffix !== null;
    if (exact !== null) score.labelMatch = subject == trimmed(exact);
    if (prefix !== null) {
      const p = trimmed(prefix);
      score.prefixMatch = subject.startsWith(p) ? p.length + 1 : 0;
    }
    if (suffix !== null) {
      const s = trimmed(suffix);
      score.suffixMatch = subject.endsWith(s) ? s.length + 1 : 0;
    }
    return score;
  }

  /** True when one of the attributes present disagrees with the label. */
  conflict(): bool {
    return (this.labelPresent && !this.labelMatch)
      || (this.prefixPresent && this.prefixMatch == 0)
      || (this.suffixPresent && this.suffixMatch == 0);
  }

  /** Whether this score ranks strictly above `other`. */
  strongerThan(other: LabelScore): bool {
    if (!(this.labelPresent || this.prefixPresent || this.suffixPresent)) return false;
    if (this.conflict()) return false;
    if (other.conflict()) return true;
    if (this.labelPresent && !other.labelPresent) return true;
    if (other.labelPresent) return false;
    if (this.prefixPresent != other.prefixPresent) return this.prefixPresent;
    if (this.prefixPresent && this.prefixMatch != other.prefixMatch) return this.prefixMatch > other.prefixMatch;
    if (this.suffixPresent != other.suffixPresent) return this.suffixPresent;
    if (this.suffixPresent && this.suffixMatch != other.suffixMatch) return this.suffixMatch > other.suffixMatch;
    return false;
  }
}

/** Index (among all sub nodes of `config`) of the best-matching <policy>, or -1 when none matches. */
export function bestPolicyIndex(config: Node, label: string): i32 {
  let best = -1;
  let bestScore = LabelScore.none();
  const nodes = config.children;
  for (let i = 0; i < nodes.length; i++) {
    const n = unchecked(nodes[i]);
    if (n.type != "policy") continue;
    const score = LabelScore.of(n, label);
    if (score.strongerThan(bestScore)) {
      best = i;
      bestScore = score;
    }
  }
  return best;
}

/**
 * The policy a server applies to a session with this label: the best-matching <policy> sub node of
 * `config`, else its <default-policy>, else null (deny the session).
 */
export function selectPolicy(config: Node, label: string): Node | null {
  const i = bestPolicyIndex(config, label);
  if (i >= 0 && i < config.children.length) return config.children[i];
  return config.child("default-policy");
}
