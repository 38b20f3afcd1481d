import { parentPort, workerData } from 'node:worker_threads';
import { SertagError } from '../errors.js';
import { jsonlDocument } from '../formats/jsonl.js';
import { writeDocument } from '../formats/document.js';
import { createFormatter } from '../formats/table.js';
import { createTagger } from '../tagger.js';
import type { BatchResult, DocumentBatch, WorkerSetup } from './jobs.js';
import { tagText } from './tag-document.js';
import { Utf8Output } from '../formats/utf8-output.js';

// One worker of `sertag tag --jobs N`: the same tagger and formatter as the main thread, fed
// batches of documents; it returns each batch formatted, as UTF-8 bytes.
const setup = workerData as WorkerSetup;
const tagger = createTagger(setup.taggerOptions);
const formatter = createFormatter(setup.format, { types: setup.types, explain: setup.explain, ruleWhy: tagger.ruleWhy });

const out = new Utf8Output();

parentPort!.on('message', (batch: DocumentBatch) => {
  let tokens = 0;
  let documents = 0;
  let entities = 0;
  let error: BatchResult['error'];
  const add = (id: string | number, text: string, own?: Array<[number, number]>): void => {
    const doc = tagText(tagger, id, text, own);
    tokens += doc.result.tokenCount;
    entities += doc.result.entities.length;
    documents++;
    writeDocument(formatter, doc, out);
  };
  if (batch.kind === 'text') {
    let start = 0;
    for (let i = 0; i < batch.ids.length; i++) {
      const end = batch.ends[i]!;
      add(batch.ids[i]!, batch.text.slice(start, end));
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
  // Encoded here, in parallel, and handed over without a copy: the main thread only writes bytes.
  const bytes = out.take();
  const result: BatchResult = { seq: batch.seq, output: bytes, documents, tokens, entities, ...(error ? { error } : {}) };
  parentPort!.postMessage(result, [bytes.buffer]);
});
