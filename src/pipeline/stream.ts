import { SertagError } from '../errors.js';
import { checkOptions, describeValue, TAGGER_OPTIONS } from '../options.js';
import { createTagger, type TaggerOptions } from '../tagger.js';
import type { BatchOptions, DocumentInput, TaggedText } from './batch.js';
import { BatchPipeline } from './pipeline.js';
import { TagPool, usefulJobs } from './pool.js';

/** `tagStream`'s options: `createTagger`'s, and how many threads tag. */
export interface TagStreamOptions extends TaggerOptions {
  /**
   * Threads that tag: 1 (the default) tags on the calling thread, one document at a time; N > 1
   * starts N - 1 worker threads, each with its own tagger, and tags on this thread too, keeping
   * the input order (as `sertag tag --jobs N`). The options must then be plain data (they are
   * copied to the workers).
   */
  jobs?: number;
}

/** A document for `tagStream`: its text and, optionally, an id (else its number in the stream, from 1). */
export type StreamDocument = string | { id?: string | number; text: string };

function documentOf(doc: StreamDocument, n: number): DocumentInput {
  if (typeof doc === 'string') return { id: n, text: doc };
  if (typeof doc !== 'object' || doc === null || typeof doc.text !== 'string') {
    throw new SertagError('BAD_ARGUMENT', `tagStream: document ${n} must be a string or an object with a "text" string, not ${describeValue(doc)}`);
  }
  const id = doc.id;
  if (id !== undefined && typeof id !== 'string' && typeof id !== 'number') throw new SertagError('BAD_ARGUMENT', `tagStream: the id of document ${n} must be a string or a number, not ${describeValue(id)}`);
  return { id: id ?? n, text: doc.text };
}

/**
 * Tags a stream of documents (an array, a generator, a readable stream of objects: anything
 * iterable or async-iterable) and yields each one's result in input order, as it is ready:
 * `{ id, text, result }`, `result` being what `tagger.tag(text)` returns. Memory stays bounded
 * whatever the stream's length: documents are read only as fast as results are taken. With
 * `jobs > 1` the documents are tagged in batches on worker threads (the pipeline of
 * `sertag tag --jobs` and `sertag serve`), which pays off from a few hundred kilobytes of text.
 *
 * ```js
 * for await (const { id, result } of tagStream([{ id: 'a', text: 'Stackless Python runs on Linux.' }])) {
 *   console.log(id, result.entities.map((e) => `${e.text}/${e.type}`));
 * }
 * ```
 */
export async function* tagStream(documents: AsyncIterable<StreamDocument> | Iterable<StreamDocument>, options: TagStreamOptions = {}): AsyncGenerator<TaggedText> {
  checkOptions(options, { ...TAGGER_OPTIONS, jobs: 'number' }, 'tagStream');
  const { jobs = 1, ...taggerOptions } = options;
  if (!Number.isInteger(jobs) || jobs < 1 || jobs > 256) throw new SertagError('BAD_ARGUMENT', `tagStream: option \`jobs\` must be a whole number from 1 to 256, not ${describeValue(jobs)}`);
  const tagger = createTagger(taggerOptions);
  let n = 0;
  if (jobs === 1) {
    for await (const doc of documents) {
      const { id, text } = documentOf(doc, ++n);
      yield { id, text, result: tagger.tag(text) };
    }
    return;
  }
  try {
    structuredClone(taggerOptions);
  } catch {
    throw new SertagError('BAD_ARGUMENT', 'tagStream: with `jobs` above 1 the options are copied to worker threads, so they must be plain data (no functions or class instances)');
  }
  // Results as objects; the formatter is never used.
  const batchOptions: BatchOptions = { profile: 'stream', format: 'jsonl', explain: false, only: null, separator: '\n', output: 'results' };
  const { createFormatter } = await import('../formats/table.js');
  const formatter = createFormatter('jsonl', { types: [...tagger.types] });
  const pool = new TagPool(usefulJobs(jobs) - 1, { profiles: [{ name: 'stream', taggerOptions }], failures: 'throw' }, { local: { tagger, formatter } });
  const ready: TaggedText[] = [];
  const pipeline = new BatchPipeline(
    (payload) => pool.run(batchOptions, payload),
    (result) => {
      ready.push(...result.results!);
    },
  );
  try {
    for await (const doc of documents) {
      await pipeline.add(documentOf(doc, ++n));
      yield* ready.splice(0);
    }
    await pipeline.finish();
    yield* ready.splice(0);
  } finally {
    pipeline.abandon();
    await pool.close();
  }
}
