import type { FormatModule } from './format.js';
import { readJsonl } from './jsonl-gold-read.js';
import { writeJsonl } from './jsonl-gold-write.js';
import { jsonlFormatter } from './jsonl-output.js';

// JSONL, split by job: `jsonl-gold-read` reads gold and predictions in five dialects,
// `jsonl-gold-write` writes gold, `jsonl-input` parses the documents `tag` reads, `jsonl-output`
// writes the records `tag` writes; `jsonl-tokens` holds what the readers share.

export { readJsonl } from './jsonl-gold-read.js';
export { sentenceDocument, formatJsonlSentence, writeJsonl } from './jsonl-gold-write.js';
export { jsonlDocument, lineError } from './jsonl-input.js';
export { jsonlFormatter } from './jsonl-output.js';

export const jsonlFormat: FormatModule = {
  name: 'jsonl',
  summary: 'one JSON object per document: text, entities with offsets, type and source',
  read: { file: readJsonl },
  write: writeJsonl,
  formatter: jsonlFormatter,
  tagInput: 'documents',
  explains: true,
};
