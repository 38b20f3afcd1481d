import { parentPort, workerData } from 'node:worker_threads';
import { createFormatter } from '../formats/table.js';
import { Utf8Output } from '../formats/utf8-output.js';
import { createTagger } from '../tagger.js';
import type { DocumentBatch, WorkerSetup } from './jobs.js';
import { tagBatch } from './tag-batch.js';

// One worker of `sertag tag --jobs N`: the same tagger and formatter as the main thread, fed
// batches of documents; it returns each batch formatted, as UTF-8 bytes.
const setup = workerData as WorkerSetup;
const tagger = createTagger(setup.taggerOptions);
const formatter = createFormatter(setup.format, { types: setup.types, explain: setup.explain, ruleWhy: tagger.ruleWhy });

const out = new Utf8Output();

parentPort!.on('message', (batch: DocumentBatch) => {
  const result = tagBatch(tagger, formatter, out, batch);
  // Encoded here, in parallel, and handed over without a copy: the main thread only writes bytes.
  parentPort!.postMessage(result, [result.output.buffer as ArrayBuffer]);
});
