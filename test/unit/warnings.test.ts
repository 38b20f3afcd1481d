import { mkdirSync, mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { createTagger } from 'sertag';
import { runCli } from '../helpers.js';

function workspace(files: Record<string, string>): string {
  const dir = mkdtempSync(join(tmpdir(), 'sertag-warn-'));
  for (const [name, text] of Object.entries(files)) writeFileSync(join(dir, name), text);
  return dir;
}

describe('warnings surface', () => {
  it('tag prints the load warnings about the user\'s sources once, on stderr; --quiet hides them', async () => {
    const dir = workspace({ 'dup.yaml': 'type: Language\nentries:\n  - Python\n  - Python\n', 'in.txt': 'Python\n' });
    mkdirSync(join(dir, 'empty'));
    const args = ['tag', '--no-default-gazetteers', '--no-default-rules', '--gazetteers', 'dup.yaml', '--gazetteers', 'empty/', 'in.txt'];
    const loud = await runCli(args, dir);
    expect(loud.code).toBe(0);
    expect(loud.stdout).toBe('Python\tB-Language\n\n');
    const lines = loud.stderr.trim().split('\n');
    expect(lines.filter((l) => l.startsWith('sertag tag: ')).sort()).toEqual([
      'sertag tag: dup.yaml:4:5 [DUPLICATE_TERM] warning: `Python` is already listed on line 3',
      'sertag tag: empty/ [NO_YAML_FILES] warning: folder holds no .yaml or .yml files; nothing was loaded from it',
    ]);
    const quiet = await runCli([...args, '--quiet'], dir);
    expect(quiet.stderr).toBe('');
  });

  it('lint FILE checks only FILE; --with-defaults adds the bundled files', async () => {
    const dir = workspace({ 'mine.yaml': 'type: Language\nentries: [Python]\n' });
    const only = await runCli(['lint', 'mine.yaml'], dir);
    expect(only.stdout).toBe('');
    expect(only.stderr).toBe('sertag lint: 1 file, 1 surface forms, 0 rules: 0 errors, 0 warnings\n');
    expect((await runCli(['lint', '--strict', 'mine.yaml'], dir)).code).toBe(0);
    const all = await runCli(['lint', '--with-defaults', 'mine.yaml'], dir);
    expect(all.stderr).not.toContain('1 file,');
  });
});

describe('a manifest that points outside its folder', () => {
  it('is a warning of the tagger, so `tag` prints it as `lint` does', async () => {
    const dir = mkdtempSync(join(tmpdir(), 'sertag-outside-'));
    mkdirSync(join(dir, 'p'));
    writeFileSync(join(dir, 'g.yaml'), 'type: Library\nentries: [Foo]\n');
    writeFileSync(join(dir, 'p', 'mine.yaml'), 'profile: mine\ngazetteers: [../g.yaml]\nrules: []\n');
    const tagger = createTagger({ profile: join(dir, 'p', 'mine.yaml') });
    expect(tagger.warnings.map((w) => `${w.line}:${w.col} ${w.code}`)).toContain('2:14 OUTSIDE_TREE');
    const run = await runCli(['tag', '--profile', 'p/mine.yaml', '--format', 'inline'], dir, 'Foo\n');
    expect(run.stdout.trim()).toBe('[Foo](Library)');
    expect(run.stderr).toContain('[OUTSIDE_TREE] warning: `../g.yaml` is outside the manifest\'s folder');
  });
});
