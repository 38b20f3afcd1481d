import { execFileSync } from 'node:child_process';
import { existsSync } from 'node:fs';
import { beforeAll, describe, expect, it } from 'vitest';
import { createTagger, SertagError, tagStream } from '../../src/index.js';

// With `jobs` above 1 the workers run dist/pipeline/worker.js, so those cases use the build.
beforeAll(() => {
  if (!existsSync('dist/pipeline/worker.js')) execFileSync(process.execPath, ['node_modules/typescript/bin/tsc', '-p', '.'], { stdio: 'inherit' });
});

const OWN = { defaultGazetteers: false, defaultRules: false, gazetteers: ['test/fixtures/cli/terms.yaml'] };
const sentences = ['Stackless Python runs on Linux.', 'We ported it from C++ to Python last year.', 'Nothing to see here.'];

async function collect<T>(stream: AsyncIterable<T>): Promise<T[]> {
  const all: T[] = [];
  for await (const item of stream) all.push(item);
  return all;
}

describe('tagStream', () => {
  it('yields each document with its id and what tag() finds, in order, from an async iterable', async () => {
    async function* documents() {
      yield { id: 'a', text: sentences[0]! };
      yield sentences[1]!;
      yield { text: sentences[2]! };
    }
    const tagger = createTagger(OWN);
    const results = await collect(tagStream(documents(), OWN));
    expect(results.map((r) => r.id)).toEqual(['a', 2, 3]);
    for (const [i, r] of results.entries()) {
      expect(r.text).toBe(sentences[i]);
      expect(r.result.entities).toEqual(tagger.tag(sentences[i]!).entities);
    }
  });

  it('gives the same results on worker threads (jobs: 3), in input order, over many batches', async () => {
    const { tagStream: builtTagStream } = await import('../../dist/index.js');
    const docs = Array.from({ length: 6000 }, (_, i) => ({ id: `d${i}`, text: `${sentences[i % 3]} Paragraph ${i}.` }));
    const one = await collect(tagStream(docs, OWN));
    const three = await collect(builtTagStream(docs, { ...OWN, jobs: 3 }));
    expect(three.map((r) => r.id)).toEqual(docs.map((d) => d.id));
    expect(three.map((r) => r.result.entities)).toEqual(one.map((r) => r.result.entities));
    expect(three.map((r) => r.result.tags)).toEqual(one.map((r) => r.result.tags));
  }, 60_000);

  it('refuses a misspelled option with a did-you-mean, and a document without text', async () => {
    await expect(collect(tagStream([], { jbos: 2 } as never))).rejects.toThrow(/unknown option `jbos`; did you mean `jobs`\?/);
    await expect(collect(tagStream([{ txt: 'x' } as never], OWN))).rejects.toThrow(SertagError);
    await expect(collect(tagStream([], { ...OWN, jobs: 0 }))).rejects.toThrow(/whole number from 1 to 256/);
  });
});

describe('usefulJobs (issue 27.10)', () => {
  it('starts no more threads than the cores, nor than the input has 64 KB batches for', async () => {
    const { usefulJobs } = await import('../../src/pipeline/index.js');
    const { availableParallelism } = await import('node:os');
    expect(usefulJobs(64)).toBe(Math.min(64, availableParallelism()));
    expect(usefulJobs(64, 900_000)).toBe(Math.min(14, availableParallelism()));
    expect(usefulJobs(8, 10_000)).toBe(1);
    expect(usefulJobs(1, 50_000_000)).toBe(1);
  });
});
