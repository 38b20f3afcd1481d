import { execFileSync } from 'node:child_process';
import { mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { dirname, join, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';
import { describe, expect, it } from 'vitest';

// The published types, as a consumer without Node's types sees them: `dist/index.d.ts` (built by
// `npm test`'s build step) compiled by the project's own tsc with `"types": []` and only the ES
// library, against a small program that uses the documented API and expects the internals to be
// out of reach.
const root = resolve(dirname(fileURLToPath(import.meta.url)), '../..');
const tsc = join(root, 'node_modules', 'typescript', 'bin', 'tsc');
const index = join(root, 'dist', 'index.js');

const CONSUMER = `
import * as sertag from ${JSON.stringify(index)};
import { createTagger, evaluate, readJsonl, writeJsonl, loadSources, tagStream, learnGazetteer, SertagError, FORMATS, type Tagger, type TagResult, type Sentence, type TaggedText } from ${JSON.stringify(index)};

const tagger: Tagger = createTagger({ profile: 'wikipedia' });
const result: TagResult = tagger.tag('Python on Linux');
const first: number | undefined = result.entities[0]?.start;
const gold: Sentence[] = readJsonl(writeJsonl([{ tokens: ['Python'], tags: ['B-Language'] }]), 'gold.jsonl');
const f1: number = evaluate(gold, gold).micro.f1;
const problems: number = loadSources().problems.length;
const formats: string[] = FORMATS.map((f) => f.name);
const isError: boolean = new Error() instanceof SertagError;
const stream: AsyncGenerator<TaggedText> = tagStream(['Python on Linux', { id: 'b', text: 'Java' }], { jobs: 2 });
export const used = [first, f1, problems, formats, isError, stream, learnGazetteer];

// Internals are not part of the surface.
// @ts-expect-error the compiled trie
loadSources().trie;
// @ts-expect-error the tagger's trie
tagger.trie;
// @ts-expect-error the tagger's vocabulary
tagger.vocabulary;
// @ts-expect-error the tagger's rule set
tagger.ruleSet;
// @ts-expect-error the command line is the sertag binary's, not the library's
sertag.cli;
`;

describe('the published types', () => {
  it('type-check in a consumer with "types": [] (no Node types) and show only the documented API', () => {
    const dir = mkdtempSync(join(tmpdir(), 'sertag-consumer-'));
    writeFileSync(join(dir, 'main.ts'), CONSUMER);
    writeFileSync(
      join(dir, 'tsconfig.json'),
      JSON.stringify({ compilerOptions: { strict: true, module: 'nodenext', moduleResolution: 'nodenext', target: 'es2022', lib: ['es2022'], types: [], noEmit: true, skipLibCheck: false }, files: ['main.ts'] }),
    );
    let output = '';
    try {
      execFileSync(process.execPath, [tsc, '-p', dir], { encoding: 'utf8' });
    } catch (error) {
      output = String((error as { stdout?: string }).stdout ?? error);
    }
    expect(output).toBe('');
  });
});
