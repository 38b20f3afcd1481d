import { SertagError } from '../errors.js';
import { writeDocument, type Formatter } from '../formats/document.js';
import { jsonlDocument } from '../formats/jsonl.js';
import type { Utf8Output } from '../formats/utf8-output.js';
import type { Tagger } from '../tagger.js';
import type { BatchResult, DocumentBatch } from './jobs.js';
import { tagText } from './tag-document.js';

/**
 * Tags and formats one batch of `sertag tag --jobs N`, into `out` (emptied: the result owns its
 * bytes). Run by the workers and, for some batches, by the main thread, with the same tagger and
 * formatter, so the output is the same whoever runs it. A bad JSONL line ends the batch: the result
 * holds the documents before it and the error.
 */
export function tagBatch(tagger: Tagger, formatter: Formatter, out: Utf8Output, batch: DocumentBatch): BatchResult {
  let tokens = 0;
  let documents = 0;
  let entities = 0;
  let error: BatchResult['error'];
  const add = (id: string | number, text: string, own?: Array<[number, number]>, offset?: number): void => {
    const doc = tagText(tagger, id, text, own, offset);
    tokens += doc.result.tokenCount;
    entities += doc.result.entities.length;
    documents++;
    writeDocument(formatter, doc, out);
  };
  if (batch.kind === 'text') {
    let start = 0;
    for (let i = 0; i < batch.ids.length; i++) {
      const end = batch.ends[i]!;
      add(batch.ids[i]!, batch.text.slice(start, end), undefined, batch.offsets[i]);
      start = end;
    }
  } else {
    const lines = batch.lines.split('\n');
    try {
      for (let i = 0; i < lines.length; i++) {
        const line = lines[i]!;
        const doc = jsonlDocument(line.endsWith('\r') ? line.slice(0, -1) : line, batch.firstLine + i, batch.base, batch.sourceName);
        if (doc) add(doc.id, doc.text, doc.tokens);
      }
    } catch (thrown) {
      if (!(thrown instanceof SertagError)) throw thrown;
      error = { code: thrown.code, message: thrown.message, position: thrown.position };
    }
  }
  return { seq: batch.seq, output: out.take(), documents, tokens, entities, ...(error ? { error } : {}) };
}
