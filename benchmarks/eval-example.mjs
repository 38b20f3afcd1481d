// Builds the example evaluation report in benchmarks/results/eval-example.html (and the terminal
// table in eval-example.txt).
//
// The prediction is SYNTHETIC: the gold article with entities deterministically dropped, retyped,
// cut short and invented, so the report shows every kind of error. It stands in for real tagger
// output until the tagger exists; then replace `degrade(gold)` with the tagger's predictions.
//
// Usage: npx tsc -p . && node benchmarks/eval-example.mjs
import { mkdirSync, mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { dirname, join, relative, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';
import { spansFromTags, tagsFromSpans } from '../dist/bio/index.js';
import { evaluateFiles, formatHtmlReport, formatTextReport } from '../dist/evaluate/index.js';
import { readWikiser, writeWikiser } from '../dist/formats/index.js';
import { readFileSync } from 'node:fs';

const repoRoot = resolve(dirname(fileURLToPath(import.meta.url)), '..');
const goldPath = resolve(repoRoot, '../shared/data/wikiser/stackless-python.txt');
const outDir = join(repoRoot, 'benchmarks/results');

/** A small seeded PRNG (mulberry32), so the example is the same on every run. */
function random(seed) {
  return () => {
    seed = (seed + 0x6d2b79f5) | 0;
    let t = Math.imul(seed ^ (seed >>> 15), 1 | seed);
    t = (t + Math.imul(t ^ (t >>> 7), 61 | t)) ^ t;
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
}

const TYPES = ['Application', 'Language', 'Library', 'Operating_System', 'General_Concept', 'Protocol'];

function degrade(sentences, seed = 42) {
  const next = random(seed);
  return sentences.map((sentence) => {
    const spans = [];
    for (const span of spansFromTags(sentence.tags)) {
      const roll = next();
      if (roll < 0.12) continue; // missed
      if (roll < 0.22) spans.push({ ...span, type: TYPES[Math.floor(next() * TYPES.length)] }); // maybe retyped
      else if (roll < 0.3 && span.end - span.start > 1) spans.push({ ...span, end: span.end - 1 }); // cut short
      else spans.push(span);
    }
    // Invent an entity on a capitalized word nobody tagged.
    const taken = new Set(spans.flatMap((s) => Array.from({ length: s.end - s.start }, (_, k) => s.start + k)));
    sentence.tokens.forEach((token, i) => {
      if (!taken.has(i) && /^[A-Z]/.test(token) && i > 0 && next() < 0.35) spans.push({ start: i, end: i + 1, type: 'Application' });
    });
    return { ...sentence, tags: tagsFromSpans(spans, sentence.tokens.length) };
  });
}

const gold = readWikiser(readFileSync(goldPath, 'utf8'), goldPath);
const predPath = join(mkdtempSync(join(tmpdir(), 'sertag-eval-example-')), 'stackless-python.synthetic-prediction.txt');
writeFileSync(predPath, writeWikiser(degrade(gold)));

const result = evaluateFiles(goldPath, predPath);
// Show stable, repository-relative names rather than this machine's temp folder.
result.files = [{ gold: '../shared/data/wikiser/stackless-python.txt', pred: 'synthetic prediction (degraded gold, seed 42)' }];
for (const list of [result.falsePositives, result.falseNegatives]) for (const e of list) e.example.file = 'stackless-python.txt';
mkdirSync(outDir, { recursive: true });
const htmlPath = join(outDir, 'eval-example.html');
writeFileSync(htmlPath, formatHtmlReport(result, 'sertag eval — Stackless Python (synthetic prediction)'));
const table = formatTextReport(result);
writeFileSync(join(outDir, 'eval-example.txt'), table);
process.stdout.write(table);
process.stdout.write(`\nwrote ${relative(repoRoot, htmlPath)} (prediction file: ${predPath})\n`);
