import { spansFromTags } from '../bio/index.js';
import { inflect } from '../gazetteer/variants.js';
import type { CasePolicy, GazetteerEntryInput, GazetteerInput } from '../gazetteer/types.js';
import { commonEnglishWords } from './words.js';
import { checkLearnOptions } from '../options.js';

/** A gold sentence as the learner needs it: tokens and IOB2 tags. */
export interface LearnSentence {
  tokens: readonly string[];
  tags: readonly string[];
}

/** Thresholds and switches of the learner. The defaults are the ones chosen by cross-validation. */
export interface LearnOptions {
  /** Keep a string only when its majority type was tagged at least this often (default 1). */
  minCount?: number;
  /**
   * Keep a string only when at least this fraction of its occurrences are tagged, as whole spans,
   * with its majority type (default 0.3). Occurrences inside a longer gold entity don't count.
   */
  minKeyphraseness?: number;
  /**
   * The keyphraseness threshold for all-lower-case strings (`process`, `server`): common words
   * whose tagged share is a noisier estimate (default: `minKeyphraseness`).
   */
  minKeyphrasenessLower?: number;
  /** Longest entity learned, in tokens (default 6). */
  maxTokens?: number;
  /** Merge plural and singular forms (`green thread`/`green threads`) into one string (default true). */
  mergePlurals?: boolean;
  /**
   * `auto` (default): match any case unless a case variant seen in the data is rarely tagged,
   * then list only the well-tagged spellings with `case: exact`. `exact`/`ignore` force one policy.
   */
  caseMode?: 'auto' | 'exact' | 'ignore';
  /** A case variant counts as evidence against `case: ignore` from this many occurrences on (default 2). */
  minCaseEvidence?: number;
  /**
   * Add the plural (or singular) of lower-case head words not seen in the data, when the head word
   * and its inflection are both common English words, or the head word is no common word and the type
   * holds kinds of thing (`binary heap` → `binary heaps`, `mutex` → `mutexes`; the Application `uvicorn`
   * has no plural) (default true).
   */
  addPlurals?: boolean;
  /**
   * Entry priority from keyphraseness, in this many steps (0: all entries priority 0). With steps,
   * a well-tagged short name beats a rarely tagged longer string around it (`Linux` in `Linux kernel`).
   */
  prioritySteps?: number;
  /**
   * A spelling seen at least this often and tagged in fewer than `minKeyphraseness` of its
   * occurrences becomes a block: evidence that other lists (curated, hand-written) should not tag
   * it either (default 3; 0 disables blocks).
   */
  minBlockEvidence?: number;
  /**
   * Learned context vetoes: a neighbouring word seen at least this often next to a kept string,
   * with the string tagged in fewer than `minKeyphraseness` of those occurrences, becomes a
   * `not_prev`/`not_next` condition of the entry (default 2; 0 disables).
   */
  minContextEvidence?: number;
  /**
   * Drop a multi-token string whose occurrences hold more gold entities inside them than whole
   * (gold says `Linux` + `kernel` more often than `Linux kernel`), so the parts win (default true).
   */
  splitCheck?: boolean;
  /**
   * For `case: exact` entries, also list the all-lower-case spelling (`iOS` → `ios`) when the data
   * never saw it and none of its words is a common English word (`AIM` ↛ `aim`, `SD Card` ↛ `sd card`): informal text
   * (Stack Overflow) writes names in lower case, and the counts only spoke against the casings
   * they saw (default true).
   */
  lowerCaseVariants?: boolean;
  /** Common English words (lower case) for `lowerCaseVariants` and `addPlurals` (default: SCOWL 10–60, `gazetteers/english-words.txt`). */
  commonWords?: ReadonlySet<string>;
  /**
   * Pseudo-occurrences, untagged, added to every string's count before its keyphraseness is compared
   * with the thresholds: a string tagged once in one occurrence (1/1) is weaker evidence than 5/5,
   * and one tagged 1/3 is mostly noise (default 1, chosen by cross-validation; 0: the raw ratio).
   */
  keyphrasenessPrior?: number;
  /**
   * A string that reads as a sentence fragment rather than a name — it starts with a lower-case
   * determiner or possessive followed by a lower-case word (`a few exceptions`, `its nature`), or
   * with a word that introduces a name (`called an RJE`) — is kept only when tagged at least this
   * often (default 2; 0 keeps them all). `the PlayStation 4` and `The Legend of Zelda` are names.
   */
  minFragmentEvidence?: number;
  /**
   * Versions and model numbers: a kept string that the gold tags together with a following version
   * token (`Android 11`, `Mass Effect 3`, `Final Fantasy XV`) at least this often, and more often
   * than it tags the string alone before one, gets a learned rule that tags the string and the
   * version as one entity; the rule has priority 0, so on the very same span a gazetteer entry's
   * type wins (default 1, chosen by cross-validation; 0: none).
   */
  minVersionEvidence?: number;
  /** Name shown as the gazetteer's file in sources (default `learned`). */
  name?: string;
  /** Lines written at the top of the YAML, as comments (provenance, command). */
  header?: string[];
}

/** Counts behind one spelling of a string. */
export interface FormStats {
  /** The spelling, tokens joined by single spaces. */
  form: string;
  /** Occurrences as a token sequence (excluding those inside a longer gold entity). */
  occurrences: number;
  /** Occurrences tagged as a whole entity, per type. */
  tagged: Record<string, number>;
  /** Gold entities strictly inside its occurrences (`Linux` and `kernel` in an untagged `Linux kernel`). */
  innerGold?: number;
  /** Per occurrence: the lower-cased previous and next tokens ('' at the sentence edge) and the gold type ('' when untagged). */
  contexts?: Array<[prev: string, next: string, type: string]>;
}

/** One learned string (its spellings merged) with the counts behind the decision. */
export interface LearnedEntry {
  /** The spelling written as `term` (the most often tagged one). */
  term: string;
  /** Other spellings written as aliases. */
  aliases: string[];
  type: string;
  case: CasePolicy;
  /** Occurrences of all spellings, and of the kept spellings. */
  occurrences: number;
  /** Occurrences tagged with `type`, over the kept spellings. */
  taggedAsType: number;
  /** taggedAsType / occurrences of the kept spellings. */
  keyphraseness: number;
  /** Tagged occurrences per type, over all spellings. */
  types: Record<string, number>;
  /** Every spelling seen, kept or not. */
  forms: FormStats[];
  /** Neighbouring words next to which the string is rarely tagged (lower-cased). */
  notPrev: string[];
  notNext: string[];
}

/** Why a string seen as an entity was not kept: for the error anatomy and for reviewers. */
export interface RejectedEntry {
  key: string;
  type: string;
  taggedAsType: number;
  occurrences: number;
  reason: 'count' | 'keyphraseness' | 'split' | 'fragment' | 'junk';
}

/** A spelling the data says is rarely an entity, with its counts. */
export interface BlockedForm {
  form: string;
  tokens: string[];
  tagged: number;
  occurrences: number;
}

/** A kept string that the gold tags with the version after it (`Android` + `11`). */
export interface VersionedEntry {
  /** The spellings (the entry's term and aliases) the rule matches. */
  spellings: string[];
  case: CasePolicy;
  /** The majority type of the gold spans with the version. */
  type: string;
  /** Gold spans holding the string and the version, and gold spans of the string alone before a version. */
  withVersion: number;
  alone: number;
}

export interface LearnResult {
  entries: LearnedEntry[];
  /** Strings tagged with the version after them; `blockRules` holds a rule for each. */
  versioned: VersionedEntry[];
  /** Spellings seen often and rarely tagged: `blockRules` vetoes them in other gazetteers. */
  blocked: BlockedForm[];
  /** Veto rules (a rules file as an object) for the blocked spellings, one rule per length, and the version rules. */
  blockRules: { name: string; rules: unknown[] };
  /** The same rules as YAML, for `rules/`. */
  blockYaml: string;
  rejected: RejectedEntry[];
  /** The gazetteer as an object, ready for `createTagger({ gazetteers: [gazetteer] })`. */
  gazetteer: GazetteerInput;
  /** The gazetteer as reviewable YAML, counts as comments. */
  yaml: string;
}

interface ResolvedOptions {
  minCount: number;
  minKeyphraseness: number;
  minKeyphrasenessLower?: number;
  maxTokens: number;
  mergePlurals: boolean;
  caseMode: 'auto' | 'exact' | 'ignore';
  minCaseEvidence: number;
  addPlurals: boolean;
  prioritySteps: number;
  minBlockEvidence: number;
  minContextEvidence: number;
  splitCheck: boolean;
  lowerCaseVariants: boolean;
  keyphrasenessPrior: number;
  minFragmentEvidence: number;
  minVersionEvidence: number;
  commonWords?: ReadonlySet<string>;
  name: string;
  header: string[];
}

export const DEFAULT_LEARN_OPTIONS: Readonly<Omit<ResolvedOptions, 'name' | 'header'>> = {
  minCount: 1,
  minKeyphraseness: 0.3,
  maxTokens: 6,
  mergePlurals: true,
  caseMode: 'auto',
  minCaseEvidence: 2,
  addPlurals: true,
  prioritySteps: 0,
  minBlockEvidence: 3,
  minContextEvidence: 2,
  splitCheck: true,
  lowerCaseVariants: true,
  keyphrasenessPrior: 1,
  minFragmentEvidence: 2,
  minVersionEvidence: 1,
};

/** Whether any word of a lower-cased spelling is a common English word (`the iphone`, `sd card`). */
function hasCommonWord(lower: string, common: ReadonlySet<string>): boolean {
  return lower.split(/[\s-]+/).some((w) => /[a-z]/.test(w) && common.has(w));
}

/** Words that introduce a name rather than start one (`called an RJE`, `known as Linux`). */
const INTRODUCERS = new Set(['called', 'named', 'known', 'so-called', 'dubbed', 'termed', 'using', 'used', 'via', 'including', 'like', 'as']);
/** Possessives: `its nature`, `their C compiler` are phrases about a name, not names. */
const POSSESSIVES = new Set(['its', 'their', 'his', 'her', 'our', 'my', 'your', 'whose']);
/** Determiners and quantifiers, fragments when a lower-case word follows (`a few exceptions`, not `the Dreamcast`). */
const DETERMINERS = new Set(['a', 'an', 'the', 'this', 'that', 'these', 'those', 'some', 'any', 'each', 'every', 'few', 'several', 'many', 'most', 'such', 'no', 'all', 'both', 'another', 'other']);
/** Prepositions, fragments when a determiner follows (`in the cloud`; `for loop` is a name). */
const PREPOSITIONS = new Set(['in', 'on', 'at', 'of', 'for', 'with', 'by', 'from', 'to', 'into', 'onto', 'over', 'under', 'through']);
/** Finite verbs: a string holding one is a clause (`Linux is`), never a name. */
const FINITE_VERBS = new Set(['is', 'are', 'was', 'were', 'has', 'have', 'had', 'does', 'did', 'can', 'could', 'will', 'would', 'should', 'may', 'might', 'must']);

/**
 * Whether a spelling (as written, tokens joined by spaces) reads as a sentence fragment rather
 * than a name. Only lower-case function words count: `The Legend of Zelda` and `A Bug 's Life` are titles.
 */
export function isFragment(form: string): boolean {
  const words = form.split(' ');
  if (words.length < 2) return false;
  const [first, second] = [words[0]!, words[1]!];
  if (INTRODUCERS.has(first) || POSSESSIVES.has(first)) return true;
  if (DETERMINERS.has(first) && /^[a-z]/.test(second)) return true;
  if (PREPOSITIONS.has(first) && DETERMINERS.has(second)) return true;
  return words.some((w) => FINITE_VERBS.has(w));
}

/** Bracket pairs whose halves must balance within a learned string. */
const BRACKETS: ReadonlyArray<readonly [string, string]> = [['(', ')'], ['[', ']'], ['{', '}']];
/** Quote marks that come in pairs within a learned string. */
const PAIRED_QUOTES = ['"', '`'];

/**
 * Whether a spelling (tokens joined by single spaces) cannot be a name however often it was tagged:
 * no letter at all (`286 4)`, `#`), a first or last token without a letter or digit (`" Home "`,
 * `.NET Winforms ?`, `util .. . )`: the annotator's span took in punctuation around the name), an
 * unbalanced bracket (`286 4)`, `util .. . )`) or an odd number of quote marks (`map\``,
 * `"_BLOCK_TYPE_IS_VALID(pHead->nBlockUse)`). Such a string is a slip of one annotation; as an
 * entry it would only ever match that slip again.
 */
export function isJunk(form: string): boolean {
  if (!/\p{L}/u.test(form)) return true;
  const words = form.split(' ');
  const alphanumeric = /[\p{L}\p{N}]/u;
  if (!alphanumeric.test(words[0]!) || !alphanumeric.test(words[words.length - 1]!)) return true;
  for (const [open, close] of BRACKETS) {
    let depth = 0;
    for (const ch of form) {
      if (ch === open) depth++;
      else if (ch === close && --depth < 0) return true;
    }
    if (depth !== 0) return true;
  }
  return PAIRED_QUOTES.some((q) => form.split(q).length % 2 === 0);
}

/** The kept spelling most often tagged with `type` (ties: the more frequent, then the first in order). */
function mostTagged(kept: readonly FormStats[], type: string): string {
  const asType = (f: FormStats) => f.tagged[type] ?? 0;
  return [...kept].sort((a, b) => asType(b) - asType(a) || b.occurrences - a.occurrences || compareTerms(a.form, b.form))[0]!.form;
}

/**
 * A version or model number after a name: `11`, `6.0`, `2.3.3`, `3D`, `800XL`, `XV`. Written
 * without nested quantifiers: rules refuse those (`UNSAFE_REGEX`).
 */
const VERSION_SOURCE = '^(?:[0-9][0-9.]*[A-Za-z]{0,2}|[IVX]{2,5})$';
const VERSION = new RegExp(VERSION_SOURCE);

/** How a spelling followed by a version token is tagged: with the version (per type) or alone. */
interface VersionCounts {
  withVersion: Record<string, number>;
  alone: number;
}

function countVersion(versions: Map<string, VersionCounts>, form: string, typeWithVersion: string | undefined, typeAlone: string | undefined): void {
  if (typeWithVersion === undefined && typeAlone === undefined) return;
  let counts = versions.get(form);
  if (!counts) versions.set(form, (counts = { withVersion: {}, alone: 0 }));
  if (typeWithVersion !== undefined) counts.withVersion[typeWithVersion] = (counts.withVersion[typeWithVersion] ?? 0) + 1;
  else counts.alone++;
}

/** The kept entries the gold tags with their version more often than without it (see `minVersionEvidence`). */
function versionedEntries(entries: readonly LearnedEntry[], versions: ReadonlyMap<string, VersionCounts>, opts: ResolvedOptions): VersionedEntry[] {
  const out: VersionedEntry[] = [];
  for (const entry of entries) {
    const spellings = [entry.term, ...entry.aliases];
    const listed = new Set(spellings);
    const withVersion: Record<string, number> = {};
    let alone = 0;
    for (const f of entry.forms) {
      if (entry.case === 'exact' && !listed.has(f.form)) continue;
      const counts = versions.get(f.form);
      if (!counts) continue;
      for (const [t, n] of Object.entries(counts.withVersion)) withVersion[t] = (withVersion[t] ?? 0) + n;
      alone += counts.alone;
    }
    const majority = majorityType(withVersion);
    const total = sum(Object.values(withVersion).map((n) => ({ occurrences: n }) as FormStats), (f) => f.occurrences);
    if (!majority || total < opts.minVersionEvidence || total <= alone) continue;
    const distinct = entry.case === 'ignore' ? [...new Map(spellings.map((sp) => [sp.toLowerCase(), sp])).values()] : spellings;
    out.push({ spellings: distinct, case: entry.case, type: majority[0], withVersion: total, alone });
  }
  return out;
}

/** A lower-case word that may carry a plural: alphabetic (hyphens allowed), at least 4 letters. */
const INFLECTABLE = /^[a-z][a-z-]{2,}[a-z]$/;

/**
 * Induces a gazetteer from gold sentences. For every string tagged somewhere it counts how often
 * the string occurs at all and how often it is tagged there as a whole entity (its keyphraseness),
 * per spelling, and keeps the strings whose majority type clears the thresholds. Two passes over
 * the data: collect the gold spans, then count all their occurrences with a token trie.
 */
export function learnGazetteer(sentences: Iterable<LearnSentence>, options: LearnOptions = {}): LearnResult {
  checkLearnOptions(options, 'learnGazetteer');
  const opts: ResolvedOptions = { ...DEFAULT_LEARN_OPTIONS, name: 'learned', header: [], ...stripUndefined(options) };
  const list = [...sentences];
  const folder = new Folder(opts.mergePlurals);

  // Pass 1: the lower-cased spellings of every gold span (plus their plural/singular), as a trie.
  const trie = new LowerTrie();
  const goldSpans: Array<Map<string, string>> = [];
  for (const sentence of list) {
    const spans = new Map<string, string>();
    for (const span of spansFromTags(sentence.tags)) {
      spans.set(`${span.start}:${span.end}`, span.type);
      if (span.end - span.start > opts.maxTokens) continue;
      const lower = sentence.tokens.slice(span.start, span.end).map((t) => t.toLowerCase());
      trie.insert(lower);
      if (opts.mergePlurals) for (const other of folder.counterparts(lower)) trie.insert(other);
    }
    goldSpans.push(spans);
  }

  // Pass 2: every occurrence of those spellings, tagged or not, per exact spelling.
  const forms = new Map<string, FormStats>();
  const versions = new Map<string, VersionCounts>();
  for (let s = 0; s < list.length; s++) {
    const sentence = list[s]!;
    const spans = goldSpans[s]!;
    const lower = sentence.tokens.map((t) => t.toLowerCase());
    const inside = insideLongerSpan(spans, sentence.tokens.length);
    const spanList = [...spans.keys()].map((k) => k.split(':').map(Number) as [number, number]);
    for (let start = 0; start < lower.length; start++) {
      trie.walk(lower, start, opts.maxTokens, (end) => {
        const type = spans.get(`${start}:${end}`);
        if (opts.minVersionEvidence > 0 && end < lower.length && VERSION.test(sentence.tokens[end]!)) {
          countVersion(versions, sentence.tokens.slice(start, end).join(' '), spans.get(`${start}:${end + 1}`), type);
        }
        // Part of a longer gold entity: the longer entry wins at tagging time, so it is neither a hit nor a miss.
        if (type === undefined && inside(start, end)) return;
        const form = sentence.tokens.slice(start, end).join(' ');
        let stats = forms.get(form);
        if (!stats) forms.set(form, (stats = { form, occurrences: 0, tagged: {}, contexts: [] }));
        stats.occurrences++;
        if (type !== undefined) stats.tagged[type] = (stats.tagged[type] ?? 0) + 1;
        if (end - start > 1) {
          let inner = 0;
          for (const [a, b] of spanList) if (a >= start && b <= end && b - a < end - start) inner++;
          stats.innerGold = (stats.innerGold ?? 0) + inner;
        }
        if (opts.minContextEvidence > 0) stats.contexts!.push([start > 0 ? lower[start - 1]! : '', lower[end] ?? '', type ?? '']);
      });
    }
  }

  // Group spellings by their folded key (lower case, singular head word).
  const groups = new Map<string, FormStats[]>();
  for (const stats of forms.values()) {
    const key = folder.key(stats.form);
    const group = groups.get(key);
    if (group) group.push(stats);
    else groups.set(key, [stats]);
  }

  const entries: LearnedEntry[] = [];
  const rejected: RejectedEntry[] = [];
  const blocked: BlockedForm[] = [];
  for (const [key, group] of groups) {
    const decided = decide(key, group, opts);
    if (opts.minBlockEvidence > 0) collectBlocks(group, 'reason' in decided ? undefined : decided, opts, blocked);
    if ('reason' in decided) {
      if (decided.taggedAsType > 0) rejected.push(decided);
    } else entries.push(decided);
  }
  entries.sort((a, b) => compareTerms(a.term, b.term));
  rejected.sort((a, b) => b.taggedAsType - a.taggedAsType || compareTerms(a.key, b.key));
  addPluralAliases(entries, opts, folder, new Set(forms.keys()));
  const gazetteer: GazetteerInput = { name: opts.name, case: 'ignore', entries: entries.map((e) => toInput(e, opts)) };
  blocked.sort((a, b) => compareTerms(a.form, b.form));
  const versioned = opts.minVersionEvidence > 0 ? versionedEntries(entries, versions, opts) : [];
  const blockRules = toBlockRules(blocked, versioned, opts);
  return { entries, versioned, rejected, blocked, blockRules, blockYaml: toBlockYaml(blocked, versioned, blockRules, opts), gazetteer, yaml: toYaml(entries, opts) };
}

function stripUndefined<T extends object>(o: T): Partial<T> {
  return Object.fromEntries(Object.entries(o).filter(([, v]) => v !== undefined)) as Partial<T>;
}

function compareTerms(a: string, b: string): number {
  const x = a.toLowerCase();
  const y = b.toLowerCase();
  return x < y ? -1 : x > y ? 1 : a < b ? -1 : a > b ? 1 : 0;
}

/** Whether `[start, end)` lies strictly inside a longer gold span of the sentence. */
function insideLongerSpan(spans: ReadonlyMap<string, string>, length: number): (start: number, end: number) => boolean {
  const cover = new Int32Array(length).fill(-1);
  const coverEnd = new Int32Array(length).fill(-1);
  for (const key of spans.keys()) {
    const [a, b] = key.split(':').map(Number) as [number, number];
    for (let k = a; k < b; k++) {
      cover[k] = a;
      coverEnd[k] = b;
    }
  }
  return (start, end) => {
    const a = cover[start]!;
    return a >= 0 && a <= start && coverEnd[start]! >= end && coverEnd[start]! - a > end - start;
  };
}

/** Lower-casing and plural folding of spellings, cached (the inflector is the slow part). */
class Folder {
  private readonly singulars = new Map<string, string>();
  private readonly plurals = new Map<string, string>();

  constructor(private readonly merge: boolean) {}

  singular(word: string): string {
    let s = this.singulars.get(word);
    if (s === undefined) this.singulars.set(word, (s = INFLECTABLE.test(word) ? inflect(word, 'singular') : word));
    return s;
  }

  plural(word: string): string {
    let p = this.plurals.get(word);
    if (p === undefined) this.plurals.set(word, (p = INFLECTABLE.test(word) ? inflect(word, 'plural') : word));
    return p;
  }

  /** The group key of a spelling: lower case, last word singular. */
  key(form: string): string {
    const lower = form.toLowerCase();
    if (!this.merge) return lower;
    const cut = lower.lastIndexOf(' ') + 1;
    return lower.slice(0, cut) + this.singular(lower.slice(cut));
  }

  /** The other number of a lower-cased token list (`trees` → `tree`, `tree` → `trees`), if any. */
  counterparts(lower: readonly string[]): string[][] {
    const last = lower[lower.length - 1]!;
    if (!INFLECTABLE.test(last)) return [];
    const out: string[][] = [];
    for (const other of new Set([this.singular(last), this.plural(last)])) {
      if (other !== last && !other.includes(' ')) out.push([...lower.slice(0, -1), other]);
    }
    return out;
  }
}

/** A trie over lower-cased tokens, marking where inserted sequences end. */
class LowerTrie {
  private readonly root: TrieNode = { next: new Map(), end: false };

  insert(tokens: readonly string[]): void {
    let node = this.root;
    for (const t of tokens) {
      let child = node.next.get(t);
      if (!child) node.next.set(t, (child = { next: new Map(), end: false }));
      node = child;
    }
    node.end = true;
  }

  walk(tokens: readonly string[], start: number, maxTokens: number, found: (end: number) => void): void {
    let node: TrieNode | undefined = this.root;
    for (let i = start; i < tokens.length && i - start < maxTokens; i++) {
      node = node.next.get(tokens[i]!);
      if (!node) return;
      if (node.end) found(i + 1);
    }
  }
}

interface TrieNode {
  next: Map<string, TrieNode>;
  end: boolean;
}

function majorityType(tagged: Record<string, number>): [string, number] | undefined {
  let best: [string, number] | undefined;
  for (const [type, n] of Object.entries(tagged)) {
    if (!best || n > best[1] || (n === best[1] && type < best[0])) best = [type, n];
  }
  return best;
}

function sum(group: readonly FormStats[], pick: (f: FormStats) => number): number {
  let total = 0;
  for (const f of group) total += pick(f);
  return total;
}

/** Keeps or rejects one group of spellings, and picks its case policy. */
function decide(key: string, group: FormStats[], opts: ResolvedOptions): LearnedEntry | RejectedEntry {
  const types: Record<string, number> = {};
  for (const f of group) for (const [t, n] of Object.entries(f.tagged)) types[t] = (types[t] ?? 0) + n;
  const majority = majorityType(types);
  const occurrences = sum(group, (f) => f.occurrences);
  if (!majority) return { key, type: '', taggedAsType: 0, occurrences, reason: 'count' };
  const [type, taggedAsType] = majority;
  // Strings without a capital or digit are common words: they may get a stricter threshold.
  if (opts.minKeyphrasenessLower !== undefined && /^[a-z][a-z -]*$/.test(key)) opts = { ...opts, minKeyphraseness: opts.minKeyphrasenessLower };
  const asType = (f: FormStats) => f.tagged[type] ?? 0;
  const good = (f: FormStats) => asType(f) > 0 && asType(f) / f.occurrences >= opts.minKeyphraseness;
  const badEvidence = group.some((f) => f.occurrences >= opts.minCaseEvidence && asType(f) / f.occurrences < opts.minKeyphraseness);

  let kept: FormStats[];
  let casePolicy: CasePolicy;
  if (opts.caseMode === 'ignore' || (opts.caseMode === 'auto' && !badEvidence)) {
    kept = group;
    casePolicy = 'ignore';
  } else {
    kept = group.filter(good);
    casePolicy = 'exact';
  }
  const keptTagged = sum(kept, asType);
  const keptOccurrences = sum(kept, (f) => f.occurrences);
  const keyphraseness = keptOccurrences === 0 ? 0 : keptTagged / keptOccurrences;
  const smoothed = keptOccurrences === 0 ? 0 : keptTagged / (keptOccurrences + opts.keyphrasenessPrior);
  if (isJunk(key)) return { key, type, taggedAsType, occurrences, reason: 'junk' };
  if (kept.length === 0 || smoothed < opts.minKeyphraseness) return { key, type, taggedAsType, occurrences, reason: 'keyphraseness' };
  if (keptTagged < opts.minCount) return { key, type, taggedAsType, occurrences, reason: 'count' };
  if (keptTagged < opts.minFragmentEvidence && isFragment(mostTagged(kept, type))) return { key, type, taggedAsType, occurrences, reason: 'fragment' };
  // More gold entities inside its occurrences than whole ones: tagging the parts scores better.
  if (opts.splitCheck && sum(kept, (f) => f.innerGold ?? 0) > keptTagged) return { key, type, taggedAsType, occurrences, reason: 'split' };

  // The most often tagged spelling is the term; in `ignore` mode one spelling per lower-case form.
  const ranked = [...kept].sort((a, b) => asType(b) - asType(a) || b.occurrences - a.occurrences || compareTerms(a.form, b.form));
  const spellings: string[] = [];
  const seenLower = new Set<string>();
  for (const f of ranked) {
    const k = casePolicy === 'ignore' ? f.form.toLowerCase() : f.form;
    if (seenLower.has(k)) continue;
    // Untagged spellings are kept only when matching ignores case anyway (they then cost nothing to list).
    if (casePolicy === 'exact' && asType(f) === 0) continue;
    seenLower.add(k);
    spellings.push(f.form);
  }
  if (casePolicy === 'exact' && opts.lowerCaseVariants) {
    const common = opts.commonWords ?? commonEnglishWords();
    const seen = new Set(group.map((f) => f.form));
    {
      for (const s of [...spellings]) {
        const lower = s.toLowerCase();
        // A seen lower-case spelling was decided by its counts; a common word is mostly the word;
        // a rejected capitalised spelling (`George` 0/7 next to `GEORGE`) is a name, and so is its lower case.
        const capitalised = lower.charAt(0).toUpperCase() + lower.slice(1);
        const nameSpelling = seen.has(capitalised) && !spellings.includes(capitalised);
        if (lower === s || seen.has(lower) || spellings.includes(lower) || nameSpelling || hasCommonWord(lower, common)) continue;
        spellings.push(lower);
      }
    }
  }
  const [notPrev, notNext] = contextVetoes(kept, type, opts);
  return {
    notPrev,
    notNext,
    term: spellings[0]!,
    aliases: spellings.slice(1),
    type,
    case: casePolicy,
    occurrences: keptOccurrences,
    taggedAsType: keptTagged,
    keyphraseness,
    types,
    forms: group,
  };
}

/**
 * Types whose members are the names of products and projects (`uvicorn`, `Django`, `Debian`): such a
 * name has no plural, unlike the kinds of thing other types hold (`mutex`, `hash map`, `router`).
 */
const PROPER_NAME_TYPES: ReadonlySet<string> = new Set(['Application', 'Library', 'Language', 'Operating_System', 'License']);

/**
 * Adds the unseen other number of lower-case head words that are common nouns (`binary heap` →
 * `binary heaps`, not `uvicorn` → `uvicorns`), unless that spelling was seen in the data (then the
 * counts already decided about it).
 */
function addPluralAliases(entries: LearnedEntry[], opts: ResolvedOptions, folder: Folder, seen: ReadonlySet<string>): void {
  if (!opts.addPlurals || !opts.mergePlurals) return;
  const seenLower = new Set([...seen].map((s) => s.toLowerCase()));
  const common = opts.commonWords ?? commonEnglishWords();
  for (const entry of entries) {
    if (entry.case !== 'ignore') continue;
    const have = new Set([entry.term, ...entry.aliases].map((s) => s.toLowerCase()));
    for (const form of [entry.term, ...entry.aliases]) {
      const cut = form.lastIndexOf(' ') + 1;
      const last = form.slice(cut);
      if (!INFLECTABLE.test(last)) continue;
      // Only the other number: a plural gets its singular, a singular its plural.
      const singular = folder.singular(last);
      const other = singular !== last ? singular : folder.plural(last);
      {
        const variant = form.slice(0, cut) + other;
        const lower = variant.toLowerCase();
        if (other === last || have.has(lower) || seenLower.has(lower)) continue;
        // A word that is no common word is a name when the type names products (`uvicorn` ↛ `uvicorns`,
        // `numpy` ↛ `numpies`) and a technical noun otherwise (`mutex` → `mutexes`); a common word
        // whose inflection is no word is no noun (`crashed` ↛ `crasheds`, `unstable` ↛ `unstables`).
        if (common.has(last.toLowerCase()) ? !common.has(other.toLowerCase()) : PROPER_NAME_TYPES.has(entry.type)) continue;
        have.add(lower);
        entry.aliases.push(variant);
      }
    }
  }
}

/** The priority an entry gets from its keyphraseness (0 when priorities are off). */
function priorityOf(entry: LearnedEntry, opts: ResolvedOptions): number {
  return opts.prioritySteps > 0 ? Math.floor(entry.keyphraseness * opts.prioritySteps) / opts.prioritySteps : 0;
}

/** Neighbours next to which the kept spellings are rarely tagged with `type`: [not_prev, not_next]. */
function contextVetoes(kept: readonly FormStats[], type: string, opts: ResolvedOptions): [string[], string[]] {
  if (opts.minContextEvidence <= 0) return [[], []];
  const sides: [Map<string, [number, number]>, Map<string, [number, number]>] = [new Map(), new Map()];
  for (const f of kept) {
    for (const context of f.contexts ?? []) {
      for (const side of [0, 1] as const) {
        const word = context[side];
        if (word === '') continue;
        const counts = sides[side].get(word) ?? [0, 0];
        counts[0]++;
        if (context[2] === type) counts[1]++;
        sides[side].set(word, counts);
      }
    }
  }
  return sides.map((counts) =>
    [...counts.entries()]
      .filter(([, [n, hit]]) => n >= opts.minContextEvidence && hit / n < opts.minKeyphraseness)
      .map(([word]) => word)
      .sort(),
  ) as [string[], string[]];
}

function toInput(entry: LearnedEntry, opts: ResolvedOptions): GazetteerEntryInput {
  const priority = priorityOf(entry, opts);
  return {
    ...(entry.notPrev.length > 0 ? { not_prev: entry.notPrev } : {}),
    ...(entry.notNext.length > 0 ? { not_next: entry.notNext } : {}),
    term: entry.term,
    type: entry.type,
    ...(priority !== 0 ? { priority } : {}),
    ...(entry.case === 'exact' ? { case: 'exact' as const } : {}),
    ...(entry.aliases.length > 0 ? { aliases: entry.aliases } : {}),
  };
}

/** A YAML scalar: plain when safe, else double-quoted (JSON strings are valid YAML). */
function scalar(s: string): string {
  return /^[A-Za-z][A-Za-z0-9 _.+#/-]*$/.test(s) && !/^(true|false|yes|no|on|off|null|y|n)$/i.test(s) && !/[ ]$/.test(s) && !s.includes(' #') && !s.includes(': ')
    ? s
    : JSON.stringify(s);
}

function describe(entry: LearnedEntry): string {
  const kp = entry.keyphraseness.toFixed(2);
  const other = Object.entries(entry.types)
    .filter(([t]) => t !== entry.type)
    .sort((a, b) => b[1] - a[1])
    .map(([t, n]) => `${t} ${n}`)
    .join(', ');
  const dropped = entry.forms
    .filter((f) => entry.case === 'exact' && f.form !== entry.term && !entry.aliases.includes(f.form))
    .map((f) => `${f.form} ${sumTagged(f)}/${f.occurrences}`)
    .join(', ');
  return `tagged ${entry.taggedAsType}/${entry.occurrences} = ${kp}${other ? `; also ${other}` : ''}${dropped ? `; not kept: ${dropped}` : ''}`;
}

function sumTagged(f: FormStats): number {
  return Object.values(f.tagged).reduce((a, b) => a + b, 0);
}

function toYaml(entries: readonly LearnedEntry[], opts: ResolvedOptions): string {
  const lines: string[] = [];
  for (const h of opts.header) lines.push(`# ${h}`);
  lines.push(
    `# Learned by \`sertag learn\`: minCount ${opts.minCount}, minKeyphraseness ${opts.minKeyphraseness}, maxTokens ${opts.maxTokens},`,
    `# case ${opts.caseMode}, plurals ${opts.mergePlurals ? 'merged' : 'separate'}, keyphrasenessPrior ${opts.keyphrasenessPrior}, minFragmentEvidence ${opts.minFragmentEvidence}.`,
    '# Each comment: tagged/occurrences = keyphraseness.',
    `# ${entries.length} entries. Edit freely; re-learning overwrites this file.`,
    'case: ignore',
    'entries:',
  );
  for (const entry of entries) {
    const parts = [`term: ${scalar(entry.term)}`, `type: ${entry.type}`];
    const priority = priorityOf(entry, opts);
    if (priority !== 0) parts.push(`priority: ${priority}`);
    if (entry.case === 'exact') parts.push('case: exact');
    if (entry.aliases.length > 0) parts.push(`aliases: [${entry.aliases.map(scalar).join(', ')}]`);
    if (entry.notPrev.length > 0) parts.push(`not_prev: [${entry.notPrev.map((w) => JSON.stringify(w)).join(', ')}]`);
    if (entry.notNext.length > 0) parts.push(`not_next: [${entry.notNext.map((w) => JSON.stringify(w)).join(', ')}]`);
    lines.push(`  - { ${parts.join(', ')} }  # ${describe(entry)}`);
  }
  return lines.join('\n') + '\n';
}

/** Spellings of a group that the data shows are rarely entities (all of them when the group was rejected). */
function collectBlocks(group: readonly FormStats[], kept: LearnedEntry | undefined, opts: ResolvedOptions, out: BlockedForm[]): void {
  const keptForms = kept ? new Set([kept.term, ...kept.aliases].map((f) => (kept.case === 'ignore' ? f.toLowerCase() : f))) : new Set<string>();
  for (const f of group) {
    if (kept && keptForms.has(kept.case === 'ignore' ? f.form.toLowerCase() : f.form)) continue;
    const tagged = sumTagged(f);
    if (f.occurrences < opts.minBlockEvidence || tagged / f.occurrences >= opts.minKeyphraseness) continue;
    // A block of punctuation (`'`, `)`) or of half a bracket pair is as much a slip as such an entry.
    if (isJunk(f.form)) continue;
    out.push({ form: f.form, tokens: f.form.split(' '), tagged, occurrences: f.occurrences });
  }
}

/**
 * One veto rule per length: a single-token rule lists the blocked tokens; longer blocks get one
 * rule each (few, and an exact token sequence must not over-block).
 */
function toBlockRules(blocked: readonly BlockedForm[], versioned: readonly VersionedEntry[], opts: ResolvedOptions): { name: string; rules: unknown[] } {
  const single = blocked.filter((b) => b.tokens.length === 1).map((b) => b.form);
  const rules: unknown[] = [];
  const why = `seen at least ${opts.minBlockEvidence} times in the gold data and tagged in under ${opts.minKeyphraseness} of them`;
  if (single.length > 0) rules.push({ id: 'learned-block-1', group: 'learned-blocks', why, action: 'veto', pattern: [{ text: single }] });
  blocked
    .filter((b) => b.tokens.length > 1)
    .forEach((b, i) => {
      rules.push({ id: `learned-block-${b.tokens.length}-${i + 1}`, group: 'learned-blocks', why, action: 'veto', pattern: b.tokens.map((t) => ({ text: [t] })) });
    });
  versioned.forEach((v, i) => {
    v.spellings.forEach((spelling, j) => {
      const pattern = [...spelling.split(' ').map((t) => (v.case === 'exact' ? { text: [t] } : { lower: [t.toLowerCase()] })), { regex: VERSION_SOURCE }];
      const why = `tagged with the version after it ${v.withVersion} times in the gold data, alone before one ${v.alone} times`;
      rules.push({ id: `learned-version-${i + 1}${v.spellings.length > 1 ? `-${j + 1}` : ''}`, group: 'learned-versions', why, action: 'add', type: v.type, priority: 0, pattern });
    });
  });
  return { name: `${opts.name} (blocks)`, rules };
}

function toBlockYaml(blocked: readonly BlockedForm[], versioned: readonly VersionedEntry[], blockRules: { rules: unknown[] }, opts: ResolvedOptions): string {
  const lines = opts.header.map((h) => `# ${h}`);
  lines.push(
    '# Blocks learned by `sertag learn --blocks`: spellings the gold data shows are rarely entities, so no',
    '# gazetteer (curated lists included) tags them. Counts: tagged/occurrences.',
  );
  for (const b of blocked) lines.push(`#   ${b.form}  ${b.tagged}/${b.occurrences}`);
  if (versioned.length > 0) {
    lines.push('# Versions (group learned-versions): names the gold tags together with the version after them.', '# Counts: with the version / alone before one.');
    for (const v of versioned) lines.push(`#   ${v.spellings.join(', ')}  ${v.withVersion}/${v.alone}`);
  }
  lines.push('rules:');
  type RuleObject = { id: string; group: string; why: string; action: string; type?: string; priority?: number; pattern: Array<{ text?: string[]; lower?: string[]; regex?: string }> };
  const list = (words: string[]) => `[${words.map((t) => JSON.stringify(t)).join(', ')}]`;
  for (const rule of blockRules.rules as RuleObject[]) {
    lines.push(`  - id: ${rule.id}`, `    group: ${rule.group}`, `    why: ${JSON.stringify(rule.why)}`, `    action: ${rule.action}`);
    if (rule.type !== undefined) lines.push(`    type: ${rule.type}`);
    if (rule.priority !== undefined) lines.push(`    priority: ${rule.priority}`);
    lines.push('    pattern:');
    for (const item of rule.pattern) {
      if (item.text) lines.push(`      - { text: ${list(item.text)} }`);
      else if (item.lower) lines.push(`      - { lower: ${list(item.lower)} }`);
      else lines.push(`      - { regex: ${JSON.stringify(item.regex)} }`);
    }
  }
  return lines.join('\n') + '\n';
}
