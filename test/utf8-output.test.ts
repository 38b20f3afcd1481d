import { describe, expect, it } from 'vitest';
import { Utf8Output } from '../src/cli/utf8-output.js';

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
