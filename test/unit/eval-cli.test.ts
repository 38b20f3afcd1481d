import { existsSync, mkdirSync, mkdtempSync, readdirSync, readFileSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { dirname, join, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';
import { describe, expect, it } from 'vitest';
import { evaluateFiles } from '../../src/evaluate/index.js';
import { runCli } from '../helpers.js';

const repoRoot = resolve(dirname(fileURLToPath(import.meta.url)), '../..');
const stackless = resolve(repoRoot, '../shared/data/wikiser/stackless-python.txt');

/** Runs `sertag eval ARGS` in-process in `cwd`. */
const run = (args: string[], cwd: string) => runCli(['eval', ...args], cwd);

const GOLD = '<s>\nI\tO\nuse\tO\nStackless\tB-Operating_System\nPython\tI-Operating_System\n</s>\n<s>\nC\tB-Language\nrocks\tO\n</s>\n';
const PRED = '<s>\nI\tO\nuse\tO\nStackless\tB-Application\nPython\tO\n</s>\n<s>\nC\tB-Language\nrocks\tO\n</s>\n';

function workspace(files: Record<string, string>): string {
  const dir = mkdtempSync(join(tmpdir(), 'sertag-eval-cli-'));
  for (const [name, content] of Object.entries(files)) {
    mkdirSync(dirname(join(dir, name)), { recursive: true });
    writeFileSync(join(dir, name), content);
  }
  return dir;
}

/** One clear message: a single `sertag eval:` line plus at most its listed problems, and no stack trace. */
function expectCleanError(stderr: string): void {
  expect(stderr.startsWith('sertag eval: ')).toBe(true);
  expect(stderr).not.toMatch(/\n\s+at .*:\d+:\d+/);
  expect(stderr).not.toContain('Error:');
}

describe('sertag eval', () => {
  it('prints a conlleval-style table and agrees with the library', async () => {
    const dir = workspace({ 'g.txt': GOLD, 'p.txt': PRED });
    const { code, stdout, stderr } = await run(['g.txt', 'p.txt'], dir);
    expect(stderr).toBe('');
    expect(code).toBe(0);
    expect(stdout).toContain('processed 6 tokens with 2 phrases; found: 2 phrases; correct: 1.');
    expect(stdout).toMatch(/^Language +100\.00 +100\.00 +100\.00 +1 +1$/m);
    expect(stdout).toMatch(/^micro avg +50\.00 +50\.00 +50\.00 +2 +2$/m);
    const json = JSON.parse((await run(['g.txt', 'p.txt', '--json'], dir)).stdout);
    const library = evaluateFiles(join(dir, 'g.txt'), join(dir, 'p.txt'));
    expect(json.micro).toEqual(library.micro);
    expect(json.macro).toEqual(library.macro);
    expect(json.weighted).toEqual(library.weighted);
    expect(json.types).toEqual(library.types);
    expect(json.types.Language).toEqual({ precision: 1, recall: 1, f1: 1, support: 1, predicted: 1, correct: 1 });
  });

  it('scores the real article against itself', async () => {
    const { code, stdout } = await run([stackless, stackless, '--json'], repoRoot);
    expect(code).toBe(0);
    const json = JSON.parse(stdout);
    expect(json.micro).toEqual({ precision: 1, recall: 1, f1: 1 });
    expect(json.entities.gold).toBe(52);
  });

  it('pairs folders by file name, and mixes formats', async () => {
    const conllGold = 'I O\nuse O\nC B-Language\n\n';
    const jsonlPred = JSON.stringify({ text: 'I use C', spans: [{ start: 6, end: 7, label: 'Language' }] }) + '\n';
    const dir = workspace({ 'gold/a.txt': GOLD, 'gold/b.txt': conllGold, 'pred/a.txt': PRED, 'pred/b.txt': jsonlPred });
    const { code, stdout } = await run(['gold', 'pred', '--json'], dir);
    expect(code).toBe(0);
    const json = JSON.parse(stdout);
    expect(json.files).toEqual([{ gold: join('gold', 'a.txt'), pred: join('pred', 'a.txt') }, { gold: join('gold', 'b.txt'), pred: join('pred', 'b.txt') }]);
    expect(json.entities).toEqual({ gold: 3, predicted: 3, correct: 2 });
    const single = await run(['gold/b.txt', 'pred', '--json'], dir);
    expect(JSON.parse(single.stdout).micro.f1).toBe(1);
  });

  it('runs the partial, type and strict modes and --types', async () => {
    const dir = workspace({ 'g.txt': GOLD, 'p.txt': PRED });
    const partial = JSON.parse((await run(['g.txt', 'p.txt', '--mode', 'partial', '--json'], dir)).stdout);
    expect(partial.micro.precision).toBeCloseTo(1.5 / 2);
    expect(partial.categories).toEqual({ correct: 1, incorrectType: 0, partial: 1, missed: 0, spurious: 0 });
    const type = JSON.parse((await run(['g.txt', 'p.txt', '--mode', 'type', '--json'], dir)).stdout);
    expect(type.micro.f1).toBe(0.5);
    const strict = await run(['g.txt', 'p.txt', '--mode', 'strict'], dir);
    expect(strict.code).toBe(0);
    const only = JSON.parse((await run(['g.txt', 'p.txt', '--types', 'Language', '--json'], dir)).stdout);
    expect(Object.keys(only.types)).toEqual(['Language']);
    expect(only.micro.f1).toBe(1);
  });
});

describe('sertag eval: HTML output', () => {
  it('writes the report and leaves no temporary file behind', async () => {
    const dir = workspace({ 'g.txt': GOLD, 'p.txt': PRED });
    const { code, stdout } = await run(['g.txt', 'p.txt', '--markdown', '--html', 'report.html'], dir);
    expect(code).toBe(0);
    expect(stdout).toContain('| type | precision | recall | F1 | support | found |');
    const html = readFileSync(join(dir, 'report.html'), 'utf8');
    expect(html.startsWith('<!DOCTYPE html>')).toBe(true);
    expect(html).toContain('<mark>Stackless Python</mark>');
    expect(readdirSync(dir).sort()).toEqual(['g.txt', 'p.txt', 'report.html']);
  });

  it('refuses to overwrite an input file', async () => {
    const dir = workspace({ 'g.txt': GOLD, 'p.txt': PRED });
    const { code, stderr } = await run(['g.txt', 'p.txt', '--html', './p.txt'], dir);
    expect(code).toBe(2);
    expectCleanError(stderr);
    expect(stderr).toContain('would overwrite the input file');
    expect(readFileSync(join(dir, 'p.txt'), 'utf8')).toBe(PRED);
  });

  it('reports a report path it cannot write', async () => {
    const dir = workspace({ 'g.txt': GOLD, 'p.txt': PRED });
    const { code, stderr } = await run(['g.txt', 'p.txt', '--html', 'no/such/dir/r.html'], dir);
    expect(code).toBe(1);
    expectCleanError(stderr);
    expect(stderr).toContain('cannot write');
  });
});

describe('sertag eval: bad data and bad usage each give one clear message', () => {
  const cases: { name: string; files: Record<string, string>; args: string[]; code: 1 | 2; message: string }[] = [
    { name: 'ragged CoNLL', files: { 'g.conll': 'a NN O\nb O\n\n', 'p.conll': 'a NN O\nb NN O\n\n' }, args: ['g.conll', 'p.conll'], code: 1, message: 'g.conll:2:1 [RAGGED] expected 3 space-separated columns (as on line 1), found 2' },
    { name: 'ragged WikiSER', files: { 'g.txt': '<s>\na\tO\tO\n</s>\n', 'p.txt': GOLD }, args: ['g.txt', 'p.txt'], code: 1, message: "g.txt:2:1 [RAGGED] expected 'token<TAB>tag', found 3 tab-separated fields" },
    { name: 'unknown tag prefix', files: { 'g.txt': GOLD, 'p.txt': PRED.replace('B-Language', 'X-Foo') }, args: ['g.txt', 'p.txt'], code: 1, message: "p.txt:8:3 [BAD_TAG] unknown tag prefix 'X' in 'X-Foo'; expected O, B-Type or I-Type" },
    { name: 'different sentence counts', files: { 'g.txt': GOLD, 'p.txt': PRED.split('<s>').slice(0, 2).join('<s>') }, args: ['g.txt', 'p.txt'], code: 1, message: 'different sentence counts: g.txt has 2 sentences, p.txt has 1' },
    { name: 'token mismatch', files: { 'g.txt': GOLD, 'p.txt': PRED.replace('rocks', 'rules') }, args: ['g.txt', 'p.txt'], code: 1, message: "tokens differ in sentence 2, token 2: gold 'rocks' at g.txt:9, prediction 'rules' at p.txt:9" },
    { name: 'empty gold file', files: { 'g.txt': '', 'p.txt': PRED }, args: ['g.txt', 'p.txt'], code: 1, message: 'g.txt: empty file, expected WikiSER, CoNLL or JSONL sentences' },
    { name: 'missing </s>', files: { 'g.txt': GOLD, 'p.txt': PRED.replace(/<\/s>\n$/, '') }, args: ['g.txt', 'p.txt'], code: 1, message: "p.txt:7:1 [MISSING_END] the sentence opened here is never closed; expected '</s>'" },
    { name: 'token outside <s>', files: { 'g.txt': GOLD, 'p.txt': 'x\tO\n' + PRED }, args: ['g.txt', 'p.txt'], code: 1, message: "p.txt:1:1 [OUTSIDE_SENTENCE] token line outside a sentence; expected '<s>' before it" },
    { name: 'ill-formed tags in strict mode', files: { 'g.txt': GOLD, 'p.txt': PRED.replace('B-Language', 'I-Language') }, args: ['g.txt', 'p.txt', '--mode', 'strict'], code: 1, message: "p.txt:8:1 [ILL_FORMED] sentence 2, token 1 'C': 'I-Language' starts an entity; expected B-Language" },
    { name: 'missing file', files: { 'g.txt': GOLD }, args: ['g.txt', 'nope.txt'], code: 1, message: 'nope.txt: no such file or folder' },
    { name: 'missing partner in a folder', files: { 'gold/a.txt': GOLD, 'gold/b.txt': GOLD, 'pred/a.txt': PRED }, args: ['gold', 'pred'], code: 1, message: 'no prediction in pred for 1 gold file: b.txt' },
    { name: 'extra prediction in a folder', files: { 'gold/a.txt': GOLD, 'pred/a.txt': PRED, 'pred/c.txt': PRED }, args: ['gold', 'pred'], code: 1, message: 'no gold file in gold for prediction c.txt' },
    { name: 'folder against a file', files: { 'gold/a.txt': GOLD, 'p.txt': PRED }, args: ['gold', 'p.txt'], code: 2, message: 'is a folder but PRED p.txt is a file' },
    { name: 'unknown option', files: { 'g.txt': GOLD, 'p.txt': PRED }, args: ['g.txt', 'p.txt', '--colour'], code: 2, message: "Unknown option '--colour'" },
    { name: 'bad mode', files: { 'g.txt': GOLD, 'p.txt': PRED }, args: ['g.txt', 'p.txt', '--mode', 'fuzzy'], code: 2, message: "--mode must be one of conlleval, strict, partial, type, not 'fuzzy'" },
    { name: 'bad format', files: { 'g.txt': GOLD, 'p.txt': PRED }, args: ['g.txt', 'p.txt', '--format', 'xml'], code: 2, message: '--format must be one of wikiser, conll, jsonl' },
    { name: 'one path only', files: { 'g.txt': GOLD }, args: ['g.txt'], code: 2, message: "expected GOLD and PRED, or one file in conlleval's layout (token, gold tag, predicted tag); g.txt is a wikiser file, which holds one side" },
    { name: 'bad --top', files: { 'g.txt': GOLD, 'p.txt': PRED }, args: ['g.txt', 'p.txt', '--top', 'many'], code: 2, message: "--top must be a whole number, not 'many'" },
  ];
  for (const c of cases) {
    it(`${c.name} → exit ${c.code}`, async () => {
      const dir = workspace(c.files);
      const { code, stdout, stderr } = await run(c.args, dir);
      expect(stderr).toContain(c.message);
      expect(code).toBe(c.code);
      expect(stdout).toBe('');
      expectCleanError(stderr);
    });
  }

  it('accepts a BOM and CRLF line ends silently', async () => {
    const dir = workspace({ 'g.txt': '\ufeff' + GOLD.replace(/\n/g, '\r\n'), 'p.txt': PRED });
    const { code, stderr } = await run(['g.txt', 'p.txt'], dir);
    expect(stderr).toBe('');
    expect(code).toBe(0);
  });

  it('shows help with examples', async () => {
    const { code, stdout } = await run(['--help'], repoRoot);
    expect(code).toBe(0);
    expect(stdout).toContain('Usage: sertag eval GOLD PRED');
    expect(stdout).toContain('Examples:');
    expect(existsSync(stackless)).toBe(true);
  });
});
