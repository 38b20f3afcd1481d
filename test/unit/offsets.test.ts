import { execFileSync } from 'node:child_process';
import { mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { createTagger, readJsonl, tokenize } from '../../src/index.js';
import { CodePointOffsets } from '../../src/offsets.js';
import { runCli } from '../helpers.js';

// Astral characters (two UTF-16 code units, one code point) and combining marks (a code point of
// their own in both counts) before, between and inside entities.
const TEXTS = ['🚀 Python on Linux', '🚀🚀 x y Python', 'Cafe\u0301 𝔘𝔫𝔦 runs Linux and Python 🐍 on 𝕃inux', 'e\u0301\u0301 Python'];
const GAZETTEER = 'type: Language\nentries: [Python, { term: Linux, type: Operating_System }]\n';

function workspace(files: Record<string, string>): string {
  const dir = mkdtempSync(join(tmpdir(), 'sertag-offsets-'));
  for (const [name, text] of Object.entries(files)) writeFileSync(join(dir, name), text);
  return dir;
}

/** Runs Python on `json` (one record per line) and returns what it prints. */
function python(script: string, input: string): string {
  return execFileSync('python3', ['-c', script], { input, encoding: 'utf8' });
}

describe('offsets count code points, as Python does', () => {
  it('tag --format jsonl: text[start:end] in Python is every entity and every token', async () => {
    const dir = workspace({ 'terms.yaml': GAZETTEER, 'in.txt': TEXTS.join('\n\n') + '\n' });
    const { code, stdout } = await runCli(['tag', '--no-default-gazetteers', '--no-default-rules', '--gazetteers', 'terms.yaml', '--format', 'jsonl', 'in.txt'], dir);
    expect(code).toBe(0);
    const sliced = python(
      'import json, sys\nfor line in sys.stdin:\n d = json.loads(line)\n print(json.dumps({"entities": [[d["text"][e["start"]:e["end"]], e["text"]] for e in d["entities"]], "tokens": [d["text"][s:e] for s, e in d["tokens"]]}, ensure_ascii=False))',
      stdout,
    );
    const docs = sliced.trim().split('\n').map((l) => JSON.parse(l) as { entities: Array<[string, string]>; tokens: string[] });
    // Six entities (four Python, two Linux), each the slice of its offsets.
    expect(docs.flatMap((d) => d.entities).filter(([, t]) => t === 'Python' || t === 'Linux').length).toBe(6);
    for (const [slice, text] of docs.flatMap((d) => d.entities)) expect(slice).toBe(text);
    // The tokens' slices are the tokens the tagger saw, in order.
    const tagger = createTagger({ defaultGazetteers: false, defaultRules: false, gazetteers: [join(dir, 'terms.yaml')] });
    expect(docs.map((d) => d.tokens)).toEqual(TEXTS.map((text) => tagger.tag(text).tokens.map((t) => t.text)));
  });

  it('the library: start/end are code points, startUtf16/endUtf16 slice in JavaScript', () => {
    const tagger = createTagger({ defaultGazetteers: false, defaultRules: false, gazetteers: [{ name: 'g', type: 'Language', entries: ['Python'] }] });
    const result = tagger.tag('🚀 Python');
    const [e] = result.entities;
    expect(e).toMatchObject({ text: 'Python', start: 2, end: 8, startUtf16: 3, endUtf16: 9 });
    expect([...'🚀 Python'].slice(e!.start, e!.end).join('')).toBe('Python');
    expect('🚀 Python'.slice(e!.startUtf16, e!.endUtf16)).toBe('Python');
    expect(result.tokens.map((t) => [t.start, t.end, t.startUtf16, t.endUtf16])).toEqual([[0, 1, 0, 2], [2, 8, 3, 9]]);
    expect(tokenize('𝔘 x').map((t) => [t.start, t.startUtf16])).toEqual([[0, 0], [2, 3]]);
  });

  it('reads a doccano file written by Python for "🚀🚀 x y Python" as the span "Python"', () => {
    const line = python('import json\nt = "🚀🚀 x y Python"\ni = t.index("Python")\nprint(json.dumps({"text": t, "label": [[i, i + 6, "Language"]]}))', '');
    const [sentence] = readJsonl(line, 'doccano.jsonl');
    expect(sentence!.tokens.filter((_, k) => sentence!.tags[k] !== 'O')).toEqual(['Python']);
  });

  it('tag --format html: data-start/data-end are code points', async () => {
    const dir = workspace({ 'terms.yaml': GAZETTEER, 'in.txt': '🚀 Python\n' });
    const { stdout } = await runCli(['tag', '--no-default-gazetteers', '--no-default-rules', '--gazetteers', 'terms.yaml', '--format', 'html', 'in.txt'], dir);
    expect(stdout).toContain('data-start="2" data-end="8"');
  });

  it('converts both ways on texts with pairs, lone surrogates and combining marks', () => {
    for (const text of [...TEXTS, '\uD800x🚀\uDC00y', '']) {
      const offsets = new CodePointOffsets(text);
      const points = [...text];
      expect(offsets.length).toBe(points.length);
      let utf16 = 0;
      for (let cp = 0; cp <= points.length; cp++) {
        expect(offsets.toUtf16(cp)).toBe(utf16);
        expect(offsets.fromUtf16(utf16)).toBe(cp);
        utf16 += points[cp]?.length ?? 0;
      }
    }
  });
});

describe('tag(text, { tokens })', () => {
  it('tags on the given code-point tokens, astral characters included, and refuses pairs out of order', () => {
    const tagger = createTagger({ defaultGazetteers: false, defaultRules: false, gazetteers: [{ name: 'g', type: 'Language', entries: ['C++', 'Python'] }] });
    const text = '🚀 C++ and Python';
    // `C` `++` given apart: no `C++` entity; `Python` still found, at code points 11-17.
    const result = tagger.tag(text, { tokens: [[0, 1], [2, 3], [3, 5], [6, 9], [10, 16]] });
    expect(result.tokens.map((t) => t.text)).toEqual(['🚀', 'C', '++', 'and', 'Python']);
    expect(result.entities.map((e) => [e.text, e.start, e.end])).toEqual([['Python', 10, 16]]);
    expect(tagger.tag(text).entities.map((e) => e.text)).toEqual(['C++', 'Python']);
    expect(() => tagger.tag(text, { tokens: [[2, 5], [0, 1]] })).toThrow(/token 1 \[0,1\] is not a non-empty \[start, end\] pair/);
  });
});
