import type { Formatter } from './document.js';
import type { FormatModule } from './format.js';
import { readJsonl, sentenceDocument } from './jsonl.js';
import type { Sentence } from './sentence.js';

/**
 * spaCy-style JSONL, one `Doc.to_json()` per line: `{"text", "ents": [{"start", "end", "label"}],
 * "tokens": [{"id", "start", "end"}]}` with code-point offsets, which `Doc.from_json` reads back
 * (and `DocBin` turns into a `.spacy` file).
 */
function docJson(text: string, tokens: ReadonlyArray<{ start: number; end: number }>, ents: ReadonlyArray<{ start: number; end: number; label: string }>): string {
  return JSON.stringify({ text, ents, tokens: tokens.map((t, id) => ({ id, start: t.start, end: t.end })) }) + '\n';
}

/** Gold sentences as spaCy-style JSONL. */
export function writeSpacy(sentences: Iterable<Pick<Sentence, 'tokens' | 'tags'>>): string {
  let out = '';
  for (const sentence of sentences) {
    const doc = sentenceDocument(sentence);
    out += docJson(doc.text, doc.tokens, doc.spans);
  }
  return out;
}

/** Tag output as spaCy-style JSONL. */
export function spacyFormatter(): Formatter {
  return {
    start: () => '',
    document: (doc) => docJson(doc.text, doc.result.tokens, doc.result.entities.map((e) => ({ start: e.start, end: e.end, label: e.type }))),
    end: () => '',
  };
}

export const spacyFormat: FormatModule = {
  name: 'spacy',
  summary: "spaCy-style JSONL: Doc.to_json() per line (text, ents, tokens)",
  read: { file: readJsonl },
  write: writeSpacy,
  formatter: spacyFormatter,
};
