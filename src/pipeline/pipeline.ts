import { Batcher, jsonlBlocks, textPayload, type BatchPayload, type BatchResult, type DocumentInput } from './batch.js';
import { InOrder } from './in-order.js';
import { PART_CHARS } from './parts.js';

/** How many batches of one run or request may be with the workers before the oldest's output is taken. */
export const BATCHES_IN_FLIGHT = 4;

/**
 * The ordering half of the tagging pipeline: documents (or JSONL lines) go in one by one, are cut
 * into batches, sent (to a `TagPool`, by `send`), and their results come out to `consume` in
 * input order, with a bounded number of batches in flight so memory stays flat. Used by
 * `sertag tag --jobs`, `sertag serve` (NDJSON) and `tagStream`.
 */
export class BatchPipeline {
  private readonly batcher = new Batcher();
  private readonly results: InOrder<BatchResult>;

  constructor(
    private readonly send: (payload: BatchPayload) => Promise<BatchResult>,
    consume: (result: BatchResult) => Promise<void> | void,
  ) {
    this.results = new InOrder(BATCHES_IN_FLIGHT, consume);
  }

  /** Batches sent and not consumed yet. */
  get inFlight(): number {
    return this.results.size;
  }

  /** Adds one document; sends the batch when it is full. */
  async add(doc: DocumentInput): Promise<void> {
    const full = this.batcher.add(doc);
    if (full) await this.results.push(this.send(textPayload(full)));
  }

  /** Sends the documents added so far, however few. */
  async flush(): Promise<void> {
    const rest = this.batcher.take();
    if (rest.length > 0) await this.results.push(this.send(textPayload(rest)));
  }

  /**
   * Sends a JSONL input as whole lines in blocks of about BATCH_CHARS, which the workers parse too:
   * this thread only cuts the text at line breaks. Records without an id are named `base#line`;
   * problems name `sourceName:line`. With `long`, a line longer than PART_CHARS (one huge record)
   * goes to it instead, once everything before it is consumed: `sertag tag` writes such a record a
   * part at a time itself, where a worker would hand back its whole output at once.
   */
  async jsonl(chunks: AsyncIterable<string>, base: string, sourceName: string, long?: (line: string, lineNumber: number) => Promise<void>): Promise<void> {
    await this.flush();
    // The pieces of the line still open, joined once when it ends (see `lineBatches`).
    let open: string[] = [];
    let line = 1;
    const send = async (block: string, firstLine: number): Promise<void> => {
      // A block is one line when that line is longer than a batch (see jsonlBlocks).
      if (long && block.length > PART_CHARS && block.indexOf('\n') < 0) {
        await this.results.drain();
        return long(block.endsWith('\r') ? block.slice(0, -1) : block, firstLine);
      }
      await this.results.push(this.send({ kind: 'jsonl', lines: block, firstLine, base, sourceName }));
    };
    for await (const chunk of chunks) {
      open.push(chunk);
      if (chunk.indexOf('\n') < 0) continue;
      const text = open.join('');
      const cut = text.lastIndexOf('\n');
      open = [text.slice(cut + 1)];
      line = await jsonlBlocks(text.slice(0, cut), line, send);
    }
    const partial = open.join('');
    if (partial !== '') await jsonlBlocks(partial, line, send);
  }

  /** Sends what is left and consumes every result, in order. */
  async finish(): Promise<void> {
    await this.flush();
    await this.results.drain();
  }

  /** Forgets the batches in flight (after a failure, nothing after it is wanted). */
  abandon(): void {
    this.batcher.take();
    this.results.abandon();
  }
}
