import type { SertagError } from '../errors.js';
import type { TaggerOptions } from '../tagger.js';
import { builtScript, WorkerPool } from '../workers/pool.js';

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

/**
 * A pool of worker threads, each with its own tagger, for `sertag tag --jobs N`. Batches go to
 * the least busy worker; results come back as promises that the caller awaits in submission
 * order, so the output order is the input order whatever order the workers finish in.
 */
export class JobPool {
  private readonly pool: WorkerPool<DocumentBatch, BatchResult>;

  constructor(jobs: number, setup: WorkerSetup) {
    this.pool = new WorkerPool(builtScript('cli/tag-worker.js', import.meta.url), setup, jobs);
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
    return this.pool.run(batch);
  }

  async close(): Promise<void> {
    await this.pool.close();
  }
}
