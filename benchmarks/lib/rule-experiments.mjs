// Learned-rule experiments for the quality benchmark: one per big bucket of the error anatomy.
// Each learns rules from the tagger's own mistakes and is scored honestly, by nested
// cross-validation: for every outer fold, an inner 4-fold CV on the outer training folds shows the
// tagger's errors on text its gazetteer has not seen; rules are counted from those inner errors and
// then applied to the outer fold's predictions. None of them is shipped; the report shows why.
import { spansFromTags, tagsFromSpans } from '../../dist/bio/index.js';
import { evaluate } from '../../dist/evaluate/index.js';
import { tokenShape } from '../../dist/rules/shape.js';
import { crossValidate, foldPredictions } from './cv.mjs';

const lower = (t) => (t === undefined ? '<edge>' : t.toLowerCase());
/** A neighbouring token as rules see it: a word in lower case, anything else by its shape. */
const tokenClass = (t) => (/^[A-Za-z][a-z-]*$/.test(t) ? `w:${t.toLowerCase()}` : `s:${tokenShape(t)}`);
/** Name-like: starts with a letter or digit and has a capital or digit (`Xbox`, `PS1`, `X360`). */
const nameLike = (t) => /^[A-Za-z0-9]/.test(t) && /[A-Z0-9]/.test(t);

/**
 * The three rule families. `events(sentence, predSpans)` lists what a rule could change in one
 * sentence: its features and, against gold, its label. `decide(stats, event, params)` returns the
 * change to make (or null) from counts over the inner folds.
 */
const FAMILIES = {
  // Boundary misses (`Solaris` for gold `Solaris 10`): extend a predicted span by the next or previous token.
  extension: {
    bucket: 'miss: boundary',
    grid: [{ minGood: 3, minPrecision: 0.5 }, { minGood: 5, minPrecision: 0.5 }, { minGood: 5, minPrecision: 0.6 }],
    events(tokens, gold, pred) {
      const out = [];
      const goldType = new Map(gold.map((g) => [`${g.start}:${g.end}`, g.type]));
      for (const q of pred) {
        const correct = goldType.get(`${q.start}:${q.end}`) === q.type;
        for (const [dir, k, start, end] of [['right', q.end, q.start, q.end + 1], ['left', q.start - 1, q.start - 1, q.end]]) {
          if (k < 0 || k >= tokens.length || pred.some((o) => o !== q && o.start <= k && k < o.end)) continue;
          const extended = goldType.get(`${start}:${end}`);
          out.push({ features: [`${dir}|${q.type}|${tokenClass(tokens[k])}`], label: extended ?? (correct ? 'breaks' : 'neutral'), span: q, replacement: { start, end } });
        }
      }
      return out;
    },
    decide(stats, event, { minGood, minPrecision }) {
      const s = stats.get(event.features[0]);
      if (!s) return null;
      const [type, good] = best(s.labels, (l) => l !== 'breaks' && l !== 'neutral');
      if (!type || good < minGood || good / s.n < minPrecision) return null;
      return { remove: event.span, add: { ...event.replacement, type } };
    },
  },
  // False alarms where gold has nothing (`library`, `server`): veto a prediction in a context where such predictions are mostly wrong.
  'context veto': {
    bucket: 'false alarm: gold has nothing',
    grid: [{ minCount: 3, maxPrecision: 0.2 }, { minCount: 5, maxPrecision: 0.2 }, { minCount: 5, maxPrecision: 0.3 }],
    events(tokens, gold, pred) {
      return pred.map((q) => {
        const text = tokens.slice(q.start, q.end).join(' ').toLowerCase();
        const prev = lower(tokens[q.start - 1]);
        const next = lower(tokens[q.end]);
        const ok = gold.some((g) => g.start === q.start && g.end === q.end && g.type === q.type);
        return { features: [`prev|${q.type}|${prev}`, `next|${q.type}|${next}`, `text+prev|${text}|${prev}`, `text+next|${text}|${next}`], label: ok ? 'right' : 'wrong', span: q };
      });
    },
    decide(stats, event, { minCount, maxPrecision }) {
      for (const f of event.features) {
        const s = stats.get(f);
        if (s && s.n >= minCount && (s.labels.get('right') ?? 0) / s.n < maxPrecision) return { remove: event.span };
      }
      return null;
    },
  },
  // Entities never seen in training (`XBLA`, `MIUI`): a decision list over runs of name-like tokens no gazetteer entry matched.
  'unseen-name decision list': {
    bucket: 'miss: never seen in training',
    grid: [{ minCount: 3, minPrecision: 0.45 }, { minCount: 5, minPrecision: 0.45 }, { minCount: 5, minPrecision: 0.55 }],
    events(tokens, gold, pred) {
      const out = [];
      const covered = new Array(tokens.length).fill(false);
      for (const q of pred) for (let k = q.start; k < q.end; k++) covered[k] = true;
      const goldType = new Map(gold.map((g) => [`${g.start}:${g.end}`, g.type]));
      for (let start = 0; start < tokens.length; ) {
        if (covered[start] || !nameLike(tokens[start])) {
          start++;
          continue;
        }
        let end = start;
        while (end < tokens.length && !covered[end] && nameLike(tokens[end])) end++;
        const run = tokens.slice(start, end);
        const features = [
          `text|${run.join(' ').toLowerCase()}`,
          `first|${lower(run[0])}`,
          `last|${lower(run[run.length - 1])}`,
          `shape|${run.map(tokenShape).join(' ')}`,
          `prev|${lower(tokens[start - 1])}`,
          `next|${lower(tokens[end])}`,
          `prev2|${lower(tokens[start - 2])} ${lower(tokens[start - 1])}`,
          `next2|${lower(tokens[end])} ${lower(tokens[end + 1])}`,
          ...run.map((t) => `word|${t.toLowerCase()}`),
        ];
        out.push({ features: [...new Set(features)], label: goldType.get(`${start}:${end}`) ?? 'O', replacement: { start, end } });
        start = end;
      }
      return out;
    },
    decide(stats, event, { minCount, minPrecision }) {
      let choice = null;
      for (const f of event.features) {
        const s = stats.get(f);
        if (!s || s.n < minCount) continue;
        const [type, n] = best(s.labels, (l) => l !== 'O');
        // Add-one smoothing: a feature seen 3 times, 3 times as Device, is not a certainty.
        const precision = type ? n / (s.n + 1) : 0;
        if (type && precision >= minPrecision && (!choice || precision > choice.precision)) choice = { type, precision };
      }
      return choice && { add: { ...event.replacement, type: choice.type } };
    },
  },
};

function best(labels, allowed) {
  let top = [undefined, 0];
  for (const [label, n] of labels) if (allowed(label) && (n > top[1] || (n === top[1] && label < top[0]))) top = [label, n];
  return top;
}

function countEvents(family, gold, predTags) {
  const stats = new Map();
  for (let i = 0; i < gold.length; i++) {
    for (const event of family.events(gold[i].tokens, spansFromTags(gold[i].tags), spansFromTags(predTags[i]))) {
      for (const f of event.features) {
        let s = stats.get(f);
        if (!s) stats.set(f, (s = { n: 0, labels: new Map() }));
        s.n++;
        s.labels.set(event.label, (s.labels.get(event.label) ?? 0) + 1);
      }
    }
  }
  return stats;
}

/**
 * Applies a family's decisions to one sentence's predicted tags; overlapping additions are dropped.
 * No gold is passed: the events' labels are not known here, and decisions never read them.
 */
function applyFamily(family, stats, params, tokens, tags) {
  const spans = spansFromTags(tags);
  const events = family.events(tokens, [], spans);
  let changed = spans;
  for (const event of events) {
    const change = family.decide(stats, event, params);
    if (!change) continue;
    if (change.remove) changed = changed.filter((s) => s !== change.remove);
    if (change.add && !changed.some((s) => s.start < change.add.end && change.add.start < s.end)) changed = [...changed, change.add];
  }
  return changed === spans ? tags : tagsFromSpans(changed.sort((a, b) => a.start - b.start), tags.length);
}

/**
 * Runs every family with every parameter set of its grid by nested CV on `sentences`, starting
 * from the predictions of `config` (a crossValidate configuration: the shipped default). Decisions
 * read only counts from the inner folds; the outer fold's gold is used for scoring alone.
 */
export function ruleExperiments(sentences, config, k = 5) {
  const folds = foldPredictions(sentences, config, k).map(({ train, test, pred }) => ({ test, pred, inner: crossValidate(train, config, k - 1) }));
  const gold = folds.flatMap((f) => f.test);
  const base = evaluate(gold, folds.flatMap((f) => f.pred)).micro;
  const rows = [];
  for (const [name, family] of Object.entries(FAMILIES)) {
    const stats = folds.map((f) => countEvents(family, f.inner.gold, f.inner.pred.map((p) => p.tags)));
    for (const params of family.grid) {
      let changed = 0;
      const pred = folds.flatMap((f, i) =>
        f.test.map((sentence, j) => {
          const tags = applyFamily(family, stats[i], params, sentence.tokens, f.pred[j].tags);
          if (tags !== f.pred[j].tags) changed++;
          return { ...f.pred[j], tags };
        }),
      );
      const r = evaluate(gold, pred).micro;
      rows.push({ family: name, bucket: family.bucket, params, precision: r.precision, recall: r.recall, f1: r.f1, delta: r.f1 - base.f1, sentencesChanged: changed });
    }
  }
  return { base, rows };
}
