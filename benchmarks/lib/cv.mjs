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

/**
 * Tags the sentences of ONE document, in order, as the CLI tags a document of pre-tokenized input
 * (`--input conll` between `-DOCSTART-` lines): through `tagger.tagSentences` when the library
 * has it (document-level components then see the whole document), else sentence by sentence
 * with `tagTokens`. Returns the TagResults, one per sentence.
 */
export function tagDocument(tagger, sentences) {
  const tokens = sentences.map((s) => s.tokens);
  return typeof tagger.tagSentences === 'function' ? tagger.tagSentences(tokens) : tokens.map((t) => tagger.tagTokens(t));
}

/**
 * Tags gold sentences (their tokens) with a tagger; returns predicted sentences. `documents`
 * (arrays of indices into `sentences`, covering them in order) says which sentences form one
 * document; without it every sentence is a document of its own.
 */
export function tagSentences(tagger, sentences, documents) {
  const out = new Array(sentences.length);
  for (const doc of documents ?? sentences.map((_, i) => [i])) {
    const results = tagDocument(tagger, doc.map((i) => sentences[i]));
    doc.forEach((i, j) => (out[i] = { tokens: sentences[i].tokens, tags: results[j].tags, line: sentences[i].line }));
  }
  return out;
}

/**
 * Builds a tagger for one configuration: `profile` the profile whose conventions apply (its name or
 * manifest; default wikipedia), `learned` a gazetteer object (or undefined), `curated` paths, `rules`
 * paths, `disableRuleGroups` names.
 * @param {{ profile?: string, learned?: object, blocks?: object, curated?: Array<string | object>, rules?: Array<string | object>, disableRuleGroups?: string[], passes?: object }} config
 */
export function buildTagger({ profile, learned, blocks, curated = [], rules = [], disableRuleGroups = [], passes }) {
  return createTagger({
    // The profile's conventions (case, tokenizer, declared types, whatever it switches on) as the
    // CLI's --profile loads them; its sources are the ones given here.
    ...(profile ? { profile } : {}),
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

// ── Corpora with documents and fold plans ───────────────────────────────────────────────────────
//
// A corpus is gold sentences grouped into documents (arrays of sentence indices, in order), and a
// fold for every document. Cross-validating a profile on one corpus learns, in every fold, from
// the corpus's other folds plus every other corpus the profile learns from (`extra`), and scores
// the held-out fold's documents, each tagged as one document (`tagDocument`).

/**
 * Stack Overflow gold (SoftNER `train.txt` then `dev.txt`, concatenated in that order): contiguous
 * folds (k blocks of consecutive sentences: nearby sentences come from the same post, so a block
 * holds mostly posts its training folds lack, as the held-out test split does). The corpus has no
 * post boundaries: every sentence is a document of its own (`window` > 1 groups that many
 * consecutive sentences of one fold into a document instead).
 */
export function softnerCorpus(paths, { k = 5, window = 1 } = {}) {
  const sentences = paths.flatMap((p) => readGold(p));
  const n = sentences.length;
  const foldOfSentence = (i) => Math.min(k - 1, Math.floor((i * k) / n));
  const documents = [];
  const foldOf = [];
  for (let i = 0; i < n; ) {
    const fold = foldOfSentence(i);
    const doc = [];
    while (i < n && doc.length < window && foldOfSentence(i) === fold) doc.push(i++);
    documents.push(doc);
    foldOf.push(fold);
  }
  return { name: 'Stack Overflow (SoftNER train + dev)', short: 'so', sentences, documents, foldOf, k, folds: `${k} contiguous folds; every ${window === 1 ? 'sentence' : `${window} sentences`} one document` };
}

/**
 * GitHub issue gold (`dev.txt` with `dev.docs.tsv`: each issue's first sentence, sentence count and
 * repository): every issue one document, as `-DOCSTART-` marks it in `dev.conll`; folds by
 * repository owner (the part of the repository before `/`), so no owner's issues are both learned
 * from and scored, as in the held-out half (other owners). Owners are dealt to the k folds largest
 * first, each to the fold with the fewest sentences so far (ties: the lower fold), so the folds
 * are about the same size and the plan is the same on every run.
 */
export function githubCorpus(txtPath, docsPath, { k = 5 } = {}) {
  const sentences = readGold(txtPath);
  const rows = readFileSync(docsPath, 'utf8').trim().split('\n').slice(1).map((line) => line.split('\t'));
  const documents = rows.map(([, first, count]) => Array.from({ length: Number(count) }, (_, j) => Number(first) + j));
  const covered = documents.flat();
  if (covered.length !== sentences.length || covered.some((i, j) => i !== j)) throw new Error(`${docsPath} does not cover ${txtPath}'s ${sentences.length} sentences in order`);
  const owners = rows.map(([, , , title]) => title.split('/')[0]);
  const size = new Map();
  owners.forEach((o, d) => size.set(o, (size.get(o) ?? 0) + documents[d].length));
  const load = new Array(k).fill(0);
  const foldOfOwner = new Map();
  for (const [owner, n] of [...size.entries()].sort((a, b) => b[1] - a[1] || (a[0] < b[0] ? -1 : 1))) {
    const fold = load.indexOf(Math.min(...load));
    foldOfOwner.set(owner, fold);
    load[fold] += n;
  }
  return { name: 'GitHub issues (dev half)', short: 'github', sentences, documents, foldOf: owners.map((o) => foldOfOwner.get(o)), owners, k, folds: `${k} folds by repository owner (${size.size} owners); every issue one document` };
}

/**
 * WikiSER gold as a corpus: interleaved folds (sentence index mod k; the held-out split samples
 * the same articles), every sentence a document of its own.
 */
export function wikiserCorpus(path, { k = 5 } = {}) {
  const sentences = readGold(path);
  return { name: 'WikiSER dev.txt', short: 'wikiser', sentences, documents: sentences.map((_, i) => [i]), foldOf: sentences.map((_, i) => i % k), k, folds: `${k} interleaved folds (sentence index mod ${k}); every sentence one document` };
}

/** The sentences of a corpus's documents in fold `fold` (`inFold` true) or in every other fold. */
function foldSentences(corpus, fold, inFold) {
  const out = [];
  corpus.documents.forEach((doc, d) => {
    if ((corpus.foldOf[d] === fold) === inFold) for (const i of doc) out.push(corpus.sentences[i]);
  });
  return out;
}

/**
 * What each fold learned, by target corpus, for the last learner options used: the ablation
 * compares many configurations with the same learned part (one set of options kept, for memory).
 */
const learnedCache = new WeakMap();

/** The gazetteer learned for one fold of `target` (with `extra`) and learner options, learned once per process. */
function learnedFor(target, extra, fold, train, learnOptions = {}) {
  const options = JSON.stringify([extra.map((c) => c.short), learnOptions]);
  let cached = learnedCache.get(target);
  if (!cached || cached.options !== options) learnedCache.set(target, (cached = { options, folds: new Map() }));
  let learned = cached.folds.get(fold);
  if (!learned) cached.folds.set(fold, (learned = learnGazetteer(train, { ...learnOptions, name: 'learned' })));
  return learned;
}

/**
 * k-fold CV of a configuration on `target`: in fold f, the learned gazetteer (and blocks) are
 * learned from the target's other folds plus all of `extra` (the other corpora the profile
 * learns from: never the held-out fold), the rest of the configuration is loaded unchanged, and
 * the fold's documents are tagged one document at a time. Returns the pooled evaluation, the
 * gold and predicted sentences in document order, per-fold F1, and per test sentence what its
 * training data knew (for `errorAnatomy`).
 */
export function crossValidateCorpus(target, extra, config) {
  const gold = [];
  const pred = [];
  const knowledge = [];
  const perFold = [];
  const extraSentences = extra.flatMap((c) => c.sentences);
  for (let fold = 0; fold < target.k; fold++) {
    const train = [...foldSentences(target, fold, false), ...extraSentences];
    const learned = config.learn === false ? undefined : learnedFor(target, extra, fold, train, config.learnOptions);
    const tagger = buildTagger({ ...config, learned: learned?.gazetteer, blocks: config.blocks === false ? undefined : learned?.blockRules });
    const foldGold = [];
    const foldPred = [];
    for (let d = 0; d < target.documents.length; d++) {
      if (target.foldOf[d] !== fold) continue;
      const doc = target.documents[d].map((i) => target.sentences[i]);
      const results = tagDocument(tagger, doc);
      doc.forEach((s, j) => {
        foldGold.push(s);
        foldPred.push({ tokens: s.tokens, tags: results[j].tags, line: s.line });
      });
    }
    if (config.anatomy) {
      const seen = goldStrings(train);
      const kept = new Set((learned?.entries ?? []).flatMap((e) => [e.term, ...e.aliases].map((x) => x.toLowerCase())));
      for (let i = 0; i < foldGold.length; i++) knowledge.push({ seen, kept });
    }
    perFold.push(evaluate(foldGold, foldPred).micro.f1);
    gold.push(...foldGold);
    pred.push(...foldPred);
  }
  const result = evaluate(gold, pred, { top: 15 });
  return { result, gold, pred, perFold, ...(config.anatomy ? { anatomy: errorAnatomy(gold, pred, knowledge), unseen: unseenShare(gold, knowledge) } : {}) };
}

/** How many gold entities of the test folds were never a gold string in their training data. */
export function unseenShare(gold, knowledge) {
  let total = 0;
  let unseen = 0;
  gold.forEach((s, i) => {
    for (const sp of spansFromTags(s.tags)) {
      total++;
      if (!knowledge[i].seen.has(s.tokens.slice(sp.start, sp.end).join(' ').toLowerCase())) unseen++;
    }
  });
  return { total, unseen, share: total === 0 ? 0 : unseen / total };
}

/**
 * A shipped profile (learned from all of its gold) tagging a corpus, one document at a time:
 * what `sertag tag --profile NAME` does (transfer to gold it did not learn from).
 */
export function scoreShipped(profile, corpus) {
  const tagger = createTagger({ profile });
  const pred = tagSentences(tagger, corpus.sentences, corpus.documents);
  return evaluate(corpus.sentences, pred, { top: 15 });
}
