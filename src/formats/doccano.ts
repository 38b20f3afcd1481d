import { jsonStringPieces, type Formatter } from './document.js';
import type { FormatModule } from './format.js';
import { readJsonl } from './jsonl-gold-read.js';
import { sentenceDocument } from './jsonl-gold-write.js';
import type { Sentence } from './sentence.js';

/**
 * Gold sentences as doccano's sequence-labelling JSONL, `{"text", "label": [[start, end, label]]}`
 * with code-point offsets. The tokens go along as `"tokens"` (doccano keeps keys it does not know
 * as the example's metadata), so reading the file back keeps them instead of splitting the text.
 */
export function writeDoccano(sentences: Iterable<Pick<Sentence, 'tokens' | 'tags'>>): string {
  let out = '';
  for (const sentence of sentences) {
    const doc = sentenceDocument(sentence);
    out += JSON.stringify({ text: doc.text, label: doc.spans.map((s) => [s.start, s.end, s.label]), tokens: sentence.tokens }) + '\n';
  }
  return out;
}

/** Tag output as doccano JSONL, to import as pre-annotated examples. */
export function doccanoFormatter(): Formatter {
  return {
    start: () => '',
    document: (doc) => JSON.stringify({ id: doc.id, ...(doc.offset === undefined ? {} : { offset: doc.offset }), text: doc.text, label: doc.result.entities.map((e) => [e.start, e.end, e.type]) }) + '\n',
    // A long document: the same record, its text in pieces and its labels part by part.
    *writeParts(doc, out) {
      out.push(`{"id":${JSON.stringify(doc.id)}${doc.offset === undefined ? '' : `,"offset":${doc.offset}`},"text":"`);
      yield* jsonStringPieces(doc.text, out);
      out.push('","label":[');
      let first = true;
      for (const part of doc.parts) {
        for (const e of part.doc.result.entities) {
          out.push(`${first ? '' : ','}[${e.start + part.start},${e.end + part.start},${JSON.stringify(e.type)}]`);
          first = false;
        }
        yield;
      }
      out.push(']}\n');
    },
    end: () => '',
  };
}

export const doccanoFormat: FormatModule = {
  name: 'doccano',
  summary: 'doccano JSONL: text and label [[start, end, label]] (also read: entities with start_offset/end_offset)',
  read: { file: readJsonl },
  write: writeDoccano,
  formatter: doccanoFormatter,
};
