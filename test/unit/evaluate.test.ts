import { execFileSync } from 'node:child_process';
import { mkdtempSync, readFileSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { dirname, join, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';
import { describe, expect, it } from 'vitest';
import { spansFromTags, tagsFromSpans } from '../../src/bio/index.js';
import { SertagError } from '../../src/errors.js';
import { evaluate, evaluateFiles, formatHtmlReport, formatMarkdownReport, formatTextReport } from '../../src/evaluate/index.js';
import { readWikiser, writeWikiser, type Sentence } from '../../src/formats/index.js';

const repoRoot = resolve(dirname(fileURLToPath(import.meta.url)), '../..');
const referenceScorer = resolve(repoRoot, '../shared/tools/conll_score.py');
const wikiserDir = resolve(repoRoot, '../shared/data/wikiser');

/** mulberry32: a tiny seeded PRNG so every generated file is the same on every run. */
function random(seed: number): () => number {
  return () => {
    seed = (seed + 0x6d2b79f5) | 0;
    let t = Math.imul(seed ^ (seed >>> 15), 1 | seed);
    t = (t + Math.imul(t ^ (t >>> 7), 61 | t)) ^ t;
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
}

const sentence = (tags: string[], tokens = tags.map((_, i) => `w${i}`)): Sentence => ({ tokens, tags, line: 1 });

interface Reference {
  types: Record<string, [number, number, number, number]>;
  micro: [number, number, number];
  macro_f1: number;
}

function score(goldPath: string, predPath: string, types?: string[]): Reference {
  const args = [referenceScorer, goldPath, predPath, '--json', ...(types ? ['--types', types.join(',')] : [])];
  return JSON.parse(execFileSync('python3', args, { encoding: 'utf8' })) as Reference;
}

const round4 = (x: number): string => x.toFixed(4);

/** Asserts that sertag's numbers equal the reference scorer's to 4 decimals, per type and overall. */
function expectAgreement(gold: Sentence[], pred: Sentence[], dir: string, name: string, types?: string[]): void {
  const goldPath = join(dir, `${name}.gold.txt`);
  const predPath = join(dir, `${name}.pred.txt`);
  writeFileSync(goldPath, writeWikiser(gold));
  writeFileSync(predPath, writeWikiser(pred));
  const reference = score(goldPath, predPath, types);
  const ours = evaluate(gold, pred, { types });
  const fromFiles = evaluateFiles(goldPath, predPath, { types });
  expect(fromFiles.micro).toEqual(ours.micro);
  expect([ours.micro.precision, ours.micro.recall, ours.micro.f1].map(round4)).toEqual(reference.micro.map(round4));
  expect(round4(ours.macro.f1)).toBe(round4(reference.macro_f1));
  const oursTypes = Object.fromEntries(
    Object.entries(ours.types)
      .filter(([, s]) => s.support + s.predicted > 0)
      .map(([t, s]) => [t, [s.precision, s.recall, s.f1].map(round4).concat(String(s.support))]),
  );
  const referenceTypes = Object.fromEntries(Object.entries(reference.types).map(([t, r]) => [t, r.slice(0, 3).map(round4).concat(String(r[3]))]));
  expect(oursTypes).toEqual(referenceTypes);
}

const TYPES = ['Language', 'Library', 'Data_Structure'];

/** A random tag: any prefix in any order, so ill-formed sequences (I- after O, I-X after B-Y) are common. */
function randomTag(next: () => number): string {
  const r = next();
  if (r < 0.45) return 'O';
  const type = TYPES[Math.floor(next() * TYPES.length)]!;
  return `${r < 0.72 ? 'B' : 'I'}-${type}`;
}

/** A prediction that resembles the gold: each tag kept, or replaced by a random one. */
function perturbTags(tags: string[], next: () => number, keep: number): string[] {
  return tags.map((tag) => (next() < keep ? tag : randomTag(next)));
}

describe('agreement with the reference scorer (conlleval semantics)', () => {
  const dir = mkdtempSync(join(tmpdir(), 'sertag-eval-diff-'));

  it('agrees on 1,200 random tag sequences, ill-formed ones included, to 4 decimals', () => {
    const next = random(20240611);
    let illFormed = 0;
    for (let file = 0; file < 12; file++) {
      const gold: Sentence[] = [];
      const pred: Sentence[] = [];
      for (let s = 0; s < 100; s++) {
        const length = Math.floor(next() * 15);
        const goldTags = Array.from({ length }, () => randomTag(next));
        // A third of the predictions are independent, the rest close to the gold, so every kind of match occurs.
        const predTags = next() < 0.33 ? Array.from({ length }, () => randomTag(next)) : perturbTags(goldTags, next, 0.7);
        if (goldTags.some((t, i) => t.startsWith('I-') && goldTags[i - 1]?.slice(2) !== t.slice(2))) illFormed++;
        gold.push(sentence(goldTags));
        pred.push(sentence(predTags));
      }
      expectAgreement(gold, pred, dir, `random-${file}`);
      if (file === 0) expectAgreement(gold, pred, dir, `random-${file}-types`, ['Language', 'Data_Structure']);
    }
    expect(illFormed).toBeGreaterThan(300);
  });

  it('agrees on the real article stackless-python.txt against perturbed copies', () => {
    const goldPath = join(wikiserDir, 'stackless-python.txt');
    const gold = readWikiser(readFileSync(goldPath, 'utf8'), goldPath);
    for (const seed of [1, 2, 3]) {
      const next = random(seed);
      const pred = gold.map((s) => ({ ...s, tags: perturbTags(s.tags, next, 0.85) }));
      expectAgreement(gold, pred, dir, `stackless-${seed}`);
    }
    expectAgreement(gold, gold, dir, 'stackless-identical');
  });

  it('agrees on dev.txt against a perturbed copy of itself, with and without --types', () => {
    const goldPath = join(wikiserDir, 'dev.txt');
    const gold = readWikiser(readFileSync(goldPath, 'utf8'), goldPath);
    expect(gold).toHaveLength(7992);
    const next = random(99);
    // Entity-level damage (drop, retype, shrink) plus tag-level noise, like a real tagger's errors.
    const pred = gold.map((s) => {
      const spans = spansFromTags(s.tags).flatMap((span) => {
        const r = next();
        if (r < 0.1) return [];
        if (r < 0.18) return [{ ...span, type: TYPES[Math.floor(next() * TYPES.length)]! }];
        if (r < 0.25 && span.end - span.start > 1) return [{ ...span, end: span.end - 1 }];
        return [span];
      });
      return { ...s, tags: perturbTags(tagsFromSpans(spans, s.tokens.length), next, 0.98) };
    });
    expectAgreement(gold, pred, dir, 'dev');
    expectAgreement(gold, pred, dir, 'dev-types', ['Application', 'Library', 'License']);
  });
});

describe('evaluate', () => {
  it('follows the zero-division policy of conlleval', () => {
    const nothingPredicted = evaluate([sentence(['B-A', 'O'])], [sentence(['O', 'O'])]);
    expect(nothingPredicted.micro).toEqual({ precision: 0, recall: 0, f1: 0 });
    expect(nothingPredicted.types.A).toMatchObject({ support: 1, predicted: 0 });
    const nothingInGold = evaluate([sentence(['O'])], [sentence(['B-A'])]);
    expect(nothingInGold.micro).toEqual({ precision: 0, recall: 0, f1: 0 });
    expect(nothingInGold.macro).toEqual({ precision: 0, recall: 0, f1: 0 });
    const empty = evaluate([sentence([])], [sentence([])]);
    expect(empty.micro.f1).toBe(0);
    expect(empty.tokenAccuracy).toBe(0);
  });

  it('computes per-type, micro, macro and weighted scores and token accuracy', () => {
    const gold = [sentence(['B-A', 'I-A', 'O', 'B-B', 'O', 'B-A'])];
    const pred = [sentence(['B-A', 'I-A', 'O', 'B-A', 'O', 'O'])];
    const result = evaluate(gold, pred);
    expect(result.types.A).toEqual({ precision: 0.5, recall: 0.5, f1: 0.5, support: 2, predicted: 2, correct: 1 });
    expect(result.types.B).toEqual({ precision: 0, recall: 0, f1: 0, support: 1, predicted: 0, correct: 0 });
    expect(result.micro.precision).toBe(0.5);
    expect(result.micro.recall).toBeCloseTo(1 / 3);
    expect(result.macro.f1).toBe(0.25);
    expect(result.weighted.f1).toBeCloseTo((2 * 0.5 + 0) / 3);
    expect(result.tokenAccuracy).toBeCloseTo(4 / 6);
    expect(result.categories).toEqual({ correct: 1, incorrectType: 1, partial: 0, missed: 1, spurious: 0 });
    expect(result.confusion.labels).toEqual(['A', 'B']);
    expect(result.confusion.sameBoundary).toEqual([[1, 0], [1, 0]]);
    expect(result.confusion.missed).toEqual([1, 0]);
  });

  it('scores the partial and type modes in the SemEval-2013 style', () => {
    // gold: [0,2) A, [3,5) B, [6,7) A; pred: [0,1) A (partial, same type), [3,5) A (wrong type), [8,9) B (spurious)
    const gold = [sentence(['B-A', 'I-A', 'O', 'B-B', 'I-B', 'O', 'B-A', 'O', 'O'])];
    const pred = [sentence(['B-A', 'O', 'O', 'B-A', 'I-A', 'O', 'O', 'O', 'B-B'])];
    const categories = { correct: 0, incorrectType: 1, partial: 1, missed: 1, spurious: 1 };
    const partial = evaluate(gold, pred, { mode: 'partial' });
    expect(partial.categories).toEqual(categories);
    // partial: exact boundaries earn 1 whatever the type, overlaps 0.5 → (1 + 0.5) / 3 both ways.
    expect(partial.micro.precision).toBeCloseTo(1.5 / 3);
    expect(partial.micro.recall).toBeCloseTo(1.5 / 3);
    const type = evaluate(gold, pred, { mode: 'type' });
    // type: overlap with the right type earns 1 → 1 / 3.
    expect(type.micro.precision).toBeCloseTo(1 / 3);
    expect(type.micro.recall).toBeCloseTo(1 / 3);
    expect(evaluate(gold, pred).micro.f1).toBe(0);
    expect(partial.confusion.boundaryErrors).toEqual([[1, 0], [0, 0]]);
    expect(partial.confusion.spurious).toEqual([0, 1]);
  });

  it('lists the top false positives and negatives by surface form with an example', () => {
    const tokens = ['use', 'Python', 'and', 'Python'];
    const gold = [sentence(['O', 'B-Language', 'O', 'B-Language'], tokens), sentence(['O', 'O', 'O', 'O'], tokens)];
    const pred = [sentence(['O', 'B-Library', 'O', 'O'], tokens), sentence(['B-Library', 'O', 'O', 'O'], tokens)];
    const result = evaluate(gold, pred, { top: 1, goldFile: 'g.txt' });
    expect(result.falseNegatives).toHaveLength(1);
    expect(result.falseNegatives[0]).toMatchObject({ surface: 'Python', type: 'Language', count: 2 });
    expect(result.falseNegatives[0]!.example).toMatchObject({ file: 'g.txt', sentence: 1, start: 1, end: 2 });
    expect(result.falsePositives[0]).toMatchObject({ surface: 'Python', type: 'Library', count: 1 });
  });

  it('reports ill-formed sequences in strict mode with file, sentence and token', () => {
    const run = (): unknown => evaluate([sentence(['O', 'I-A'])], [sentence(['B-A', 'I-B'])], { mode: 'strict', goldFile: 'g.txt', predFile: 'p.txt' });
    expect(run).toThrow(SertagError);
    try {
      run();
    } catch (error) {
      const report = (error as SertagError).report();
      expect(report).toContain('strict mode: 2 ill-formed IOB2 tags');
      expect(report).toContain("g.txt:1:1 [ILL_FORMED] sentence 1, token 2 'w1': 'I-A' starts an entity; expected B-A");
      expect(report).toContain("p.txt:1:1 [ILL_FORMED] sentence 1, token 2 'w1': 'I-B' follows a A entity; expected B-B");
    }
    expect(evaluate([sentence(['B-A', 'I-A'])], [sentence(['B-A', 'I-A'])], { mode: 'strict' }).micro.f1).toBe(1);
  });

  it('names both files, the sentence, the lines and both tokens on a token mismatch', () => {
    const gold = [sentence(['O']), { tokens: ['a', 'b'], tags: ['O', 'O'], line: 5, tokenLines: [5, 6] }];
    const pred = [sentence(['O']), { tokens: ['a', 'c'], tags: ['O', 'O'], line: 7, tokenLines: [7, 8] }];
    expect(() => evaluate(gold, pred, { goldFile: 'g.txt', predFile: 'p.txt' })).toThrow(
      "tokens differ in sentence 2, token 2: gold 'b' at g.txt:6, prediction 'c' at p.txt:8",
    );
    expect(() => evaluate(gold, pred.slice(0, 1), { goldFile: 'g.txt', predFile: 'p.txt' })).toThrow(
      'different sentence counts: g.txt has 2 sentences, p.txt has 1',
    );
  });
});

describe('reports', () => {
  const hostile = ['<script>alert(1)</script>', '"quoted"', "it's", 'javascript:alert(1)', '<img src=x onerror=alert(1)>', '&amp;'];
  const gold = [sentence(['B-Language', 'O', 'B-Evil<b>', 'O', 'O', 'O'], hostile)];
  const pred = [sentence(['O', 'B-Library', 'O', 'O', 'B-Language', 'B-X"onmouseover="alert(1)'], hostile)];

  it('HTML escapes every piece of input text: nothing executable comes out', () => {
    const html = formatHtmlReport(evaluate(gold, pred, { goldFile: '<script>g</script>.txt', predFile: 'javascript:p' }), '<script>title</script>');
    // Input text can never contain '<' once escaped, so every tag in the page is one the reporter wrote.
    const allowed = new Set(['html', 'head', 'meta', 'title', 'style', 'body', 'main', 'h1', 'h2', 'div', 'b', 'br', 'span', 'i', 'em', 'p',
      'svg', 'line', 'text', 'rect', 'table', 'caption', 'thead', 'tbody', 'tr', 'th', 'td', 'mark']);
    const tags = [...html.matchAll(/<\/?([a-zA-Z][\w-]*)([^>]*)>/g)];
    expect(tags.length).toBeGreaterThan(50);
    for (const [whole, name, attributes] of tags) {
      expect(allowed.has(name!.toLowerCase()), whole).toBe(true);
      expect(attributes, whole).not.toMatch(/(^|\s)on\w+\s*=/i);
      expect(attributes, whole).not.toMatch(/javascript:/i);
    }
    expect(html).not.toContain('Evil<b>');
    expect(html).toContain('&lt;script&gt;alert(1)&lt;/script&gt;');
    expect(html).toContain('&quot;quoted&quot;');
    expect(html).toContain('it&#39;s');
    // No network and no scripts: a self-contained page.
    expect(html).not.toMatch(/https?:\/\/(?!www\.w3\.org\/2000\/svg)/);
    expect(html).toContain('<svg');
  });

  it('Markdown escapes table syntax and HTML', () => {
    const markdown = formatMarkdownReport(evaluate(gold, pred));
    expect(markdown).not.toContain('<script>');
    expect(markdown).toContain('\\<script\\>');
    for (const line of markdown.split('\n').filter((l) => l.startsWith('|'))) expect(line.split(/(?<!\\)\|/).length).toBeGreaterThanOrEqual(6);
  });

  it('the terminal table starts with conlleval lines', () => {
    const text = formatTextReport(evaluate(gold, pred));
    expect(text).toMatch(/processed 6 tokens with 2 phrases; found: 3 phrases; correct: 0\./);
    expect(text).toMatch(/accuracy: +\d+\.\d\d%; precision: +0\.00%; recall: +0\.00%; FB1: +0\.00/);
  });
});
