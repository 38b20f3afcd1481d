import type { GazetteerEntry } from '../gazetteer/types.js';
import type { Candidate } from '../types.js';
import { TokenTrie } from './trie.js';

export { TokenTrie, type TrieLayout } from './trie.js';
export { Vocabulary } from './vocabulary.js';
export type { Candidate, RuleRef } from '../types.js';

const toLowerCase = (s: string): string => s.toLowerCase();

/** Compiles gazetteer entries into a trie keyed by lower-cased tokens. */
export function compileTrie(entries: readonly GazetteerEntry[]): TokenTrie<GazetteerEntry> {
  const trie = new TokenTrie<GazetteerEntry>();
  for (const entry of entries) trie.insert(entry.tokens, entry, toLowerCase);
  return trie;
}

/**
 * Every gazetteer candidate in a sentence: at each start, every entry whose tokens match there
 * (case policy and context conditions checked). Rules and the resolver choose among them.
 */
export function findCandidates(trie: TokenTrie<GazetteerEntry>, tokens: readonly string[], lower: readonly string[], out: Candidate[] = []): Candidate[] {
  const keys = lower.map((t) => trie.keyId(t));
  const first = keys.map((k) => (k < 0 ? -1 : trie.child(TokenTrie.ROOT, k)));
  return findCandidatesAt(trie, first, keys, tokens, lower, out);
}

/**
 * `findCandidates` with the tokens' trie key ids (`keys[i]`, see `TokenTrie.keyId`) and the first
 * step of each walk (`first[i]`: the root's child along token i, or -1) found by the caller, e.g.
 * once per distinct token in a `Vocabulary`.
 */
export function findCandidatesAt(
  trie: TokenTrie<GazetteerEntry>,
  first: ArrayLike<number>,
  keys: ArrayLike<number>,
  tokens: readonly string[],
  lower: readonly string[],
  out: Candidate[] = [],
): Candidate[] {
  const n = keys.length;
  for (let start = 0; start < n; start++) {
    let node = first[start]!;
    let end = start + 1;
    while (node >= 0) {
      const values = trie.values(node);
      if (values !== undefined) {
        for (let v = 0; v < values.length; v++) {
          const entry = values[v]!;
          if (entry.case === 'exact' && !writtenAt(entry.tokens, tokens, start)) continue;
          if (entry.context !== undefined && !entryContextHolds(entry, lower, start, end)) continue;
          out.push({ start, end, type: entry.type, priority: entry.priority, entry, rule: undefined });
        }
      }
      if (end >= n) break;
      const key = keys[end]!;
      if (key < 0) break;
      node = trie.child(node, key);
      end++;
    }
  }
  return out;
}

/** Whether `tokens` from `start` are exactly `expected` as written (for `case: exact` entries). */
function writtenAt(expected: readonly string[], tokens: readonly string[], start: number): boolean {
  for (let k = 0; k < expected.length; k++) if (expected[k] !== tokens[start + k]) return false;
  return true;
}

/** Whether an entry's `next`/`prev`/`not_next`/`not_prev` conditions hold around `[start, end)`. */
function entryContextHolds(entry: GazetteerEntry, lower: readonly string[], start: number, end: number): boolean {
  const context = entry.context!;
  const next = lower[end];
  const prev = start > 0 ? lower[start - 1] : undefined;
  if (context.notNext && next !== undefined && context.notNext.has(next)) return false;
  if (context.notPrev && prev !== undefined && context.notPrev.has(prev)) return false;
  if (context.next && (next === undefined || !context.next.has(next))) return false;
  if (context.prev && (prev === undefined || !context.prev.has(prev))) return false;
  return true;
}
