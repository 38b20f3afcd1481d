import { describe, expect, it } from 'vitest';
import fc from 'fast-check';
import { Utf8Output } from '../../src/formats/utf8-output.js';

describe('Utf8Output', () => {
  it('encodes what is pushed exactly as Buffer.from would, across growth, and empties on take', () => {
    const out = new Utf8Output();
    const pieces = ['plain ASCII, ', 'é ü ß – “quotes” ', '😀 emoji ', 'lone \uD800 surrogate ', 'x'.repeat(100_000), ' end\n'];
    for (const p of pieces) out.push(p);
    const first = out.take();
    expect(Buffer.from(first).toString('utf8')).toBe(Buffer.from(pieces.join(''), 'utf8').toString('utf8'));
    expect(Buffer.compare(Buffer.from(first), Buffer.from(pieces.join(''), 'utf8'))).toBe(0);
    expect(out.length).toBe(0);
    out.push('next batch');
    const second = out.take();
    expect(Buffer.from(second).toString('utf8')).toBe('next batch');
    // The first batch is a copy of its own: reusing the buffer did not overwrite it.
    expect(Buffer.from(first.subarray(0, 13)).toString('utf8')).toBe('plain ASCII, ');
    expect(out.take()).toHaveLength(0);
  });
});

describe('Utf8Output writes JSON and numbers as bytes', () => {
  const written = (write: (out: Utf8Output) => void): string => {
    const out = new Utf8Output();
    write(out);
    return Buffer.from(out.take()).toString('utf8');
  };

  it('jsonString is byte for byte JSON.stringify, escapes, surrogates (paired and lone) and all', () => {
    const hostile = ['', 'plain', 'say "hi" \\ bye', '\b\f\n\r\t\u0000\u0001\u001f\u007f', 'é – “” 中文 😀 𝑥', 'lone \uD800 high', 'lone \uDC00 low', '\uDBFF', '\uDC00\uD800', '\u2028\u2029'];
    for (const s of hostile) expect(written((out) => out.jsonString(s))).toBe(JSON.stringify(s));
    fc.assert(
      fc.property(fc.string({ unit: 'binary', maxLength: 60 }), (s) => {
        const out = new Utf8Output();
        out.jsonString(s);
        // Compared as bytes: a lone surrogate must come out as an escape, never as U+FFFD.
        expect(Buffer.compare(Buffer.from(out.take()), Buffer.from(JSON.stringify(s), 'utf8'))).toBe(0);
      }),
      { numRuns: 2000 },
    );
  });

  it('uint writes what String(n) writes, at every digit count', () => {
    const numbers = [0, 9, 10, 99, 100, 999_999, 1_000_000, 2 ** 31, 4_294_967_295, 4_294_967_296, 2 ** 53 - 1];
    for (const n of numbers) expect(written((out) => out.uint(n))).toBe(String(n));
    fc.assert(fc.property(fc.nat(), (n) => written((out) => out.uint(n)) === String(n)));
  });

  it('uintPairs writes [a,b],[c,d] as JSON.stringify does, and refuses what is not a uint32', () => {
    fc.assert(
      fc.property(fc.array(fc.tuple(fc.nat(), fc.nat()), { maxLength: 40 }), (pairs) => written((out) => out.uintPairs(pairs.flat(), pairs.length)) === JSON.stringify(pairs).slice(1, -1)),
    );
    // Only the first `count` pairs.
    expect(written((out) => out.uintPairs([1, 2, 3, 4, 5, 6], 2))).toBe('[1,2],[3,4]');
    expect(() => new Utf8Output().uintPairs([1, -2], 1)).toThrow(RangeError);
    expect(() => new Utf8Output().uintPairs([1.5, 2], 1)).toThrow(RangeError);
  });

  it('lend hands over the bytes without a copy and writes on in a spare buffer until given back', () => {
    const out = new Utf8Output();
    out.push('first');
    const lent = out.lend();
    expect(Buffer.from(lent).toString('utf8')).toBe('first');
    out.push('second');
    // Writing on did not touch the lent bytes.
    expect(Buffer.from(lent).toString('utf8')).toBe('first');
    out.giveBack(lent);
    const next = out.lend();
    expect(Buffer.from(next).toString('utf8')).toBe('second');
    out.push('third');
    // The buffer given back is written into again: the caller no longer reads it.
    expect(Buffer.from(out.lend()).toString('utf8')).toBe('third');
    expect(Buffer.from(next).toString('utf8')).toBe('second');
  });

  it('ascii, byte and pushBytes append as they are, across growth', () => {
    const long = 'k'.repeat(200_000);
    expect(written((out) => { out.ascii('{"a":'); out.byte(49); out.pushBytes(Buffer.from(long)); out.ascii('}'); })).toBe(`{"a":1${long}}`);
  });
});
