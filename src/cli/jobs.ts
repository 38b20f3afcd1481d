import type { SertagError } from '../errors.js';
import type { Tagger, TaggerOptions } from '../tagger.js';
import type { Formatter } from '../formats/document.js';
import { Utf8Output } from '../formats/utf8-output.js';
import { builtScript, WorkerPool } from '../workers/pool.js';
import { tagBatch } from './tag-batch.js';

/**
 * Batches a worker may have waiting before the main thread tags the next one itself: two keep it
 * busy while the main thread tags (a batch takes about as long wherever it runs).
 */
const QUEUED_PER_WORKER = 2;

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
  | { seq: number; kind: 'text'; text: string; ends: number[]; ids: Array<string | number>; offsets: number[] }
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

/**
 * The threads of `sertag tag --jobs N`: the main thread and N - 1 worker threads, each with its
 * own tagger. A batch goes to the least busy worker while the workers have room in their queues,
 * else the main thread tags it itself (it has its tagger already, and a worker of its own would
 * only add one more isolate to warm up, collect and compile for on the same cores). Results come
 * back as promises that the caller awaits in submission order, so the output order is the input
 * order whoever tags a batch and whenever they finish.
 */
export class JobPool {
  private readonly pool: WorkerPool<DocumentBatch, BatchResult>;
  private readonly workers: number;
  /** The main thread's output buffer for the batches it tags. */
  private readonly out = new Utf8Output();

  constructor(
    jobs: number,
    setup: WorkerSetup,
    /** The main thread's tagger and formatter, built from `setup` as the workers build theirs. */
    private readonly local: { tagger: Tagger; formatter: Formatter },
  ) {
    this.workers = jobs - 1;
    this.pool = new WorkerPool(builtScript('cli/tag-worker.js', import.meta.url), setup, this.workers);
  }

  /** Sends a batch to the least busy worker; the promise settles with its formatted output. */
  run(docs: ReadonlyArray<{ id: string | number; text: string; offset: number }>): Promise<BatchResult> {
    let text = '';
    const ends: number[] = [];
    const ids: Array<string | number> = [];
    const offsets: number[] = [];
    for (const doc of docs) {
      text += doc.text;
      ends.push(text.length);
      ids.push(doc.id);
      offsets.push(doc.offset);
    }
    return this.send((seq) => ({ seq, kind: 'text', text, ends, ids, offsets }));
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
    if (this.pool.outstanding < QUEUED_PER_WORKER * this.workers) return this.pool.run(batch);
    try {
      return Promise.resolve(tagBatch(this.local.tagger, this.local.formatter, this.out, batch(-1)));
    } catch (error) {
      return Promise.reject(error);
    }
  }

  async close(): Promise<void> {
    await this.pool.close();
  }
}
