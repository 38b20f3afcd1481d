import { mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { evaluate, readJsonl, readWikiser, SertagError } from '../../src/index.js';
import { runCli } from '../helpers.js';

// Span formats are compared by character offsets when their tokens differ or one side has none
// (as spaCy's scorer does); token formats keep the strict token check.

function workspace(files: Record<string, string>): string {
  const dir = mkdtempSync(join(tmpdir(), 'sertag-eval-spans-'));
  for (const [name, text] of Object.entries(files)) writeFileSync(join(dir, name), text);
  return dir;
}

/** A doccano record: `text` with each `[surface, label]` at its first place from the left, in code points. */
function doccano(text: string, entities: Array<[string, string]>): string {
  const points = [...text];
  const label = entities.map(([surface, type]) => {
    const start = [...text.slice(0, text.indexOf(surface))].length;
    return [start, start + [...surface].length, type];
  });
  expect(points.length).toBeGreaterThan(0);
  return JSON.stringify({ text, label });
}

const TEXTS = ['Python 2.0 runs on Linux .', '🚀🚀 Ship it with Docker and Python', 'Nothing here at all'];
const GAZETTEER = 'type: Language\nentries: [Python, { term: Linux, type: Operating_System }, { term: Docker, type: Application }]\n';

describe('eval: span formats by character offsets', () => {
  it('doccano gold (no tokens) against sertag JSONL (its own tokens: "2.0", "🚀🚀") scores every entity', async () => {
    const gold = [
      doccano(TEXTS[0]!, [['Python', 'Language'], ['Linux', 'Operating_System']]),
      doccano(TEXTS[1]!, [['Docker', 'Application'], ['Python', 'Language']]),
      doccano(TEXTS[2]!, []),
    ].join('\n') + '\n';
    const input = TEXTS.map((text, id) => JSON.stringify({ id, text })).join('\n') + '\n';
    const dir = workspace({ 'gold.jsonl': gold, 'in.jsonl': input, 'terms.yaml': GAZETTEER });
    const tagged = await runCli(['tag', '--no-default-gazetteers', '--no-default-rules', '--gazetteers', 'terms.yaml', '--format', 'jsonl', '-o', 'pred.jsonl', 'in.jsonl'], dir);
    expect(tagged.code).toBe(0);
    const { code, stdout, stderr } = await runCli(['eval', '--json', 'gold.jsonl', 'pred.jsonl'], dir);
    expect(stderr).toBe('');
    expect(code).toBe(0);
    const result = JSON.parse(stdout) as { micro: { f1: number }; entities: { gold: number; predicted: number; correct: number }; tokenAccuracy: number };
    expect(result.entities).toEqual({ gold: 4, predicted: 4, correct: 4 });
    expect(result.micro.f1).toBe(1);
    expect(result.tokenAccuracy).toBe(1);
  });

  it('boundaries are compared exactly, in code points after an emoji; errors are quoted from the text', () => {
    const text = '🚀 Python 2.0 and Linux';
    const gold = readJsonl(doccano(text, [['Python 2.0', 'Language'], ['Linux', 'Operating_System']]), 'gold.jsonl');
    // The prediction's own tokens keep "2.0" whole; its Python ends before the version.
    const pred = readJsonl(JSON.stringify({ text, tokens: [[0, 1], [2, 8], [9, 12], [13, 16], [17, 22]], entities: [{ start: 2, end: 8, type: 'Language' }, { start: 17, end: 22, type: 'Operating_System' }] }), 'pred.jsonl');
    const result = evaluate(gold, pred);
    expect(result.entities).toEqual({ gold: 2, predicted: 2, correct: 1 });
    expect(result.categories).toMatchObject({ correct: 1, partial: 1, missed: 0, spurious: 0 });
    expect(result.falseNegatives.map((e) => [e.surface, e.type])).toEqual([['Python 2.0', 'Language']]);
    expect(result.falsePositives.map((e) => [e.surface, e.type])).toEqual([['Python', 'Language']]);
    // The example shows the gold tokens the entity touches.
    const example = result.falseNegatives[0]!.example;
    expect(example.tokens.slice(example.start, example.end)).toEqual(['Python', '2', '.', '0']);
  });

  it('documents whose texts differ are refused, naming both', () => {
    const gold = readJsonl(doccano('Python 2.0', [['Python', 'Language']]), 'gold.jsonl');
    const pred = readJsonl(doccano('Python 3.0', [['Python', 'Language']]), 'pred.jsonl');
    const error = (() => {
      try {
        evaluate(gold, pred, { goldFile: 'gold.jsonl', predFile: 'pred.jsonl' });
      } catch (e) {
        return e as SertagError;
      }
      throw new Error('expected an error');
    })();
    expect(error.code).toBe('TOKEN_MISMATCH');
    expect(error.message).toBe('texts differ in document 1: gold "Python 2.0" at gold.jsonl:1, prediction "Python 3.0" at pred.jsonl:1');
  });

  it('a token format on either side keeps the strict token check', () => {
    const gold = readWikiser('<s>\nPython\tB-Language\n2\tO\n.\tO\n0\tO\n</s>\n', 'gold.txt');
    const pred = readJsonl(JSON.stringify({ text: 'Python 2.0', tokens: [[0, 6], [7, 10]], entities: [{ start: 0, end: 6, type: 'Language' }] }), 'pred.jsonl');
    expect(() => evaluate(gold, pred, { goldFile: 'gold.txt', predFile: 'pred.jsonl' })).toThrow("tokens differ in sentence 1, token 2: gold '2' at gold.txt:3, prediction '2.0' at pred.jsonl:1");
  });

  it('span files with the same own tokens are compared on tokens, as before (a span inside a token is widened)', () => {
    const tokens = [[0, 6], [7, 10]];
    const gold = readJsonl(JSON.stringify({ text: 'Python 2.0', tokens, spans: [{ start: 0, end: 10, label: 'Language' }] }), 'gold.jsonl');
    const pred = readJsonl(JSON.stringify({ text: 'Python 2.0', tokens, spans: [{ start: 0, end: 9, label: 'Language' }] }), 'pred.jsonl');
    expect(evaluate(gold, pred).entities.correct).toBe(1);
  });
});
