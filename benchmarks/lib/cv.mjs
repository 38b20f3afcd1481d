// Cross-validation helpers shared by benchmarks/quality.mjs and test/e2e/quality.test.ts.
import { readFileSync } from 'node:fs';
import { createTagger } from '../../dist/tagger.js';
import { readWikiser } from '../../dist/formats/index.js';
import { learnGazetteer } from '../../dist/learn/index.js';
import { evaluate } from '../../dist/evaluate/index.js';

/** Reads a WikiSER gold file. */
export function readGold(path) {
  return readWikiser(readFileSync(path, 'utf8'), path);
}

/**
 * k folds of sentences. `interleaved` (default): by sentence index mod k, so every fold samples
 * every part of the file, as a held-out split of the same corpus does. `contiguous`: k blocks of
 * consecutive sentences. dev.txt is only locally shuffled (sentences a few hundred apart share
 * entity strings far more often than distant ones), so contiguous folds hold mostly other
 * articles than their training folds: the situation of new text.
 */
export function splitFolds(sentences, k = 5, mode = 'interleaved') {
  const n = sentences.length;
  const foldOf = mode === 'contiguous' ? (i) => Math.min(k - 1, Math.floor((i * k) / n)) : (i) => i % k;
  const folds = Array.from({ length: k }, () => ({ train: [], test: [] }));
  sentences.forEach((s, i) => {
    const own = foldOf(i);
    for (let f = 0; f < k; f++) (f === own ? folds[f].test : folds[f].train).push(s);
  });
  return folds;
}

/** Tags gold sentences (their tokens) with a tagger; returns predicted sentences. */
export function tagSentences(tagger, sentences) {
  return sentences.map((s) => ({ tokens: s.tokens, tags: tagger.tagTokens(s.tokens).tags, line: s.line }));
}

/**
 * Builds a tagger for one configuration: `learned` is a gazetteer object (or undefined), `curated`
 * paths, `rules` paths, `disableRuleGroups` names.
 */
export function buildTagger({ learned, blocks, curated = [], rules = [], disableRuleGroups = [], passes }) {
  return createTagger({
    defaultGazetteers: false,
    defaultRules: false,
    gazetteers: [...(learned ? [learned] : []), ...curated],
    rules: [...(blocks ? [blocks] : []), ...rules],
    disableRuleGroups,
    ...(passes ? { passes } : {}),
  });
}

/**
 * k-fold cross-validation: learn on k−1 folds (plus curated lists and rules), score the held-out
 * fold; the folds' predictions are pooled into one evaluation.
 */
export function crossValidate(sentences, config, k = 5) {
  const folds = foldPredictions(sentences, config, k);
  const gold = folds.flatMap((f) => f.test);
  const pred = folds.flatMap((f) => f.pred);
  const perFold = folds.map((f) => evaluate(f.test, f.pred).micro.f1);
  return { result: evaluate(gold, pred, { top: 15 }), gold, pred, perFold };
}

/**
 * Every fold's training and test sentences, what was learned from the training sentences
 * (undefined with `learn: false`) and the predictions for the test sentences.
 */
export function foldPredictions(sentences, config, k = 5) {
  return splitFolds(sentences, k, config.folds).map(({ train, test }) => {
    const learned = config.learn === false ? undefined : learnGazetteer(train, { ...config.learnOptions, name: 'learned' });
    const tagger = buildTagger({ ...config, learned: learned?.gazetteer, blocks: config.blocks === false ? undefined : learned?.blockRules });
    return { train, test, learned, pred: tagSentences(tagger, test) };
  });
}

import { spansFromTags } from '../../dist/bio/index.js';

/** Lower-cased strings of the gold spans in some sentences. */
export function goldStrings(sentences) {
  const out = new Set();
  for (const s of sentences) for (const sp of spansFromTags(s.tags)) out.add(s.tokens.slice(sp.start, sp.end).join(' ').toLowerCase());
  return out;
}

/**
 * Error anatomy: every gold entity not found exactly and every wrong prediction, in one bucket each.
 * `knowledge[i]` = { seen: Set, kept: Set } for sentence i: the lower-cased gold strings of the
 * training folds and the lower-cased spellings the learned gazetteer kept.
 */
export function errorAnatomy(gold, pred, knowledge, maxExamples = 6) {
  const buckets = new Map();
  const add = (name, example) => {
    let b = buckets.get(name);
    if (!b) buckets.set(name, (b = { count: 0, examples: new Map() }));
    b.count++;
    b.examples.set(example, (b.examples.get(example) ?? 0) + 1);
  };
  for (let i = 0; i < gold.length; i++) {
    const tokens = gold[i].tokens;
    const g = spansFromTags(gold[i].tags);
    const p = spansFromTags(pred[i].tags);
    const text = (sp) => tokens.slice(sp.start, sp.end).join(' ');
    const same = (a, b) => a.start === b.start && a.end === b.end;
    const overlaps = (a, b) => a.start < b.end && b.start < a.end;
    const { seen, kept } = knowledge[i];
    for (const sp of g) {
      if (p.some((q) => same(q, sp) && q.type === sp.type)) continue;
      const s = text(sp);
      const label = `${s} (${sp.type})`;
      const sameSpan = p.find((q) => same(q, sp));
      if (sameSpan) add('miss: wrong type', `${s} (${sp.type} → ${sameSpan.type})`);
      else if (p.some((q) => overlaps(q, sp))) add('miss: boundary', `${s} (pred: ${p.filter((q) => overlaps(q, sp)).map(text).join(' | ')})`);
      else if (kept.has(s.toLowerCase())) add('miss: in lexicon, not matched (case, context or overlap)', label);
      else if (seen.has(s.toLowerCase())) add('miss: seen in training, filtered out', label);
      else add('miss: never seen in training', label);
    }
    for (const sp of p) {
      if (g.some((q) => same(q, sp) && q.type === sp.type)) continue;
      const s = text(sp);
      if (g.some((q) => same(q, sp))) continue; // counted above as wrong type
      if (g.some((q) => overlaps(q, sp))) add('false alarm: boundary', `${s} (${sp.type}; gold: ${g.filter((q) => overlaps(q, sp)).map(text).join(' | ')})`);
      else add('false alarm: gold has nothing', `${s} (${sp.type})`);
    }
  }
  return [...buckets.entries()]
    .map(([name, b]) => ({
      bucket: name,
      count: b.count,
      examples: [...b.examples.entries()].sort((x, y) => y[1] - x[1]).slice(0, maxExamples).map(([e, n]) => (n > 1 ? `${e} ×${n}` : e)),
    }))
    .sort((a, b) => b.count - a.count);
}

/** Cross-validation that also records what each test sentence's training folds knew, for the anatomy. */
export function crossValidateWithAnatomy(sentences, config, k = 5) {
  const gold = [];
  const pred = [];
  const knowledge = [];
  for (const { train, test, learned, pred: p } of foldPredictions(sentences, config, k)) {
    const seen = goldStrings(train);
    const kept = new Set((learned?.entries ?? []).flatMap((e) => [e.term, ...e.aliases].map((s) => s.toLowerCase())));
    for (let i = 0; i < test.length; i++) knowledge.push({ seen, kept });
    gold.push(...test);
    pred.push(...p);
  }
  return { result: evaluate(gold, pred, { top: 15 }), anatomy: errorAnatomy(gold, pred, knowledge) };
}

/**
 * How often two sentences `d` apart share a gold entity string, near (d ≤ 50) against far
 * (d ≥ 1,000): a measure of how locally the file is ordered (1 = well shuffled).
 */
export function locality(sentences) {
  const strings = sentences.map((s) => new Set(spansFromTags(s.tags).map((sp) => s.tokens.slice(sp.start, sp.end).join(' ').toLowerCase())));
  const shareRate = (d) => {
    let shared = 0;
    for (let i = 0; i + d < strings.length; i++) {
      for (const x of strings[i]) {
        if (strings[i + d].has(x)) {
          shared++;
          break;
        }
      }
    }
    return shared / Math.max(1, strings.length - d);
  };
  const mean = (ds) => ds.reduce((sum, d) => sum + shareRate(d), 0) / ds.length;
  const near = mean([1, 2, 5, 10, 20, 50]);
  const far = mean([1000, 2000, 3000, 4000]);
  return { near, far, ratio: near / far };
}
