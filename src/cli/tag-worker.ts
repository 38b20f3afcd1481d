import { parentPort, workerData } from 'node:worker_threads';
import { createFormatter } from '../output/index.js';
import { createTagger } from '../tagger.js';
import type { BatchResult, DocumentBatch, WorkerSetup } from './jobs.js';
import { tagText } from './tag-document.js';

// One worker of `sertag tag --jobs N`: the same tagger and formatter as the main thread, fed
// batches of documents; it returns each batch formatted, in one string.
const setup = workerData as WorkerSetup;
const tagger = createTagger(setup.taggerOptions);
const formatter = createFormatter(setup.format, { types: setup.types, explain: setup.explain, ruleWhy: tagger.ruleWhy });

const encoder = new TextEncoder();

parentPort!.on('message', (batch: DocumentBatch) => {
  let output = '';
  let tokens = 0;
  let start = 0;
  for (let i = 0; i < batch.ids.length; i++) {
    const end = batch.ends[i]!;
    const doc = tagText(tagger, batch.ids[i]!, batch.text.slice(start, end));
    start = end;
    tokens += doc.result.tokenCount;
    output += formatter.document(doc);
  }
  // Encoded here, in parallel, and handed over without a copy: the main thread only writes bytes.
  const bytes = encoder.encode(output);
  parentPort!.postMessage({ seq: batch.seq, output: bytes, documents: batch.ids.length, tokens } satisfies BatchResult, [bytes.buffer]);
});
