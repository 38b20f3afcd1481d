import { partsInARow, type FormatOptions, type Formatter, type TaggedDocument } from './document.js';
import { explainFormatter } from './explain.js';
import type { FormatModule } from './format.js';

/** The document's text with each entity written `[text](Type)`. */
export function markInline(doc: TaggedDocument): string {
  let out = '';
  let at = 0;
  for (const e of doc.result.entities) {
    out += doc.text.slice(at, e.startUtf16) + '[' + doc.text.slice(e.startUtf16, e.endUtf16) + '](' + e.type + ')';
    at = e.endUtf16;
  }
  return out + doc.text.slice(at);
}

/**
 * Running text with inline marks; paragraphs stay separated by a blank line, sentences one per
 * line. With `explain`, the `--explain` listing: the marked text, each entity and its source below.
 */
export function inlineFormatter(options?: FormatOptions): Formatter {
  if (options?.explain) return explainFormatter(options);
  return {
    start: () => '',
    document: (doc) => markInline(doc) + (doc.kind === 'paragraph' ? '\n\n' : '\n'),
    // The parts are the text in a row: their marked texts in a row are the whole text marked.
    writeParts: (doc, out) => partsInARow(doc, out, (part) => markInline(part.doc), '', '\n\n'),
    end: () => '',
  };
}

export const inlineFormat: FormatModule = {
  name: 'inline',
  summary: 'the text with each entity written [text](Type)',
  formatter: inlineFormatter,
  explains: true,
};
