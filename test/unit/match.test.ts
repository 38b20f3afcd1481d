import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { WIKISER_TYPES } from '../../src/entity-types.js';
import { loadGazetteerObject } from '../../src/gazetteer/load.js';
import type { GazetteerEntryInput } from '../../src/gazetteer/types.js';
import { TokenTrie, compileTrie, findCandidates } from '../../src/match/index.js';

const TYPES = new Set<string>(WIKISER_TYPES);

function candidatesIn(sentence: string, entries: Array<string | GazetteerEntryInput>) {
  const { entries: compiled, problems } = loadGazetteerObject({ name: 'test', type: 'Language', entries }, TYPES);
  expect(problems).toEqual([]);
  const tokens = sentence.split(' ');
  return findCandidates(compileTrie(compiled), tokens, tokens.map((t) => t.toLowerCase())).map(
    (c) => `${tokens.slice(c.start, c.end).join(' ')}@${c.start}`,
  );
}

describe('gazetteer matching', () => {
  it.each([
    { sentence: 'I like Stackless Python a lot', entries: ['Python', 'Stackless Python'], expected: ['Stackless Python@2', 'Python@3'], explanation: 'every candidate is found, nested ones too; the resolver picks' },
    { sentence: 'i like PYTHON', entries: ['Python'], expected: ['PYTHON@2'], explanation: 'case ignored by default' },
    { sentence: 'Go go GO', entries: [{ term: 'Go', case: 'exact' as const }], expected: ['Go@0'], explanation: 'case: exact matches the written form only' },
    { sentence: 'Go to Go', entries: [{ term: 'Go', case: 'exact' as const, not_next: ['to'] }], expected: ['Go@2'], explanation: 'not_next drops a match before a listed word' },
    { sentence: 'the R language and R .', entries: [{ term: 'R', case: 'exact' as const, prev: ['the'] }], expected: ['R@1'], explanation: 'prev keeps a match only after a listed word' },
    { sentence: 'a green thread', entries: [{ term: 'green threads' }], expected: [], explanation: 'no variant unless asked for' },
    { sentence: 'two green threads', entries: [{ term: 'green thread', variants: ['plural' as const] }], expected: ['green threads@1'], explanation: 'variants: [plural]' },
  ])('$explanation', ({ sentence, entries, expected }) => {
    expect(candidatesIn(sentence, entries)).toEqual(expected);
  });
});

describe('TokenTrie', () => {
  it('finds every inserted phrase, shortest first, in a text made of it (property)', () => {
    const word = fc.stringMatching(/^[a-z]{1,4}$/);
    fc.assert(
      fc.property(fc.array(fc.array(word, { minLength: 1, maxLength: 4 }), { minLength: 1, maxLength: 30 }), (phrases) => {
        const trie = new TokenTrie<number>();
        phrases.forEach((p, i) => trie.insert(p, i));
        phrases.forEach((phrase, i) => {
          const ends: number[] = [];
          const found: number[] = [];
          trie.walk(phrase, 0, (end, values) => {
            ends.push(end);
            found.push(...values);
          });
          expect(found).toContain(i);
          expect(ends).toEqual([...ends].sort((a, b) => a - b));
          expect(ends.at(-1)).toBeLessThanOrEqual(phrase.length);
        });
      }),
      { seed: 42, numRuns: 300 },
    );
  });

  it('counts values and shares prefixes', () => {
    const trie = new TokenTrie<string>();
    trie.insert(['a', 'b'], 'ab');
    trie.insert(['a'], 'a');
    trie.insert(['a'], 'a2');
    expect(trie.size).toBe(3);
    expect(trie.nodes).toBe(3);
  });

  it('is rebuilt from its layout with the same walks (property), and rejects an inconsistent layout', () => {
    const word = fc.stringMatching(/^[a-c]{1,2}$/);
    fc.assert(
      fc.property(fc.array(fc.array(word, { minLength: 1, maxLength: 3 }), { minLength: 1, maxLength: 40 }), (phrases) => {
        const trie = new TokenTrie<number>();
        phrases.forEach((p, i) => trie.insert(p, i));
        const rebuilt = TokenTrie.fromLayout(trie.layout((i) => i), phrases.map((_, i) => i));
        expect(rebuilt.size).toBe(trie.size);
        expect(rebuilt.nodes).toBe(trie.nodes);
        const walks = (t: TokenTrie<number>, phrase: string[]) => {
          const seen: Array<[number, number[]]> = [];
          t.walk(phrase, 0, (end, values) => seen.push([end, [...values]]));
          return seen;
        };
        for (const phrase of [...phrases, ['a', 'b', 'c'], ['c', 'c']]) expect(walks(rebuilt, phrase)).toEqual(walks(trie, phrase));
      }),
      { seed: 7, numRuns: 200 },
    );
    const trie = new TokenTrie<number>();
    trie.insert(['a', 'b'], 0);
    const layout = trie.layout((i) => i);
    expect(() => TokenTrie.fromLayout({ ...layout, parents: Int32Array.from([0, 0, 2]) }, [0])).toThrow(/inconsistent/);
    expect(() => TokenTrie.fromLayout({ ...layout, parentKeys: Int32Array.from([0, 0, 9]) }, [0])).toThrow(/inconsistent/);
    expect(() => TokenTrie.fromLayout(layout, [0, 1])).toThrow(/inconsistent/);
    expect(() => TokenTrie.fromLayout({ ...layout, keys: ['a', 'a'] }, [0])).toThrow(/inconsistent/);
  });
});
