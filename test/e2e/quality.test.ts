// CI floors, per profile and per gold corpus: the cross-validated quality of each shipped profile
// must stay above a floor set a little (about 0.01) below the figure `npm run bench:quality`
// measured (benchmarks/results/quality.json), so that a real drop fails CI. The same harness as the
// benchmark (benchmarks/lib/cv.mjs, which runs the built library in dist/: `npm test` builds
// first): 5 folds; in every fold the profile's learned gazetteer and blocks are learned from the
// other folds (and, for stackoverflow, from all of the other developer corpus) with the profile's
// learned options, the rest of the profile is loaded unchanged with the profile's conventions, and
// each held-out document is tagged as one document.
//   wikipedia on WikiSER dev.txt: interleaved folds (the held-out split samples the same articles).
//   stackoverflow on Stack Overflow (SoftNER train + dev): contiguous folds (held-out posts are other posts).
//   stackoverflow on GitHub issues (dev half): folds by repository owner (held-out issues are other owners').
import { existsSync, readFileSync } from 'node:fs';
import { dirname, join, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';
import { describe, expect, it } from 'vitest';
// The benchmark's own harness (plain JavaScript over dist/), so the floors measure what the report measures.
import { buildTagger, crossValidateCorpus, githubCorpus, softnerCorpus, tagSentences, wikiserCorpus } from '../../benchmarks/lib/cv.mjs';
import { profileSources } from '../../benchmarks/lib/profiles.mjs';
import { runCli } from '../helpers.js';

const repoRoot = resolve(dirname(fileURLToPath(import.meta.url)), '../..');
const data = resolve(repoRoot, '../shared/data');

/** Floors: measured CV micro-F1 (benchmarks/results/quality.json) minus about 0.01. */
const FLOORS = {
  wikipedia: { wikiser: 0.627 },
  stackoverflow: { so: 0.666, github: 0.563 },
};

interface Corpus {
  short: string;
  sentences: unknown[];
}

/** What benchmarks/lib/profiles.mjs says of a bundled profile (a JavaScript module: typed here). */
interface ProfileSources {
  file: string;
  learned: { gazetteer: string; blocks: string; options: Record<string, unknown> };
  curated: string[];
  rules: string[];
}
const sourcesOf = (profile: string): ProfileSources => profileSources(profile) as ProfileSources;

/** Pooled micro-F1 of the profile's CV on `target`, learning also from `extra`. */
function profileF1(profile: string, target: Corpus, extra: Corpus[]): number {
  const sources = sourcesOf(profile);
  const config = { profile: sources.file, learnOptions: sources.learned.options, curated: sources.curated, rules: sources.rules };
  return crossValidateCorpus(target, extra, config).result.micro.f1 as number;
}

const recorded = () => JSON.parse(readFileSync(join(repoRoot, 'benchmarks/results/quality.json'), 'utf8'));
const wikiserDev = join(data, 'wikiser/dev.txt');
const softnerFiles = [join(data, 'softner/train.txt'), join(data, 'softner/dev.txt')];
const githubFiles = [join(data, 'github/dev.txt'), join(data, 'github/dev.docs.tsv')];

describe('cross-validated quality floors', () => {
  it('the floors sit a little below the recorded figures (re-run npm run bench:quality after a change that moves them)', () => {
    const record = recorded();
    const figures = { wikipedia: { wikiser: record.cv.microF1 }, stackoverflow: { so: record.profiles.stackoverflow.cv.so.f1, github: record.profiles.stackoverflow.cv.github.f1 } };
    for (const [profile, floors] of Object.entries(FLOORS)) {
      for (const [corpus, floor] of Object.entries(floors)) {
        const measured = (figures as Record<string, Record<string, number>>)[profile]![corpus]!;
        expect(measured - floor, `${profile} on ${corpus}: recorded ${measured}, floor ${floor}`).toBeGreaterThan(0);
        expect(measured - floor, `${profile} on ${corpus}: recorded ${measured}, floor ${floor}`).toBeLessThan(0.02);
      }
    }
  });

  it.skipIf(!existsSync(wikiserDev))('wikipedia on WikiSER dev.txt (5 interleaved folds)', () => {
    expect(profileF1('wikipedia', wikiserCorpus(wikiserDev), [])).toBeGreaterThanOrEqual(FLOORS.wikipedia.wikiser);
  }, 300_000);

  describe.skipIf(![...softnerFiles, ...githubFiles].every((p) => existsSync(p)))('stackoverflow on all developer gold', () => {
    const so = softnerCorpus(softnerFiles);
    const github = githubCorpus(githubFiles[0], githubFiles[1]);

    it('Stack Overflow (SoftNER train + dev, 5 contiguous folds, learning also from GitHub)', () => {
      expect(profileF1('stackoverflow', so, [github])).toBeGreaterThanOrEqual(FLOORS.stackoverflow.so);
    }, 300_000);

    it('the harness tags GitHub issues as `sertag tag --profile stackoverflow --input conll` does (-DOCSTART- before each issue)', async () => {
      const issues = 40;
      const conll = readFileSync(join(data, 'github/dev.conll'), 'utf8').split(/^(?=-DOCSTART-)/m).slice(0, issues).join('');
      const run = await runCli(['tag', '--profile', 'stackoverflow', '--input', 'conll', '--format', 'conll'], repoRoot, conll);
      expect(run.code, run.stderr).toBe(0);
      const cliTags = run.stdout
        .split(/\n\s*\n/)
        .map((block) => block.split('\n').filter(Boolean).map((line) => line.split('\t')))
        .filter((rows) => rows.length > 0 && rows[0]![0] !== '-DOCSTART-')
        .map((rows) => rows.map((row) => row[row.length - 1]).join(' '));
      const documents = github.documents.slice(0, issues) as number[][];
      const sources = sourcesOf('stackoverflow');
      const tagger = buildTagger({ profile: sources.file, curated: [sources.learned.gazetteer, ...sources.curated], rules: [sources.learned.blocks, ...sources.rules] });
      const harness = tagSentences(tagger, github.sentences, documents) as Array<{ tags: string[] } | undefined>;
      const harnessTags = documents.flat().map((i) => harness[i]!.tags.join(' '));
      expect(cliTags.length).toBe(harnessTags.length);
      expect(cliTags).toEqual(harnessTags);
      expect(harnessTags.join(' ')).toMatch(/B-/);
    }, 60_000);

    it('GitHub issues (dev half, 5 folds by repository owner, learning also from Stack Overflow)', () => {
      expect(profileF1('stackoverflow', github, [so])).toBeGreaterThanOrEqual(FLOORS.stackoverflow.github);
    }, 300_000);
  });
});
