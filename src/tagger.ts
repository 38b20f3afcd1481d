import { tagsFromSpans } from './bio/index.js';
import { SertagError } from './errors.js';
import type { GazetteerEntry } from './gazetteer/types.js';
import { loadSourcesCached } from './cache/index.js';
import { assertNoErrors, type LoadedSources, type SourceOptions } from './load.js';
import { compileTrie, findCandidatesAt, TokenMemo, type Candidate, type TokenTrie, type TrieNode } from './match/index.js';
import { resolve } from './resolve/index.js';
import { SentenceView, addCandidates, ruleAppliesTo, testToken } from './rules/apply.js';
import type { PassOptions, Rule, TokenTest } from './rules/types.js';
import { sentenceRanges, tokenize, type SentenceRange } from './tokenize/index.js';
import type { Entity, Source, TagResult, Token } from './types.js';

export interface TaggerOptions extends SourceOptions {
  /** Emit only these types (all declared types when absent). */
  types?: string[];
  /** Rule groups to switch off (for ablations and debugging). */
  disableRuleGroups?: string[];
  /** Override the passes the rule files switch on. */
  passes?: Partial<PassOptions>;
}

/** A compiled tagger: gazetteers and rules are loaded once, then `tag` is cheap. */
export interface Tagger {
  /** Tokenizes raw text and tags it. Char offsets refer to `text`. */
  tag(text: string): TagResult;
  /** Tags one pre-tokenized sentence without re-tokenizing it (char offsets as if joined by spaces). */
  tagTokens(tokens: readonly string[]): TagResult;
  /** The declared entity types. */
  readonly types: ReadonlySet<string>;
  /** How many surface forms and rules were compiled. */
  readonly stats: { entries: number; rules: number; files: string[] };
  /** Each compiled rule's `why`, by rule id (for `--explain`). */
  readonly ruleWhy: ReadonlyMap<string, string>;
}

/**
 * Builds a tagger from the bundled gazetteers and rules plus whatever `options` add. Compiled
 * gazetteers are cached (see `src/cache`), so a second start skips YAML parsing. Throws a
 * SertagError listing every problem when any source is invalid.
 */
export function createTagger(options: TaggerOptions = {}): Tagger {
  const loaded = loadSourcesCached(options);
  assertNoErrors(loaded);
  return new CompiledTagger(loaded, options);
}

/** What the tagger needs to know about one token, computed once per distinct token (see `TokenMemo`). */
interface TokenFacts {
  lower: string;
  /** The trie root's child for `lower`: where phrases starting with this token continue. */
  node: TrieNode<GazetteerEntry> | undefined;
  /** Indexes (into the tagger's rule list) of the rules anchored on this token. */
  anchored: readonly number[] | undefined;
  /** Bit k set: the first pattern item of the k-th prefiltered `add` rule may match this token. */
  firstMatches: number;
}

/** Add rules whose first item tests only the token itself get a bit in `TokenFacts.firstMatches`. */
const MAX_PREFILTERED = 31;

class CompiledTagger implements Tagger {
  readonly types: ReadonlySet<string>;
  readonly stats: Tagger['stats'];
  readonly ruleWhy: ReadonlyMap<string, string>;
  private readonly trie: TokenTrie<GazetteerEntry>;
  /** Every rule, in file order; rules are referred to by their index here. */
  private readonly rules: Rule[];
  private readonly hasVetoRules: boolean;
  private readonly anchoredRules = new Map<string, number[]>();
  private readonly freeAddRules: Rule[];
  private readonly freeVetoRules: Rule[];
  /** Per rule: its bit in `TokenFacts.firstMatches`, when it is prefiltered. */
  private readonly prefilterBit: Map<Rule, number>;
  private readonly prefiltered: Rule[];
  private readonly facts: TokenMemo<TokenFacts>;
  /** Per rule, the last sentence it was found anchored in (deduplicates without a Set). */
  private readonly seenIn: Int32Array;
  private sentenceNumber = 0;
  private readonly passes: PassOptions;
  private readonly emit: ReadonlySet<string> | undefined;

  constructor(loaded: LoadedSources, options: TaggerOptions) {
    this.types = loaded.types;
    for (const t of options.types ?? []) {
      if (!loaded.types.has(t)) throw new SertagError('UNKNOWN_TYPE', `unknown type \`${t}\` in the types to emit; known types: ${[...loaded.types].join(', ')}`, [], 2);
    }
    this.emit = options.types && options.types.length > 0 ? new Set(options.types) : undefined;
    const disabled = new Set(options.disableRuleGroups ?? []);
    const rules = loaded.rules.filter((r) => !disabled.has(r.group));
    this.rules = rules;
    this.trie = compileTrie(loaded.entries);
    this.hasVetoRules = rules.some((r) => r.action !== 'add');
    rules.forEach((rule, index) => {
      if (!rule.anchors) return;
      for (const anchor of rule.anchors) {
        const list = this.anchoredRules.get(anchor) ?? [];
        list.push(index);
        this.anchoredRules.set(anchor, list);
      }
    });
    this.freeAddRules = rules.filter((r) => r.action === 'add' && !r.anchors);
    this.freeVetoRules = rules.filter((r) => r.action !== 'add' && !r.anchors);
    this.prefiltered = rules.filter((r) => r.action === 'add' && testsTokenAlone(r.pattern[0])).slice(0, MAX_PREFILTERED);
    this.prefilterBit = new Map(this.prefiltered.map((r, k) => [r, 1 << k]));
    this.seenIn = new Int32Array(rules.length);
    this.facts = new TokenMemo((token) => this.factsOf(token));
    this.passes = { ...loaded.passes, ...options.passes };
    this.stats = { entries: loaded.entries.length, rules: rules.length, files: loaded.files };
    this.ruleWhy = new Map(loaded.rules.map((r) => [r.id, r.why]));
  }

  private factsOf(token: string): TokenFacts {
    const lowered = token.toLowerCase();
    const node = this.trie.root.children?.get(lowered);
    // The trie's own string, when it has one: lookups with the very same object skip comparing characters.
    const lower = node?.key ?? lowered;
    let firstMatches = 0;
    if (this.prefiltered.length > 0) {
      const alone = new SentenceView([token], [lower], []);
      for (let k = 0; k < this.prefiltered.length; k++) {
        if (testToken(this.prefiltered[k]!.pattern[0]!, alone, 0)) firstMatches |= 1 << k;
      }
    }
    return { lower, node, anchored: this.anchoredRules.get(lower), firstMatches };
  }

  tag(text: string): TagResult {
    const tokens = tokenize(text);
    return this.tagTokenList(tokens, text, sentenceRanges(tokens, text));
  }

  tagTokens(tokens: readonly string[]): TagResult {
    const list: Token[] = new Array(tokens.length);
    let offset = 0;
    for (let i = 0; i < tokens.length; i++) {
      const t = tokens[i]!;
      list[i] = { text: t, start: offset, end: offset + t.length };
      offset += t.length + 1;
    }
    // A pre-tokenized sentence is one sentence, whatever punctuation it holds (`Bros . Melee`).
    return this.tagTokenList(list, tokens.join(' '), [{ start: 0, end: list.length }]);
  }

  /** Tags sentence by sentence: matches and rules never cross a sentence boundary. */
  private tagTokenList(tokens: Token[], text: string, sentences: readonly SentenceRange[]): TagResult {
    const entities: Entity[] = [];
    const acronyms = this.passes.acronyms ? new Map<string, Candidate & { from: string }>() : undefined;
    for (const { start, end } of sentences) {
      // Filled by push: packed arrays, which the per-token loops downstream read fastest.
      const texts: string[] = [];
      const lower: string[] = [];
      const first: Array<TrieNode<GazetteerEntry> | undefined> = [];
      let anchored = 0;
      // Sentence numbers mark rules in an Int32Array: start over before they would overflow it.
      if (this.sentenceNumber === 0x7fffffff) {
        this.seenIn.fill(0);
        this.sentenceNumber = 0;
      }
      const sentence = ++this.sentenceNumber;
      let firstMatches = 0;
      for (let i = start; i < end; i++) {
        const t = tokens[i]!.text;
        const facts = this.facts.get(t);
        texts.push(t);
        lower.push(facts.lower);
        first.push(facts.node);
        firstMatches |= facts.firstMatches;
        const rules = facts.anchored;
        if (rules !== undefined) {
          for (let k = 0; k < rules.length; k++) {
            const r = rules[k]!;
            if (this.seenIn[r] !== sentence) {
              this.seenIn[r] = sentence;
              anchored++;
            }
          }
        }
      }
      this.tagSentence(tokens, texts, lower, first, anchored, firstMatches, start, text, entities, acronyms);
    }
    const spans = entities.map((e) => ({ start: e.tokenStart, end: e.tokenEnd, type: e.type }));
    return { tokens, entities, tags: tagsFromSpans(spans, tokens.length), sentences };
  }

  private tagSentence(
    tokens: readonly Token[],
    texts: string[],
    lower: string[],
    first: ReadonlyArray<TrieNode<GazetteerEntry> | undefined>,
    /** How many anchored rules have their anchor in the sentence (marked in `seenIn`). */
    anchored: number,
    firstMatches: number,
    offset: number,
    text: string,
    entities: Entity[],
    acronyms: Map<string, Candidate & { from: string }> | undefined,
  ): void {
    let candidates = findCandidatesAt(first, texts, lower);
    const view = new SentenceView(texts, lower, candidates);
    let vetoes = this.freeVetoRules;
    let additions = this.freeAddRules;
    if (anchored > 0) {
      // The anchored rules whose anchor occurs (marked with this sentence's number in `seenIn`)
      // and the unanchored ones, in file order.
      const sentence = this.sentenceNumber;
      vetoes = [];
      additions = [];
      for (let index = 0; index < this.rules.length; index++) {
        const rule = this.rules[index]!;
        if (rule.anchors !== undefined && this.seenIn[index] !== sentence) continue;
        (rule.action === 'add' ? additions : vetoes).push(rule);
      }
    }
    if (this.hasVetoRules && candidates.length > 0 && vetoes.length > 0) candidates = applyVetoes(vetoes, candidates, view);
    for (const rule of additions) {
      if (rule.needsTypes && !view.hasCandidateOf(rule.needsTypes)) continue;
      // No token of the sentence passes the rule's first item: it cannot add anything.
      const bit = this.prefilterBit.get(rule);
      if (bit !== undefined && (firstMatches & bit) === 0) continue;
      addCandidates(rule, view, candidates);
    }
    if (acronyms && acronyms.size > 0) {
      for (let i = 0; i < texts.length; i++) {
        const known = acronyms.get(texts[i]!);
        if (known) candidates.push({ start: i, end: i + 1, type: known.type, priority: known.priority, entry: undefined, rule: { id: 'acronyms', file: '(pass)', line: 0, detail: `abbreviates \`${known.from}\`` } });
      }
    }
    const kept = resolve(candidates, texts.length);
    if (acronyms) this.learnAcronyms(kept, texts, acronyms);
    for (const c of kept) {
      if (this.emit && !this.emit.has(c.type)) continue;
      const first = tokens[offset + c.start]!;
      const last = tokens[offset + c.end - 1]!;
      entities.push({
        text: text.slice(first.start, last.end),
        type: c.type,
        start: first.start,
        end: last.end,
        tokenStart: offset + c.start,
        tokenEnd: offset + c.end,
        source: sourceOf(c),
      });
    }
  }

  /** `graphics processing unit ( GPU )`: the acronym in brackets takes the phrase's type from here on. */
  private learnAcronyms(kept: readonly Candidate[], texts: readonly string[], acronyms: Map<string, Candidate & { from: string }>): void {
    for (const c of kept) {
      if (texts[c.end] !== '(' || texts[c.end + 2] !== ')' || c.end - c.start < 2) continue;
      const acronym = texts[c.end + 1]!;
      if (!/^[A-Z][A-Za-z0-9]{1,9}$/.test(acronym) || acronyms.has(acronym)) continue;
      const initials = texts
        .slice(c.start, c.end)
        .map((w) => w[0] ?? '')
        .join('')
        .toUpperCase();
      if (!initials.startsWith(acronym[0]!)) continue;
      acronyms.set(acronym, { ...c, from: texts.slice(c.start, c.end).join(' ') });
    }
  }
}

/** Drops vetoed candidates and retypes others; rules apply in file order, a veto ends the matter. */
function applyVetoes(rules: readonly Rule[], candidates: Candidate[], view: SentenceView): Candidate[] {
  const out: Candidate[] = [];
  next: for (const c of candidates) {
    for (const rule of rules) {
      if (!ruleAppliesTo(rule, c, view)) continue;
      if (rule.action === 'veto') continue next;
      c.rule = { id: rule.id, file: rule.file, line: rule.line, detail: `retyped ${c.type} → ${rule.type}` };
      c.type = rule.type!;
    }
    out.push(c);
  }
  return out;
}

/** Whether a pattern item is required and tests only the token's own text (so its result can be memoized per token). */
function testsTokenAlone(item: TokenTest | undefined): boolean {
  return item !== undefined && (item.op === '1' || item.op === '+') && !item.type && !item.pos;
}

function sourceOf(c: Candidate): Source {
  if (c.rule) return { kind: 'rule', file: c.rule.file, line: c.rule.line, rule: c.rule.id, ...(c.rule.detail ? { detail: c.rule.detail } : {}) };
  return c.entry!.source;
}
