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

/** What matching needs of one token: its text, lower-cased, trie key id and first step (see `findCandidatesAt`). */
export interface MatchToken {
  readonly text: string;
  readonly lower: string;
  /** The trie's number for `lower` (-1 when no phrase has it; see `TokenTrie.keyId`). */
  readonly key: number;
  /** The trie root's child along `lower`, where phrases starting with this token continue (-1: none). */
  readonly node: number;
}

/** `tokens` as `findCandidatesAt` takes them. */
export function matchTokens(trie: TokenTrie<GazetteerEntry>, tokens: readonly string[], lower: readonly string[]): MatchToken[] {
  return tokens.map((text, i) => {
    const key = trie.keyId(lower[i]!);
    return { text, lower: lower[i]!, key, node: key < 0 ? -1 : trie.child(TokenTrie.ROOT, key) };
  });
}

/**
 * Every gazetteer candidate in a sentence: at each start, every entry whose tokens match there
 * (case policy and context conditions checked). Rules and the resolver choose among them.
 */
export function findCandidates(trie: TokenTrie<GazetteerEntry>, tokens: readonly string[], lower: readonly string[], out: Candidate[] = []): Candidate[] {
  return findCandidatesAt(trie, matchTokens(trie, tokens, lower), out);
}

/**
 * `findCandidates` over tokens whose trie key ids and first steps the caller found, e.g. once per
 * distinct token in a `Vocabulary`.
 */
export function findCandidatesAt(trie: TokenTrie<GazetteerEntry>, tokens: readonly MatchToken[], out: Candidate[] = []): Candidate[] {
  const n = tokens.length;
  for (let start = 0; start < n; start++) {
    let node = tokens[start]!.node;
    let end = start + 1;
    while (node >= 0) {
      const values = trie.values(node);
      if (values !== undefined) {
        for (let v = 0; v < values.length; v++) {
          const entry = values[v]!;
          if (entry.case === 'exact' && !writtenAt(entry.tokens, tokens, start)) continue;
          if (entry.context !== undefined && !entryContextHolds(entry, tokens, start, end)) continue;
          out.push({ start, end, type: entry.type, priority: entry.priority, entry, rule: undefined });
        }
      }
      if (end >= n) break;
      const key = tokens[end]!.key;
      if (key < 0) break;
      node = trie.child(node, key);
      end++;
    }
  }
  return out;
}

/** Whether `tokens` from `start` are exactly `expected` as written (for `case: exact` entries). */
function writtenAt(expected: readonly string[], tokens: readonly MatchToken[], start: number): boolean {
  for (let k = 0; k < expected.length; k++) if (expected[k] !== tokens[start + k]!.text) return false;
  return true;
}

/** Whether an entry's `next`/`prev`/`not_next`/`not_prev` conditions hold around `[start, end)`. */
function entryContextHolds(entry: GazetteerEntry, tokens: readonly MatchToken[], start: number, end: number): boolean {
  const context = entry.context!;
  const next = end < tokens.length ? tokens[end]!.lower : undefined;
  const prev = start > 0 ? tokens[start - 1]!.lower : undefined;
  if (context.notNext && next !== undefined && context.notNext.has(next)) return false;
  if (context.notPrev && prev !== undefined && context.notPrev.has(prev)) return false;
  if (context.next && (next === undefined || !context.next.has(next))) return false;
  if (context.prev && (prev === undefined || !context.prev.has(prev))) return false;
  return true;
}
