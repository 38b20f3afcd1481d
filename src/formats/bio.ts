import { partsInARow, type Formatter, type TaggedDocument } from './document.js';
import type { FormatModule } from './format.js';
import { tagColumns } from './wikiser.js';

/** `token<TAB>tag` lines, a blank line after each sentence (what the CoNLL writer writes). */
export function bioFormatter(): Formatter {
  return {
    start: () => '',
    document: bioDocument,
    writeParts: (doc, out) => partsInARow(doc, out, (part) => bioDocument(part.doc)),
    end: () => '',
  };
}

function bioDocument(doc: TaggedDocument): string {
  let out = '';
  for (const s of doc.sentences) out += tagColumns(doc, s.start, s.end) + '\n';
  return out;
}

export const bioFormat: FormatModule = {
  name: 'bio',
  summary: 'token<TAB>tag, a blank line between sentences (the default for text)',
  formatter: bioFormatter,
};
