import { tagsFromSpans } from './bio/index.js';
import { SertagError } from './errors.js';
import type { GazetteerEntry } from './gazetteer/types.js';
import { loadSourcesCached } from './cache/index.js';
import { assertNoErrors, type LoadedSources, type SourceOptions } from './load.js';
import { compileTrie, findCandidates, type Candidate, type TokenTrie } from './match/index.js';
import { resolve } from './resolve/index.js';
import { SentenceView, addCandidates, ruleAppliesTo } from './rules/apply.js';
import type { PassOptions, Rule } from './rules/types.js';
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

class CompiledTagger implements Tagger {
  readonly types: ReadonlySet<string>;
  readonly stats: Tagger['stats'];
  readonly ruleWhy: ReadonlyMap<string, string>;
  private readonly trie: TokenTrie<GazetteerEntry>;
  private readonly vetoRules: Rule[];
  private readonly addRules: Rule[];
  private readonly anchoredRules = new Map<string, Rule[]>();
  private readonly freeAddRules: Rule[];
  private readonly freeVetoRules: Rule[];
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
    this.trie = compileTrie(loaded.entries);
    this.vetoRules = rules.filter((r) => r.action !== 'add');
    this.addRules = rules.filter((r) => r.action === 'add');
    for (const rule of rules) {
      if (!rule.anchors) continue;
      for (const anchor of rule.anchors) {
        const list = this.anchoredRules.get(anchor) ?? [];
        list.push(rule);
        this.anchoredRules.set(anchor, list);
      }
    }
    this.freeAddRules = this.addRules.filter((r) => !r.anchors);
    this.freeVetoRules = this.vetoRules.filter((r) => !r.anchors);
    this.passes = { ...loaded.passes, ...options.passes };
    this.stats = { entries: loaded.entries.length, rules: rules.length, files: loaded.files };
    this.ruleWhy = new Map(loaded.rules.map((r) => [r.id, r.why]));
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
      for (let i = start; i < end; i++) {
        const t = tokens[i]!.text;
        texts.push(t);
        lower.push(t.toLowerCase());
      }
      this.tagSentence(tokens, texts, lower, start, text, entities, acronyms);
    }
    const spans = entities.map((e) => ({ start: e.tokenStart, end: e.tokenEnd, type: e.type }));
    return { tokens, entities, tags: tagsFromSpans(spans, tokens.length), sentences };
  }

  private tagSentence(
    tokens: readonly Token[],
    texts: string[],
    lower: string[],
    offset: number,
    text: string,
    entities: Entity[],
    acronyms: Map<string, Candidate & { from: string }> | undefined,
  ): void {
    let candidates = findCandidates(this.trie, texts, lower);
    const view = new SentenceView(texts, lower, candidates);
    const present = this.anchoredRulesIn(lower);
    if (this.vetoRules.length > 0 && candidates.length > 0) {
      const vetoes = present ? this.vetoRules.filter((r) => !r.anchors || present.has(r)) : this.freeVetoRules;
      if (vetoes.length > 0) candidates = applyVetoes(vetoes, candidates, view);
    }
    const additions = present ? this.addRules.filter((r) => !r.anchors || present.has(r)) : this.freeAddRules;
    for (const rule of additions) {
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

  /**
   * The anchored rules (add, veto or retype) whose anchor word occurs in the sentence; only those
   * and the unanchored ones are worth trying. Undefined when none occurs.
   */
  private anchoredRulesIn(lower: readonly string[]): Set<Rule> | undefined {
    if (this.anchoredRules.size === 0) return undefined;
    let found: Set<Rule> | undefined;
    for (const t of lower) {
      const rules = this.anchoredRules.get(t);
      if (rules) for (const r of rules) (found ??= new Set()).add(r);
    }
    return found;
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

function sourceOf(c: Candidate): Source {
  if (c.rule) return { kind: 'rule', file: c.rule.file, line: c.rule.line, rule: c.rule.id, ...(c.rule.detail ? { detail: c.rule.detail } : {}) };
  return c.entry!.source;
}
