import { describe, expect, it } from 'vitest';
import { SertagError, createTagger, tokenize } from 'sertag';
import { fixture } from '../helpers.js';

// Through the package's own name: what a user's `import { createTagger } from 'sertag'` gets.
describe('createTagger with the bundled gazetteers and rules', () => {
  const tagger = createTagger();

  it('tags the obvious terms of the Stackless Python article', () => {
    const text =
      'Stackless Python, or Stackless, is a Python programming language interpreter. ' +
      'It uses microthreads and green threads; PyPy and CPython are other implementations.';
    const found = tagger.tag(text).entities.map((e) => e.text);
    for (const term of ['Stackless Python', 'microthreads', 'green threads', 'PyPy', 'CPython']) expect(found).toContain(term);
    expect(found.some((t) => /^Python\b/.test(t))).toBe(true);
  });

  it('keeps char offsets, token offsets, tags and sources consistent', () => {
    const text = 'We ported it from Python to C++ last year.';
    const result = tagger.tag(text);
    expect(result.tags).toHaveLength(result.tokens.length);
    for (const e of result.entities) {
      expect(text.slice(e.start, e.end)).toBe(e.text);
      expect(result.tokens[e.tokenStart]!.start).toBe(e.start);
      expect(result.tokens[e.tokenEnd - 1]!.end).toBe(e.end);
      expect(result.tags[e.tokenStart]).toBe(`B-${e.type}`);
      expect(e.source.kind !== 'component' && e.source.file).toMatch(/\.ya?ml$/);
    }
  });
});

describe('tagTokens', () => {
  const tagger = createTagger({ defaultGazetteers: false, defaultRules: false, gazetteers: [fixture('gazetteers/valid.yaml')] });

  it('never re-tokenizes: odd tokens stay as given, one tag each', () => {
    const tokens = ['I', 'like', 'C++', 'and', 'Stackless', 'Python', 'don\'t', 'I', '?'];
    const result = tagger.tagTokens(tokens);
    expect(result.tokens.map((t) => t.text)).toEqual(tokens);
    expect(result.tags).toEqual(['O', 'O', 'B-Language', 'O', 'B-Operating_System', 'I-Operating_System', 'O', 'O', 'O']);
  });

  it('gives char offsets as if the tokens were joined by single spaces', () => {
    const result = tagger.tagTokens(['use', 'cpp']);
    expect(result.entities).toMatchObject([{ text: 'cpp', start: 4, end: 7, tokenStart: 1, tokenEnd: 2, source: { kind: 'gazetteer', entry: 'C++', line: 7 } }]);
  });
});

describe('options', () => {
  it('restricts the emitted types', () => {
    const tagger = createTagger({ defaultGazetteers: false, defaultRules: false, gazetteers: [fixture('gazetteers/valid.yaml')], types: ['Operating_System'] });
    expect(tagger.tagTokens(['Python', 'and', 'Stackless', 'Python']).tags).toEqual(['O', 'O', 'B-Operating_System', 'I-Operating_System']);
  });

  it('refuses to start on invalid files, listing every problem with its file and line', () => {
    let error: unknown;
    try {
      createTagger({ defaultGazetteers: false, gazetteers: [fixture('gazetteers/bad-many.yaml'), fixture('gazetteers/valid.yaml')] });
    } catch (e) {
      error = e;
    }
    expect(error).toBeInstanceOf(SertagError);
    const report = (error as SertagError).report();
    expect(report).toMatch(/^6 problems in .*bad-many\.yaml; the tagger cannot start/);
    expect(report).toContain('bad-many.yaml:4:5 [UNKNOWN_TYPE]');
    expect(report).not.toContain('valid.yaml:');
  });

  it('reports a missing gazetteer path and an unknown type to emit', () => {
    expect(() => createTagger({ gazetteers: ['no/such/file.yaml'] })).toThrow(/no\/such\/file\.yaml/);
    expect(() => createTagger({ types: ['Langauge'] })).toThrow(/unknown type `Langauge`/);
  });
});

describe('TagResult', () => {
  it('makes tokens and tags on demand; JSON has every field', () => {
    const text = 'We use Python. And C++ too.';
    const result = createTagger().tag(text);
    expect(result.tokenCount).toBe(tokenize(text).length);
    expect(result.tokens).toEqual(tokenize(text));
    expect(result.tokens).toBe(result.tokens);
    expect(result.tags).toEqual(['O', 'O', 'B-Language', 'O', 'O', 'B-Language', 'O', 'O']);
    expect(JSON.parse(JSON.stringify(result))).toEqual({ tokens: result.tokens, entities: result.entities, tags: result.tags, sentences: [{ start: 0, end: 4 }, { start: 4, end: 8 }] });
  });
});

describe('tokenize (exported)', () => {
  it('is the same tokenizer the tagger uses', () => {
    const text = 'Install Node.js and ASP.NET on x86-64.';
    expect(tokenize(text).map((t) => t.text)).toEqual(createTagger({ defaultGazetteers: false, defaultRules: false }).tag(text).tokens.map((t) => t.text));
  });
});
