import { mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { SertagError } from '../../src/errors.js';
import { FORMATS, FORMAT_NAMES, OUTPUT_FORMATS, TAG_INPUT_FORMATS, readSentences } from '../../src/formats/index.js';
import { runCli } from '../helpers.js';

const OWN = ['--no-default-gazetteers', '--no-default-rules', '--gazetteers', 'terms.yaml'];

function workspace(files: Record<string, string>): string {
  const dir = mkdtempSync(join(tmpdir(), 'sertag-table-'));
  writeFileSync(join(dir, 'terms.yaml'), 'type: Language\nentries: [Python]\n');
  for (const [name, text] of Object.entries(files)) writeFileSync(join(dir, name), text);
  return dir;
}

function firstProblem(text: string, format: string): string {
  try {
    readSentences(text, 'x.txt', { format });
  } catch (error) {
    const problem = (error as SertagError).problems[0]!;
    return `${problem.line}: ${problem.message}`;
  }
  throw new Error('expected a problem');
}

describe('the table of formats', () => {
  it('lists every format once, and derives what tag and eval accept from it', () => {
    const names = FORMATS.map((f) => f.name);
    expect(new Set(names).size).toBe(names.length);
    expect(FORMAT_NAMES).toEqual(FORMATS.filter((f) => f.read).map((f) => f.name));
    for (const name of TAG_INPUT_FORMATS) expect(FORMATS.find((f) => f.name === name)!.tagInput).toBeDefined();
    expect(OUTPUT_FORMATS).not.toContain('explain');
  });

  it('tag --format accepts exactly the table\'s output formats, and says which', async () => {
    const dir = workspace({ 'a.txt': 'Python\n' });
    const bad = await runCli(['tag', ...OWN, '--format', 'nope', 'a.txt'], dir);
    expect(bad.code).toBe(2);
    expect(bad.stderr).toContain(`--format must be one of ${OUTPUT_FORMATS.join(', ')}, not 'nope'`);
    for (const format of OUTPUT_FORMATS) expect((await runCli(['tag', ...OWN, '--format', format, 'a.txt'], dir)).code).toBe(0);
  });

  // One parser per format: streamed `tag --input` input and whole-file reading say the same thing.
  const broken: Array<[string, string]> = [
    ['wikiser', '<s>\nPython\tO\n</s>\n</s>\n'],
    ['wikiser', 'Python\tO\n'],
    ['wikiser', '<s>\nPython\tO\n<s>\n'],
    ['wikiser', '<s>\nPython\tO\n'],
  ];
  for (const [format, text] of broken) {
    it(`tag --input ${format} reports ${JSON.stringify(text)} as the reader does`, async () => {
      const dir = workspace({ 'bad.txt': text });
      const { code, stderr } = await runCli(['tag', ...OWN, '--input', format, 'bad.txt'], dir);
      expect(code).toBe(1);
      expect(stderr).toBe(`sertag tag: bad.txt:${firstProblem(text, format)}\n`);
    });
  }

  it('tag --input conll streams through the CoNLL reader: -DOCSTART- kept, other columns kept, one-column files get a tag', async () => {
    const dir = workspace({ 'a.conll': '-DOCSTART- -X- O\n\nPython NNP O\nis VBZ O\n\n-DOCSTART- -X- O\n', 'b.conll': 'Python\nrocks\n' });
    expect((await runCli(['tag', ...OWN, '--input', 'conll', 'a.conll'], dir)).stdout).toBe('-DOCSTART- -X- O\n\nPython NNP B-Language\nis VBZ O\n\n-DOCSTART- -X- O\n\n');
    expect((await runCli(['tag', ...OWN, '--input', 'conll', 'b.conll'], dir)).stdout).toBe('Python B-Language\nrocks O\n\n');
  });
});
