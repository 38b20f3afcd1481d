import { execFileSync, spawnSync } from 'node:child_process';
import { existsSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { afterAll, describe, expect, it } from 'vitest';

// The JSONL-filter contract on a real distributed engine: a Dask LocalCluster of two worker
// processes, `dask.bag.read_text(…).map_partitions(…).to_textfiles(…)` piping each partition
// through one `sertag tag --input jsonl --format jsonl` process (test/scripts/dask_pipe.py, whose
// tag_partition docs/cli.md shows). The part files joined in order must be byte-identical to one
// sertag run over the whole corpus.
// Debian's python3-distributed lives under /usr/bin/python3, which may not be the python3 on PATH.
const python = ['/usr/bin/python3', 'python3'].find((p) => spawnSync(p, ['-c', 'import distributed, dask.bag'], { encoding: 'utf8' }).status === 0);
const script = fileURLToPath(new URL('./scripts/dask_pipe.py', import.meta.url));
const bin = fileURLToPath(new URL('../dist/bin/sertag.js', import.meta.url));
const work = mkdtempSync(join(tmpdir(), 'sertag-dask-'));
afterAll(() => rmSync(work, { recursive: true, force: true }));

const SENTENCES = [
  'Stackless Python uses microthreads instead of the C call stack.',
  'It integrates closely with Git, a distributed version control system.',
  'The GNU General Public License covers Linux; HTTP and TCP/IP run over Ethernet.',
  'We ported it from Python 2.7.1 to C++ and Node.js on x86-64 — "fast", they said.',
  'Ünïcödé text: naïve café résumé, emoji 🎉, and a NullPointerException in Java.',
  // Characters that JSON leaves unescaped and Python's str.splitlines() would split at.
  'A line\u2028separator, a next-line\u0085 and a file\u001c separator in Perl.',
];

/** The measurements dask_pipe.py prints. */
interface DaskRun {
  workers: number;
  partitions: number;
  part_files: number;
  records: number;
  start_up_seconds_per_worker: Record<string, number>;
}

describe('JSONL filter contract on Dask distributed', () => {
  it.skipIf(python === undefined)(
    'a LocalCluster of 2 worker processes, one sertag process per partition, gives output identical to a single run (skipped when python3-distributed is not installed: apt-get install python3-distributed; .ci/run installs it)',
    { timeout: 180_000 },
    () => {
      expect(existsSync(bin), 'dist/ must be built (npm test runs tsc first)').toBe(true);
      const input = join(work, 'corpus.jsonl');
      let corpus = '';
      for (let i = 0; i < 500; i++) corpus += JSON.stringify({ id: `doc-${i}`, text: `${SENTENCES[i % SENTENCES.length]} (${i})` }) + '\n';
      writeFileSync(input, corpus);
      const env = { ...process.env, SERTAG_CACHE_DIR: join(work, 'cache') };
      const single = execFileSync(process.execPath, [bin, 'tag', '--input', 'jsonl', '--format', 'jsonl'], { input: corpus, env, maxBuffer: 1 << 26 });
      const output = join(work, 'tagged.jsonl');
      // Blocks of ~12 kB: about four partitions of ~120 records over the two workers.
      const report = execFileSync(python!, [script, process.execPath, bin, input, output, '--workers', '2', '--blocksize', '12000'], { env, encoding: 'utf8', maxBuffer: 1 << 26 });
      const run = JSON.parse(report.trim().split('\n').pop()!) as DaskRun;
      expect(run.workers).toBe(2);
      expect(run.partitions).toBeGreaterThanOrEqual(3);
      expect(run.part_files).toBe(run.partitions);
      expect(run.records).toBe(500);
      expect(Object.keys(run.start_up_seconds_per_worker)).toHaveLength(2);
      const distributed = readFileSync(output);
      expect(single.toString('utf8').split('\n')).toHaveLength(501);
      expect(distributed.equals(single)).toBe(true);
    },
  );
});
