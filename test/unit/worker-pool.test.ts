import { mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { pathToFileURL } from 'node:url';
import { describe, expect, it } from 'vitest';
import { WorkerPool } from '../../src/workers/pool.js';

// A worker that answers every job, except those that ask it to spin for ever (a pathological
// regex on a long token, as far as the pool can tell).
const dir = mkdtempSync(join(tmpdir(), 'sertag-pool-'));
const script = join(dir, 'spin.mjs');
writeFileSync(script, "import { parentPort } from 'node:worker_threads';\nparentPort.on('message', (job) => { if (job.spin) for (;;); parentPort.postMessage({ seq: job.seq, answered: true }); });\nparentPort.postMessage({ seq: -1 });\n");
// A worker that takes 3 s to get ready (building its taggers on a busy machine) before it answers.
const slowStart = join(dir, 'slow-start.mjs');
writeFileSync(slowStart, "import { parentPort } from 'node:worker_threads';\nconst until = Date.now() + 3000; while (Date.now() < until);\nparentPort.on('message', (job) => parentPort.postMessage({ seq: job.seq, answered: true }));\nparentPort.postMessage({ seq: -1 });\n");

describe('WorkerPool: a job past its deadline (issue 27.8)', () => {
  it('stops a worker still on a job a second after its deadline, and answers the next jobs on a fresh one', async () => {
    const pool = new WorkerPool<{ seq: number; spin?: boolean }, { seq: number; answered: boolean }>(pathToFileURL(script), {}, 1, 'restart');
    try {
      const started = Date.now();
      await expect(pool.run((seq) => ({ seq, spin: true }), [], Date.now() + 200)).rejects.toThrow(/still on one batch 1000 ms after its time limit; it was stopped and replaced/);
      expect(Date.now() - started).toBeLessThan(5000);
      await expect(pool.run((seq) => ({ seq }))).resolves.toMatchObject({ answered: true });
    } finally {
      await pool.close();
    }
  }, 20_000);

  it('does not stop a worker that is still getting ready when a deadline passes', async () => {
    const pool = new WorkerPool<{ seq: number }, { seq: number; answered: boolean }>(pathToFileURL(slowStart), {}, 1, 'restart');
    try {
      await expect(pool.run((seq) => ({ seq }), [], Date.now() + 100)).resolves.toMatchObject({ answered: true });
    } finally {
      await pool.close();
    }
  }, 20_000);

  it('leaves a job without a deadline alone, and never stops a worker of a CLI run (fail policy)', async () => {
    const pool = new WorkerPool<{ seq: number; spin?: boolean }, { seq: number; answered: boolean }>(pathToFileURL(script), {}, 1, 'fail');
    try {
      await expect(pool.run((seq) => ({ seq }), [], Date.now() - 5000)).resolves.toMatchObject({ answered: true });
    } finally {
      await pool.close();
    }
  });
});
