import { execFileSync, spawnSync } from 'node:child_process';
import { existsSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { afterAll, describe, expect, it } from 'vitest';

// The JSONL stdin → stdout contract that Hadoop Streaming and Spark's RDD.pipe() rely on: a filter
// that reads one record per line and writes one result per line, in order, with no state carried
// between lines. GNU parallel --pipe splits one corpus across processes the same way they do; the
// concatenated output must be byte-identical to a single run.
// moreutils ships another `parallel`; only GNU parallel has --pipe.
const hasParallel = /GNU parallel/.test(spawnSync('parallel', ['--version'], { encoding: 'utf8' }).stdout ?? '');
const bin = fileURLToPath(new URL('../../dist/bin/sertag.js', import.meta.url));
const work = mkdtempSync(join(tmpdir(), 'sertag-parallel-'));
afterAll(() => rmSync(work, { recursive: true, force: true }));

const SENTENCES = [
  'Stackless Python uses microthreads instead of the C call stack.',
  'It integrates closely with Git, a distributed version control system.',
  'QEMU uses this to provide a SPICE interface for virtual machines.',
  'The GNU General Public License covers Linux; HTTP and TCP/IP run over Ethernet.',
  'A red–black tree is a self-balancing binary search tree, unlike a linked list.',
  'We ported it from Python 2.7.1 to C++ and Node.js on x86-64 — "fast", they said.',
  '',
  'Ünïcödé text: naïve café résumé, emoji 🎉, and a NullPointerException in Java.',
];

function corpus(lines: number): string {
  let out = '';
  for (let i = 0; i < lines; i++) out += JSON.stringify({ id: `doc-${i}`, text: `${SENTENCES[i % SENTENCES.length]} (${i})` }) + '\n';
  return out;
}

describe('JSONL filter contract under GNU parallel --pipe', () => {
  it.skipIf(!hasParallel)(
    'gives output identical to a single run when the corpus is split across 3 processes (skipped when GNU `parallel` is not installed: apt-get install parallel)',
    { timeout: 240_000 },
    () => {
      expect(existsSync(bin), 'dist/ must be built (npm test runs tsc first)').toBe(true);
      const input = join(work, 'corpus.jsonl');
      writeFileSync(input, corpus(400));
      const env = { ...process.env, SERTAG_CACHE_DIR: join(work, 'cache') };
      const tag = `${JSON.stringify(process.execPath)} ${JSON.stringify(bin)} tag --input jsonl --format jsonl`;
      const single = execFileSync('sh', ['-c', `${tag} < ${JSON.stringify(input)}`], { env, maxBuffer: 1 << 26 });
      const split = execFileSync('sh', ['-c', `parallel --will-cite --pipe --keep-order -N 134 -j 2 ${tag} < ${JSON.stringify(input)}`], { env, maxBuffer: 1 << 26 });
      expect(single.toString('utf8').split('\n')).toHaveLength(401);
      expect(split.equals(single)).toBe(true);
    },
  );
});
