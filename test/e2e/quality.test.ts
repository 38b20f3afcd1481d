// CI floors, one per profile: the cross-validated quality of each shipped profile must not drop by
// more than 0.01 micro-F1 from the figure recorded by `npm run bench:quality` in
// benchmarks/results/quality.json. The same protocol as the benchmark: 5 folds, the profile's
// learned gazetteer (and blocks) learned from the four training folds with the profile's learned
// options, the rest of the profile unchanged. wikipedia is judged on interleaved folds (sentence
// index mod 5), stackoverflow on contiguous ones (its held-out split holds other posts).
import { existsSync, readFileSync, readdirSync, statSync } from 'node:fs';
import { dirname, join, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';
import { describe, expect, it } from 'vitest';
import { evaluate } from '../../src/evaluate/index.js';
import { readWikiser } from '../../src/formats/index.js';
import type { Sentence } from '../../src/formats/sentence.js';
import { learnGazetteer, type LearnOptions } from '../../src/learn/index.js';
import { loadProfile } from '../../src/profile/index.js';
import { createTagger } from '../../src/tagger.js';

const repoRoot = resolve(dirname(fileURLToPath(import.meta.url)), '../..');
const recordPath = join(repoRoot, 'benchmarks/results/quality.json');

interface Recorded {
  learnOptions: LearnOptions;
  cv: { microF1: number };
  profiles?: Record<string, { cv: { microF1: number }; learnOptions?: LearnOptions }>;
}

/** A file stays a file; a folder becomes its `.yaml` files (not recursive), as the loader reads it. */
function expand(path: string): string[] {
  if (!statSync(path).isDirectory()) return [path];
  return readdirSync(path)
    .filter((f) => f.endsWith('.yaml'))
    .sort()
    .map((f) => join(path, f));
}

/** Pooled micro-F1 of k-fold CV of a profile on gold sentences. */
function crossValidatedF1(profileName: string, gold: Sentence[], folds: 'interleaved' | 'contiguous', learnOptions: LearnOptions): number {
  const profile = loadProfile(profileName);
  const learned = profile.learned!;
  const curated = profile.gazetteers.flatMap(expand).filter((p) => p !== learned.gazetteer);
  const rules = profile.rules.flatMap(expand).filter((p) => p !== learned.blocks);
  const k = 5;
  const n = gold.length;
  const foldOf = folds === 'contiguous' ? (i: number) => Math.min(k - 1, Math.floor((i * k) / n)) : (i: number) => i % k;
  const goldPooled: Sentence[] = [];
  const pred: Sentence[] = [];
  for (let fold = 0; fold < k; fold++) {
    const train = gold.filter((_, i) => foldOf(i) !== fold);
    const test = gold.filter((_, i) => foldOf(i) === fold);
    const result = learnGazetteer(train, { ...learnOptions, name: 'learned' });
    const tagger = createTagger({
      defaultGazetteers: false,
      defaultRules: false,
      gazetteers: [result.gazetteer, ...curated],
      rules: [...(learned.blocks ? [result.blockRules] : []), ...rules],
    });
    for (const s of test) {
      goldPooled.push(s);
      pred.push({ tokens: s.tokens, tags: tagger.tagTokens(s.tokens).tags, line: s.line });
    }
  }
  return evaluate(goldPooled, pred).micro.f1;
}

const wikiserDev = resolve(repoRoot, '../shared/data/wikiser/dev.txt');
const softnerDev = resolve(repoRoot, '../shared/data/softner/dev.txt');
const recorded = () => JSON.parse(readFileSync(recordPath, 'utf8')) as Recorded;

describe.skipIf(!existsSync(wikiserDev))('cross-validated quality floor: wikipedia profile (WikiSER dev.txt)', () => {
  it('5-fold CV micro-F1 (interleaved) stays within 0.01 of the recorded figure', () => {
    const record = recorded();
    const dev = readWikiser(readFileSync(wikiserDev, 'utf8'), wikiserDev);
    const f1 = crossValidatedF1('wikipedia', dev, 'interleaved', record.learnOptions);
    expect(f1).toBeGreaterThanOrEqual(record.cv.microF1 - 0.01);
  }, 300_000);
});

describe.skipIf(!existsSync(softnerDev))('cross-validated quality floor: stackoverflow profile (SoftNER dev.txt)', () => {
  it('5-fold CV micro-F1 (contiguous) stays within 0.01 of the recorded figure', () => {
    const record = recorded().profiles?.stackoverflow;
    expect(record, 'benchmarks/results/quality.json has no stackoverflow profile: run npm run bench:quality').toBeDefined();
    const dev = readWikiser(readFileSync(softnerDev, 'utf8'), softnerDev);
    const f1 = crossValidatedF1('stackoverflow', dev, 'contiguous', loadProfile('stackoverflow').learned!.options as LearnOptions);
    expect(f1).toBeGreaterThanOrEqual(record!.cv.microF1 - 0.01);
  }, 120_000);
});
