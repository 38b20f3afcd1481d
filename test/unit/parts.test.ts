import { describe, expect, it } from 'vitest';
import { createTagger } from '../../src/index.js';
import { drain } from '../../src/formats/document.js';
import { createFormatter, OUTPUT_FORMATS } from '../../src/formats/table.js';
import { writeDocument } from '../../src/formats/document.js';
import { Utf8Output } from '../../src/formats/utf8-output.js';
import { cutPoint, partedDocument, tagText } from '../../src/pipeline/index.js';

// A long document is tagged in parts and written a part at a time (`Formatter.writeParts`). Where
// the cuts fall between sentences and nothing document-wide is in play, the parts must come out
// exactly as the whole document tagged at once: same layout, offsets moved to the whole text.
const SENTENCES = [
  'We rewrote the parser in Python and ran it on Linux.',
  'The 🚀 service speaks HTTP to a PostgreSQL database.',
  'Then we ported it to Java, using Maven.',
  'A plain sentence without any names.',
  'Windows users install it with pip, as the 𝑥 docs say.',
  'Finally the Ruby client talks JSON over TCP.',
];
const TEXT = SENTENCES.join('\n');

const tagger = createTagger({ passes: { acronyms: false } });

function whole(format: string, offset?: number): string {
  const formatter = createFormatter(format, { types: [...tagger.types] });
  const out = new Utf8Output();
  writeDocument(formatter, tagText(tagger, 'doc-7', TEXT, undefined, offset), out);
  return Buffer.from(out.take()).toString('utf8');
}

function parted(format: string, partChars: number, offset?: number): { text: string; parts: number; counts: { tokens: number; entities: number } } {
  const formatter = createFormatter(format, { types: [...tagger.types] });
  const out = new Utf8Output();
  const counts = { tokens: 0, entities: 0 };
  const doc = partedDocument(tagger, 'doc-7', TEXT, { partChars, counts, ...(offset === undefined ? {} : { offset }) });
  const parts = [...doc.parts].length;
  // Iterating the parts again tags them again: `writeParts` is what iterates them, once.
  counts.tokens = counts.entities = 0;
  drain(formatter.writeParts(doc, out));
  return { text: Buffer.from(out.take()).toString('utf8'), parts, counts };
}

describe('long documents, tagged and written in parts', () => {
  it('cuts after the last line break within reach, else the last space, never inside a surrogate pair', () => {
    expect(cutPoint('ab\ncd ef', 0, 6)).toBe(2);
    expect(cutPoint('abcd ef gh', 0, 8)).toBe(7);
    expect(cutPoint('abcdefgh', 0, 4)).toBe(4);
    expect(cutPoint('abc🚀def', 0, 4)).toBe(3);
    expect(cutPoint('short', 0, 10)).toBe(5);
  });

  it.each(OUTPUT_FORMATS)('%s: the parts write exactly what the whole document writes', (format) => {
    const expected = whole(format, 40);
    const { text, parts, counts } = parted(format, 60, 40);
    expect(parts).toBeGreaterThanOrEqual(SENTENCES.length - 1);
    expect(text).toBe(expected);
    const result = tagger.tag(TEXT);
    expect(counts).toEqual({ tokens: result.tokenCount, entities: result.entities.length });
    expect(result.entities.length).toBeGreaterThan(8);
  });

  it('explain lists every entity after the marked text, with offsets into the whole text', () => {
    const formatter = createFormatter('inline', { types: [...tagger.types], explain: true });
    const out = new Utf8Output();
    drain(formatter.writeParts(partedDocument(tagger, 'doc-7', TEXT, { partChars: 60 }), out));
    const listing = Buffer.from(out.take()).toString('utf8');
    const whole = createFormatter('inline', { types: [...tagger.types], explain: true }).document(tagText(tagger, 'doc-7', TEXT));
    expect(listing).toBe(whole);
    expect(listing).toContain('Ruby');
  });

  it("keeps a record's own tokens, moving each cut to a token's start", () => {
    // Tokens as a record gives them (code points): every word, with the punctuation attached.
    const tokens: Array<[number, number]> = [];
    const codePoints = [...TEXT];
    for (let i = 0; i < codePoints.length; ) {
      while (i < codePoints.length && /\s/.test(codePoints[i]!)) i++;
      const start = i;
      while (i < codePoints.length && !/\s/.test(codePoints[i]!)) i++;
      if (i > start) tokens.push([start, i]);
    }
    const formatter = createFormatter('jsonl', { types: [...tagger.types] });
    const out = new Utf8Output();
    drain(formatter.writeParts(partedDocument(tagger, 'own', TEXT, { tokens, partChars: 50 }), out));
    const record = JSON.parse(Buffer.from(out.take()).toString('utf8')) as { tokens: number[][]; entities: Array<{ start: number; end: number; text: string }> };
    expect(record.tokens).toEqual(tokens);
    for (const e of record.entities) expect(codePoints.slice(e.start, e.end).join('')).toBe(e.text);
  });
});
