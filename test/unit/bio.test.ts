import { describe, expect, it } from 'vitest';
import fc from 'fast-check';
import { findIllFormed, parseTag, spansFromTags, tagsFromSpans } from '../../src/bio/index.js';
import type { Span } from '../../src/types.js';

describe('parseTag', () => {
  it('splits prefix and type', () => {
    expect(parseTag('B-Data_Structure')).toEqual({ prefix: 'B', role: 'begin', type: 'Data_Structure' });
    expect(parseTag('I-Language')).toEqual({ prefix: 'I', role: 'inside', type: 'Language' });
    expect(parseTag('O')).toEqual({ prefix: 'O', role: 'outside', type: '' });
  });
  it('rejects unknown prefixes and malformed tags', () => {
    for (const bad of ['X-Foo', 'B-', '-Foo', 'B', 'Foo', 'E-Foo', 'O-Foo', '']) expect(parseTag(bad)).toBeUndefined();
    expect(parseTag('E-Foo', 'IOBES')).toEqual({ prefix: 'E', role: 'end', type: 'Foo' });
    expect(parseTag('U-Foo', 'BILOU')).toEqual({ prefix: 'U', role: 'single', type: 'Foo' });
  });
});

describe('spansFromTags (conlleval semantics)', () => {
  it('reads well-formed IOB2', () => {
    expect(spansFromTags(['B-A', 'I-A', 'O', 'B-B', 'B-B', 'I-B'])).toEqual([
      { start: 0, end: 2, type: 'A' },
      { start: 3, end: 4, type: 'B' },
      { start: 4, end: 6, type: 'B' },
    ]);
  });
  it('starts an entity at I-X after O or after another type', () => {
    expect(spansFromTags(['O', 'I-A', 'I-A', 'I-B', 'B-A', 'I-B'])).toEqual([
      { start: 1, end: 3, type: 'A' },
      { start: 3, end: 4, type: 'B' },
      { start: 4, end: 5, type: 'A' },
      { start: 5, end: 6, type: 'B' },
    ]);
    expect(spansFromTags(['I-A'])).toEqual([{ start: 0, end: 1, type: 'A' }]);
    expect(spansFromTags([])).toEqual([]);
  });
  it('reads IOBES and BILOU', () => {
    expect(spansFromTags(['S-A', 'B-A', 'E-A', 'B-A', 'I-A', 'E-A', 'S-B'], 'IOBES')).toEqual([
      { start: 0, end: 1, type: 'A' },
      { start: 1, end: 3, type: 'A' },
      { start: 3, end: 6, type: 'A' },
      { start: 6, end: 7, type: 'B' },
    ]);
    expect(spansFromTags(['U-A', 'B-A', 'L-A', 'L-A'], 'BILOU')).toEqual([
      { start: 0, end: 1, type: 'A' },
      { start: 1, end: 3, type: 'A' },
      { start: 3, end: 4, type: 'A' },
    ]);
  });
});

describe('tagsFromSpans', () => {
  it('writes IOB2', () => {
    expect(tagsFromSpans([{ start: 3, end: 4, type: 'B' }, { start: 0, end: 2, type: 'A' }, { start: 4, end: 6, type: 'B' }], 7)).toEqual([
      'B-A', 'I-A', 'O', 'B-B', 'B-B', 'I-B', 'O',
    ]);
  });
  it('writes IOBES and IOB1', () => {
    expect(tagsFromSpans([{ start: 0, end: 1, type: 'A' }, { start: 1, end: 4, type: 'A' }], 4, 'IOBES')).toEqual(['S-A', 'B-A', 'I-A', 'E-A']);
    expect(tagsFromSpans([{ start: 0, end: 1, type: 'A' }, { start: 1, end: 3, type: 'A' }], 4, 'IOB1')).toEqual(['I-A', 'B-A', 'I-A', 'O']);
  });
  it('throws on overlapping or out-of-range spans', () => {
    expect(() => tagsFromSpans([{ start: 0, end: 2, type: 'A' }, { start: 1, end: 3, type: 'B' }], 4)).toThrow(RangeError);
    expect(() => tagsFromSpans([{ start: 2, end: 5, type: 'A' }], 4)).toThrow(RangeError);
    expect(() => tagsFromSpans([{ start: 2, end: 2, type: 'A' }], 4)).toThrow(RangeError);
  });
});

describe('findIllFormed', () => {
  it('accepts well-formed IOB2', () => {
    expect(findIllFormed(['B-A', 'I-A', 'O', 'B-B', 'B-B', 'I-B'])).toEqual([]);
  });
  it('reports I- without B- and unknown tags, with positions', () => {
    const problems = findIllFormed(['O', 'I-A', 'B-A', 'I-B', 'X-Foo']);
    expect(problems.map((p) => p.index)).toEqual([1, 3, 4]);
    expect(problems[0]!.reason).toContain('expected B-A');
    expect(problems[1]!.reason).toContain('follows a A entity');
  });
  it('accepts I- starts in IOB1 and reports unclosed IOBES entities', () => {
    expect(findIllFormed(['I-A', 'B-A', 'O'], 'IOB1')).toEqual([]);
    expect(findIllFormed(['B-A', 'O', 'S-A', 'B-A'], 'IOBES').map((p) => p.index)).toEqual([1, 3]);
  });
});

const typeArb = fc.constantFrom('A', 'B', 'Language', 'Data_Structure');

/** Non-overlapping spans in a sentence: gaps and lengths drawn, laid out left to right. */
const sentenceArb = fc
  .array(fc.tuple(fc.nat(3), fc.integer({ min: 1, max: 4 }), typeArb), { maxLength: 8 })
  .chain((pieces) => {
    const spans: Span[] = [];
    let at = 0;
    for (const [gap, length, type] of pieces) {
      spans.push({ start: at + gap, end: at + gap + length, type });
      at += gap + length;
    }
    return fc.nat(3).map((tail) => ({ spans, length: at + tail }));
  });

describe('properties', () => {
  it('spans → tags → spans is the identity (IOB2, IOB1, IOBES, BILOU)', () => {
    fc.assert(
      fc.property(sentenceArb, ({ spans, length }) => {
        for (const scheme of ['IOB2', 'IOB1', 'IOBES', 'BILOU'] as const) {
          const tags = tagsFromSpans(spans, length, scheme);
          expect(tags).toHaveLength(length);
          expect(spansFromTags(tags, scheme)).toEqual(spans);
          expect(findIllFormed(tags, scheme)).toEqual([]);
        }
      }),
      { seed: 20240611, numRuns: 500 },
    );
  });
  it('tags → spans → tags normalizes any IOB tag sequence to well-formed IOB2 with the same spans', () => {
    const tagArb = fc.oneof(fc.constant('O'), typeArb.map((t) => `B-${t}`), typeArb.map((t) => `I-${t}`));
    fc.assert(
      fc.property(fc.array(tagArb, { maxLength: 20 }), (tags) => {
        const spans = spansFromTags(tags);
        const normalized = tagsFromSpans(spans, tags.length);
        expect(spansFromTags(normalized)).toEqual(spans);
        expect(findIllFormed(normalized)).toEqual([]);
        if (findIllFormed(tags).length === 0) expect(normalized).toEqual(tags);
      }),
      { seed: 7, numRuns: 500 },
    );
  });
});
