import type { Candidate } from '../types.js';
import { posTags } from './pos.js';
import { tokenShape } from './shape.js';
import type { Rule, TokenTest } from './types.js';

/**
 * Regex tests only look at tokens up to this length. Tokens can be a megabyte long (a base64 blob,
 * minified code), and even a regex accepted by the safety check may be polynomial (`\w*\w*x`);
 * bounding the input bounds the time. No entity name is this long.
 */
export const MAX_REGEX_TOKEN = 256;

/** A token as rules read it: as written and lower-cased. */
export interface RuleToken {
  readonly text: string;
  readonly lower: string;
}

/** One sentence as rules see it. Shapes, POS tags and types-per-token are computed on first use. */
export class SentenceView {
  private shapes: string[] | undefined;
  private pos: string[] | undefined;
  private typesAt: Array<Set<string> | undefined> | undefined;

  constructor(
    readonly tokens: readonly RuleToken[],
    private readonly candidates: readonly Candidate[],
  ) {}

  shape(i: number): string {
    this.shapes ??= new Array<string>(this.tokens.length);
    return (this.shapes[i] ??= tokenShape(this.tokens[i]!.text));
  }

  posAt(i: number): string {
    this.pos ??= posTags(this.tokens.map((t) => t.text));
    return this.pos[i] ?? 'X';
  }

  /** Whether some gazetteer candidate of the sentence has one of these types. */
  hasCandidateOf(types: ReadonlySet<string>): boolean {
    for (const c of this.candidates) if (types.has(c.type)) return true;
    return false;
  }

  /** Types of the gazetteer candidates covering token `i`. */
  types(i: number): ReadonlySet<string> | undefined {
    if (!this.typesAt) {
      this.typesAt = new Array(this.tokens.length);
      for (const c of this.candidates) {
        for (let k = c.start; k < c.end; k++) (this.typesAt[k] ??= new Set()).add(c.type);
      }
    }
    return this.typesAt[i];
  }
}

/** Whether token `i` of the sentence passes one pattern item (`not` applied). */
export function testToken(item: TokenTest, view: SentenceView, i: number): boolean {
  const token = view.tokens[i]!;
  const ok =
    (!item.text || item.text.has(token.text)) &&
    (!item.lower || item.lower.has(token.lower)) &&
    (!item.shape || item.shape.has(view.shape(i))) &&
    (!item.regex || (token.text.length <= MAX_REGEX_TOKEN && item.regex.test(token.text))) &&
    (!item.type || intersects(item.type, view.types(i))) &&
    (!item.pos || item.pos.has(view.posAt(i)));
  return ok !== item.not;
}

function intersects(wanted: ReadonlySet<string>, have: ReadonlySet<string> | undefined): boolean {
  if (!have) return false;
  for (const t of have) if (wanted.has(t)) return true;
  return false;
}

/** Calls `found(end)` for every end at which `items[k…]` matches starting at token `pos`. */
function matchFrom(items: readonly TokenTest[], k: number, pos: number, view: SentenceView, found: (end: number) => void): void {
  if (k === items.length) {
    found(pos);
    return;
  }
  const item = items[k]!;
  const { min, max } = item;
  let count = 0;
  if (min === 0) matchFrom(items, k + 1, pos, view, found);
  while (count < max && pos + count < view.tokens.length && testToken(item, view, pos + count)) {
    count++;
    if (count >= min) matchFrom(items, k + 1, pos + count, view, found);
  }
}

/** The longest match of `items` starting at `start`, or -1. */
export function longestMatch(items: readonly TokenTest[], start: number, view: SentenceView): number {
  let best = -1;
  matchFrom(items, 0, start, view, (end) => {
    if (end > best) best = end;
  });
  return best;
}

/** Whether `items` match exactly the tokens `[start, end)`. */
export function matchesExactly(items: readonly TokenTest[], start: number, end: number, view: SentenceView): boolean {
  let hit = false;
  matchFrom(items, 0, start, view, (e) => {
    if (e === end) hit = true;
  });
  return hit;
}

/** Whether `items` match some tokens ending exactly at `end` (for `before` conditions). */
function matchesEndingAt(items: readonly TokenTest[], end: number, view: SentenceView): boolean {
  const longest = items.reduce((n, item) => n + item.max, 0);
  for (let start = end; start >= Math.max(0, end - longest); start--) {
    if (matchesExactly(items, start, end, view)) return true;
  }
  return false;
}

/** Whether the rule's before/after conditions hold around `[start, end)`. */
export function contextHolds(rule: Rule, start: number, end: number, view: SentenceView): boolean {
  if (rule.before.length > 0 && !matchesEndingAt(rule.before, start, view)) return false;
  if (rule.after.length > 0 && longestMatch(rule.after, end, view) < 0) return false;
  if (rule.notBefore.length > 0 && matchesEndingAt(rule.notBefore, start, view)) return false;
  if (rule.notAfter.length > 0 && longestMatch(rule.notAfter, end, view) >= 0) return false;
  return true;
}

/** Whether a veto or retype rule applies to a gazetteer candidate. */
export function ruleAppliesTo(rule: Rule, candidate: Candidate, view: SentenceView): boolean {
  if (rule.types && !rule.types.has(candidate.type)) return false;
  const first = rule.pattern[0];
  if (first && first.min > 0 && !testToken(first, view, candidate.start)) return false;
  if (rule.pattern.length > 0 && !matchesExactly(rule.pattern, candidate.start, candidate.end, view)) return false;
  return contextHolds(rule, candidate.start, candidate.end, view);
}

/** Every candidate an `add` rule proposes in the sentence: the longest match at each start. */
export function addCandidates(rule: Rule, view: SentenceView, out: Candidate[]): void {
  const n = view.tokens.length;
  const first = rule.pattern[0]!;
  const firstRequired = first.min > 0;
  for (let start = 0; start < n; start++) {
    // Most starts fail on the first token: test it before setting up the backtracking match.
    if (firstRequired && !testToken(first, view, start)) continue;
    const end = longestMatch(rule.pattern, start, view);
    if (end <= start || !contextHolds(rule, start, end, view)) continue;
    out.push({ start, end, type: rule.type!, priority: rule.priority, entry: undefined, rule: { id: rule.id, file: rule.file, line: rule.line } });
  }
}
