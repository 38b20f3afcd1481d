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

parentPort!.on('message', (batch: DocumentBatch) => {
  let output = '';
  let tokens = 0;
  for (const { id, text } of batch.docs) {
    const doc = tagText(tagger, id, text);
    tokens += doc.result.tokens.length;
    output += formatter.document(doc);
  }
  parentPort!.postMessage({ seq: batch.seq, output, documents: batch.docs.length, tokens } satisfies BatchResult);
});
