import { tagsFromSpans } from './bio/index.js';
import { SertagError, type Problem } from './errors.js';
import type { GazetteerEntry } from './gazetteer/types.js';
import { loadSourcesCached } from './cache/index.js';
import { assertNoErrors, type LoadedSources, type SourceOptions } from './load.js';
import { findCandidatesAt, TokenTrie, Vocabulary, type MatchToken } from './match/index.js';
import { resolve } from './resolve/index.js';
import { compileRuleSet, type RuleSet, type RuleTokenFacts } from './rules/engine.js';
import type { PassOptions } from './rules/types.js';
import type { Profile } from './profile/index.js';
import { abbreviationsWith, type Abbreviations } from './tokenize/abbreviations.js';
import { sentenceRangesOf, tokenizeOffsets, TokenOffsets, type SentenceRange } from './tokenize/index.js';
import { checkTaggerOptions, checkText, checkTokens } from './options.js';
import { CodePointOffsets, codePointPositions, tokensAt as tokensWithCodePoints, withCodePointOffsets } from './offsets.js';
import type { Candidate, Entity, Source, TagResult, Token } from './types.js';

export interface TaggerOptions extends SourceOptions {
  /** Emit only these types (all declared types when absent). */
  types?: string[];
  /** Rule groups to switch off (for ablations and debugging). */
  disableRuleGroups?: string[];
  /** Override the passes the rule files switch on. */
  passes?: Partial<PassOptions>;
}

/** Options of `Tagger.tag`. */
export interface TagOptions {
  /** The text's own tokens as `[start, end]` code-point offsets (ascending, not overlapping). */
  tokens?: ReadonlyArray<readonly [number, number]>;
}

/** A compiled tagger: gazetteers and rules are loaded once, then `tag` is cheap. */
export interface Tagger {
  /**
   * Tokenizes raw text and tags it; offsets refer to `text`. With `options.tokens` (half-open
   * `[start, end]` code-point pairs, ascending, as sertag's JSONL carries them) the text is not
   * tokenized again: those are its tokens, and sentences are split between them.
   */
  tag(text: string, options?: TagOptions): TagResult;
  /** Tags one pre-tokenized sentence without re-tokenizing it (char offsets as if joined by spaces). */
  tagTokens(tokens: readonly string[]): TagResult;
  /** The declared entity types. */
  readonly types: ReadonlySet<string>;
  /** How many surface forms and rules were compiled. */
  readonly stats: { entries: number; rules: number; files: string[] };
  /** Where each of `stats.files` is read from: shown name → path (see `LoadedSources.paths`). */
  readonly sourcePaths: ReadonlyMap<string, string>;
  /** Each compiled rule's `why`, by rule id (for `--explain`). */
  readonly ruleWhy: ReadonlyMap<string, string>;
  /** The profile the tagger was built from (its conventions and sources). */
  readonly profile: Profile;
  /** What loading found worth saying that does not stop the tagger (duplicate terms, empty folders). */
  readonly warnings: readonly Problem[];
}

/**
 * Builds a tagger from a profile's gazetteers and rules (`options.profile`, default `wikipedia`)
 * plus whatever `options` add. The profile, the compiled gazetteers and the rules are cached (see
 * `src/cache`), so a second start reads no YAML. Throws a SertagError listing every problem when
 * any source is invalid.
 */
export function createTagger(options: TaggerOptions = {}): Tagger {
  checkTaggerOptions(options);
  const loaded = loadSourcesCached(options);
  assertNoErrors(loaded);
  return new CompiledTagger(loaded, options);
}

/**
 * What the tagger needs to know about one token, computed once per distinct token (see
 * `Vocabulary`): a sentence on its way through the stages is an array of these, one per token.
 */
interface TokenFacts extends MatchToken, RuleTokenFacts {}

class CompiledTagger implements Tagger {
  readonly types: ReadonlySet<string>;
  readonly stats: Tagger['stats'];
  readonly sourcePaths: ReadonlyMap<string, string>;
  readonly ruleWhy: ReadonlyMap<string, string>;
  readonly profile: Profile;
  private readonly trie: TokenTrie<GazetteerEntry>;
  private readonly ruleSet: RuleSet;
  private readonly vocabulary: Vocabulary<TokenFacts>;
  /** Reused by every `tag` call (the result keeps a copy of its part). */
  private readonly offsets = new TokenOffsets();
  private readonly emit: ReadonlySet<string> | undefined;
  /** The profile's tokenizer conventions, for the text as for the gazetteer terms. */
  private readonly abbreviations: Abbreviations;
  readonly warnings: readonly Problem[];

  constructor(loaded: LoadedSources & { trie: TokenTrie<GazetteerEntry> }, options: TaggerOptions) {
    this.types = loaded.types;
    this.warnings = loaded.problems.filter((p) => p.severity === 'warning');
    this.profile = loaded.profile;
    this.abbreviations = abbreviationsWith(loaded.profile.tokenizer.abbreviations);
    for (const t of options.types ?? []) {
      if (!loaded.types.has(t)) throw new SertagError('UNKNOWN_TYPE', `unknown type \`${t}\` in the types to emit; known types: ${[...loaded.types].join(', ')}`, []);
    }
    this.emit = options.types && options.types.length > 0 ? new Set(options.types) : undefined;
    this.trie = loaded.trie;
    this.ruleSet = compileRuleSet(loaded.rules, { disableGroups: options.disableRuleGroups, passes: loaded.passes, overrides: options.passes });
    this.vocabulary = new Vocabulary((token) => this.factsOf(token));
    this.stats = { entries: loaded.entries.length, rules: this.ruleSet.rules.length, files: loaded.files };
    this.sourcePaths = loaded.paths;
    this.ruleWhy = new Map(loaded.rules.map((r) => [r.id, r.why]));
  }

  private factsOf(token: string): TokenFacts {
    const lower = token.toLowerCase();
    const key = this.trie.keyId(lower);
    const node = key < 0 ? -1 : this.trie.child(TokenTrie.ROOT, key);
    return { text: token, lower, key, node, ...this.ruleSet.tokenFacts(token, lower) };
  }

  tag(text: string, options?: TagOptions): TagResult {
    checkText(text);
    const offsets = options?.tokens === undefined ? tokenizeOffsets(text, this.offsets, this.abbreviations) : givenTokenOffsets(text, options.tokens, this.offsets);
    return this.tagOffsets(text, offsets.data.slice(0, offsets.count * 2), offsets.count, sentenceRangesOf(text, offsets, this.abbreviations));
  }

  tagTokens(tokens: readonly string[]): TagResult {
    checkTokens(tokens);
    const positions = new Int32Array(2 * tokens.length);
    let offset = 0;
    for (let i = 0; i < tokens.length; i++) {
      const end = offset + tokens[i]!.length;
      positions[2 * i] = offset;
      positions[2 * i + 1] = end;
      offset = end + 1;
    }
    // A pre-tokenized sentence is one sentence, whatever punctuation it holds (`Bros . Melee`).
    return this.tagOffsets(tokens.join(' '), positions, tokens.length, [{ start: 0, end: tokens.length }]);
  }

  /**
   * Tags the tokens `text[positions[2k], positions[2k + 1])` sentence by sentence: matches and rules
   * never cross a sentence boundary.
   */
  private tagOffsets(text: string, positions: Int32Array, count: number, sentences: readonly SentenceRange[]): TagResult {
    const vocabulary = this.vocabulary;
    const facts = vocabulary.facts;
    const entities: Entity[] = [];
    this.ruleSet.startText();
    for (const { start, end } of sentences) {
      // Filled by push: a packed array, which the per-token loops downstream read fastest.
      const sentence: TokenFacts[] = [];
      // Token ids are used within the sentence only, so the vocabulary may start over between sentences.
      vocabulary.makeRoom();
      for (let i = start; i < end; i++) sentence.push(facts[vocabulary.id(text, positions[2 * i]!, positions[2 * i + 1]!)]!);
      this.tagSentence(sentence, text, positions, start, entities);
    }
    // One scan of the text for characters outside the BMP serves the entities, the tokens and the output.
    const codePoints = new CodePointOffsets(text);
    return new TextTagResult(codePoints, positions, count, withCodePointOffsets(codePoints, entities), sentences);
  }

  /** match → rules → resolve → entities, for the sentence whose first token is token `offset` of `text`. */
  private tagSentence(sentence: readonly TokenFacts[], text: string, positions: Int32Array, offset: number, entities: Entity[]): void {
    const found = findCandidatesAt(this.trie, sentence);
    const candidates = this.ruleSet.propose(sentence, found);
    const kept = resolve(candidates, sentence.length);
    this.ruleSet.observe(sentence, kept);
    for (const c of kept) {
      if (this.emit && !this.emit.has(c.type)) continue;
      const start = positions[2 * (offset + c.start)]!;
      const end = positions[2 * (offset + c.end) - 1]!;
      entities.push({
        text: text.slice(start, end),
        type: c.type,
        start,
        end,
        startUtf16: start,
        endUtf16: end,
        tokenStart: offset + c.start,
        tokenEnd: offset + c.end,
        source: sourceOf(c),
      });
    }
  }
}

function sourceOf(c: Candidate): Source {
  if (c.rule) return { kind: 'rule', file: c.rule.file, line: c.rule.line, rule: c.rule.id, ...(c.rule.detail ? { detail: c.rule.detail } : {}) };
  return c.entry!.source;
}

/**
 * Token offsets (UTF-16, as the tagger works) from a caller's `[start, end]` code-point pairs,
 * into `out`. Throws BAD_ARGUMENT for pairs that are not ascending, empty or outside the text.
 */
function givenTokenOffsets(text: string, tokens: ReadonlyArray<readonly [number, number]>, out: TokenOffsets): TokenOffsets {
  if (!Array.isArray(tokens)) throw new SertagError('BAD_ARGUMENT', 'tag(text, { tokens }) takes tokens as an array of [start, end] code-point pairs');
  const offsets = new CodePointOffsets(text);
  const length = offsets.fromUtf16(text.length);
  out.count = 0;
  let previousEnd = 0;
  for (let i = 0; i < tokens.length; i++) {
    const token = tokens[i];
    const [start, end] = Array.isArray(token) ? token : [NaN, NaN];
    if (!Number.isInteger(start) || !Number.isInteger(end) || start < previousEnd || end <= start || end > length) {
      throw new SertagError('BAD_ARGUMENT', `tag(text, { tokens }): token ${i} ${JSON.stringify(token)} is not a non-empty [start, end] pair of code points after the token before it, inside the text of ${length} code points`);
    }
    out.push(offsets.toUtf16(start), offsets.toUtf16(end));
    previousEnd = end;
  }
  return out;
}

/**
 * The code-point offsets of a result's tokens (token `k` at `2k`, `2k + 1`). For a result of `tag`
 * or `tagTokens` no token object is made: writers of millions of tokens (JSONL) use this.
 */
export function tokenPositions(result: TagResult): Int32Array {
  if (result instanceof TextTagResult) return result.tokenPositions();
  return Int32Array.from(result.tokens.flatMap((t) => [t.start, t.end]));
}

/**
 * The result of tagging one text. Most callers read only the entities, so the token objects and
 * the BIO tags are made on first use, from the token offsets.
 */
class TextTagResult implements TagResult {
  #tokens: Token[] | undefined;
  #tags: string[] | undefined;
  /** The tagged text, and where its code points and UTF-16 units part. */
  readonly #codePoints: CodePointOffsets;
  readonly #positions: Int32Array;

  constructor(
    codePoints: CodePointOffsets,
    positions: Int32Array,
    readonly tokenCount: number,
    readonly entities: Entity[],
    readonly sentences: readonly SentenceRange[],
  ) {
    this.#codePoints = codePoints;
    this.#positions = positions;
    Object.defineProperties(this, TextTagResult.#lazy);
  }

  declare readonly tokens: Token[];
  declare readonly tags: string[];

  /** Token `k`'s code-point `start` and `end` at `2k` and `2k + 1`, without making token objects. */
  tokenPositions(): Int32Array {
    return codePointPositions(this.#codePoints, this.#positions, this.tokenCount);
  }

  /**
   * `tokens` and `tags` are made on first read, as own enumerable properties: `structuredClone`,
   * `postMessage` and object spread copy them like the other fields (getters on the prototype
   * would be dropped).
   */
  static readonly #lazy: PropertyDescriptorMap = {
    tokens: {
      enumerable: true,
      get(this: TextTagResult): Token[] {
        this.#tokens ??= tokensWithCodePoints(this.#codePoints, this.#positions, this.tokenCount);
        return this.#tokens;
      },
    },
    tags: {
      enumerable: true,
      get(this: TextTagResult): string[] {
        this.#tags ??= tagsFromSpans(
          this.entities.map((e) => ({ start: e.tokenStart, end: e.tokenEnd, type: e.type })),
          this.tokenCount,
        );
        return this.#tags;
      },
    },
  };

  toJSON(): { tokens: Token[]; entities: Entity[]; tags: string[]; sentences: readonly SentenceRange[] } {
    return { tokens: this.tokens, entities: this.entities, tags: this.tags, sentences: this.sentences };
  }
}
