import fc from 'fast-check';
import { execFileSync } from 'node:child_process';
import { mkdtempSync, readFileSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { tagsFromSpans, type SchemeName } from '../../src/bio/index.js';
import { convertSentences } from '../../src/cli/convert.js';
import { readSentences } from '../../src/formats/detect.js';
import { FORMATS } from '../../src/formats/table.js';
import type { Span } from '../../src/types.js';
import { runCli } from '../helpers.js';

const RUNS = Number(process.env.SERTAG_PROPERTY_RUNS ?? 200);
const WRITABLE = FORMATS.filter((f) => f.write && f.read);

/** Token characters: ASCII, punctuation, astral letters and emoji, a combining mark, CJK. */
const tokenChar = fc.constantFrom('a', 'Z', '7', '+', '#', '.', '-', '<', '"', '\\', '🚀', '𝔘', 'e\u0301', '中', 'ß');
const token = fc.array(tokenChar, { minLength: 1, maxLength: 4 }).map((cs) => cs.join('')).filter((t) => t !== '-DOCSTART-');
const TYPES = ['Language', 'Library', 'Operating_System'];

/** A gold sentence: tokens, and well-formed IOB2 tags made from random non-overlapping spans. */
const sentence = fc
  .array(token, { minLength: 1, maxLength: 12 })
  .chain((tokens) =>
    fc.array(fc.tuple(fc.nat(tokens.length - 1), fc.integer({ min: 1, max: 3 }), fc.constantFrom(...TYPES)), { maxLength: 4 }).map((raw) => {
      const spans: Span[] = [];
      let free = 0;
      for (const [start, length, type] of [...raw].sort((a, b) => a[0] - b[0])) {
        if (start < free) continue;
        const end = Math.min(tokens.length, start + length);
        spans.push({ start, end, type });
        free = end;
      }
      return { tokens, tags: tagsFromSpans(spans, tokens.length), line: 1 };
    }),
  );

function workspace(files: Record<string, string>): string {
  const dir = mkdtempSync(join(tmpdir(), 'sertag-convert-'));
  for (const [name, text] of Object.entries(files)) writeFileSync(join(dir, name), text);
  return dir;
}

const strip = (sentences: { tokens: string[]; tags: string[] }[]): { tokens: string[]; tags: string[] }[] => sentences.map((s) => ({ tokens: s.tokens, tags: s.tags }));

describe('sertag convert: lossless round trips', () => {
  it(`gold → A → B → A gives the gold back, for every pair of the ${WRITABLE.length} formats`, () => {
    expect(WRITABLE.map((f) => f.name)).toEqual(['wikiser', 'conll', 'jsonl', 'prodigy', 'doccano', 'spacy']);
    fc.assert(
      fc.property(fc.array(sentence, { minLength: 1, maxLength: 4 }), fc.constantFrom(...WRITABLE), fc.constantFrom(...WRITABLE), (gold, a, b) => {
        const inA = readSentences(a.write!(gold), 'a', { format: a.name }).sentences;
        expect(strip(inA)).toEqual(strip(gold));
        const inB = readSentences(b.write!(inA), 'b', { format: b.name }).sentences;
        expect(strip(inB)).toEqual(strip(gold));
        const backInA = readSentences(a.write!(inB), 'a2').sentences;
        expect(strip(backInA)).toEqual(strip(gold));
      }),
      { numRuns: RUNS, seed: 15 },
    );
  });

  it('IOB2 → BIOES/BILUO/IOB1 → IOB2 keeps every entity', () => {
    fc.assert(
      fc.property(fc.array(sentence, { minLength: 1, maxLength: 3 }), fc.constantFrom<SchemeName>('IOBES', 'BILOU', 'IOB1'), (gold, scheme) => {
        const there = convertSentences(gold, 'IOB2', scheme);
        const text = FORMATS.find((f) => f.name === 'wikiser')!.write!(there);
        const read = readSentences(text, 'x', { scheme }).sentences;
        expect(strip(convertSentences(read, scheme, 'IOB2'))).toEqual(strip(gold));
      }),
      { numRuns: RUNS, seed: 16 },
    );
  });

  it('the CLI converts WikiSER to Prodigy and back, byte for byte, and writes BIOES', async () => {
    const gold = '<s>\nStackless\tB-Operating_System\nPython\tI-Operating_System\nuses\tO\nC\tB-Language\n</s>\n';
    const dir = workspace({ 'gold.txt': gold });
    const prodigy = await runCli(['convert', '--to', 'prodigy', 'gold.txt', '-o', 'gold.jsonl'], dir);
    expect(prodigy).toEqual({ code: 0, stdout: '', stderr: '' });
    expect(JSON.parse(readFileSync(join(dir, 'gold.jsonl'), 'utf8'))).toEqual({
      text: 'Stackless Python uses C',
      tokens: [
        { text: 'Stackless', start: 0, end: 9, id: 0, ws: true },
        { text: 'Python', start: 10, end: 16, id: 1, ws: true },
        { text: 'uses', start: 17, end: 21, id: 2, ws: true },
        { text: 'C', start: 22, end: 23, id: 3, ws: false },
      ],
      spans: [
        { start: 0, end: 16, token_start: 0, token_end: 1, label: 'Operating_System' },
        { start: 22, end: 23, token_start: 3, token_end: 3, label: 'Language' },
      ],
      answer: 'accept',
    });
    expect((await runCli(['convert', '--to', 'wikiser', 'gold.jsonl'], dir)).stdout).toBe(gold);
    expect((await runCli(['convert', '--to', 'conll', '--to-scheme', 'BIOES', '-'], dir, gold)).stdout).toBe(
      'Stackless\tB-Operating_System\nPython\tE-Operating_System\nuses\tO\nC\tS-Language\n\n',
    );
  });

  it('honours Prodigy answers, reads both doccano layouts and CoNLL with the tag in any column', async () => {
    const prodigy = [
      { text: 'Python rocks', spans: [{ start: 0, end: 6, label: 'Language' }], answer: 'accept' },
      { text: 'Java rocks', spans: [{ start: 0, end: 4, label: 'Language' }], answer: 'reject' },
      { text: 'Go rocks', spans: [], answer: 'ignore' },
    ].map((r) => JSON.stringify(r)).join('\n');
    const doccanoNew = JSON.stringify({ id: 1, text: 'Python rocks', entities: [{ id: 7, start_offset: 0, end_offset: 6, label: 'Language' }] });
    const doccanoOld = JSON.stringify({ id: 1, text: 'Python rocks', label: [[0, 6, 'Language']] });
    const conll = 'Python NNP B-Language B-NP\nrocks VBZ O B-VP\n\n';
    const dir = workspace({ 'p.jsonl': prodigy, 'd1.jsonl': doccanoNew, 'd2.jsonl': doccanoOld, 'c.conll': conll });
    const expected = '<s>\nPython\tB-Language\nrocks\tO\n</s>\n';
    expect((await runCli(['convert', '--from', 'prodigy', '--to', 'wikiser', 'p.jsonl'], dir)).stdout).toBe(expected);
    expect((await runCli(['convert', '--from', 'doccano', '--to', 'wikiser', 'd1.jsonl'], dir)).stdout).toBe(expected);
    expect((await runCli(['convert', '--to', 'wikiser', 'd2.jsonl'], dir)).stdout).toBe(expected);
    expect((await runCli(['convert', '--to', 'wikiser', '--tag-column', '3', 'c.conll'], dir)).stdout).toBe(expected);
  });

  it('refuses to write over its input, and says what --to takes', async () => {
    const dir = workspace({ 'gold.txt': '<s>\nPython\tB-Language\n</s>\n' });
    const over = await runCli(['convert', '--to', 'conll', 'gold.txt', '-o', 'gold.txt'], dir);
    expect(over.code).toBe(2);
    expect(over.stderr).toContain('refusing to write the output over the input file gold.txt');
    const bad = await runCli(['convert', '--to', 'xml', 'gold.txt'], dir);
    expect(bad.code).toBe(2);
    expect(bad.stderr).toContain("--to must be one of wikiser, conll, jsonl, prodigy, doccano, spacy, not 'xml'");
  });

  it('spaCy-style output is what spaCy 3 Doc.to_json() writes for the same tokens and entities (checked by shape)', async () => {
    const dir = workspace({ 'gold.txt': '<s>\n🚀\tO\nPython\tB-Language\n</s>\n' });
    const { stdout } = await runCli(['convert', '--to', 'spacy', 'gold.txt'], dir);
    // Python slices the text with the code-point offsets spaCy uses.
    const sliced = execFileSync('python3', ['-c', 'import json,sys\nd=json.loads(sys.stdin.read())\nprint(json.dumps([d["text"][e["start"]:e["end"]] for e in d["ents"]]))'], { input: stdout, encoding: 'utf8' });
    expect(JSON.parse(sliced)).toEqual(['Python']);
    expect(JSON.parse(stdout)).toEqual({ text: '🚀 Python', ents: [{ start: 2, end: 8, label: 'Language' }], tokens: [{ id: 0, start: 0, end: 1 }, { id: 1, start: 2, end: 8 }] });
  });
});

describe('tag → eval and pre-annotations', () => {
  const GAZ = 'type: Language\nentries: [Python]\n';
  const OWN = ['--no-default-gazetteers', '--no-default-rules', '--gazetteers', 'g.yaml'];

  it('tag --input wikiser --format jsonl, then eval against the gold: the tokens come from the JSONL, never re-tokenized', async () => {
    const gold = '<s>\nevent-based\tO\nPython\tB-Language\ncode\tO\n</s>\n<s>\nC++\tO\n:\tO\nPython\tB-Language\n</s>\n';
    const dir = workspace({ 'g.yaml': GAZ, 'gold.txt': gold });
    const tagged = await runCli(['tag', ...OWN, '--input', 'wikiser', '--format', 'jsonl', 'gold.txt'], dir);
    writeFileSync(join(dir, 'p.jsonl'), tagged.stdout);
    const scored = await runCli(['eval', 'gold.txt', 'p.jsonl'], dir);
    expect(scored.stderr).toBe('');
    expect(scored.stdout).toContain('processed 6 tokens with 2 phrases; found: 2 phrases; correct: 2.');
  });

  it('tag --format prodigy and --format doccano write pre-annotations those tools load', async () => {
    const dir = workspace({ 'g.yaml': GAZ, 'in.txt': '🚀 Python rocks\n' });
    const prodigy = JSON.parse((await runCli(['tag', ...OWN, '--format', 'prodigy', 'in.txt'], dir)).stdout);
    expect(prodigy).toEqual({
      text: '🚀 Python rocks',
      tokens: [
        { text: '🚀', start: 0, end: 1, id: 0, ws: true },
        { text: 'Python', start: 2, end: 8, id: 1, ws: true },
        { text: 'rocks', start: 9, end: 14, id: 2, ws: false },
      ],
      spans: [{ start: 2, end: 8, token_start: 1, token_end: 1, label: 'Language' }],
      meta: { id: 'in.txt#1' },
      offset: 0,
    });
    const doccano = JSON.parse((await runCli(['tag', ...OWN, '--format', 'doccano', 'in.txt'], dir)).stdout);
    expect(doccano).toEqual({ id: 'in.txt#1', offset: 0, text: '🚀 Python rocks', label: [[2, 8, 'Language']] });
  });
});
