import { execFileSync, spawnSync } from 'node:child_process';
import { describe, expect, it } from 'vitest';
import { mkdirSync, mkdtempSync, symlinkSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { tokenizationWarnings } from '../../src/cli/lint.js';
import { run } from '../fixtures/cli/run.js';

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
      { term: 'Yahoo! Mail', tokens: ['Yahoo', '!', 'Mail'], type: 'Application', case: 'ignore', priority: 0, context: undefined, source },
      { term: 'Node.js', tokens: ['Node.js'], type: 'Library', case: 'ignore', priority: 0, context: undefined, source },
      { term: 'odd', tokens: ['od', 'd'], type: 'Library', case: 'ignore', priority: 0, context: undefined, source },
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

describe('sertag lint and the profile', () => {
  it("tokenizes terms with the profile's abbreviations, as tag does: `Appl. Store` can match, so no warning", async () => {
    const dir = mkdtempSync(join(tmpdir(), 'sertag-lint-abbr-'));
    writeFileSync(join(dir, 'terms.yaml'), 'type: Application\nentries: [Appl. Store]\n');
    writeFileSync(join(dir, 'p.yaml'), 'profile: p\ngazetteers: [terms.yaml]\nrules: []\ntokenizer: { abbreviations: [appl] }\n');
    const tagged = await run(['tag', '--profile', 'p.yaml', '--format', 'inline'], 'Get it from the Appl. Store today.\n', { cwd: dir });
    expect(tagged.stdout).toBe('Get it from the [Appl. Store](Application) today.\n\n');
    const linted = await run(['lint', '--profile', 'p.yaml', '--strict'], '', { cwd: dir });
    expect(linted.stdout).toBe('');
    expect(linted).toMatchObject({ code: 0, stderr: 'sertag lint: 1 file, 1 surface forms, 0 rules: 0 errors, 0 warnings\n' });
  });
});

describe('a file a manifest reaches outside its folder', () => {
  // Someone else's manifest may point at a private file: its problems are reported where they are,
  // but nothing of its content is echoed (not its lines, not a key or term in a message).
  const secrets = ['TOPSECRET-LINE-4711', 'SECRETKEY_0815', 'SWORDFISH-7731', 'LINKED-SECRET-99'];
  const workspace = (): string => {
    const dir = mkdtempSync(join(tmpdir(), 'sertag-outside-secret-'));
    mkdirSync(join(dir, 'p'));
    // A term the sentence splitter cuts (NEVER_MATCHES quotes it), an unknown key (UNKNOWN_KEY quotes it).
    writeFileSync(join(dir, 'private.yaml'), 'type: Library\nentries:\n  - { term: "Yahoo! TOPSECRET-LINE-4711" }\n  - { term: Foo, SECRETKEY_0815: 1 }\n');
    // Not YAML at all: the parser's message would quote the line.
    writeFileSync(join(dir, 'credentials.yaml'), 'user: admin\npassword: "SWORDFISH-7731\n');
    writeFileSync(join(dir, 'linked.yaml'), 'LINKED-SECRET-99: [\n');
    symlinkSync(join(dir, 'linked.yaml'), join(dir, 'p', 'link.yaml'));
    writeFileSync(join(dir, 'p', 'p.yaml'), 'profile: p\ngazetteers: [../private.yaml, ../credentials.yaml, link.yaml]\nrules: []\n');
    return dir;
  };

  it('is reported by lint, tag and learn with its file, line and code, and none of its content', async () => {
    const dir = workspace();
    const linted = await run(['lint', '--profile', 'p/p.yaml'], '', { cwd: dir });
    const tagged = await run(['tag', '--profile', 'p/p.yaml'], 'Foo\n', { cwd: dir });
    const learned = await run(['learn', '--profile', 'p/p.yaml', '-o', 'out.yaml', 'gold.conll'], '', { cwd: dir });
    for (const r of [linted, tagged, learned]) for (const secret of secrets) expect(r.stdout + r.stderr).not.toContain(secret);
    expect(linted.code).toBe(1);
    const heads = linted.stdout.split('\n').filter((l) => /^\S+ \[/.test(l) || /^\S+:\d+:\d+ \[/.test(l));
    expect(heads.map((l) => l.replace(/\] .*/, ']'))).toEqual([
      'credentials.yaml:2:26 [YAML_MISSING_CHAR]',
      'p/link.yaml [OUTSIDE_TREE]',
      'p/link.yaml:1:19 [YAML_BAD_INDENT]',
      'p/p.yaml:2:14 [OUTSIDE_TREE]',
      'p/p.yaml:2:31 [OUTSIDE_TREE]',
      'private.yaml:3:1 [NEVER_MATCHES]',
      'private.yaml:4:18 [UNKNOWN_KEY]',
    ]);
    expect(linted.stdout).toContain('private.yaml:4:18 [UNKNOWN_KEY] details not shown: the profile reached this file outside its manifest\'s folder, so nothing of its content is echoed (to see them, check it by its own path: sertag lint private.yaml)\n');
    expect(tagged.code).toBe(1);
    expect(tagged.stderr).toContain('credentials.yaml:2:26 [YAML_MISSING_CHAR] details not shown');
    // Named by the user, the file is shown in full.
    const own = await run(['lint', 'private.yaml'], '', { cwd: dir });
    expect(own.stdout).toContain('SECRETKEY_0815');
  });
});

describe('sertag lint on many problems', () => {
  it('prints 20 problems of a kind per file, then counts the rest in one line (--all prints them all)', async () => {
    const dir = mkdtempSync(join(tmpdir(), 'sertag-lint-many-'));
    writeFileSync(join(dir, 'dups.yaml'), 'type: Library\nentries:\n' + '  - dup\n'.repeat(46));
    const linted = await run(['lint', 'dups.yaml'], '', { cwd: dir });
    const heads = linted.stdout.split('\n').filter((l) => l.startsWith('dups.yaml'));
    expect(heads).toHaveLength(21);
    expect(heads[19]).toBe('dups.yaml:23:5 [DUPLICATE_TERM] warning: `dup` is already listed on line 3');
    expect(heads[20]).toBe('dups.yaml [DUPLICATE_TERM] 25 more problems like these, not shown');
    expect(linted.stderr).toBe('sertag lint: 1 file, 1 surface forms, 0 rules: 0 errors, 45 warnings\n');
    const all = await run(['lint', '--all', 'dups.yaml'], '', { cwd: dir });
    expect(all.stdout.split('\n').filter((l) => l.startsWith('dups.yaml'))).toHaveLength(45);
  });
});

describe('a named pipe where a YAML file is expected', () => {
  // The built CLI in a child with a deadline: reading a FIFO without a writer would block a process for ever.
  const sertag = (argv: string[], cwd: string) => spawnSync(process.execPath, [join(process.cwd(), 'dist', 'bin', 'sertag.js'), ...argv], { cwd, encoding: 'utf8', timeout: 20_000, input: 'Python\n' });

  it.each([
    { argv: ['lint', 'fifo.yaml'], where: 'fifo.yaml', explanation: "lint's target" },
    { argv: ['tag', '--gazetteers', 'fifo.yaml'], where: 'fifo.yaml', explanation: 'a gazetteer' },
    { argv: ['tag', '--rules', 'fifo.yaml'], where: 'fifo.yaml', explanation: 'a rules file' },
    { argv: ['lint', '--gazetteers', 'lists'], where: 'lists/fifo.yaml', explanation: 'a .yaml in a gazetteer folder' },
  ])('is refused, not waited on: $explanation', ({ argv, where }) => {
    const dir = mkdtempSync(join(tmpdir(), 'sertag-fifo-'));
    mkdirSync(join(dir, 'lists'));
    execFileSync('mkfifo', [join(dir, 'fifo.yaml'), join(dir, 'lists', 'fifo.yaml')]);
    const r = sertag([...argv, '--no-default-gazetteers', '--no-default-rules'], dir);
    expect(r.error).toBeUndefined();
    expect(r.status).toBe(1);
    expect(r.stdout + r.stderr).toContain(`${where} [NOT_A_FILE] is a named pipe (FIFO), not a file`);
  });

  it('is refused as a profile manifest', () => {
    const dir = mkdtempSync(join(tmpdir(), 'sertag-fifo-'));
    execFileSync('mkfifo', [join(dir, 'p.yaml')]);
    const r = sertag(['tag', '--profile', 'p.yaml'], dir);
    expect(r.error).toBeUndefined();
    expect(r.stderr).toMatch(/cannot read profile p\.yaml: is a named pipe \(FIFO\), not a file/);
    expect(r.status).toBe(1);
  });
});
