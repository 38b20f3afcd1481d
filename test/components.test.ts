import { describe, expect, it } from 'vitest';
import { SertagError, createTagger, type Candidate, type Component } from 'sertag';

const gazetteer = {
  case: 'ignore' as const,
  entries: [
    { term: 'Python', type: 'Language' },
    { term: 'Linux', type: 'Operating_System' },
    { term: 'graphics processing unit', type: 'Device' },
    { term: 'Stackless Python', type: 'Application' },
  ],
};
const base = { defaultGazetteers: false, defaultRules: false, gazetteers: [gazetteer] };

describe('components', () => {
  it('takes the minimal shape from the issue: a name and a candidates filter', () => {
    const tagger = createTagger({ ...base, components: [{ name: 'no-languages', candidates: (candidates: Candidate[]) => candidates.filter((c) => c.type !== 'Language') }] });
    expect(tagger.tag('Python on Linux').entities.map((e) => [e.text, e.type])).toEqual([['Linux', 'Operating_System']]);
    expect(tagger.components).toEqual(['gazetteer', 'rules', 'no-languages']);
  });

  it('records the component as the source of what it adds, with its detail, for --explain', () => {
    const kernel: Component = {
      name: 'kernel-words',
      candidates(candidates, sentence) {
        sentence.tokens.forEach((t, i) => {
          if (t.lower === 'kernel') candidates.push({ start: i, end: i + 1, type: 'Application', priority: 0, by: { component: 'kernel-words', detail: 'the word kernel' } });
        });
      },
    };
    const result = createTagger({ ...base, components: [kernel] }).tag('The Linux kernel');
    expect(result.entities.map((e) => [e.text, e.source])).toEqual([
      ['Linux', expect.objectContaining({ kind: 'gazetteer' })],
      ['kernel', { kind: 'component', component: 'kernel-words', detail: 'the word kernel' }],
    ]);
    // A candidate added without any source gets the component's name.
    const bare = createTagger({ ...base, components: [{ name: 'bare', candidates: (c) => [...c, { start: 0, end: 1, type: 'Library', priority: 0 }] }] });
    expect(bare.tag('zlib rocks').entities[0]!.source).toEqual({ kind: 'component', component: 'bare' });
  });

  it('lets the resolver prefer the higher score among candidates of equal priority, before length', () => {
    const scorer: Component = {
      name: 'scorer',
      candidates: (candidates) => candidates.map((c) => ({ ...c, score: c.end - c.start === 1 ? 1 : 0 })),
    };
    const plain = createTagger(base).tag('Stackless Python').entities.map((e) => e.text);
    const scored = createTagger({ ...base, components: [scorer] }).tag('Stackless Python').entities.map((e) => e.text);
    expect(plain).toEqual(['Stackless Python']);
    expect(scored).toEqual(['Python']);
  });

  it('takes a function of the built-in list, to reorder or drop components', () => {
    const tagger = createTagger({ ...base, components: (builtIn) => builtIn.filter((c) => c.name !== 'gazetteer') });
    expect(tagger.components).toEqual(['rules']);
    expect(tagger.tag('Python on Linux').entities).toEqual([]);
  });

  it('keeps per-document state in the call: nothing carries over, and interleaved calls do not mix', () => {
    // Counts mentions per document; a nested tag call runs inside the outer one's sentence.
    const seen: number[] = [];
    let nested = false;
    const counter: Component<{ mentions: number }> = {
      name: 'counter',
      start: () => ({ mentions: 0 }),
      candidates(candidates, _sentence, _document, state) {
        state.mentions += candidates.length;
        if (!nested) {
          nested = true;
          seen.push(tagger.tag('Python Python Python').entities.length);
          nested = false;
        }
      },
      observe: (_kept, sentence, document, state) => {
        if (sentence.index === document.sentenceCount - 1) seen.push(state.mentions);
      },
    };
    const tagger = createTagger({ ...base, components: [counter] });
    tagger.tag('Python. Linux.');
    // Each of the outer document's two sentences runs an inner document (3 mentions, then 3
    // entities); the outer one counts its own 2 mentions, none of the inner ones'.
    expect(seen).toEqual([3, 3, 3, 3, 2]);
  });

  it('tagSentences tags one document: the acronym pass carries across its sentences, not across calls', () => {
    const tagger = createTagger({ ...base, passes: { acronyms: true } });
    const [first, second] = tagger.tagSentences([
      ['a', 'graphics', 'processing', 'unit', '(', 'GPU', ')'],
      ['the', 'GPU', 'is', 'fast'],
    ]);
    expect(first!.entities.map((e) => e.text)).toEqual(['graphics processing unit']);
    expect(second!.entities.map((e) => [e.text, e.type, e.source.kind])).toEqual([['GPU', 'Device', 'rule']]);
    expect(second!.entities[0]!.start).toBe(4);
    expect(tagger.tagSentences([['the', 'GPU', 'is', 'fast']])[0]!.entities).toEqual([]);
    expect(tagger.tagTokens(['the', 'GPU', 'is', 'fast']).entities).toEqual([]);
  });

  it('refuses malformed components and candidates with a SertagError naming the component', () => {
    const bad = (components: unknown) => () => createTagger({ ...base, components: components as Component[] });
    expect(bad([{ candidates: () => [] }])).toThrow(/components\[0\] must be an object with a non-empty string `name`/);
    expect(bad([{ name: 'x', candidates: 'no' }])).toThrow(/`candidates` must be a function/);
    expect(bad([{ name: 'gazetteer' }])).toThrow(/two components are named `gazetteer`/);
    expect(bad('nope')).toThrow(SertagError);
    const outOfRange = createTagger({ ...base, components: [{ name: 'far', candidates: () => [{ start: 0, end: 9, type: 'Library', priority: 0 }] }] });
    expect(() => outOfRange.tag('Python')).toThrow(/component `far` returned .* 0 <= start < end <= 1 tokens/);
  });
});
