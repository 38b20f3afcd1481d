import { describe, expect, it } from 'vitest';
import { SertagError } from '../../src/errors.js';
import {
  detectFormat,
  formatConllSentence,
  formatWikiserSentence,
  readConll,
  readJsonl,
  readSentences,
  readWikiser,
  writeConll,
  writeJsonl,
  writeWikiser,
} from '../../src/formats/index.js';

/** Runs `read` and returns the SertagError it throws, failing the test if it does not. */
function errorOf(read: () => unknown): SertagError {
  try {
    read();
  } catch (error) {
    if (error instanceof SertagError) return error;
    throw error;
  }
  throw new Error('expected a SertagError');
}

const WIKISER = '<s>\nStackless\tB-Operating_System\nPython\tI-Operating_System\nis\tO\n</s>\n<s>\nC\tB-Language\n</s>\n';

describe('WikiSER', () => {
  it('reads sentences with their lines', () => {
    const sentences = readWikiser(WIKISER, 'a.txt');
    expect(sentences).toHaveLength(2);
    expect(sentences[0]).toEqual({
      tokens: ['Stackless', 'Python', 'is'],
      tags: ['B-Operating_System', 'I-Operating_System', 'O'],
      line: 2,
      tokenLines: [2, 3, 4],
    });
    expect(sentences[1]!.line).toBe(7);
  });
  it('accepts a BOM and CRLF silently', () => {
    expect(readWikiser('\ufeff' + WIKISER.replace(/\n/g, '\r\n'), 'a.txt')).toEqual(readWikiser(WIKISER, 'a.txt'));
  });
  it('round-trips through the writer', () => {
    const sentences = readWikiser(WIKISER, 'a.txt');
    expect(writeWikiser(sentences)).toBe(WIKISER);
    expect(formatWikiserSentence(sentences[1]!)).toBe('<s>\nC\tB-Language\n</s>\n');
  });
  it('reports a missing </s> at the <s> that opened the sentence', () => {
    const error = errorOf(() => readWikiser('<s>\na\tO\n', 'a.txt'));
    expect(error.code).toBe('INVALID_DATA');
    expect(error.kind).toBe('data');
    expect(error.report()).toContain("a.txt:1:1 [MISSING_END]");
    expect(error.report()).toContain("expected '</s>'");
  });
  it('reports a token line outside <s>', () => {
    expect(errorOf(() => readWikiser('<s>\na\tO\n</s>\nb\tO\n', 'a.txt')).report()).toContain("a.txt:4:1 [OUTSIDE_SENTENCE] token line outside a sentence; expected '<s>' before it");
  });
  it('reports ragged lines and unknown tag prefixes with line and column', () => {
    const report = errorOf(() => readWikiser('<s>\na\tO\textra\nb\tX-Foo\nc\n</s>\n', 'a.txt')).report();
    expect(report).toContain('a.txt is not a valid WikiSER file: 3 problems');
    expect(report).toContain("a.txt:2:1 [RAGGED] expected 'token<TAB>tag', found 3 tab-separated fields");
    expect(report).toContain("a.txt:3:3 [BAD_TAG] unknown tag prefix 'X' in 'X-Foo'; expected O, B-Type or I-Type");
    expect(report).toContain('a.txt:4:1 [RAGGED]');
  });
  it('rejects an empty file', () => {
    const error = errorOf(() => readSentences('\n\n', 'empty.txt'));
    expect(error.code).toBe('EMPTY_FILE');
    expect(error.message).toBe('empty.txt: empty file, expected WikiSER, CoNLL or JSONL sentences');
    expect(errorOf(() => readWikiser('', 'e.txt')).code).toBe('EMPTY_FILE');
  });
});

describe('CoNLL', () => {
  it('reads tab- or space-separated columns, the last one or a chosen one, skipping -DOCSTART-', () => {
    const text = '-DOCSTART- -X- O O\n\nUses NNP B-NP O\nPython NNP I-NP B-Language\n\n\nok JJ O O\n';
    const sentences = readConll(text, 'a.conll');
    expect(sentences.map((s) => s.tokens)).toEqual([['Uses', 'Python'], ['ok']]);
    expect(sentences[0]!.tags).toEqual(['O', 'B-Language']);
    expect(sentences[0]!.line).toBe(3);
    expect(readConll(text, 'a.conll', { tagColumn: 3 })[0]!.tags).toEqual(['B-NP', 'I-NP']);
    expect(readConll('a\tB-X\nb c\tI-X\n', 't.conll')[0]!.tokens).toEqual(['a', 'b c']);
  });
  it('writes one sentence or a file', () => {
    const sentence = { tokens: ['a', 'b'], tags: ['B-X', 'O'] };
    expect(formatConllSentence(sentence)).toBe('a\tB-X\nb\tO\n\n');
    expect(readConll(writeConll([sentence, sentence]), 'x')).toHaveLength(2);
  });
  it('reports ragged columns', () => {
    const report = errorOf(() => readConll('a NN O\nb O\n', 'r.conll')).report();
    expect(report).toContain('r.conll:2:1 [RAGGED] expected 3 space-separated columns (as on line 1), found 2');
  });
  it('reports a tag column that does not exist', () => {
    const error = errorOf(() => readConll('a O\n', 'c.conll', { tagColumn: 5 }));
    expect(error.code).toBe('INVALID_DATA');
    expect(error.problems.map((p) => p.code)).toEqual(['BAD_COLUMN']);
  });
});

describe('JSONL spans', () => {
  it('reads spans, entities and label variants to the same tags', () => {
    const text = 'I use C++ and Node.js daily';
    const variants = [
      { text, spans: [{ start: 6, end: 9, label: 'Language' }, { start: 14, end: 21, label: 'Library' }] },
      { text, entities: [[6, 9, 'Language'], [14, 21, 'Library']] },
      { text, label: [[6, 9, 'Language'], [14, 21, 'Library']] },
      { text, entities: [{ start_offset: 6, end_offset: 9, label: 'Language' }, { start_offset: 14, end_offset: 21, label: 'Library' }] },
    ];
    const sentences = readJsonl(variants.map((v) => JSON.stringify(v)).join('\n'), 'a.jsonl');
    expect(sentences).toHaveLength(4);
    for (const s of sentences) {
      expect(s.tokens).toEqual(['I', 'use', 'C', '+', '+', 'and', 'Node', '.', 'js', 'daily']);
      expect(s.tags).toEqual(['O', 'O', 'B-Language', 'I-Language', 'I-Language', 'O', 'B-Library', 'I-Library', 'I-Library', 'O']);
    }
    expect(sentences[2]!.line).toBe(3);
  });
  it('uses Prodigy tokens when present', () => {
    const doc = { text: 'C++ rocks', tokens: [{ text: 'C++', start: 0, end: 3 }, { text: 'rocks', start: 4, end: 9 }], spans: [{ start: 0, end: 3, label: 'Language' }] };
    expect(readJsonl(JSON.stringify(doc), 'p.jsonl')[0]).toMatchObject({ tokens: ['C++', 'rocks'], tags: ['B-Language', 'O'] });
  });
  it('writes documents that read back to the same tags', () => {
    const sentence = { tokens: ['Stackless', 'Python', 'is', 'fun'], tags: ['B-Operating_System', 'I-Operating_System', 'O', 'O'] };
    expect(readJsonl(writeJsonl([sentence]), 'w.jsonl')[0]!.tags).toEqual(sentence.tags);
  });
  it('reports bad JSON, bad spans and overlapping spans with their line', () => {
    const text = ['{"text": "a b"}', '{not json', JSON.stringify({ text: 'ab', spans: [{ start: 0, end: 9, label: 'X' }] }), JSON.stringify({ text: 'a b', spans: [[0, 3, 'X'], [2, 3, 'Y']] })].join('\n');
    const report = errorOf(() => readJsonl(text, 'b.jsonl')).report();
    expect(report).toContain('b.jsonl:2:1 [BAD_JSONL] expected one JSON object per line');
    expect(report).toContain('b.jsonl:3:1 [BAD_JSONL] span [0, 9) X is empty or outside the text of 2 characters');
    expect(report).toContain('b.jsonl:4:1 [BAD_JSONL] overlapping spans');
  });
});

describe('detectFormat', () => {
  it('detects from content', () => {
    expect(detectFormat('\ufeff\n<s>\na\tO\n</s>\n')).toBe('wikiser');
    expect(detectFormat('{"text": ""}\n')).toBe('jsonl');
    expect(detectFormat('a O\n')).toBe('conll');
    expect(detectFormat('  \n')).toBeUndefined();
    expect(readSentences(WIKISER, 'a.txt').format).toBe('wikiser');
    expect(readSentences('a\tO\n', 'a.txt', { format: 'conll' }).sentences).toHaveLength(1);
  });
});
