import { describe, expect, it } from 'vitest';
import v8 from 'node:v8';
import vm from 'node:vm';
import { Vocabulary } from '../../src/match/index.js';

describe('Vocabulary', () => {
  it('gives each distinct token one id, looked up by its offsets in any text', () => {
    let computed = 0;
    const vocabulary = new Vocabulary((token) => ({ token, n: ++computed }));
    const text = 'Python and python and Python';
    const python = vocabulary.id(text, 0, 6);
    const and = vocabulary.id(text, 7, 10);
    expect(vocabulary.id(text, 22, 28)).toBe(python);
    expect(vocabulary.id(text, 18, 21)).toBe(and);
    expect(vocabulary.id('use Python', 4, 10)).toBe(python);
    expect(vocabulary.id(text, 11, 17)).not.toBe(python);
    expect(vocabulary.facts[python]).toEqual({ token: 'Python', n: 1 });
    expect(computed).toBe(3);
  });

  it('keeps every id right while its table grows (thousands of tokens, some sharing hashes mod the table size)', () => {
    const vocabulary = new Vocabulary((token) => token);
    const words = Array.from({ length: 20_000 }, (_, i) => `w${i.toString(36)}`);
    const ids = words.map((w) => vocabulary.id(w, 0, w.length));
    expect(new Set(ids).size).toBe(words.length);
    words.forEach((w, i) => {
      expect(vocabulary.id(` ${w} `, 1, w.length + 1)).toBe(ids[i]);
      expect(vocabulary.facts[ids[i]!]).toBe(w);
    });
  });

  it('does not keep tokens longer than its limit: each gets a fresh id', () => {
    const vocabulary = new Vocabulary((token) => token.length, 1 << 17, 8);
    const long = 'a'.repeat(9);
    const first = vocabulary.id(long, 0, 9);
    expect(vocabulary.id(long, 0, 9)).not.toBe(first);
    expect(vocabulary.facts[first]).toBe(9);
    expect(vocabulary.id('short', 0, 5)).toBe(vocabulary.id('short', 0, 5));
  });

  it('starts over at makeRoom once it holds more ids than its limit (flat memory)', () => {
    const vocabulary = new Vocabulary((token) => token, 4);
    for (const w of ['a', 'b', 'c', 'd', 'e']) vocabulary.id(w, 0, 1);
    expect(vocabulary.size).toBe(5);
    vocabulary.makeRoom();
    expect(vocabulary.size).toBe(0);
    const id = vocabulary.id('e', 0, 1);
    expect(id).toBe(0);
    expect(vocabulary.facts[id]).toBe('e');
    vocabulary.makeRoom();
    expect(vocabulary.size).toBe(1);
  });
});

describe('Vocabulary memory', () => {
  it('keeps no text alive through the long tokens it numbers without interning', () => {
    v8.setFlagsFromString('--expose-gc');
    const gc = vm.runInNewContext('gc') as () => void;
    const vocabulary = new Vocabulary((token: string) => ({ token }));
    gc();
    const before = process.memoryUsage().heapUsed;
    for (let i = 0; i < 20; i++) {
      // A 1 MB text whose last token (a URL, a blob) is longer than the interning limit.
      const long = `https://example.com/${i}/${'x'.repeat(60)}`;
      const text = `${i} `.padEnd(1 << 20, 'a b ') + ' ' + long;
      const id = vocabulary.id(text, text.length - long.length, text.length);
      expect(vocabulary.facts[id]!.token).toBe(long);
    }
    gc();
    // A slice of each text would keep all twenty megabytes alive.
    expect(process.memoryUsage().heapUsed - before).toBeLessThan(4 << 20);
  });
});
