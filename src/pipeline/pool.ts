import type { Tagger } from '../tagger.js';
import type { Formatter } from '../formats/document.js';
import { Utf8Output } from '../formats/utf8-output.js';
import { builtScript, JOBS_PER_WORKER, WorkerPool, type WorkerLossPolicy } from '../workers/pool.js';
import { availableParallelism } from 'node:os';
import { BATCH_CHARS, PARTIAL_BYTES, tagBatch, type BatchOptions, type BatchPayload, type BatchResult } from './batch.js';
import type { ProfileDescription, WorkerAnswer, WorkerJob, WorkerSetup } from './protocol.js';

/**
 * The threads worth starting for `requested` jobs: no more than the cores (a thread beyond them
 * only adds a tagger to build and memory to hold: -j 64 on 0.9 MB took 10 s and 2 GB, against
 * 0.2 s for -j 1), nor than the input has batches for, when its size is known (`inputBytes`).
 */
export function usefulJobs(requested: number, inputBytes?: number): number {
  let jobs = Math.min(requested, availableParallelism());
  if (inputBytes !== undefined) jobs = Math.min(jobs, Math.max(1, Math.ceil(inputBytes / BATCH_CHARS)));
  return Math.max(1, jobs);
}

/** A batch the worker could not tag (its tagger failed; the server log says why). */
export class BatchFailed extends Error {}

/** Options of the pool. */
export interface TagPoolOptions {
  /**
   * The main thread's tagger and formatter, built as the workers build theirs: given, the main
   * thread tags a batch itself when every worker has its JOBS_PER_WORKER jobs (two keep a worker
   * busy while the main thread tags, as a batch takes about as long wherever it runs; one more
   * would only wait in the pool's queue while this thread could be tagging it). This thread has
   * its tagger already, and a worker of its own would only add one more isolate to warm up,
   * collect and compile for on the same cores. `sertag tag --jobs N` runs N - 1 workers and the
   * main thread.
   */
  local?: { tagger: Tagger; formatter: Formatter };
  /** `fail` (a CLI run stops when a worker dies) or `restart` (a server replaces it). */
  onLoss?: WorkerLossPolicy;
}

/**
 * The worker threads of the tagging pipeline, each with its own warm taggers (one per profile of
 * the setup). A batch goes to the least busy worker, or waits in the pool's queue until one has
 * room (with a local tagger, the main thread tags it instead). Results come back as promises that
 * the caller awaits in submission order (`InOrder`), so the output order is the input order
 * whoever tags a batch and whenever they finish.
 */
export class TagPool {
  private readonly pool: WorkerPool<WorkerJob, WorkerAnswer>;
  /** The main thread's output buffer for the batches it tags. */
  private readonly out = new Utf8Output();

  constructor(
    private readonly workers: number,
    setup: WorkerSetup,
    private readonly options: TagPoolOptions = {},
  ) {
    this.pool = new WorkerPool(builtScript('pipeline/worker.js', import.meta.url), setup, workers, options.onLoss ?? 'fail');
  }

  /** How many batches are waiting or with the workers, and not answered yet. */
  get outstanding(): number {
    return this.pool.outstanding;
  }

  /**
   * Tags a batch; the promise settles with its formatted output. Rejects with BatchFailed when the
   * tagger failed, with JobExpired when its deadline passed before a worker took it, and with the
   * signal's reason when `signal` (its request: see RunOptions) aborts before a worker takes it.
   * With `onPartial`, a worker sends the output in pieces of about PARTIAL_BYTES as it writes
   * them, all before the result, whose output is then the rest (a batch tagged on this thread
   * comes whole in its result).
   */
  run(options: BatchOptions, payload: BatchPayload, signal?: AbortSignal, onPartial?: (bytes: Uint8Array) => void): Promise<BatchResult> {
    const local = this.options.local;
    if (local && this.pool.outstanding >= JOBS_PER_WORKER * this.workers) {
      try {
        return Promise.resolve(tagBatch(local.tagger, local.formatter, this.out, { seq: -1, ...options, ...payload }));
      } catch (error) {
        return Promise.reject(error);
      }
    }
    const pieces = onPartial ? { partialBytes: PARTIAL_BYTES } : {};
    return this.pool.run((seq) => ({ seq, ...options, ...pieces, ...payload }), { deadline: options.deadline, signal, onPartial }).then((answer) => {
      if ('failed' in answer) throw new BatchFailed(answer.failed);
      return answer as BatchResult;
    });
  }

  /** What a profile's tagger is made of (asked of a worker). */
  describe(profile: string): Promise<ProfileDescription> {
    return this.pool.run((seq) => ({ seq, kind: 'describe', profile })).then((answer) => {
      if ('failed' in answer) throw new BatchFailed(answer.failed);
      return (answer as { description: ProfileDescription }).description;
    });
  }

  async close(): Promise<void> {
    await this.pool.close();
  }
}
