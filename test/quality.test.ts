// CI floor: the cross-validated quality of the shipped configuration must not drop by more than
// 0.01 micro-F1 from the figure recorded by `npm run bench:quality` in benchmarks/results/quality.json.
// The same protocol as the benchmark: 5 folds by sentence index mod 5, the gazetteer learned from
// the four training folds with the recorded thresholds, plus the curated lists and the shipped rules.
import { existsSync, readFileSync, readdirSync } from 'node:fs';
import { dirname, join, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';
import { describe, expect, it } from 'vitest';
import { evaluate } from '../src/evaluate/index.js';
import { readWikiser } from '../src/formats/index.js';
import type { Sentence } from '../src/formats/sentence.js';
import { learnGazetteer, type LearnOptions } from '../src/learn/index.js';
import { createTagger } from '../src/tagger.js';

const repoRoot = resolve(dirname(fileURLToPath(import.meta.url)), '..');
const devPath = path(repoRoot, '../shared/data/wikiser/dev.txt');
const recordPath = join(repoRoot, 'benchmarks/results/quality.json');

function path(root: string, relative: string): string {
  return resolve(root, relative);
}

interface Recorded {
  learnOptions: LearnOptions;
  cv: { microF1: number };
}

describe.skipIf(!existsSync(devPath))('cross-validated quality floor (WikiSER dev.txt)', () => {
  it('5-fold CV micro-F1 stays within 0.01 of the recorded figure', () => {
    const recorded = JSON.parse(readFileSync(recordPath, 'utf8')) as Recorded;
    const dev = readWikiser(readFileSync(devPath, 'utf8'), devPath);
    const curated = readdirSync(join(repoRoot, 'gazetteers'))
      .filter((f) => f.startsWith('curated-') && f.endsWith('.yaml'))
      .map((f) => join(repoRoot, 'gazetteers', f));
    // rules/learned-*.yaml are learned from all of dev.txt: each fold learns its own blocks instead.
    const rules = readdirSync(join(repoRoot, 'rules'))
      .filter((f) => f.endsWith('.yaml') && !f.startsWith('learned-'))
      .map((f) => join(repoRoot, 'rules', f));
    const gold: Sentence[] = [];
    const pred: Sentence[] = [];
    const k = 5;
    for (let fold = 0; fold < k; fold++) {
      const train = dev.filter((_, i) => i % k !== fold);
      const test = dev.filter((_, i) => i % k === fold);
      const learned = learnGazetteer(train, { ...recorded.learnOptions, name: 'learned' });
      const tagger = createTagger({
        defaultGazetteers: false,
        defaultRules: false,
        gazetteers: [learned.gazetteer, ...curated],
        rules: [learned.blockRules, ...rules],
      });
      for (const s of test) {
        gold.push(s);
        pred.push({ tokens: s.tokens, tags: tagger.tagTokens(s.tokens).tags, line: s.line });
      }
    }
    const f1 = evaluate(gold, pred).micro.f1;
    expect(f1).toBeGreaterThanOrEqual(recorded.cv.microF1 - 0.01);
  }, 300_000);
});
