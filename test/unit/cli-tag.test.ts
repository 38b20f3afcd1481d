import { mkdtempSync, readdirSync, readFileSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { Writable } from 'node:stream';
import { describe, expect, it } from 'vitest';
import { cli } from '../../src/cli/index.js';
import { firstInvalidUtf8, paragraphs, readText } from '../../src/cli/input.js';
import { readConll, readWikiser, writeConll, writeWikiser } from '../../src/formats/index.js';
import { run } from '../fixtures/cli/run.js';
import { runCli } from '../helpers.js';

const FIX = 'test/fixtures/cli';
const OWN = ['--no-default-gazetteers', '--no-default-rules', '--gazetteers', `${FIX}/terms.yaml`, '--rules', `${FIX}/rules.yaml`];
const SENTENCE = 'Stackless Python is a reimplementation of the Python programming language that uses green threads instead of the C call stack.';

function tempDir(): string {
  return mkdtempSync(join(tmpdir(), 'sertag-tag-'));
}

describe('sertag tag: formats', () => {
  it('writes BIO columns, a blank line after each sentence', async () => {
    const { code, stdout, stderr } = await run(['tag', ...OWN], SENTENCE + '\n');
    expect(stderr).toBe('');
    expect(code).toBe(0);
    const lines = stdout.split('\n');
    expect(lines.slice(0, 3)).toEqual(['Stackless\tB-Operating_System', 'Python\tI-Operating_System', 'is\tO']);
    expect(stdout).toContain('green\tB-Operating_System\nthreads\tI-Operating_System\n');
    expect(stdout).toContain('C\tB-Language\ncall\tB-General_Concept\nstack\tI-General_Concept\n.\tO\n\n');
  });

  it('marks entities inline', async () => {
    const { stdout } = await run(['tag', ...OWN, '--format', 'inline'], SENTENCE);
    expect(stdout).toBe(
      '[Stackless Python](Operating_System) is a reimplementation of the [Python](Language) programming language that uses [green threads](Operating_System) instead of the [C](Language) [call stack](General_Concept).\n\n',
    );
  });

  it('writes one JSONL document per paragraph with char offsets, type and source', async () => {
    const text = readFileSync(`${FIX}/sample.txt`, 'utf8');
    const { stdout } = await run(['tag', ...OWN, '--format', 'jsonl', `${FIX}/sample.txt`]);
    const docs = stdout.trim().split('\n').map((l) => JSON.parse(l));
    expect(docs.map((d) => d.id)).toEqual([`${FIX}/sample.txt#1`, `${FIX}/sample.txt#2`]);
    for (const doc of docs) {
      expect(text).toContain(doc.text);
      for (const e of doc.entities) expect(doc.text.slice(e.start, e.end)).toBe(e.text);
    }
    expect(docs[0].entities[0]).toEqual({ start: 0, end: 16, type: 'Operating_System', text: 'Stackless Python', source: { kind: 'gazetteer', file: `${FIX}/terms.yaml`, line: 5, entry: 'Stackless Python' } });
    const library = docs[1].entities.find((e: { type: string }) => e.type === 'Library');
    expect(library).toMatchObject({ text: 'Requests library', source: { kind: 'rule', rule: 'library-head' } });
  });

  it('keeps the ids of a JSONL corpus and numbers records without one', async () => {
    const { stdout, code } = await run(['tag', ...OWN, `${FIX}/corpus.jsonl`]);
    expect(code).toBe(0);
    const docs = stdout.trim().split('\n').map((l) => JSON.parse(l));
    expect(docs.map((d) => d.id)).toEqual(['a-1', 42, `${FIX}/corpus.jsonl#4`]);
    expect(docs[0].entities.map((e: { text: string }) => e.text)).toEqual(['Python', 'Linux']);
  });

  it('writes the same output as the formats writers (bio = CoNLL writer, wikiser = WikiSER writer)', async () => {
    const bio = (await run(['tag', ...OWN, `${FIX}/sample.txt`])).stdout;
    const sentences = readConll(bio, 'bio');
    expect(sentences.length).toBe(3);
    expect(writeConll(sentences)).toBe(bio);
    const wikiser = (await run(['tag', ...OWN, '--format', 'wikiser', `${FIX}/sample.txt`])).stdout;
    expect(writeWikiser(readWikiser(wikiser, 'w'))).toBe(wikiser);
  });

  it('--types keeps only the given types', async () => {
    const { stdout } = await run(['tag', ...OWN, '--types', 'Language', '--format', 'inline'], SENTENCE);
    expect(stdout).not.toContain('Operating_System');
    expect(stdout).toContain('[Python](Language)');
  });

  it('--explain lists each entity with its gazetteer entry or rule and condition', async () => {
    const { stdout } = await run(['tag', ...OWN, '--explain'], 'Use the Requests library with Python.');
    expect(stdout).toContain(`Python\tLanguage\tchars 30-36, tokens 5-6\tgazetteer ${FIX}/terms.yaml:4 entry "Python"`);
    expect(stdout).toMatch(/Requests library\tLibrary\t.*rule library-head \(test\/fixtures\/cli\/rules\.yaml:3\) — a capitalised name before `library` names a library/);
    const jsonl = await run(['tag', ...OWN, '--explain', '--format', 'jsonl'], 'Python');
    expect(JSON.parse(jsonl.stdout).entities[0].why).toBe(`gazetteer ${FIX}/terms.yaml:4 entry "Python"`);
    expect((await run(['tag', '--explain', '--format', 'bio'], 'x')).code).toBe(2);
  });
});

describe('sertag tag: pre-tokenized input', () => {
  it('--input wikiser keeps exactly the tokens and sentences, ignores the tags, writes WikiSER', async () => {
    const input = readFileSync(`${FIX}/sample.wikiser`, 'utf8');
    const { stdout, code } = await run(['tag', ...OWN, '--input', 'wikiser', `${FIX}/sample.wikiser`]);
    expect(code).toBe(0);
    const gold = readWikiser(input, 'gold');
    const pred = readWikiser(stdout, 'pred');
    expect(pred.map((s) => s.tokens)).toEqual(gold.map((s) => s.tokens));
    expect(pred[0]!.tags).toEqual(['B-Operating_System', 'I-Operating_System', 'O', 'B-Operating_System', 'I-Operating_System', 'O']);
  });

  it('tags the whole Stackless article token for token, ready for eval', async () => {
    const path = '../shared/data/wikiser/stackless-python.txt';
    const { stdout } = await run(['tag', '--input', 'wikiser', path]);
    const gold = readWikiser(readFileSync(path, 'utf8'), 'gold');
    const pred = readWikiser(stdout, 'pred');
    expect(pred.map((s) => s.tokens)).toEqual(gold.map((s) => s.tokens));
    expect(pred.flatMap((s) => s.tags).some((t) => t !== 'O')).toBe(true);
  });

  it('--input conll replaces only the tag column and keeps -DOCSTART-', async () => {
    const { stdout } = await run(['tag', ...OWN, '--input', 'conll', `${FIX}/sample.conll`]);
    expect(stdout).toBe('-DOCSTART- -X- O\n\nStackless NNP B-Operating_System\nPython NNP I-Operating_System\nuses VBZ O\n\nLinux NNP B-Operating_System\n\n');
  });

  it('reports a broken WikiSER file with its line', async () => {
    const { code, stderr } = await run(['tag', '--input', 'wikiser'], '<s>\nfoo\tO\n');
    expect(code).toBe(1);
    expect(stderr).toBe("sertag tag: <stdin>:1: the sentence opened here is never closed; expected '</s>'\n");
  });
});

describe('sertag tag: HTML', () => {
  it('is a self-contained page with a legend, and escapes everything from inputs and gazetteers', async () => {
    const text = 'Run <script>alert(1)</script> then "><img src=x onerror=alert(1)> and <a href="javascript:alert(2)">x</a> on Linux & \'Python\'.';
    const { stdout, code } = await run(['tag', ...OWN, '--format', 'html'], text);
    expect(code).toBe(0);
    expect(stdout.startsWith('<!DOCTYPE html>')).toBe(true);
    expect(stdout).toContain('<div class="legend">');
    expect(stdout).toContain('>Operating_System</span>');
    // The gazetteer's `<script>…` entry matched, and came out escaped.
    expect(stdout).toContain('&lt;script&gt;alert(1)&lt;/script&gt;<sub>Application</sub></mark>');
    // Every raw `<` opens one of the page's own elements, with only its own attributes: text from
    // the input can only ever be text.
    const allowedTags = new Set(['!DOCTYPE', 'html', 'head', 'meta', 'title', 'style', 'body', 'header', 'h1', 'div', 'span', 'main', 'article', 'h2', 'mark', 'sub']);
    const allowedAttributes = new Set(['lang', 'charset', 'name', 'content', 'http-equiv', 'class', 'title', 'html', 'data-start', 'data-end']);
    for (const [, name, attributes] of stdout.matchAll(/<\/?([!\w]+)([^>]*)>/g)) {
      expect(allowedTags.has(name!)).toBe(true);
      const rest = attributes!.replace(/\s([\w-]+)(="[^"<>]*")?/g, (_m, attribute: string) => {
        expect(allowedAttributes.has(attribute)).toBe(true);
        return '';
      });
      expect(rest.trim()).toBe('');
    }
    expect(stdout).not.toMatch(/<script|<img|<a[\s>]/i);
    // No URL, script or external resource at all: it opens offline.
    expect(stdout).not.toMatch(/https?:\/\//);
  });
});

describe('sertag tag: bad input and usage', () => {
  it('a directory, a missing file, invalid UTF-8 and binary input: one line on stderr, exit 1', async () => {
    const dir = tempDir();
    writeFileSync(join(dir, 'bad.txt'), Buffer.from([0x61, 0x0a, 0x62, 0xc3, 0x28, 0x0a]));
    writeFileSync(join(dir, 'bin.dat'), Buffer.from([0x7f, 0x45, 0x4c, 0x46, 0x00, 0x01]));
    const cases: Array<[string, string]> = [
      [dir, 'is a directory'],
      [join(dir, 'missing.txt'), 'no such file'],
      [join(dir, 'bad.txt'), 'invalid UTF-8 at byte 3 (line 2)'],
      [join(dir, 'bin.dat'), 'looks like a binary file (NUL byte at byte 4, line 1)'],
    ];
    for (const [path, message] of cases) {
      const { code, stderr } = await run(['tag', path]);
      expect(code).toBe(1);
      expect(stderr).toContain(message);
      expect(stderr.trim().split('\n')).toHaveLength(1);
    }
  });

  it('finds invalid UTF-8 on stdin, and accepts characters split across chunks', async () => {
    expect((await run(['tag'], Buffer.from([0x41, 0xff]))).stderr).toBe('sertag tag: <stdin>: invalid UTF-8 at byte 1 (line 1); expected UTF-8 text\n');
    const euro = Buffer.from('x €\n');
    const stream = (async function* () {
      yield euro.subarray(0, 3);
      yield euro.subarray(3);
    })();
    const { Readable } = await import('node:stream');
    let text = '';
    for await (const chunk of readText({ name: 'split' }, Readable.from(stream))) text += chunk;
    expect(text).toBe('x €\n');
    expect(firstInvalidUtf8(Buffer.from([0x61, 0xe2, 0x82]))).toBe(1);
    expect(firstInvalidUtf8(Buffer.from('ok €'))).toBe(6);
    expect(firstInvalidUtf8(Buffer.from([0xed, 0xa0, 0x80]))).toBe(0);
  });

  it('usage errors exit 2: unknown options, bad formats, output over an input', async () => {
    expect(await run(['tag', '--nope'])).toMatchObject({ code: 2, stderr: expect.stringContaining("Unknown option '--nope'") });
    expect(await run(['tag', '--format', 'xml'])).toMatchObject({ code: 2 });
    const dir = tempDir();
    const input = join(dir, 'in.txt');
    writeFileSync(input, 'Python');
    const { code, stderr } = await run(['tag', '-o', join(dir, '.', 'in.txt'), input]);
    expect(code).toBe(2);
    expect(stderr).toContain('refusing to write the output over the input file');
    expect(readFileSync(input, 'utf8')).toBe('Python');
  });

  it('-o writes through a temporary file and leaves nothing else behind', async () => {
    const dir = tempDir();
    const out = join(dir, 'out.jsonl');
    const { code } = await run(['tag', ...OWN, '--format', 'jsonl', '-o', out], 'Python on Linux');
    expect(code).toBe(0);
    expect(readdirSync(dir)).toEqual(['out.jsonl']);
    expect(JSON.parse(readFileSync(out, 'utf8')).entities).toHaveLength(2);
  });

  it('-o leaves no file when the input fails half way', async () => {
    const dir = tempDir();
    const big = 'Python on Linux.\n\n'.repeat(20000);
    const { code } = await run(['tag', ...OWN, '-o', join(dir, 'out.txt')], Buffer.concat([Buffer.from(big), Buffer.from([0xff])]));
    expect(code).toBe(1);
    expect(readdirSync(dir)).toEqual([]);
  });

  it('a closed output pipe (EPIPE) ends quietly with exit 0', async () => {
    let writes = 0;
    const stdout = new Writable({
      write(_chunk, _enc, done) {
        writes++;
        const error = Object.assign(new Error('write EPIPE'), { code: 'EPIPE' });
        done(error);
      },
    });
    const stderr = new Writable({ write: (_c, _e, done) => done() });
    const { Readable } = await import('node:stream');
    const code = await cli(['tag', ...OWN, '--format', 'jsonl'], {
      stdin: Readable.from([Buffer.from('Python on Linux.\n\n'.repeat(50000))]),
      stdout,
      stderr,
      stderrIsTTY: false,
      cwd: process.cwd(),
      env: {},
    });
    expect(code).toBe(0);
    expect(writes).toBe(1);
  });

  it('has help with examples', async () => {
    const { stdout, code } = await run(['tag', '--help']);
    expect(code).toBe(0);
    expect(stdout).toContain('Examples:');
    expect(stdout).toContain('sertag tag --input wikiser gold.txt > pred.txt && sertag eval gold.txt pred.txt');
  });
});

describe('paragraphs', () => {
  it('splits streamed text at blank lines, wherever the chunks break', async () => {
    const text = 'one\ntwo\n\n\nthree\r\n\r\nfour\n \nfive\n';
    for (let size = 1; size <= text.length; size++) {
      const chunks = (async function* () {
        for (let i = 0; i < text.length; i += size) yield text.slice(i, i + size);
      })();
      const out: string[] = [];
      for await (const p of paragraphs(chunks)) out.push(p.text);
      expect(out).toEqual(['one\ntwo', 'three', 'four', 'five']);
    }
  });

  it('says where each paragraph starts in code points, whether or not a chunk holds a surrogate pair', async () => {
    // Pairs only in the middle paragraphs: chunks before, with and after them, and a cut paragraph (limit 12).
    const text = 'plain one\n\nsmile 😀 here\n\n𝔘𝔫𝔦 code\n\nplain again and again and again\n\nlast\n';
    const codePoints = [...text];
    for (const size of [1, 2, 3, 7, 16, text.length]) {
      const chunks = (async function* () {
        for (let i = 0; i < text.length; i += size) yield text.slice(i, i + size);
      })();
      const out: Array<{ text: string; offset: number }> = [];
      for await (const p of paragraphs(chunks, 12)) out.push(p);
      for (const p of out) expect(codePoints.slice(p.offset, p.offset + [...p.text].length).join('')).toBe(p.text);
      expect(out.find((p) => p.text === 'last')?.offset).toBe(codePoints.length - 5);
    }
  });

  it('cuts a paragraph longer than the limit at a line break or space, so memory stays flat', async () => {
    const chunks = (async function* () {
      yield 'aaa bbb ccc ddd';
    })();
    const out: string[] = [];
    for await (const p of paragraphs(chunks, 8)) out.push(p.text);
    expect(out.join(' ')).toBe('aaa bbb ccc ddd');
    expect(Math.max(...out.map((o) => o.length))).toBeLessThanOrEqual(8);
  });
});

describe('tag --input jsonl keeps a record\'s own tokens', () => {
  it('tags on the [start, end] pairs sertag wrote, so wikiser → jsonl → jsonl keeps every token', async () => {
    // `C` `++` as two tokens: the tokenizer would make one `C++` of them.
    const dir = mkdtempSync(join(tmpdir(), 'sertag-own-tokens-'));
    writeFileSync(join(dir, 'gold.txt'), '<s>\nC\tO\n++\tO\nand\tO\nPython\tO\n</s>\n');
    const first = await runCli(['tag', '--input', 'wikiser', '--format', 'jsonl', 'gold.txt'], dir);
    expect(first.code).toBe(0);
    expect(first.stdout).toContain('"tokens":[[0,1],[2,4],[5,8],[9,15]]');
    writeFileSync(join(dir, 'first.jsonl'), first.stdout);
    const again = await runCli(['tag', '--input', 'jsonl', '--format', 'jsonl', 'first.jsonl'], dir);
    expect(again).toMatchObject({ code: 0, stdout: first.stdout });
    const bad = await runCli(['tag', '--input', 'jsonl'], dir, '{"text":"a b","tokens":[[0,1],[0,1]]}\n');
    expect(bad.code).toBe(1);
    expect(bad.stderr).toMatch(/:1: token 2 \[0, 1\) is empty or overlaps the token before it/);
  });
});
