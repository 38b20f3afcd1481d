import type { Categories, Counts, ErrorGroup, EvalMode, TypeCounts } from './count.js';
import type { DocumentPair } from './count.js';

/** Precision, recall and F1, each a fraction in [0, 1]. */
export interface Scores {
  precision: number;
  recall: number;
  f1: number;
}

/** Scores of one type, with the totals they come from. */
export interface TypeScores extends Scores {
  /** Gold entities of this type. */
  support: number;
  /** Predicted entities of this type. */
  predicted: number;
  /** Credit earned by this type's gold entities (exact matches in the conlleval and strict modes). */
  correct: number;
}

/** One error group with its example sentence, ready for a report. */
export interface ErrorExample {
  surface: string;
  type: string;
  count: number;
  example: {
    file: string;
    /** 1-based sentence number in its file. */
    sentence: number;
    /** 1-based line of the entity's first token (for JSONL: the document's line). */
    line: number;
    tokens: string[];
    /** The entity as a half-open token range in `tokens`. */
    start: number;
    end: number;
  };
}

/** Rows are gold types, columns predicted types, in the order of `labels`. */
export interface Confusion {
  labels: string[];
  /** Same boundaries: the diagonal is correct, the rest is wrong type. */
  sameBoundary: number[][];
  /** Overlapping, different boundaries. */
  boundaryErrors: number[][];
  /** Per gold type: entities no prediction overlaps. */
  missed: number[];
  /** Per predicted type: predictions no gold entity overlaps. */
  spurious: number[];
}

/** The result of an evaluation: what `sertag eval --json` prints and `evaluate()` returns. */
export interface EvaluationResult {
  mode: EvalMode;
  files: { gold: string; pred: string }[];
  sentences: number;
  tokens: number;
  /** Tokens whose predicted tag equals the gold tag, over all tokens (as conlleval's "accuracy"). */
  tokenAccuracy: number;
  /** Gold entities, predicted entities and correct ones (credit; fractional in partial mode). */
  entities: { gold: number; predicted: number; correct: number };
  micro: Scores;
  /** Unweighted mean over the types that occur in gold. */
  macro: Scores;
  /** Mean over the types that occur in gold, weighted by support. */
  weighted: Scores;
  types: Record<string, TypeScores>;
  categories: Categories;
  confusion: Confusion;
  falsePositives: ErrorExample[];
  falseNegatives: ErrorExample[];
}

/**
 * A ratio under the zero-division policy of conlleval: 0 when the denominator is 0. So precision is
 * 0 when nothing was predicted, recall is 0 when there is no gold, F1 is 0 when both are 0.
 */
export function ratio(numerator: number, denominator: number): number {
  return denominator === 0 ? 0 : numerator / denominator;
}

/** Precision, recall and their harmonic mean from credits and totals. */
export function scores(predictedCredit: number, predicted: number, goldCredit: number, support: number): Scores {
  const precision = ratio(predictedCredit, predicted);
  const recall = ratio(goldCredit, support);
  return { precision, recall, f1: ratio(2 * precision * recall, precision + recall) };
}

function typeScores(c: TypeCounts): TypeScores {
  return { ...scores(c.predictedCredit, c.predicted, c.goldCredit, c.support), support: c.support, predicted: c.predicted, correct: c.goldCredit };
}

function average(rows: TypeScores[], weight: (row: TypeScores) => number): Scores {
  const total = rows.reduce((sum, row) => sum + weight(row), 0);
  const mean = (pick: (row: TypeScores) => number): number => ratio(rows.reduce((sum, row) => sum + weight(row) * pick(row), 0), total);
  return { precision: mean((r) => r.precision), recall: mean((r) => r.recall), f1: mean((r) => r.f1) };
}

/**
 * Turns counts into the result: per-type scores, micro/macro/weighted averages, the confusion
 * matrix and the top `top` errors each way.
 */
export function computeMetrics(counts: Counts, pairs: readonly DocumentPair[], top = 10): EvaluationResult {
  const labels = [...counts.types.keys()].sort();
  const types: Record<string, TypeScores> = {};
  for (const label of labels) types[label] = typeScores(counts.types.get(label)!);
  let predictedCredit = 0;
  let goldCredit = 0;
  let predicted = 0;
  let support = 0;
  for (const c of counts.types.values()) {
    predictedCredit += c.predictedCredit;
    goldCredit += c.goldCredit;
    predicted += c.predicted;
    support += c.support;
  }
  // Types absent from gold have no recall to speak of; averaging them in would make the macro
  // score depend on which spurious types a tagger happens to emit. The reference scorer agrees.
  const inGold = Object.values(types).filter((row) => row.support > 0);
  const matrix = (map: Map<string, Map<string, number>>): number[][] =>
    labels.map((g) => labels.map((p) => map.get(g)?.get(p) ?? 0));
  const example = (group: ErrorGroup): ErrorExample => {
    const pair = pairs[group.example.pair]!;
    const sentence = pair.gold[group.example.sentence]!;
    return {
      surface: group.surface,
      type: group.type,
      count: group.count,
      example: {
        file: pair.goldFile,
        sentence: group.example.sentence + 1,
        line: sentence.tokenLines?.[group.example.start] ?? sentence.line,
        tokens: [...sentence.tokens],
        // An entity compared by characters shows the gold tokens it touches.
        start: group.example.tokenStart ?? group.example.start,
        end: group.example.tokenEnd ?? group.example.end,
      },
    };
  };
  return {
    mode: counts.mode,
    files: pairs.map((p) => ({ gold: p.goldFile, pred: p.predFile })),
    sentences: counts.sentences,
    tokens: counts.tokens,
    tokenAccuracy: ratio(counts.correctTags, counts.tokens),
    entities: { gold: support, predicted, correct: goldCredit },
    micro: scores(predictedCredit, predicted, goldCredit, support),
    macro: average(inGold, () => 1),
    weighted: average(inGold, (row) => row.support),
    types,
    categories: counts.categories,
    confusion: {
      labels,
      sameBoundary: matrix(counts.sameBoundary),
      boundaryErrors: matrix(counts.boundaryErrors),
      missed: labels.map((l) => counts.missedByType.get(l) ?? 0),
      spurious: labels.map((l) => counts.spuriousByType.get(l) ?? 0),
    },
    falsePositives: counts.falsePositives.slice(0, top).map(example),
    falseNegatives: counts.falseNegatives.slice(0, top).map(example),
  };
}
