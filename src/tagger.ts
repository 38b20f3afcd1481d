import { tagsFromSpans } from './bio/index.js';
import { SertagError } from './errors.js';
import type { GazetteerEntry } from './gazetteer/types.js';
import { loadSourcesCached } from './cache/index.js';
import { assertNoErrors, type LoadedSources, type SourceOptions } from './load.js';
import { compileTrie, findCandidatesAt, TokenTrie, Vocabulary, type Candidate } from './match/index.js';
import { resolve } from './resolve/index.js';
import { SentenceView, addCandidates, ruleAppliesTo, testToken } from './rules/apply.js';
import type { PassOptions, Rule, TokenTest } from './rules/types.js';
import { sentenceRangesOf, tokenizeOffsets, tokensAt, TokenOffsets, type SentenceRange } from './tokenize/index.js';
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

/** What the tagger needs to know about one token, computed once per distinct token (see `Vocabulary`). */
interface TokenFacts {
  text: string;
  lower: string;
  /** The trie's number for `lower` (-1 when no phrase has it; see `TokenTrie.keyId`). */
  key: number;
  /** The trie root's child along `lower`, where phrases starting with this token continue (-1: none). */
  node: number;
  /** Indexes (into the tagger's rule list, ascending) of the veto and retype rules anchored on this token. */
  vetoes: readonly number[] | undefined;
  /** Indexes (ascending) of the `add` rules anchored on this token. */
  adds: readonly number[] | undefined;
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
  /** Rule indexes by anchor (see `Rule.anchors`), veto and retype rules apart from `add` rules. */
  private readonly anchoredVetoes = new Map<string, number[]>();
  private readonly anchoredAdds = new Map<string, number[]>();
  /** Indexes of the rules without anchors, which every sentence tries. */
  private readonly freeVetoes: number[] = [];
  private readonly freeAdds: number[] = [];
  private readonly hasVetoes: boolean;
  /** The acronyms learned in the current text (see `learnAcronyms`). */
  private readonly acronyms = new Map<string, Candidate & { from: string }>();
  /** The anchored `add` rules whose anchor occurs in the current sentence. */
  private readonly presentAdds: number[] = [];
  /** Per rule index: its bit in `TokenFacts.firstMatches` when it is prefiltered, else 0. */
  private readonly prefilterBits: Int32Array;
  private readonly prefiltered: Rule[];
  private readonly vocabulary: Vocabulary<TokenFacts>;
  /** Reused by every `tag` call (the result keeps a copy of its part). */
  private readonly offsets = new TokenOffsets();
  private ids = new Int32Array(1024);
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
    this.trie = loaded.trie ?? compileTrie(loaded.entries);
    rules.forEach((rule, index) => {
      const isAdd = rule.action === 'add';
      if (!rule.anchors) {
        (isAdd ? this.freeAdds : this.freeVetoes).push(index);
        return;
      }
      const byAnchor = isAdd ? this.anchoredAdds : this.anchoredVetoes;
      for (const anchor of rule.anchors) {
        const list = byAnchor.get(anchor) ?? [];
        list.push(index);
        byAnchor.set(anchor, list);
      }
    });
    this.hasVetoes = this.freeVetoes.length > 0 || this.anchoredVetoes.size > 0;
    this.prefiltered = rules.filter((r) => r.action === 'add' && testsTokenAlone(r.pattern[0])).slice(0, MAX_PREFILTERED);
    this.prefilterBits = new Int32Array(rules.length);
    this.prefiltered.forEach((r, k) => (this.prefilterBits[rules.indexOf(r)] = 1 << k));
    this.vocabulary = new Vocabulary((token) => this.factsOf(token));
    this.passes = { ...loaded.passes, ...options.passes };
    this.stats = { entries: loaded.entries.length, rules: rules.length, files: loaded.files };
    this.ruleWhy = new Map(loaded.rules.map((r) => [r.id, r.why]));
  }

  private factsOf(token: string): TokenFacts {
    const lower = token.toLowerCase();
    const key = this.trie.keyId(lower);
    const node = key < 0 ? -1 : this.trie.child(TokenTrie.ROOT, key);
    let firstMatches = 0;
    if (this.prefiltered.length > 0) {
      const alone = new SentenceView([token], [lower], []);
      for (let k = 0; k < this.prefiltered.length; k++) {
        if (testToken(this.prefiltered[k]!.pattern[0]!, alone, 0)) firstMatches |= 1 << k;
      }
    }
    return { text: token, lower, key, node, vetoes: this.anchoredVetoes.get(lower), adds: this.anchoredAdds.get(lower), firstMatches };
  }

  tag(text: string): TagResult {
    const offsets = tokenizeOffsets(text, this.offsets);
    return this.tagOffsets(text, offsets.data.slice(0, offsets.count * 2), offsets.count, sentenceRangesOf(text, offsets));
  }

  tagTokens(tokens: readonly string[]): TagResult {
    const positions: number[] = [];
    let offset = 0;
    for (let i = 0; i < tokens.length; i++) {
      const end = offset + tokens[i]!.length;
      positions.push(offset, end);
      offset = end + 1;
    }
    // A pre-tokenized sentence is one sentence, whatever punctuation it holds (`Bros . Melee`).
    return this.tagOffsets(tokens.join(' '), positions, tokens.length, [{ start: 0, end: tokens.length }]);
  }

  /**
   * Tags the tokens `text[positions[2k], positions[2k + 1])` sentence by sentence: matches and rules
   * never cross a sentence boundary.
   */
  private tagOffsets(text: string, positions: readonly number[], count: number, sentences: readonly SentenceRange[]): TagResult {
    const vocabulary = this.vocabulary;
    if (this.ids.length < count) this.ids = new Int32Array(Math.max(count, this.ids.length * 2));
    const ids = this.ids;
    const facts = vocabulary.facts;
    const entities: Entity[] = [];
    // Acronyms learned in one text do not carry over to the next.
    const acronyms = this.passes.acronyms ? this.acronyms : undefined;
    if (acronyms !== undefined && acronyms.size > 0) acronyms.clear();
    for (const { start, end } of sentences) {
      // Filled by push: packed arrays, which the per-token loops downstream read fastest.
      const texts: string[] = [];
      const lower: string[] = [];
      const keys: number[] = [];
      const first: number[] = [];
      const presentAdds = this.presentAdds;
      presentAdds.length = 0;
      let firstMatches = 0;
      // Token ids are used within the sentence only, so the vocabulary may start over between sentences.
      vocabulary.makeRoom();
      for (let i = start; i < end; i++) {
        const id = vocabulary.id(text, positions[2 * i]!, positions[2 * i + 1]!);
        ids[i] = id;
        const token = facts[id]!;
        texts.push(token.text);
        lower.push(token.lower);
        keys.push(token.key);
        first.push(token.node);
        firstMatches |= token.firstMatches;
        const adds = token.adds;
        if (adds !== undefined) {
          for (let k = 0; k < adds.length; k++) {
            const r = adds[k]!;
            // Anchored `add` rules are few: a sentence holds at most a handful.
            if (!presentAdds.includes(r)) presentAdds.push(r);
          }
        }
      }
      this.tagSentence(positions, texts, lower, keys, first, ids, firstMatches, start, text, entities, acronyms);
    }
    return new TextTagResult(text, positions, count, entities, sentences);
  }

  private tagSentence(
    /** Character offsets of the text's tokens: start and end of token k at 2k and 2k + 1. */
    positions: readonly number[],
    texts: string[],
    lower: string[],
    keys: readonly number[],
    first: readonly number[],
    /** The vocabulary ids of the text's tokens. */
    ids: Int32Array,
    firstMatches: number,
    offset: number,
    text: string,
    entities: Entity[],
    acronyms: Map<string, Candidate & { from: string }> | undefined,
  ): void {
    const found = findCandidatesAt(this.trie, first, keys, texts, lower);
    // Rules test the gazetteer's candidates (`view`); what they add goes to a list of its own.
    const view = new SentenceView(texts, lower, found);
    const candidates = found.length > 0 && this.hasVetoes ? this.applyVetoes(found, view, ids, offset) : found.slice();
    // The anchored rules whose anchor occurs and the unanchored ones, in file order.
    const additions = this.presentAdds.length === 0 ? this.freeAdds : [...this.freeAdds, ...this.presentAdds].sort((x, y) => x - y);
    for (const index of additions) {
      // No token of the sentence passes the rule's first item: it cannot add anything.
      const bit = this.prefilterBits[index]!;
      if (bit !== 0 && (firstMatches & bit) === 0) continue;
      const rule = this.rules[index]!;
      if (rule.needsTypes && !view.hasCandidateOf(rule.needsTypes)) continue;
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
      const start = positions[2 * (offset + c.start)]!;
      const end = positions[2 * (offset + c.end) - 1]!;
      entities.push({
        text: text.slice(start, end),
        type: c.type,
        start,
        end,
        tokenStart: offset + c.start,
        tokenEnd: offset + c.end,
        source: sourceOf(c),
      });
    }
  }

  /**
   * Drops vetoed candidates and retypes others; rules apply in file order, a veto ends the matter.
   * A candidate is tried only against the unanchored rules and those anchored on one of its tokens:
   * a rule's pattern must match the candidate's tokens, and any match contains one of its anchors.
   */
  private applyVetoes(candidates: readonly Candidate[], view: SentenceView, ids: Int32Array, offset: number): Candidate[] {
    const out: Candidate[] = [];
    const facts = this.vocabulary.facts;
    next: for (const c of candidates) {
      let indexes = facts[ids[offset + c.start]!]!.vetoes;
      if (c.end - c.start > 1 || this.freeVetoes.length > 0) {
        const all = [...this.freeVetoes];
        for (let k = offset + c.start; k < offset + c.end; k++) all.push(...(facts[ids[k]!]!.vetoes ?? []));
        indexes = [...new Set(all)].sort((x, y) => x - y);
      }
      if (indexes !== undefined) {
        for (const index of indexes) {
          const rule = this.rules[index]!;
          if (!ruleAppliesTo(rule, c, view)) continue;
          if (rule.action === 'veto') continue next;
          c.rule = { id: rule.id, file: rule.file, line: rule.line, detail: `retyped ${c.type} → ${rule.type}` };
          c.type = rule.type!;
        }
      }
      out.push(c);
    }
    return out;
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

/** Whether a pattern item is required and tests only the token's own text (so its result can be memoized per token). */
function testsTokenAlone(item: TokenTest | undefined): boolean {
  return item !== undefined && (item.op === '1' || item.op === '+') && !item.type && !item.pos;
}

function sourceOf(c: Candidate): Source {
  if (c.rule) return { kind: 'rule', file: c.rule.file, line: c.rule.line, rule: c.rule.id, ...(c.rule.detail ? { detail: c.rule.detail } : {}) };
  return c.entry!.source;
}

/**
 * The result of tagging one text. Most callers read only the entities, so the token objects and
 * the BIO tags are made on first use, from the token offsets.
 */
class TextTagResult implements TagResult {
  #tokens: Token[] | undefined;
  #tags: string[] | undefined;
  readonly #text: string;
  readonly #positions: readonly number[];

  constructor(
    text: string,
    positions: readonly number[],
    readonly tokenCount: number,
    readonly entities: Entity[],
    readonly sentences: readonly SentenceRange[],
  ) {
    this.#text = text;
    this.#positions = positions;
  }

  get tokens(): Token[] {
    this.#tokens ??= tokensAt(this.#text, this.#positions, this.tokenCount);
    return this.#tokens;
  }

  get tags(): string[] {
    this.#tags ??= tagsFromSpans(
      this.entities.map((e) => ({ start: e.tokenStart, end: e.tokenEnd, type: e.type })),
      this.tokenCount,
    );
    return this.#tags;
  }

  toJSON(): { tokens: Token[]; entities: Entity[]; tags: string[]; sentences: readonly SentenceRange[] } {
    return { tokens: this.tokens, entities: this.entities, tags: this.tags, sentences: this.sentences };
  }
}
