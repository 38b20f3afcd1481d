import { Worker } from 'node:worker_threads';
import type { SertagError } from '../errors.js';
import type { TaggerOptions } from '../tagger.js';

/** Young-generation size of each worker thread, in MB. */
const YOUNG_GENERATION_MB = 96;

/** What a worker needs to build the same tagger and formatter as the main thread. */
export interface WorkerSetup {
  taggerOptions: TaggerOptions;
  /** A name in `FORMATS` with a formatter. */
  format: string;
  types: string[];
  explain: boolean;
}

/**
 * A batch of documents tagged and formatted by one worker: documents of running text, which travel
 * as one string and where each ends (copying one string to a worker costs far less than many
 * objects), or consecutive lines of a JSONL input, which the worker parses itself (its documents'
 * texts are then flat strings of their own, which tag faster than slices of a larger string).
 */
export type DocumentBatch =
  | { seq: number; kind: 'text'; text: string; ends: number[]; ids: Array<string | number> }
  | { seq: number; kind: 'jsonl'; lines: string; firstLine: number; base: string; sourceName: string };

export interface BatchResult {
  seq: number;
  /** The batch formatted, as UTF-8 (encoded by the worker and transferred, not copied). */
  output: Uint8Array;
  documents: number;
  tokens: number;
  entities: number;
  /** A bad JSONL line: `output` holds the documents before it. */
  error?: Pick<SertagError, 'code' | 'message' | 'position'>;
}

interface PendingBatch {
  resolve(result: BatchResult): void;
  reject(error: Error): void;
}

/**
 * A pool of worker threads, each with its own tagger, for `sertag tag --jobs N`. Batches go to
 * the least busy worker; results come back as promises that the caller awaits in submission
 * order, so the output order is the input order whatever order the workers finish in.
 */
export class JobPool {
  private readonly workers: Array<{ worker: Worker; busy: number }> = [];
  private readonly pending = new Map<number, PendingBatch>();
  private seq = 0;
  private failure: Error | undefined;

  constructor(jobs: number, setup: WorkerSetup) {
    // Built code runs dist/cli/tag-worker.js; under the test runner (src/*.ts) use the built copy too.
    const here = import.meta.url;
    const script = here.endsWith('.ts') ? new URL('../../dist/cli/tag-worker.js', here) : new URL('./tag-worker.js', here);
    for (let i = 0; i < jobs; i++) {
      // A young generation bigger than V8's default: a batch's documents, tokens and output live
      // until the batch is sent back, and with the default size a worker spent ~10 % of its time
      // copying them between GC spaces (profiled: GC 1.7-1.9 s → 1.1 s of 15-18 s on 9M tokens).
      const worker = new Worker(script, { workerData: setup, resourceLimits: { maxYoungGenerationSizeMb: YOUNG_GENERATION_MB } });
      const slot = { worker, busy: 0 };
      worker.on('message', (result: BatchResult) => {
        slot.busy--;
        const waiting = this.pending.get(result.seq);
        this.pending.delete(result.seq);
        waiting?.resolve(result);
      });
      worker.on('error', (error) => this.fail(error));
      worker.on('exit', (code) => {
        if (code !== 0 && this.pending.size > 0) this.fail(new Error(`a tagging worker exited with code ${code}`));
      });
      this.workers.push(slot);
    }
  }

  /** Sends a batch to the least busy worker; the promise settles with its formatted output. */
  run(docs: ReadonlyArray<{ id: string | number; text: string }>): Promise<BatchResult> {
    let text = '';
    const ends: number[] = [];
    const ids: Array<string | number> = [];
    for (const doc of docs) {
      text += doc.text;
      ends.push(text.length);
      ids.push(doc.id);
    }
    return this.send((seq) => ({ seq, kind: 'text', text, ends, ids }));
  }

  /**
   * Sends consecutive JSONL lines (joined by `\n`), the first being line `firstLine` of the input
   * `sourceName` (records without an id are named `base#line`), to be parsed, tagged and formatted
   * by a worker.
   */
  runJsonl(lines: string, firstLine: number, base: string, sourceName: string): Promise<BatchResult> {
    return this.send((seq) => ({ seq, kind: 'jsonl', lines, firstLine, base, sourceName }));
  }

  private send(batch: (seq: number) => DocumentBatch): Promise<BatchResult> {
    if (this.failure) return Promise.reject(this.failure);
    const slot = this.workers.reduce((a, b) => (b.busy < a.busy ? b : a));
    const seq = this.seq++;
    slot.busy++;
    return new Promise((resolve, reject) => {
      this.pending.set(seq, { resolve, reject });
      slot.worker.postMessage(batch(seq));
    });
  }

  private fail(error: Error): void {
    this.failure ??= error;
    for (const waiting of this.pending.values()) waiting.reject(error);
    this.pending.clear();
  }

  async close(): Promise<void> {
    await Promise.all(this.workers.map((w) => w.worker.terminate()));
  }
}
