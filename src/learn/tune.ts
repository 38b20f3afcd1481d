import { evaluate } from '../evaluate/evaluate.js';
import type { Sentence } from '../formats/sentence.js';
import { createTagger } from '../tagger.js';
import { checkTuneOptions } from '../options.js';
import { learnGazetteer, type LearnOptions } from './learn.js';

/** The thresholds `tuneLearner` tries by default: keyphraseness × context-veto evidence. */
export const DEFAULT_TUNE_GRID: readonly LearnOptions[] = [0.2, 0.25, 0.3, 0.35, 0.4, 0.5].flatMap((minKeyphraseness) =>
  [0, 2].map((minContextEvidence) => ({ minKeyphraseness, minContextEvidence })),
);

export interface TuneOptions {
  /** Number of folds (default 5). Sentence `i` is held out in fold `i mod folds`. */
  folds?: number;
  /** The settings to compare (default `DEFAULT_TUNE_GRID`); each is merged over `base`. */
  grid?: readonly LearnOptions[];
  /** Options shared by every setting (e.g. `caseMode`, `maxTokens`). */
  base?: LearnOptions;
  /** Called after each setting is scored, for progress reports. */
  onRow?: (row: TuneRow, done: number, total: number) => void;
}

/** The cross-validated score of one setting: strict span micro P/R/F1, the folds pooled. */
export interface TuneRow {
  options: LearnOptions;
  precision: number;
  recall: number;
  f1: number;
}

export interface TuneResult {
  /** The setting with the best micro-F1 (the earlier one in the grid on a tie). */
  best: TuneRow;
  rows: TuneRow[];
  folds: number;
}

/**
 * Chooses the learner's thresholds by k-fold cross-validation on the gold sentences themselves:
 * for every setting, a gazetteer is learned from k−1 folds and scored, alone, on the held-out one.
 * Folds interleave (sentence index mod k), like a held-out split of the same corpus.
 */
export function tuneLearner(sentences: readonly Sentence[], options: TuneOptions = {}): TuneResult {
  checkTuneOptions(options, sentences.length);
  const k = options.folds ?? 5;
  const folds = Array.from({ length: k }, (_, f) => ({
    train: sentences.filter((_, i) => i % k !== f),
    test: sentences.filter((_, i) => i % k === f),
  }));
  const gold = folds.flatMap((fold) => fold.test);
  const grid = options.grid ?? DEFAULT_TUNE_GRID;
  const rows: TuneRow[] = [];
  for (const setting of grid) {
    const learnOptions = { ...options.base, ...setting };
    const predicted: Sentence[] = [];
    for (const { train, test } of folds) {
      const learned = learnGazetteer(train, { ...learnOptions, name: 'learned', header: [] });
      const tagger = createTagger({ defaultGazetteers: false, defaultRules: false, gazetteers: [learned.gazetteer] });
      for (const sentence of test) predicted.push({ ...sentence, tags: tagger.tagTokens(sentence.tokens).tags });
    }
    const { micro } = evaluate(gold, predicted);
    const row = { options: setting, precision: micro.precision, recall: micro.recall, f1: micro.f1 };
    rows.push(row);
    options.onRow?.(row, rows.length, grid.length);
  }
  const best = rows.reduce((a, b) => (b.f1 > a.f1 ? b : a));
  return { best, rows, folds: k };
}
