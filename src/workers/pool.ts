import { Worker } from 'node:worker_threads';

/**
 * How long past its deadline a job may run before its worker is stopped and replaced (`restart`
 * pools): the deadline has been answered already; this frees the thread for the next requests
 * (a pathological input on a slow rule must not pin the workers one by one).
 */
const OVERTIME_MS = 1000;

/** Young-generation size of each worker thread, in MB. */
const YOUNG_GENERATION_MB = 96;

/** Every message to and from a pool's workers carries the number of the job it belongs to. */
export interface JobMessage {
  seq: number;
}

/** What to do when a worker dies: `fail` rejects every job from then on (a CLI run stops), `restart` starts a new one. */
export type WorkerLossPolicy = 'fail' | 'restart';

interface Slot {
  worker: Worker;
  /** Jobs sent to this worker and not answered yet, in the order it takes them. */
  jobs: Set<number>;
  /** The worker has said it is ready (`READY_SEQ`): its taggers are built, so it is on its oldest job. */
  ready: boolean;
}

/** The `seq` of the message a worker sends once it has built its taggers and takes jobs. */
export const READY_SEQ = -1;

interface PendingJob<Result> {
  slot: Slot;
  /** Stops the worker when the job runs past its deadline. */
  overtime?: NodeJS.Timeout;
  resolve(result: Result): void;
  reject(error: Error): void;
}

/**
 * The URL of a built worker script, `script` being its path below src/ (`pipeline/worker.js`) and
 * `from` the `import.meta.url` of a module one folder below src/. Built code runs the script from
 * dist/; under the test runner (src/*.ts) the built copy is used too, as a worker cannot load TypeScript.
 */
export function builtScript(script: string, from: string): URL {
  return new URL(from.endsWith('.ts') ? `../../dist/${script}` : `../${script}`, from);
}

/**
 * A pool of worker threads running one script, shared by `sertag tag --jobs` and `sertag serve`.
 * Jobs go to the least busy worker; each job's answer comes back as a promise, matched by `seq`,
 * so callers can await them in any order they like (the CLI awaits them in input order).
 */
export class WorkerPool<Job extends JobMessage, Result extends JobMessage> {
  private readonly slots: Slot[] = [];
  private readonly pending = new Map<number, PendingJob<Result>>();
  private seq = 0;
  private failure: Error | undefined;
  private closing = false;

  constructor(
    private readonly script: URL,
    private readonly workerData: unknown,
    size: number,
    private readonly onLoss: WorkerLossPolicy = 'fail',
  ) {
    for (let i = 0; i < size; i++) this.slots.push(this.spawn());
  }

  /** How many jobs are with the workers and not answered yet. */
  get outstanding(): number {
    return this.pending.size;
  }

  /**
   * Sends a job (given its number) to the least busy worker; the promise settles with the worker's
   * answer. With a `deadline` (`Date.now()` ms) in a `restart` pool, a worker still on the job
   * OVERTIME_MS after it is stopped and replaced, and its jobs are rejected.
   */
  run(job: (seq: number) => Job, transfer: ArrayBuffer[] = [], deadline?: number): Promise<Result> {
    if (this.failure) return Promise.reject(this.failure);
    if (this.closing) return Promise.reject(new Error('the worker pool is closed'));
    const slot = this.slots.reduce((a, b) => (b.jobs.size < a.jobs.size ? b : a));
    const seq = this.seq++;
    slot.jobs.add(seq);
    return new Promise((resolve, reject) => {
      const pending: PendingJob<Result> = { slot, resolve, reject };
      if (deadline !== undefined && this.onLoss === 'restart') {
        // Stopped only when it is the job the worker is on: a worker still building its taggers, or
        // on an earlier job (which has its own deadline), is not running late on this one; a job
        // it reaches after the deadline is skipped at once (tagBatch).
        const check = (): void => {
          if (this.pending.get(seq) !== pending) return;
          if (slot.ready && slot.jobs.values().next().value === seq) {
            this.lose(slot, new Error(`a tagging worker was still on one batch ${OVERTIME_MS} ms after its time limit; it was stopped and replaced`));
            return;
          }
          pending.overtime = setTimeout(check, OVERTIME_MS);
          pending.overtime.unref();
        };
        pending.overtime = setTimeout(check, Math.max(0, deadline - Date.now()) + OVERTIME_MS);
        pending.overtime.unref();
      }
      this.pending.set(seq, pending);
      slot.worker.postMessage(job(seq), transfer);
    });
  }

  async close(): Promise<void> {
    this.closing = true;
    await Promise.all(this.slots.map((s) => s.worker.terminate()));
  }

  private spawn(): Slot {
    // A young generation bigger than V8's default: a batch's documents, tokens and output live
    // until the batch is sent back, and with the default size a worker spent a good part of its
    // time copying them between GC spaces (seen in a CPU profile of `tag --jobs 2`).
    const worker = new Worker(this.script, { workerData: this.workerData, resourceLimits: { maxYoungGenerationSizeMb: YOUNG_GENERATION_MB } });
    const slot: Slot = { worker, jobs: new Set(), ready: false };
    worker.on('message', (result: Result) => {
      if (result.seq === READY_SEQ) {
        slot.ready = true;
        return;
      }
      slot.jobs.delete(result.seq);
      const waiting = this.pending.get(result.seq);
      this.pending.delete(result.seq);
      clearTimeout(waiting?.overtime);
      waiting?.resolve(result);
    });
    worker.on('error', (error) => this.lose(slot, error));
    worker.on('exit', (code) => {
      if (!this.closing && (code !== 0 || slot.jobs.size > 0)) this.lose(slot, new Error(`a tagging worker exited with code ${code}`));
    });
    return slot;
  }

  private lose(slot: Slot, error: Error): void {
    const index = this.slots.indexOf(slot);
    if (index < 0) return;
    if (this.onLoss === 'fail') {
      this.failure ??= error;
      for (const waiting of this.pending.values()) waiting.reject(error);
      this.pending.clear();
      return;
    }
    // Only this worker's jobs are lost; the others go on, and a fresh worker takes its place.
    for (const seq of slot.jobs) {
      const waiting = this.pending.get(seq);
      clearTimeout(waiting?.overtime);
      waiting?.reject(error);
      this.pending.delete(seq);
    }
    slot.jobs.clear();
    void slot.worker.terminate();
    if (!this.closing) this.slots[index] = this.spawn();
  }
}
