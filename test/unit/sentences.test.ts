import { describe, expect, it } from 'vitest';
import fc from 'fast-check';
import { sentenceRanges, splitSentences, tokenize } from '../../src/tokenize/index.js';

interface Fixture {
  input: string;
  sentences: string[];
  explanation: string;
}

const fixtures: Fixture[] = [
  { input: 'It runs Linux. It is fast.', sentences: ['It runs Linux.', 'It is fast.'], explanation: 'period before a capital ends a sentence' },
  { input: 'Is it fast? Yes! Very.', sentences: ['Is it fast?', 'Yes!', 'Very.'], explanation: 'question and exclamation marks end sentences' },
  { input: 'Yahoo! is a portal.', sentences: ['Yahoo! is a portal.'], explanation: 'a lower-case word continues the sentence' },
  { input: 'Use e.g. Python or i.e. Ruby.', sentences: ['Use e.g. Python or i.e. Ruby.'], explanation: 'e.g. and i.e. never end a sentence' },
  { input: 'Dr. Smith met Mr. Jones.', sentences: ['Dr. Smith met Mr. Jones.'], explanation: 'titles do not end sentences' },
  { input: 'Made by Apple Inc. and sold.', sentences: ['Made by Apple Inc. and sold.'], explanation: 'Inc. before a lower-case word continues' },
  { input: 'Made by Apple Inc. The phone sold.', sentences: ['Made by Apple Inc.', 'The phone sold.'], explanation: 'Inc. before a capitalized word ends the sentence' },
  { input: 'Files, dirs, etc. are listed.', sentences: ['Files, dirs, etc. are listed.'], explanation: 'etc. inside a sentence' },
  { input: 'Written by J. R. R. Tolkien in 1937.', sentences: ['Written by J. R. R. Tolkien in 1937.'], explanation: 'initials before a name do not end sentences' },
  { input: 'It uses type B. It is newer.', sentences: ['It uses type B.', 'It is newer.'], explanation: 'a single letter before a typical sentence start ends the sentence' },
  { input: 'Sold in the U.S. Army stores.', sentences: ['Sold in the U.S. Army stores.'], explanation: 'U.S. before a name continues' },
  { input: 'Sold in the U.S. The rest failed.', sentences: ['Sold in the U.S.', 'The rest failed.'], explanation: 'U.S. before a typical sentence start ends it' },
  { input: 'He said "stop." Then he left.', sentences: ['He said "stop."', 'Then he left.'], explanation: 'closing quote belongs to the ending sentence' },
  { input: 'It failed (badly). Next one.', sentences: ['It failed (badly).', 'Next one.'], explanation: 'bracket then period' },
  { input: '(It failed.) Next one.', sentences: ['(It failed.)', 'Next one.'], explanation: 'closing bracket after the period stays with the sentence' },
  { input: 'Version 2.7.1 of Node.js is out. Get it.', sentences: ['Version 2.7.1 of Node.js is out.', 'Get it.'], explanation: 'dots inside tokens are not boundaries' },
  { input: 'Wait... what? Fine…', sentences: ['Wait... what?', 'Fine…'], explanation: 'ellipsis before a lower-case word continues' },
  { input: 'A title without period\n\nNext paragraph here', sentences: ['A title without period', 'Next paragraph here'], explanation: 'a blank line always ends a sentence' },
  { input: 'a wrapped\nline continues', sentences: ['a wrapped\nline continues'], explanation: 'a single line break does not' },
  { input: 'See https://example.com/a.b. Then go.', sentences: ['See https://example.com/a.b.', 'Then go.'], explanation: 'URLs do not break sentences' },
  { input: '', sentences: [], explanation: 'empty text has no sentences' },
  { input: '   ', sentences: [], explanation: 'whitespace only has no sentences' },
  { input: 'No final punctuation', sentences: ['No final punctuation'], explanation: 'the last sentence needs no final mark' },
];

describe('splitSentences', () => {
  it.each(fixtures)('$explanation: $input', ({ input, sentences }) => {
    expect(splitSentences(input).map((r) => input.slice(r.start, r.end))).toEqual(sentences);
  });

  it('accepts tokens already made by tokenize', () => {
    const text = 'One. Two.';
    expect(splitSentences(text, tokenize(text))).toEqual([
      { start: 0, end: 4 },
      { start: 5, end: 9 },
    ]);
  });
});

describe('sentenceRanges', () => {
  it('returns token ranges', () => {
    const text = 'It runs. It stops.';
    expect(sentenceRanges(tokenize(text), text)).toEqual([
      { start: 0, end: 3 },
      { start: 3, end: 6 },
    ]);
  });

  it('covers every token exactly once, in order, on arbitrary text', () => {
    const sentenceLike = fc.string({ unit: fc.oneof(fc.constantFrom(...'Aa. !?"\')(\n…e.g.'.split('')), fc.string({ unit: 'binary', maxLength: 1 })) });
    fc.assert(
      fc.property(sentenceLike, (text) => {
        const tokens = tokenize(text);
        const ranges = sentenceRanges(tokens, text);
        let expectedStart = 0;
        for (const range of ranges) {
          if (range.start !== expectedStart || range.end <= range.start) return false;
          expectedStart = range.end;
        }
        const chars = splitSentences(text, tokens);
        return expectedStart === tokens.length && chars.every((r, i) => i === 0 || r.start >= chars[i - 1]!.end);
      }),
      { seed: 42, numRuns: 500 },
    );
  });

  it('splits a megabyte of text in linear time', () => {
    const text = 'Apple Inc. makes C++ tools, e.g. compilers. They are fast! '.repeat(17_000);
    const started = performance.now();
    const sentences = splitSentences(text);
    expect(performance.now() - started).toBeLessThan(3000);
    expect(sentences.length).toBe(2 * 17_000);
  });
});
