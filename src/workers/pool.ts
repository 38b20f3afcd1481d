import { Worker } from 'node:worker_threads';

/**
 * How long past its deadline a job may run before its worker is stopped and replaced (`restart`
 * pools): the deadline has been answered already; this frees the thread for the next requests
 * (a pathological input on a slow rule must not pin the workers one by one).
 */
const OVERTIME_MS = 1000;

/** Young-generation size of each worker thread, in MB. */
const YOUNG_GENERATION_MB = 96;

/**
 * Jobs a worker is given at a time: the one it is on and the next, so it never waits for the main
 * thread between two. The others wait in the pool's queue, where they can still be dropped (their
 * request stopped, their deadline passed) and where requests take turns; posted to the worker,
 * they would be tagged in the order they came, for nobody if their client has left.
 */
export const JOBS_PER_WORKER = 2;

/** Every message to and from a pool's workers carries the number of the job it belongs to (an answer never has a `partial`: see PartialMessage). */
export interface JobMessage {
  seq: number;
}

/**
 * A piece of a job's answer sent ahead of the answer (a worker writing a large output sends what
 * it has so far and goes on): the caller can write it out while the rest is made, so a big answer
 * is never held whole. The answer itself, matched by `seq` as ever, comes after all its pieces.
 */
export interface PartialMessage extends JobMessage {
  partial: Uint8Array;
}

/** What to do when a worker dies: `fail` rejects every job from then on (a CLI run stops), `restart` starts a new one. */
export type WorkerLossPolicy = 'fail' | 'restart';

/** How a job is run. */
export interface RunOptions {
  /** Buffers moved to the worker rather than copied. */
  transfer?: ArrayBuffer[];
  /**
   * `Date.now()` after which the answer is no longer wanted: a job still waiting then is dropped
   * (rejected with JobExpired), never posted; in a `restart` pool, a worker still on it
   * OVERTIME_MS later is stopped and replaced.
   */
  deadline?: number;
  /**
   * The request the job belongs to. Its jobs are taken in the order they came, and requests with
   * jobs waiting take turns, so a small request is not stuck behind every batch of a big one.
   * When it aborts, its jobs still waiting are dropped (rejected with its reason); those already
   * with a worker run on. Jobs without a signal are one request together.
   */
  signal?: AbortSignal;
  /**
   * Receives each piece the worker sends ahead of the answer (PartialMessage), in the order it
   * sent them, all before the answer settles the promise. Without it, such pieces are dropped.
   */
  onPartial?: (bytes: Uint8Array) => void;
}

/** The rejection of a job whose deadline passed before a worker was free to take it. */
export class JobExpired extends Error {
  constructor() {
    super('the job waited past its deadline for a worker');
  }
}

interface Slot {
  worker: Worker;
  /** Jobs sent to this worker and not answered yet, in the order it takes them. */
  jobs: Set<number>;
  /** The worker has said it is ready (`READY_SEQ`): its taggers are built, so it is on its oldest job. */
  ready: boolean;
}

/** The `seq` of the message a worker sends once it has built its taggers and takes jobs. */
export const READY_SEQ = -1;

interface PendingJob<Job, Result> {
  seq: number;
  /** Builds the message, when the job is posted. */
  message: (seq: number) => Job;
  transfer: ArrayBuffer[];
  deadline: number | undefined;
  onPartial: ((bytes: Uint8Array) => void) | undefined;
  /** The worker it was posted to; none while it waits in the queue. */
  slot?: Slot;
  /** While it waits: drops it at its deadline. Once it is the job its worker is on: stops the worker when it runs past the deadline. */
  timer?: NodeJS.Timeout;
  resolve(result: Result): void;
  reject(error: Error): void;
}

/** One request's jobs waiting for a worker, oldest first. */
interface Waiting<Job, Result> {
  jobs: Array<PendingJob<Job, Result>>;
  /** Drops them all when the request's signal aborts. */
  stop?: () => void;
}

/** The owner of jobs run without a signal. */
const NO_SIGNAL = {};

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
 * Jobs wait in the pool's queue until a worker has room (JOBS_PER_WORKER), then go to the least
 * busy one; requests with jobs waiting take turns. Each job's answer comes back as a promise,
 * matched by `seq`, so callers can await them in any order they like (the CLI awaits them in
 * input order).
 */
export class WorkerPool<Job extends JobMessage, Result extends JobMessage> {
  private readonly slots: Slot[] = [];
  /** Every job not answered yet, waiting or with a worker. */
  private readonly pending = new Map<number, PendingJob<Job, Result>>();
  /** The jobs waiting for a worker, by request (signal); the next job is taken from the first request, which then goes last. */
  private readonly waiting = new Map<object, Waiting<Job, Result>>();
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

  /** How many jobs are waiting or with the workers, and not answered yet. */
  get outstanding(): number {
    return this.pending.size;
  }

  /** Runs a job (given its number) on a worker as soon as one has room; the promise settles with the worker's answer. */
  run(job: (seq: number) => Job, options: RunOptions = {}): Promise<Result> {
    if (this.failure) return Promise.reject(this.failure);
    if (this.closing) return Promise.reject(new Error('the worker pool is closed'));
    const { signal } = options;
    if (signal?.aborted) return Promise.reject(abortReason(signal));
    return new Promise<Result>((resolve, reject) => {
      const pending: PendingJob<Job, Result> = { seq: this.seq++, message: job, transfer: options.transfer ?? [], deadline: options.deadline, onPartial: options.onPartial, resolve, reject };
      this.pending.set(pending.seq, pending);
      this.queue(pending, signal);
      if (pending.deadline !== undefined) {
        pending.timer = setTimeout(() => this.expire(pending), Math.max(0, pending.deadline - Date.now()));
        pending.timer.unref();
      }
      this.dispatch();
    });
  }

  async close(): Promise<void> {
    this.closing = true;
    for (const owner of [...this.waiting.keys()]) this.drop(owner, new Error('the worker pool is closed'));
    await Promise.all(this.slots.map((s) => s.worker.terminate()));
  }

  /** Puts a job at the end of its request's queue (a request new to the queue takes its turn after those waiting). */
  private queue(job: PendingJob<Job, Result>, signal: AbortSignal | undefined): void {
    const owner = signal ?? NO_SIGNAL;
    let waiting = this.waiting.get(owner);
    if (!waiting) {
      waiting = { jobs: [] };
      if (signal) {
        const stop = (): void => this.drop(owner, abortReason(signal));
        signal.addEventListener('abort', stop, { once: true });
        waiting.stop = () => signal.removeEventListener('abort', stop);
      }
      this.waiting.set(owner, waiting);
    }
    waiting.jobs.push(job);
  }

  /** The next job to post: the oldest of the request whose turn it is (which then goes to the back). */
  private next(): PendingJob<Job, Result> | undefined {
    const first = this.waiting.entries().next().value;
    if (!first) return undefined;
    const [owner, waiting] = first;
    const job = waiting.jobs.shift()!;
    this.waiting.delete(owner);
    if (waiting.jobs.length > 0) this.waiting.set(owner, waiting);
    else waiting.stop?.();
    return job;
  }

  /** Posts waiting jobs to the workers with room, the least busy first. */
  private dispatch(): void {
    for (;;) {
      const slot = this.slots.reduce((a, b) => (b.jobs.size < a.jobs.size ? b : a));
      if (slot.jobs.size >= JOBS_PER_WORKER) return;
      const job = this.next();
      if (!job) return;
      clearTimeout(job.timer);
      if (job.deadline !== undefined && Date.now() > job.deadline) {
        this.pending.delete(job.seq);
        job.reject(new JobExpired());
        continue;
      }
      job.timer = undefined;
      job.slot = slot;
      slot.jobs.add(job.seq);
      slot.worker.postMessage(job.message(job.seq), job.transfer);
      this.watch(slot);
    }
  }

  /** Takes a waiting job out of its request's queue. */
  private unqueue(job: PendingJob<Job, Result>): void {
    for (const [owner, waiting] of this.waiting) {
      const index = waiting.jobs.indexOf(job);
      if (index < 0) continue;
      waiting.jobs.splice(index, 1);
      if (waiting.jobs.length === 0) {
        waiting.stop?.();
        this.waiting.delete(owner);
      }
      return;
    }
  }

  /** A job still waiting at its deadline is dropped: nobody wants its answer any more. */
  private expire(job: PendingJob<Job, Result>): void {
    if (job.slot || this.pending.get(job.seq) !== job) return;
    this.unqueue(job);
    this.pending.delete(job.seq);
    job.reject(new JobExpired());
  }

  /** Drops a request's jobs still waiting (its signal aborted, or the pool is closing). */
  private drop(owner: object, reason: Error): void {
    const waiting = this.waiting.get(owner);
    if (!waiting) return;
    this.waiting.delete(owner);
    waiting.stop?.();
    for (const job of waiting.jobs) {
      clearTimeout(job.timer);
      this.pending.delete(job.seq);
      job.reject(reason);
    }
  }

  /**
   * Starts the overtime clock of the job a worker is on (its oldest, once it is ready), in a
   * `restart` pool: from the job's deadline, or from when the worker reached it if later, as a
   * worker on an earlier job, or still building its taggers, is not running late on this one (a
   * job it reaches after the deadline is skipped at once: tagBatch).
   */
  private watch(slot: Slot): void {
    if (this.onLoss !== 'restart' || !slot.ready) return;
    const seq = slot.jobs.values().next().value;
    const job = seq === undefined ? undefined : this.pending.get(seq);
    if (!job || job.deadline === undefined || job.timer) return;
    job.timer = setTimeout(() => {
      if (this.pending.get(job.seq) === job) this.lose(slot, new Error(`a tagging worker was still on one batch ${OVERTIME_MS} ms after its time limit; it was stopped and replaced`));
    }, Math.max(0, job.deadline - Date.now()) + OVERTIME_MS);
    job.timer.unref();
  }

  private spawn(): Slot {
    // A young generation bigger than V8's default: a batch's documents, tokens and output live
    // until the batch is sent back, and with the default size a worker spent a good part of its
    // time copying them between GC spaces (seen in a CPU profile of `tag --jobs 2`).
    const worker = new Worker(this.script, { workerData: this.workerData, resourceLimits: { maxYoungGenerationSizeMb: YOUNG_GENERATION_MB } });
    const slot: Slot = { worker, jobs: new Set(), ready: false };
    worker.on('message', (result: Result | PartialMessage) => {
      if (result.seq === READY_SEQ) {
        slot.ready = true;
        this.watch(slot);
        return;
      }
      // A piece ahead of the answer: the job is still the worker's (a job no longer pending, lost or closed, drops it).
      if ('partial' in result) {
        this.pending.get(result.seq)?.onPartial?.(result.partial);
        return;
      }
      slot.jobs.delete(result.seq);
      const job = this.pending.get(result.seq);
      this.pending.delete(result.seq);
      clearTimeout(job?.timer);
      job?.resolve(result as Result);
      this.watch(slot);
      this.dispatch();
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
      for (const waiting of this.waiting.values()) waiting.stop?.();
      this.waiting.clear();
      for (const job of this.pending.values()) {
        clearTimeout(job.timer);
        job.reject(error);
      }
      this.pending.clear();
      return;
    }
    // Only this worker's jobs are lost; the others go on, and a fresh worker takes its place.
    for (const seq of slot.jobs) {
      const job = this.pending.get(seq);
      clearTimeout(job?.timer);
      job?.reject(error);
      this.pending.delete(seq);
    }
    slot.jobs.clear();
    void slot.worker.terminate();
    if (this.closing) return;
    this.slots[index] = this.spawn();
    this.dispatch();
  }
}

/** Why a signal aborted, as an Error (its reason, else an AbortError). */
function abortReason(signal: AbortSignal): Error {
  return signal.reason instanceof Error ? signal.reason : new DOMException('the request was aborted', 'AbortError');
}
