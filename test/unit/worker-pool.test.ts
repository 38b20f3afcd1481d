import { mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { pathToFileURL } from 'node:url';
import { describe, expect, it } from 'vitest';
import { JobExpired, WorkerPool } from '../../src/workers/pool.js';

// A worker that answers every job, except those that ask it to spin for ever (a pathological
// regex on a long token, as far as the pool can tell).
const dir = mkdtempSync(join(tmpdir(), 'sertag-pool-'));
const script = join(dir, 'spin.mjs');
writeFileSync(script, "import { parentPort } from 'node:worker_threads';\nparentPort.on('message', (job) => { if (job.spin) for (;;); parentPort.postMessage({ seq: job.seq, answered: true }); });\nparentPort.postMessage({ seq: -1 });\n");
// A worker that answers each job after `busy` ms, saying how many jobs it has been given so far.
const counting = join(dir, 'counting.mjs');
writeFileSync(counting, "import { parentPort } from 'node:worker_threads';\nlet seen = 0;\nparentPort.on('message', (job) => { seen++; const until = Date.now() + (job.busy ?? 0); while (Date.now() < until); parentPort.postMessage({ seq: job.seq, id: job.id, seen }); });\nparentPort.postMessage({ seq: -1 });\n");
// A worker that takes 3 s to get ready (building its taggers on a busy machine) before it answers.
const slowStart = join(dir, 'slow-start.mjs');
writeFileSync(slowStart, "import { parentPort } from 'node:worker_threads';\nconst until = Date.now() + 3000; while (Date.now() < until);\nparentPort.on('message', (job) => parentPort.postMessage({ seq: job.seq, answered: true }));\nparentPort.postMessage({ seq: -1 });\n");
// A worker that sends each job's output in `pieces` pieces ahead of its answer (transferred), the
// answer carrying the last one; a piece of a job with `exit` is followed by the worker exiting.
const pieces = join(dir, 'pieces.mjs');
writeFileSync(
  pieces,
  "import { parentPort } from 'node:worker_threads';\nparentPort.on('message', (job) => { for (let i = 0; i < job.pieces; i++) { const partial = new TextEncoder().encode(`${job.id}:${i};`); parentPort.postMessage({ seq: job.seq, partial }, [partial.buffer]); if (job.exit) process.exit(3); } parentPort.postMessage({ seq: job.seq, id: job.id, output: new TextEncoder().encode(`${job.id}:end`) }); });\nparentPort.postMessage({ seq: -1 });\n",
);

describe('WorkerPool: a job past its deadline (issue 27.8)', () => {
  it('stops a worker still on a job a second after its deadline, and answers the next jobs on a fresh one', async () => {
    const pool = new WorkerPool<{ seq: number; spin?: boolean }, { seq: number; answered: boolean }>(pathToFileURL(script), {}, 1, 'restart');
    try {
      const started = Date.now();
      await expect(pool.run((seq) => ({ seq, spin: true }), { deadline: Date.now() + 200 })).rejects.toThrow(/still on one batch 1000 ms after its time limit; it was stopped and replaced/);
      expect(Date.now() - started).toBeLessThan(5000);
      await expect(pool.run((seq) => ({ seq }))).resolves.toMatchObject({ answered: true });
    } finally {
      await pool.close();
    }
  }, 20_000);

  it('does not stop a worker that is still getting ready when a deadline passes', async () => {
    const pool = new WorkerPool<{ seq: number }, { seq: number; answered: boolean }>(pathToFileURL(slowStart), {}, 1, 'restart');
    try {
      await expect(pool.run((seq) => ({ seq }), { deadline: Date.now() + 100 })).resolves.toMatchObject({ answered: true });
    } finally {
      await pool.close();
    }
  }, 20_000);

  it('never stops a worker of a CLI run (fail policy), however long past its deadline it runs', async () => {
    const pool = new WorkerPool<Job, Answer>(pathToFileURL(counting), {}, 1, 'fail');
    try {
      await expect(pool.run((seq) => ({ seq, id: 'late', busy: 1800 }), { deadline: Date.now() + 100 })).resolves.toMatchObject({ id: 'late' });
    } finally {
      await pool.close();
    }
  }, 20_000);

  it('counts the overtime from when the worker reaches a job, not from its deadline while it waited behind another', async () => {
    const pool = new WorkerPool<Job, Answer>(pathToFileURL(counting), {}, 1, 'restart');
    try {
      await pool.run((seq) => ({ seq, id: 'warm-up' }));
      // The first keeps the worker 2.2 s; the second, given to it meanwhile with a deadline 0.3 s
      // away, then takes 0.5 s: it has its second of overtime from when the worker reaches it.
      const first = pool.run((seq) => ({ seq, id: 'first', busy: 2200 }));
      const second = pool.run((seq) => ({ seq, id: 'second', busy: 500 }), { deadline: Date.now() + 300 });
      await expect(first).resolves.toMatchObject({ id: 'first' });
      await expect(second).resolves.toMatchObject({ id: 'second', seen: 3 });
    } finally {
      await pool.close();
    }
  }, 20_000);
});

type Job = { seq: number; id: string; busy?: number };
type Answer = { seq: number; id: string; seen: number };

describe('WorkerPool: the queue (issue 27.1)', () => {
  it('never gives a worker the jobs of a request that stopped, and answers the next job promptly', async () => {
    const pool = new WorkerPool<Job, Answer>(pathToFileURL(counting), {}, 1, 'restart');
    try {
      await pool.run((seq) => ({ seq, id: 'warm-up' }));
      const request = new AbortController();
      const left = Array.from({ length: 10 }, (_, i) => pool.run((seq) => ({ seq, id: `left ${i}`, busy: 300 }), { signal: request.signal }));
      for (const job of left) job.catch(() => undefined);
      request.abort(new Error('the client disconnected'));
      const started = Date.now();
      const next = await pool.run((seq) => ({ seq, id: 'next' }));
      // Only the jobs already with the worker were tagged: the warm-up, at most two of the ten, then this one.
      expect(next.seen).toBeLessThanOrEqual(4);
      expect(Date.now() - started).toBeLessThan(3 * 300 + 2000);
      const settled = await Promise.allSettled(left);
      const dropped = settled.filter((s) => s.status === 'rejected');
      expect(dropped.length).toBeGreaterThanOrEqual(8);
      expect(dropped.every((s) => (s as PromiseRejectedResult).reason.message === 'the client disconnected')).toBe(true);
      expect(pool.outstanding).toBe(0);
    } finally {
      await pool.close();
    }
  }, 20_000);

  it('refuses a job whose signal has aborted already', async () => {
    const pool = new WorkerPool<Job, Answer>(pathToFileURL(counting), {}, 1, 'restart');
    try {
      const request = new AbortController();
      request.abort(new Error('gone'));
      await expect(pool.run((seq) => ({ seq, id: 'late' }), { signal: request.signal })).rejects.toThrow('gone');
      await expect(pool.run((seq) => ({ seq, id: 'next' }))).resolves.toMatchObject({ id: 'next', seen: 1 });
    } finally {
      await pool.close();
    }
  }, 20_000);

  it('drops a job still waiting at its deadline, at the deadline, without giving it to a worker', async () => {
    const pool = new WorkerPool<Job, Answer>(pathToFileURL(counting), {}, 1, 'restart');
    try {
      await pool.run((seq) => ({ seq, id: 'warm-up' }));
      const busy = [1, 2].map((i) => pool.run((seq) => ({ seq, id: `busy ${i}`, busy: 700 })));
      const started = Date.now();
      await expect(pool.run((seq) => ({ seq, id: 'late' }), { deadline: Date.now() + 200 })).rejects.toBeInstanceOf(JobExpired);
      expect(Date.now() - started).toBeLessThan(1200);
      await Promise.all(busy);
      await expect(pool.run((seq) => ({ seq, id: 'next' }))).resolves.toMatchObject({ id: 'next', seen: 4 });
    } finally {
      await pool.close();
    }
  }, 20_000);

  it('serves requests with jobs waiting in turn, each in its own order', async () => {
    const pool = new WorkerPool<Job, Answer>(pathToFileURL(counting), {}, 1, 'restart');
    try {
      await pool.run((seq) => ({ seq, id: 'warm-up' }));
      const big = new AbortController();
      const small = new AbortController();
      const order: string[] = [];
      const run = (id: string, signal: AbortSignal): Promise<void> => pool.run((seq) => ({ seq, id, busy: 50 }), { signal }).then((answer) => void order.push(answer.id));
      const jobs = Array.from({ length: 8 }, (_, i) => run(`big ${i}`, big.signal));
      jobs.push(run('small 0', small.signal), run('small 1', small.signal));
      await Promise.all(jobs);
      // Two of the big request's jobs were with the worker already; then the two requests take turns.
      expect(order).toEqual(['big 0', 'big 1', 'big 2', 'small 0', 'big 3', 'small 1', 'big 4', 'big 5', 'big 6', 'big 7']);
    } finally {
      await pool.close();
    }
  }, 20_000);
});

type PieceJob = { seq: number; id: string; pieces: number; exit?: boolean };
type PieceAnswer = { seq: number; id: string; output: Uint8Array };

describe('WorkerPool: pieces of an answer sent ahead of it (issue 27.5)', () => {
  it('gives each job its own pieces, in order, all before its answer, which is not taken for one', async () => {
    const pool = new WorkerPool<PieceJob, PieceAnswer>(pathToFileURL(pieces), {}, 2, 'restart');
    try {
      const events: string[] = [];
      const decoder = new TextDecoder();
      const run = (id: string, count: number): Promise<void> =>
        pool
          .run((seq) => ({ seq, id, pieces: count }), { onPartial: (bytes) => void events.push(decoder.decode(bytes)) })
          .then((answer) => void events.push(`answer ${decoder.decode(answer.output)}`));
      await Promise.all([run('a', 3), run('b', 2), run('c', 0)]);
      const of = (id: string): string[] => events.filter((e) => e.startsWith(`${id}:`) || e.startsWith(`answer ${id}:`));
      expect(of('a')).toEqual(['a:0;', 'a:1;', 'a:2;', 'answer a:end']);
      expect(of('b')).toEqual(['b:0;', 'b:1;', 'answer b:end']);
      expect(of('c')).toEqual(['answer c:end']);
      expect(events).toHaveLength(8);
      // Without onPartial the pieces are dropped, and the answer still settles the job.
      await expect(pool.run((seq) => ({ seq, id: 'd', pieces: 2 }))).resolves.toMatchObject({ id: 'd' });
      expect(pool.outstanding).toBe(0);
    } finally {
      await pool.close();
    }
  }, 20_000);

  it('rejects a job whose worker dies after sending pieces, and answers the next one on a fresh worker', async () => {
    const pool = new WorkerPool<PieceJob, PieceAnswer>(pathToFileURL(pieces), {}, 1, 'restart');
    try {
      const got: number[] = [];
      await expect(pool.run((seq) => ({ seq, id: 'lost', pieces: 2, exit: true }), { onPartial: (bytes) => void got.push(bytes.length) })).rejects.toThrow(/exited with code 3/);
      expect(got).toHaveLength(1);
      await expect(pool.run((seq) => ({ seq, id: 'next', pieces: 1 }), { onPartial: () => undefined })).resolves.toMatchObject({ id: 'next' });
    } finally {
      await pool.close();
    }
  }, 20_000);
});
