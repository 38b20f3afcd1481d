import { describe, expect, it } from 'vitest';
import { createTagger } from '../../src/index.js';
import { createFormatter } from '../../src/formats/table.js';
import { Utf8Output } from '../../src/formats/utf8-output.js';
import { PART_CHARS, tagBatch, textPayload, type DocumentBatch } from '../../src/pipeline/index.js';

// A worker asked for its output in pieces (`partialBytes`, `sertag serve`: issue 27.5) sends them
// as it goes, between documents and where a long document's formatter may be written out; the
// pieces and the rest in the result must be, in a row, the bytes of the batch sent whole.
const tagger = createTagger({ passes: { acronyms: false } });
const SENTENCE = 'We rewrote the parser in Python and ran it on Linux; the 🚀 service speaks HTTP to PostgreSQL.\n';
const LONG = SENTENCE.repeat(Math.ceil((PART_CHARS + 50_000) / SENTENCE.length));
const DOCS = [
  { id: 'short-1', text: 'Then we ported it to Java, using Maven.' },
  { id: 'long', text: LONG },
  ...Array.from({ length: 40 }, (_, i) => ({ id: `short-${i + 2}`, text: `Windows users install it with pip, case ${i}.` })),
];

function run(format: string, separator: '\n' | ',', partialBytes?: number): { whole: Buffer; pieces: number[] } {
  const formatter = createFormatter(format, { types: [...tagger.types] });
  const batch: DocumentBatch = { seq: 0, profile: 'default', format, explain: false, only: null, separator, output: 'bytes', ...(partialBytes ? { partialBytes } : {}), ...textPayload(DOCS) } as DocumentBatch;
  const sent: Uint8Array[] = [];
  const result = tagBatch(tagger, formatter, new Utf8Output(), batch, (bytes) => void sent.push(bytes.slice()));
  return { whole: Buffer.concat([...sent, result.output]), pieces: sent.map((p) => p.length) };
}

describe('tagBatch: the output in pieces (issue 27.5)', () => {
  it.each([
    ['jsonl', ','],
    ['jsonl', '\n'],
    ['prodigy', ','],
    ['doccano', ','],
    ['spacy', ','],
  ] as const)('%s, separator %j: the pieces and the rest are the bytes of the batch sent whole', (format, separator) => {
    const whole = run(format, separator);
    expect(whole.pieces).toEqual([]);
    const inPieces = run(format, separator, 64 * 1024);
    // Pieces within the long document (its text is written in pieces of 1 Mi characters, its parts one by one) and after it.
    expect(inPieces.pieces.length).toBeGreaterThanOrEqual(3);
    for (const size of inPieces.pieces) expect(size).toBeGreaterThanOrEqual(64 * 1024 - 1);
    expect(inPieces.whole.equals(whole.whole)).toBe(true);
  }, 60_000);
});
