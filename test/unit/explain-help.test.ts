import { mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { OUTPUT_FORMATS } from '../../src/formats/table.js';
import { runCli } from '../helpers.js';

// Issue 26's smaller CLI items: help that lists every format and says what --quiet does,
// --explain with inline output, and --explain naming what matched.

function workspace(files: Record<string, string>): string {
  const dir = mkdtempSync(join(tmpdir(), 'sertag-explain-'));
  for (const [name, text] of Object.entries(files)) writeFileSync(join(dir, name), text);
  return dir;
}

const GAZETTEER = 'type: Library\nentries: [{ term: Pydantic, aliases: [pydantic-core] }, FastAPI]\n';
const OWN = ['--no-default-gazetteers', '--no-default-rules', '--gazetteers', 'terms.yaml'];

describe('help and --explain', () => {
  it('sertag --help lists every output format of tag, spacy included', async () => {
    const { stdout } = await runCli(['--help'], process.cwd());
    const tagLine = stdout.split('\n').find((l) => l.trimStart().startsWith('tag '))!;
    for (const format of OUTPUT_FORMATS) expect(tagLine).toContain(format);
    expect(OUTPUT_FORMATS).toContain('spacy');
  });

  it('tag --help says --quiet also hides the warnings, as it does', async () => {
    const { stdout } = await runCli(['tag', '--help'], process.cwd());
    expect(stdout).toMatch(/--quiet +nothing on stderr but errors: no progress line, no warnings/);
    const dir = workspace({ 'terms.yaml': 'type: Library\nentries: [FastAPI, FastAPI]\n' });
    expect((await runCli(['tag', ...OWN], dir, 'FastAPI')).stderr).toContain('warning');
    expect((await runCli(['tag', '--quiet', ...OWN], dir, 'FastAPI')).stderr).toBe('');
  });

  it('--explain --format inline writes the explain listing (it was refused)', async () => {
    const dir = workspace({ 'terms.yaml': GAZETTEER });
    const inline = await runCli(['tag', ...OWN, '--explain', '--format', 'inline'], dir, 'Use Pydantic with FastAPI.\n');
    expect(inline.stderr).toBe('');
    expect(inline.code).toBe(0);
    expect(inline.stdout).toBe((await runCli(['tag', ...OWN, '--explain'], dir, 'Use Pydantic with FastAPI.\n')).stdout);
    expect(inline.stdout).toContain('Use [Pydantic](Library) with [FastAPI](Library).');
  });

  it('--explain names the form that matched when it is not the entry as written', async () => {
    const dir = workspace({ 'terms.yaml': GAZETTEER });
    const text = 'pydantic-core and pydantic and Pydantic\n';
    const listing = (await runCli(['tag', ...OWN, '--explain'], dir, text)).stdout;
    const whys = listing.split('\n').filter((l) => l.startsWith('  ')).map((l) => l.split('\t')[3]);
    expect(whys).toEqual([
      'gazetteer terms.yaml:2 entry "Pydantic" (matched "pydantic-core")',
      'gazetteer terms.yaml:2 entry "Pydantic" (matched "pydantic")',
      'gazetteer terms.yaml:2 entry "Pydantic"',
    ]);
    const jsonl = JSON.parse((await runCli(['tag', ...OWN, '--explain', '--format', 'jsonl'], dir, text)).stdout) as { entities: Array<{ why: string }> };
    expect(jsonl.entities.map((e) => e.why)).toEqual(whys);
  });
});
