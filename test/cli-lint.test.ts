import { describe, expect, it } from 'vitest';
import { mkdirSync, mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { tokenizationWarnings } from '../src/cli/lint.js';
import { run } from './fixtures/cli/run.js';

const FIX = 'test/fixtures/cli';
const ONLY = ['--no-default-gazetteers', '--no-default-rules'];

describe('sertag lint', () => {
  it('lists every problem as file:line:col [CODE] message and exits 1 on errors', async () => {
    const { code, stdout, stderr } = await run(['lint', ...ONLY, `${FIX}/bad-gazetteer.yaml`, `${FIX}/rules.yaml`]);
    expect(code).toBe(1);
    const heads = stdout.split('\n').filter((l) => l.startsWith(FIX));
    expect(heads).toEqual([
      expect.stringMatching(/^test\/fixtures\/cli\/bad-gazetteer\.yaml:3:\d+ \[UNKNOWN_TYPE\] unknown type `Langauge`; did you mean `Language`\?/),
      expect.stringMatching(/^test\/fixtures\/cli\/bad-gazetteer\.yaml:4:1 \[NEVER_MATCHES\] warning: `Yahoo! Mail` can never match/),
      expect.stringMatching(/^test\/fixtures\/cli\/bad-gazetteer\.yaml:5:\d+ \[UNKNOWN_KEY\] unknown key `typo`/),
    ]);
    // Each problem comes with its source line and a caret.
    expect(stdout).toContain('  - { term: Yahoo! Mail, type: Application }\n  ^');
    expect(stderr).toContain('2 errors, 1 warning');
  });

  it('exits 0 on clean files, and 1 on warnings only with --strict', async () => {
    expect((await run(['lint', ...ONLY, `${FIX}/terms.yaml`, `${FIX}/rules.yaml`])).code).toBe(0);
    const { code, stdout } = await run(['lint', ...ONLY, '--gazetteers', `${FIX}/terms.yaml`, '--strict', '--quiet']);
    expect(stdout).toBe('');
    expect(code).toBe(0);
  });

  it('reports a missing file as a problem, and unknown options as usage errors', async () => {
    const missing = await run(['lint', ...ONLY, '--gazetteers', 'nope.yaml']);
    expect(missing.code).toBe(1);
    expect(missing.stdout).toContain('nope.yaml [MISSING_FILE] no such file or folder');
    expect((await run(['lint', '--bogus'])).code).toBe(2);
  });

  it('warns about entries the tokenizer splits across a sentence end', () => {
    const source = { kind: 'gazetteer' as const, file: 'g.yaml', line: 3, entry: 'x' };
    const warnings = tokenizationWarnings([
      { term: 'Yahoo! Mail', tokens: ['Yahoo', '!', 'Mail'], type: 'Application', case: 'ignore', priority: 0, source },
      { term: 'Node.js', tokens: ['Node.js'], type: 'Library', case: 'ignore', priority: 0, source },
      { term: 'odd', tokens: ['od', 'd'], type: 'Library', case: 'ignore', priority: 0, source },
    ]);
    expect(warnings.map((w) => w.code)).toEqual(['NEVER_MATCHES', 'TOKENIZER_SPLIT']);
  });

  it('the bundled gazetteers and rules have no errors', async () => {
    const { code } = await run(['lint', '--quiet']);
    expect(code).toBe(0);
  });
});

describe('sertag lint excerpts', () => {
  it("quotes a bundled file's own lines wherever it runs, not a same-named file of the working directory", async () => {
    const dir = mkdtempSync(join(tmpdir(), 'sertag-lint-cwd-'));
    // A decoy where the bundled file's shown name points from this folder.
    mkdirSync(join(dir, 'gazetteers'));
    writeFileSync(join(dir, 'gazetteers', 'curated-licenses.yaml'), 'decoy line\n'.repeat(2000));
    const here = await run(['lint'], '', { cwd: dir });
    const inRepo = await run(['lint']);
    expect(here.stdout).not.toContain('decoy line');
    expect(here.stdout).toContain('`Yahoo! Public License` can never match');
    expect(here.stdout).toContain('    - { term: "Yahoo! Public License" }\n  ^');
    expect(here.stdout).toBe(inRepo.stdout);
  });
});
