import { findIllFormed, spansFromTags, type SchemeName } from '../bio/index.js';
import { SertagError, type Problem } from '../errors.js';
import type { Sentence, SpanDocument } from '../formats/sentence.js';
import { tokensUnder } from '../formats/jsonl-tokens.js';
import { CodePointOffsets } from '../offsets.js';

/**
 * How predictions earn credit.
 * - `conlleval`: exact span and type (CoNLL-2000 semantics; ill-formed tags are interpreted).
 * - `strict`: as `conlleval`, but ill-formed IOB2 sequences are an error instead of being interpreted.
 * - `partial`: SemEval-2013 "partial": type ignored; exact boundaries earn 1, overlapping ones 0.5.
 * - `type`: SemEval-2013 "type": any overlap with the right type earns 1.
 */
export type EvalMode = 'conlleval' | 'strict' | 'partial' | 'type';

export const EVAL_MODES: readonly EvalMode[] = ['conlleval', 'strict', 'partial', 'type'];

/** A gold and a prediction document to compare; the file names appear in messages and examples. */
export interface DocumentPair {
  goldFile: string;
  predFile: string;
  gold: readonly Sentence[];
  pred: readonly Sentence[];
}

/** Options for counting. */
export interface CountOptions {
  mode?: EvalMode;
  /** Score only these types: entities of other types are dropped from both sides (as conlleval users expect). */
  types?: readonly string[];
  scheme?: SchemeName;
}

/** An entity of one side, located in the document set. */
export interface LocatedEntity {
  /** Index of the pair in the input. */
  pair: number;
  /** 0-based sentence index within its document. */
  sentence: number;
  /** Token offsets in the sentence; character offsets (code points) when the sentence is compared by characters. */
  start: number;
  end: number;
  type: string;
  /** Compared by characters: the gold tokens the entity touches, for the report's example. */
  tokenStart?: number;
  tokenEnd?: number;
}

/** How a gold entity and a predicted entity relate after alignment. */
export type MatchKind = 'correct' | 'wrong-type' | 'partial-same-type' | 'partial-other-type';

/** Credit and totals of one type; the two credits differ only in the partial and type modes. */
export interface TypeCounts {
  /** Credit earned by predictions of this type (numerator of precision). */
  predictedCredit: number;
  /** Credit earned by gold entities of this type (numerator of recall). */
  goldCredit: number;
  predicted: number;
  support: number;
}

/** SemEval-2013 style categories: every gold entity is correct, wrong-type, partial or missed; every prediction correct, wrong-type, partial or spurious. */
export interface Categories {
  correct: number;
  incorrectType: number;
  partial: number;
  missed: number;
  spurious: number;
}

/** An error grouped by surface form and type, with one example. */
export interface ErrorGroup {
  surface: string;
  type: string;
  count: number;
  example: LocatedEntity;
}

/** Everything counted; the ratios are computed from this in `metrics.ts`. */
export interface Counts {
  mode: EvalMode;
  sentences: number;
  tokens: number;
  correctTags: number;
  types: Map<string, TypeCounts>;
  categories: Categories;
  /** Same boundaries: `gold type → predicted type → count` (the diagonal is the correct ones). */
  sameBoundary: Map<string, Map<string, number>>;
  /** Overlapping but different boundaries: `gold type → predicted type → count`. */
  boundaryErrors: Map<string, Map<string, number>>;
  /** Gold type → count of gold entities with no overlapping prediction. */
  missedByType: Map<string, number>;
  /** Predicted type → count of predictions with no overlapping gold entity. */
  spuriousByType: Map<string, number>;
  /** Predictions not exactly in gold (conlleval false positives), most frequent first. */
  falsePositives: ErrorGroup[];
  /** Gold entities not exactly predicted (conlleval false negatives), most frequent first. */
  falseNegatives: ErrorGroup[];
}

/** The hashable identity of an entity within a pair: `sentence:start:end:type`. */
export function entityKey(sentence: number, start: number, end: number, type: string): string {
  return `${sentence}:${start}:${end}:${type}`;
}

function bump<K>(map: Map<K, number>, key: K, by = 1): void {
  map.set(key, (map.get(key) ?? 0) + by);
}

function bump2(map: Map<string, Map<string, number>>, a: string, b: string): void {
  let row = map.get(a);
  if (!row) map.set(a, (row = new Map()));
  bump(row, b);
}

/**
 * Whether a gold and a predicted sentence are compared by character offsets rather than by tokens:
 * when both come from span formats (each carries its text and spans) and either side has no tokens
 * of its own (sertag split the text) or their tokens differ, as spaCy's scorer compares documents.
 * Everything else (a token format on either side, or the same tokens) is compared token by token.
 */
export function comparesByCharacters(gold: Sentence, pred: Sentence): boolean {
  if (gold.document === undefined || pred.document === undefined) return false;
  if (!gold.document.ownTokens || !pred.document.ownTokens) return true;
  const a = gold.document.tokens;
  const b = pred.document.tokens;
  return a.length !== b.length || a.some((t, i) => t[0] !== b[i]![0] || t[1] !== b[i]![1]);
}

/** A short quote of a text for messages. */
function quote(text: string): string {
  return JSON.stringify(text.length > 40 ? `${text.slice(0, 40)}…` : text);
}

/** Checks that the two documents hold the same sentences and tokens; throws a SertagError naming both files otherwise. */
export function checkAlignment(pair: DocumentPair): void {
  const { gold, pred, goldFile, predFile } = pair;
  if (gold.length !== pred.length) {
    throw new SertagError(
      'SENTENCE_COUNT',
      `different sentence counts: ${goldFile} has ${gold.length} sentence${gold.length === 1 ? '' : 's'}, ${predFile} has ${pred.length}`,
      [],
    );
  }
  for (let s = 0; s < gold.length; s++) {
    const g = gold[s]!;
    const p = pred[s]!;
    if (comparesByCharacters(g, p)) {
      if (g.document!.text === p.document!.text) continue;
      throw new SertagError(
        'TOKEN_MISMATCH',
        `texts differ in document ${s + 1}: gold ${quote(g.document!.text)} at ${goldFile}:${g.line}, prediction ${quote(p.document!.text)} at ${predFile}:${p.line}`,
        [],
      );
    }
    const n = Math.max(g.tokens.length, p.tokens.length);
    for (let t = 0; t < n; t++) {
      if (g.tokens[t] === p.tokens[t]) continue;
      const where = (sentence: Sentence, file: string): string =>
        `${file}:${sentence.tokenLines?.[t] ?? sentence.tokenLines?.[sentence.tokenLines.length - 1] ?? sentence.line}`;
      const show = (token: string | undefined): string => (token === undefined ? '(end of sentence)' : `'${token}'`);
      throw new SertagError(
        'TOKEN_MISMATCH',
        `tokens differ in sentence ${s + 1}, token ${t + 1}: gold ${show(g.tokens[t])} at ${where(g, goldFile)}, prediction ${show(p.tokens[t])} at ${where(p, predFile)}`,
        [],
      );
    }
  }
}

/** Throws one SertagError listing every ill-formed IOB2 position (file, sentence, token), for the strict mode. */
function checkWellFormed(pairs: readonly DocumentPair[], scheme: SchemeName): void {
  const problems: Problem[] = [];
  let total = 0;
  for (const pair of pairs) {
    for (const [file, sentences] of [[pair.goldFile, pair.gold], [pair.predFile, pair.pred]] as const) {
      sentences.forEach((sentence, s) => {
        for (const bad of findIllFormed(sentence.tags, scheme)) {
          total++;
          if (problems.length < 20) {
            problems.push({
              file,
              line: sentence.tokenLines?.[bad.index] ?? sentence.line,
              col: 1,
              code: 'ILL_FORMED',
              severity: 'error',
              message: `sentence ${s + 1}, token ${bad.index + 1} '${sentence.tokens[bad.index]}': ${bad.reason}`,
            });
          }
        }
      });
    }
  }
  if (total > 0) {
    throw new SertagError('ILL_FORMED', `strict mode: ${total} ill-formed ${scheme} tag${total === 1 ? '' : 's'}${total > problems.length ? ` (first ${problems.length} shown)` : ''}; use --mode conlleval to interpret them`, problems);
  }
}

function overlap(a: { start: number; end: number }, b: { start: number; end: number }): number {
  return Math.min(a.end, b.end) - Math.max(a.start, b.start);
}

/**
 * Aligns gold and predicted entities of one sentence one-to-one: exact matches first, then same
 * boundaries with another type, then overlaps (same type before other types, larger overlap first).
 * One-to-one so every gold entity and every prediction lands in exactly one category.
 */
function align(gold: LocatedEntity[], pred: LocatedEntity[]): { pairs: [LocatedEntity, LocatedEntity, MatchKind][]; missed: LocatedEntity[]; spurious: LocatedEntity[] } {
  const goldUsed = new Set<number>();
  const predUsed = new Set<number>();
  const pairs: [LocatedEntity, LocatedEntity, MatchKind][] = [];
  const candidates: { g: number; p: number; kind: MatchKind; rank: number; size: number }[] = [];
  gold.forEach((g, gi) =>
    pred.forEach((p, pi) => {
      const size = overlap(g, p);
      if (size <= 0) return;
      const sameBounds = g.start === p.start && g.end === p.end;
      const sameType = g.type === p.type;
      const kind: MatchKind = sameBounds ? (sameType ? 'correct' : 'wrong-type') : sameType ? 'partial-same-type' : 'partial-other-type';
      const rank = { correct: 0, 'wrong-type': 1, 'partial-same-type': 2, 'partial-other-type': 3 }[kind];
      candidates.push({ g: gi, p: pi, kind, rank, size });
    }),
  );
  candidates.sort((a, b) => a.rank - b.rank || b.size - a.size || a.g - b.g || a.p - b.p);
  for (const c of candidates) {
    if (goldUsed.has(c.g) || predUsed.has(c.p)) continue;
    goldUsed.add(c.g);
    predUsed.add(c.p);
    pairs.push([gold[c.g]!, pred[c.p]!, c.kind]);
  }
  return {
    pairs,
    missed: gold.filter((_, i) => !goldUsed.has(i)),
    spurious: pred.filter((_, i) => !predUsed.has(i)),
  };
}

/**
 * IOB2 tags of character spans laid on tokens (each span widened to the tokens it touches; a span
 * on tokens already taken by an earlier one is left out), for the token accuracy of a document
 * compared by characters.
 */
function tagsOnTokens(spans: SpanDocument['spans'], tokens: SpanDocument['tokens']): string[] {
  const tags = new Array<string>(tokens.length).fill('O');
  const placed = tokens.map(([start, end]) => ({ start, end }));
  for (const span of [...spans].sort((a, b) => a.start - b.start)) {
    const { first, last } = tokensUnder(span, placed);
    if (last === first || tags.slice(first, last).some((t) => t !== 'O')) continue;
    for (let t = first; t < last; t++) tags[t] = `${t === first ? 'B' : 'I'}-${span.label}`;
  }
  return tags;
}

/** Credit a matched pair earns in a mode. */
function credit(kind: MatchKind, mode: EvalMode): number {
  switch (mode) {
    case 'conlleval':
    case 'strict':
      return kind === 'correct' ? 1 : 0;
    case 'type':
      return kind === 'correct' || kind === 'partial-same-type' ? 1 : 0;
    case 'partial':
      return kind === 'correct' || kind === 'wrong-type' ? 1 : 0.5;
  }
}

/**
 * Counts everything the reports need, for one or more gold/prediction document pairs.
 * Throws SertagError (exit 1) on sentence-count or token mismatch, and in strict mode on ill-formed tags.
 */
export function countEntities(pairs: readonly DocumentPair[], options: CountOptions = {}): Counts {
  const mode = options.mode ?? 'conlleval';
  const scheme = options.scheme ?? 'IOB2';
  const keep = options.types ? new Set(options.types) : undefined;
  for (const pair of pairs) checkAlignment(pair);
  if (mode === 'strict') checkWellFormed(pairs, scheme);

  const counts: Counts = {
    mode,
    sentences: 0,
    tokens: 0,
    correctTags: 0,
    types: new Map(),
    categories: { correct: 0, incorrectType: 0, partial: 0, missed: 0, spurious: 0 },
    sameBoundary: new Map(),
    boundaryErrors: new Map(),
    missedByType: new Map(),
    spuriousByType: new Map(),
    falsePositives: [],
    falseNegatives: [],
  };
  const typeCounts = (type: string): TypeCounts => {
    let c = counts.types.get(type);
    if (!c) counts.types.set(type, (c = { predictedCredit: 0, goldCredit: 0, predicted: 0, support: 0 }));
    return c;
  };
  for (const type of options.types ?? []) typeCounts(type);
  const falsePositives = new Map<string, ErrorGroup>();
  const falseNegatives = new Map<string, ErrorGroup>();
  const addError = (groups: Map<string, ErrorGroup>, entity: LocatedEntity, surfaceOf: (e: LocatedEntity) => string): void => {
    const surface = surfaceOf(entity);
    const key = `${entity.type}\u0000${surface}`;
    const group = groups.get(key);
    if (group) group.count++;
    else groups.set(key, { surface, type: entity.type, count: 1, example: entity });
  };

  pairs.forEach((pair, pairIndex) => {
    pair.gold.forEach((goldSentence, s) => {
      const predSentence = pair.pred[s]!;
      const byCharacters = comparesByCharacters(goldSentence, predSentence);
      counts.sentences++;
      counts.tokens += goldSentence.tokens.length;
      // Compared by characters, the prediction's spans are laid on the gold tokens for the token accuracy.
      const predTags = byCharacters ? tagsOnTokens(predSentence.document!.spans, goldSentence.document!.tokens) : predSentence.tags;
      goldSentence.tags.forEach((tag, t) => {
        if (predTags[t] === tag) counts.correctTags++;
      });
      const kept = (type: string): boolean => keep === undefined || keep.has(type);
      const locate = (tags: readonly string[]): LocatedEntity[] =>
        spansFromTags(tags, scheme)
          .filter((span) => kept(span.type))
          .map((span) => ({ pair: pairIndex, sentence: s, ...span }));
      const goldTokens = byCharacters ? goldSentence.document!.tokens.map(([start, end]) => ({ start, end })) : [];
      const locateCharacters = (document: SpanDocument): LocatedEntity[] =>
        document.spans
          .filter((span) => kept(span.label))
          .map((span) => {
            const { first, last } = tokensUnder(span, goldTokens);
            return { pair: pairIndex, sentence: s, start: span.start, end: span.end, type: span.label, tokenStart: first, tokenEnd: last };
          })
          .sort((a, b) => a.start - b.start || a.end - b.end);
      const gold = byCharacters ? locateCharacters(goldSentence.document!) : locate(goldSentence.tags);
      const pred = byCharacters ? locateCharacters(predSentence.document!) : locate(predSentence.tags);
      let surfaceOf = (e: LocatedEntity): string => goldSentence.tokens.slice(e.start, e.end).join(' ');
      if (byCharacters) {
        const text = goldSentence.document!.text;
        const offsets = new CodePointOffsets(text);
        surfaceOf = (e) => text.slice(offsets.toUtf16(e.start), offsets.toUtf16(e.end));
      }

      // The conlleval numbers are a plain set intersection of hashable entities.
      const goldKeys = new Set(gold.map((e) => entityKey(s, e.start, e.end, e.type)));
      const predKeys = new Set(pred.map((e) => entityKey(s, e.start, e.end, e.type)));
      for (const e of gold) {
        typeCounts(e.type).support++;
        if (!predKeys.has(entityKey(s, e.start, e.end, e.type))) addError(falseNegatives, e, surfaceOf);
      }
      for (const e of pred) {
        typeCounts(e.type).predicted++;
        if (!goldKeys.has(entityKey(s, e.start, e.end, e.type))) addError(falsePositives, e, surfaceOf);
      }

      const { pairs: matched, missed, spurious } = align(gold, pred);
      for (const [g, p, kind] of matched) {
        const earned = credit(kind, mode);
        typeCounts(g.type).goldCredit += earned;
        typeCounts(p.type).predictedCredit += earned;
        if (kind === 'correct') counts.categories.correct++;
        else if (kind === 'wrong-type') counts.categories.incorrectType++;
        else counts.categories.partial++;
        if (kind === 'correct' || kind === 'wrong-type') bump2(counts.sameBoundary, g.type, p.type);
        else bump2(counts.boundaryErrors, g.type, p.type);
      }
      for (const g of missed) {
        counts.categories.missed++;
        bump(counts.missedByType, g.type);
      }
      for (const p of spurious) {
        counts.categories.spurious++;
        bump(counts.spuriousByType, p.type);
      }
    });
  });
  const byCount = (a: ErrorGroup, b: ErrorGroup): number => b.count - a.count || a.surface.localeCompare(b.surface) || a.type.localeCompare(b.type);
  counts.falsePositives = [...falsePositives.values()].sort(byCount);
  counts.falseNegatives = [...falseNegatives.values()].sort(byCount);
  return counts;
}
