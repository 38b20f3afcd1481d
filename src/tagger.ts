import { tagsFromSpans } from './bio/index.js';
import { SertagError, type Problem } from './errors.js';
import type { GazetteerEntry } from './gazetteer/types.js';
import { loadSourcesCached } from './cache/index.js';
import { assertNoErrors, type LoadedSources, type SourceOptions } from './load.js';
import { acronymsComponent, gazetteerComponent, rulesComponent } from './components/builtin.js';
import { documentNamesComponent } from './components/document-names.js';
import type { Component, ComponentsOption, ComponentToken, DocumentContext, SentenceContext } from './components/types.js';
import { TokenTrie, Vocabulary, type MatchToken } from './match/index.js';
import { resolve } from './resolve/index.js';
import { compileRuleSet, type RuleSet, type RuleTokenFacts } from './rules/engine.js';
import type { PassOptions } from './rules/types.js';
import type { Profile } from './profile/index.js';
import { abbreviationsWith, type Abbreviations } from './tokenize/abbreviations.js';
import { sentenceRangesOf, tokenizeOffsets, TokenOffsets, type SentenceRange } from './tokenize/index.js';
import { peelMarkdown } from './tokenize/markdown.js';
import { checkSentences, checkTaggerOptions, checkText, checkTokens } from './options.js';
import { CodePointOffsets, codePointPositions, tokensAt as tokensWithCodePoints, withCodePointOffsets } from './offsets.js';
import type { Candidate, Entity, Source, TagResult, Token } from './types.js';

export interface TaggerOptions extends SourceOptions {
  /** Emit only these types (all declared types when absent). */
  types?: string[];
  /** Rule groups to switch off (for ablations and debugging). */
  disableRuleGroups?: string[];
  /** Override the passes the rule files switch on. */
  passes?: Partial<PassOptions>;
  /**
   * Peel Markdown syntax (emphasis, inline code, links, headings, list and quote markers) before
   * tokenizing; offsets still point into the original text. Default: the profile's `markdown`,
   * which is true unless the profile says otherwise (plain prose has no Markdown to peel: tagged as
   * raw text, WikiSER dev keeps every entity; docs/cli.md, Markdown).
   */
  markdown?: boolean;
  /**
   * Components of your own, run after the built-in ones (gazetteer, rules, and the passes the
   * profile switches on) and before the resolver; or a function that gets the built-in list and
   * returns the list to run. See `Component`.
   */
  components?: ComponentsOption;
}

/** Options of `Tagger.tag`. */
export interface TagOptions {
  /** The text's own tokens as `[start, end]` code-point offsets (ascending, not overlapping). */
  tokens?: ReadonlyArray<readonly [number, number]>;
  /** Peel Markdown syntax before tokenizing (default: the tagger's `markdown`, from its profile). */
  markdown?: boolean;
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
  /**
   * Tags the pre-tokenized sentences of one document, in order, as `tagTokens` tags one: a result
   * per sentence. Document-level components (acronyms, document names) see the whole document.
   */
  tagSentences(sentences: ReadonlyArray<readonly string[]>): TagResult[];
  /** The components the tagger runs, in order (their names). */
  readonly components: readonly string[];
  /** Whether `tag` peels Markdown syntax before tokenizing (see `TaggerOptions.markdown`). */
  readonly markdown: boolean;
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

/** A component as the tagger runs it: user components get their new candidates stamped with their name. */
interface RunnableComponent {
  readonly component: Component<unknown>;
  readonly stamps: boolean;
}

class CompiledTagger implements Tagger {
  readonly types: ReadonlySet<string>;
  readonly stats: Tagger['stats'];
  readonly sourcePaths: ReadonlyMap<string, string>;
  readonly ruleWhy: ReadonlyMap<string, string>;
  readonly profile: Profile;
  readonly components: readonly string[];
  readonly markdown: boolean;
  private readonly trie: TokenTrie<GazetteerEntry>;
  private readonly ruleSet: RuleSet;
  private readonly pipeline: readonly RunnableComponent[];
  private readonly vocabulary: Vocabulary<TokenFacts>;
  /** Lent to one `tag` call at a time (the result keeps a copy of its part); a nested call makes its own. */
  private spareOffsets: TokenOffsets | undefined = new TokenOffsets();
  private readonly emit: ReadonlySet<string> | undefined;
  /** The profile's tokenizer conventions, for the text as for the gazetteer terms. */
  private readonly abbreviations: Abbreviations;
  readonly warnings: readonly Problem[];

  constructor(loaded: LoadedSources & { trie: TokenTrie<GazetteerEntry> }, options: TaggerOptions) {
    this.types = loaded.types;
    // The manifest's own warnings (a path outside its folder) with the sources'.
    this.warnings = [...(loaded.profile.warnings ?? []), ...loaded.problems.filter((p) => p.severity === 'warning')];
    this.profile = loaded.profile;
    this.abbreviations = abbreviationsWith(loaded.profile.tokenizer.abbreviations);
    for (const t of options.types ?? []) {
      if (!loaded.types.has(t)) throw new SertagError('UNKNOWN_TYPE', `unknown type \`${t}\` in the types to emit; known types: ${[...loaded.types].join(', ')}`, []);
    }
    this.emit = options.types && options.types.length > 0 ? new Set(options.types) : undefined;
    this.trie = loaded.trie;
    this.ruleSet = compileRuleSet(loaded.rules, { disableGroups: options.disableRuleGroups, passes: loaded.passes, overrides: options.passes, userSources: loaded.userSources });
    const builtIn: Component<any>[] = [gazetteerComponent(this.trie), rulesComponent(this.ruleSet)];
    if (this.ruleSet.passes.acronyms) builtIn.push(acronymsComponent);
    if (this.ruleSet.passes.documentNames) builtIn.push(documentNamesComponent);
    this.pipeline = pipelineOf(builtIn, options.components);
    this.components = this.pipeline.map((p) => p.component.name);
    this.markdown = options.markdown ?? loaded.profile.markdown ?? true;
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
    const buffer = this.spareOffsets ?? new TokenOffsets();
    this.spareOffsets = undefined;
    try {
      if (options?.tokens !== undefined) {
        const offsets = givenTokenOffsets(text, options.tokens, buffer);
        return this.tagOffsets(text, offsets.data.slice(0, offsets.count * 2), offsets.count, sentenceRangesOf(text, offsets, this.abbreviations));
      }
      // Tokens and sentences are found in the peeled text, which has the original's length: their
      // offsets point into the original, whose characters at each token are the same.
      const peeled = (options?.markdown ?? this.markdown) ? peelMarkdown(text) : undefined;
      const plain = peeled?.text ?? text;
      const offsets = tokenizeOffsets(plain, buffer, this.abbreviations);
      let sentences = sentenceRangesOf(plain, offsets, this.abbreviations);
      if (peeled !== undefined && peeled.blockStarts.length > 0) sentences = splitAtBlocks(sentences, offsets, peeled.blockStarts);
      return this.tagOffsets(text, offsets.data.slice(0, offsets.count * 2), offsets.count, sentences);
    } finally {
      this.spareOffsets = buffer;
    }
  }

  tagTokens(tokens: readonly string[]): TagResult {
    checkTokens(tokens);
    const { text, positions } = joinedTokens(tokens);
    // A pre-tokenized sentence is one sentence, whatever punctuation it holds (`Bros . Melee`).
    return this.tagOffsets(text, positions, tokens.length, [{ start: 0, end: tokens.length }]);
  }

  tagSentences(sentences: ReadonlyArray<readonly string[]>): TagResult[] {
    checkSentences(sentences);
    const joined = sentences.map((tokens) => joinedTokens(tokens));
    const entities = joined.map((): Entity[] => []);
    this.runDocument(
      joined.length,
      (i) => this.factsOfTokens(joined[i]!.text, joined[i]!.positions, 0, sentences[i]!.length),
      (i, kept) => this.collectEntities(kept, joined[i]!.text, joined[i]!.positions, 0, entities[i]!),
    );
    return joined.map(({ text, positions }, i) => {
      const codePoints = new CodePointOffsets(text);
      const count = sentences[i]!.length;
      return new TextTagResult(codePoints, positions, count, withCodePointOffsets(codePoints, entities[i]!), [{ start: 0, end: count }]);
    });
  }

  /**
   * Tags the tokens `text[positions[2k], positions[2k + 1])` sentence by sentence: matches and rules
   * never cross a sentence boundary.
   */
  private tagOffsets(text: string, positions: Int32Array, count: number, sentences: readonly SentenceRange[]): TagResult {
    const entities: Entity[] = [];
    this.runDocument(
      sentences.length,
      (i) => this.factsOfTokens(text, positions, sentences[i]!.start, sentences[i]!.end),
      (i, kept) => this.collectEntities(kept, text, positions, sentences[i]!.start, entities),
    );
    // One scan of the text for characters outside the BMP serves the entities, the tokens and the output.
    const codePoints = new CodePointOffsets(text);
    return new TextTagResult(codePoints, positions, count, withCodePointOffsets(codePoints, entities), sentences);
  }

  /** The facts of tokens `start … end - 1` of `text` (at `positions`), in a new array. */
  private factsOfTokens(text: string, positions: Int32Array, start: number, end: number): TokenFacts[] {
    const vocabulary = this.vocabulary;
    const facts = vocabulary.facts;
    // Filled by push: a packed array, which the per-token loops downstream read fastest.
    const sentence: TokenFacts[] = [];
    // Token ids are used within the sentence only, so the vocabulary may start over between sentences.
    vocabulary.makeRoom();
    for (let i = start; i < end; i++) sentence.push(facts[vocabulary.id(text, positions[2 * i]!, positions[2 * i + 1]!)]!);
    return sentence;
  }

  /**
   * One document through the pipeline: sentence by sentence, each component in turn, then the
   * resolver (the one place that decides overlaps), then `observe`. The document's state (each
   * component's, and what was kept) lives in this call only.
   */
  private runDocument(sentenceCount: number, tokensOf: (index: number) => TokenFacts[], onKept: (index: number, kept: readonly Candidate[]) => void): void {
    const pipeline = this.pipeline;
    const kept: Candidate[][] = [];
    const document: DocumentContext = { sentenceCount, sentence: tokensOf, kept };
    const states = pipeline.map((p) => p.component.start?.(document));
    for (let index = 0; index < sentenceCount; index++) {
      const sentence: SentenceContext = { tokens: tokensOf(index), index };
      let candidates: Candidate[] = [];
      for (let k = 0; k < pipeline.length; k++) {
        const { component, stamps } = pipeline[k]!;
        if (component.candidates === undefined) continue;
        const out = component.candidates(candidates, sentence, document, states[k]);
        if (out !== undefined) candidates = stamps ? checkedCandidates(out, component.name, sentence.tokens.length) : out;
        if (stamps) stampNew(candidates, component.name);
      }
      const chosen = resolve(candidates, sentence.tokens.length);
      kept.push(chosen);
      for (let k = 0; k < pipeline.length; k++) pipeline[k]!.component.observe?.(chosen, sentence, document, states[k]);
      onKept(index, chosen);
    }
  }

  /** Appends the entities of a sentence's kept candidates (its first token is token `offset` of `text`). */
  private collectEntities(kept: readonly Candidate[], text: string, positions: Int32Array, offset: number, entities: Entity[]): void {
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
  if (c.entry) return c.entry.source;
  return { kind: 'component', component: c.by?.component ?? 'unknown', ...(c.by?.detail ? { detail: c.by.detail } : {}) };
}

/** Sentences split again where a Markdown block (heading, list item, quote line) starts between two tokens. */
function splitAtBlocks(sentences: readonly SentenceRange[], offsets: TokenOffsets, blockStarts: readonly number[]): SentenceRange[] {
  const out: SentenceRange[] = [];
  const o = offsets.data;
  let b = 0;
  for (const { start, end } of sentences) {
    let from = start;
    for (let i = start + 1; i < end; i++) {
      // The next block start after the previous token's end: does it come before this token?
      while (b < blockStarts.length && blockStarts[b]! < o[2 * i - 1]!) b++;
      if (b < blockStarts.length && blockStarts[b]! <= o[2 * i]!) {
        out.push({ start: from, end: i });
        from = i;
      }
    }
    out.push({ start: from, end });
  }
  return out;
}

/** A pre-tokenized sentence as one text, its tokens joined by spaces, and their offsets. */
function joinedTokens(tokens: readonly string[]): { text: string; positions: Int32Array } {
  const positions = new Int32Array(2 * tokens.length);
  let offset = 0;
  for (let i = 0; i < tokens.length; i++) {
    const end = offset + tokens[i]!.length;
    positions[2 * i] = offset;
    positions[2 * i + 1] = end;
    offset = end + 1;
  }
  return { text: tokens.join(' '), positions };
}

/**
 * The built-in components, then the user's (or the user's function of the built-in list), each
 * checked once: a component is an object with a string `name` and functions where it has hooks.
 */
function pipelineOf(builtIn: Component<any>[], option: ComponentsOption | undefined): RunnableComponent[] {
  const user = option === undefined ? [] : typeof option === 'function' ? undefined : option;
  if (option !== undefined && typeof option !== 'function' && !Array.isArray(option)) {
    throw new SertagError('BAD_ARGUMENT', 'createTagger: option `components` must be an array of components or a function of the built-in list');
  }
  const list = user === undefined ? (option as (b: readonly Component<any>[]) => readonly Component<any>[])(builtIn.slice()) : [...builtIn, ...user];
  if (!Array.isArray(list)) throw new SertagError('BAD_ARGUMENT', 'createTagger: the `components` function must return an array of components');
  const names = new Set<string>();
  return list.map((component: unknown, i) => {
    const c = component as Record<string, unknown> | null;
    if (typeof c !== 'object' || c === null || typeof c.name !== 'string' || c.name === '') {
      // Counted in the user's own list when it is one.
      const place = user === undefined ? `component ${i} of the list the \`components\` function returned` : `components[${i - builtIn.length}]`;
      throw new SertagError('BAD_ARGUMENT', `createTagger: ${place} must be an object with a non-empty string \`name\``);
    }
    for (const hook of ['start', 'candidates', 'observe']) {
      if (c[hook] !== undefined && typeof c[hook] !== 'function') throw new SertagError('BAD_ARGUMENT', `createTagger: component \`${c.name}\`: \`${hook}\` must be a function`);
    }
    if (names.has(c.name)) throw new SertagError('BAD_ARGUMENT', `createTagger: two components are named \`${c.name}\``);
    names.add(c.name);
    return { component: component as Component<unknown>, stamps: !builtIn.includes(component as Component<any>) };
  });
}

/** A component's returned candidates, refused with the component's name when they are not an array of in-range token spans. */
function checkedCandidates(out: unknown, name: string, tokenCount: number): Candidate[] {
  if (!Array.isArray(out)) throw new SertagError('BAD_ARGUMENT', `component \`${name}\`: \`candidates\` must return an array of candidates or nothing`);
  for (const c of out as Candidate[]) {
    if (typeof c !== 'object' || c === null || !Number.isInteger(c.start) || !Number.isInteger(c.end) || c.start < 0 || c.end > tokenCount || c.end <= c.start || typeof c.type !== 'string') {
      throw new SertagError('BAD_ARGUMENT', `component \`${name}\` returned ${JSON.stringify(c)}; a candidate is { start, end, type, priority } with 0 <= start < end <= ${tokenCount} tokens`);
    }
  }
  return out as Candidate[];
}

/** Records `name` as the source of the candidates that have none (those the component added). */
function stampNew(candidates: Candidate[], name: string): void {
  for (const c of candidates) {
    if (c.entry === undefined && c.rule === undefined && c.by === undefined) c.by = { component: name };
    if (typeof c.priority !== 'number') c.priority = 0;
  }
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
