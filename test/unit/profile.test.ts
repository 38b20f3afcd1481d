import { mkdirSync, mkdtempSync, readFileSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { beforeEach, describe, expect, it } from 'vitest';
import { SertagError } from '../../src/errors.js';
import { listProfiles, loadProfile, parseProfile } from '../../src/profile/index.js';
import { createTagger } from '../../src/tagger.js';
import { runCli } from '../helpers.js';

let work: string;

/** A user's own domain: a manifest, a gazetteer and a rules file, none of them bundled. */
function writeUserProfile(): string {
  mkdirSync(join(work, 'lists'));
  mkdirSync(join(work, 'my-rules'));
  writeFileSync(join(work, 'lists', 'tools.yaml'), 'type: Application\nentries:\n  - Frobnicator\n  - { term: kit, type: Library }\n');
  writeFileSync(
    join(work, 'my-rules', 'rules.yaml'),
    'rules:\n  - { id: tool-version, why: "a tool name then a version", action: add, type: Application, priority: 20, pattern: [{ lower: frobnicator }, { shape: d.d }] }\n',
  );
  writeFileSync(
    join(work, 'mine.yaml'),
    [
      'profile: mine',
      'description: my team\'s tickets',
      'gazetteers: [lists/]',
      'rules: [my-rules/rules.yaml]',
      'declare: [Widget]',
      'case: exact',
      '',
    ].join('\n'),
  );
  return join(work, 'mine.yaml');
}

beforeEach(() => {
  work = mkdtempSync(join(tmpdir(), 'sertag-profile-'));
});

describe('profiles', () => {
  it('bundles wikipedia (the default) and reads it as a Profile value', () => {
    expect(listProfiles()).toContain('wikipedia');
    const wikipedia = loadProfile('wikipedia');
    expect(wikipedia.name).toBe('wikipedia');
    expect(wikipedia.gazetteers.map((g) => g.replace(/.*gazetteers\//, 'gazetteers/'))).toContain('gazetteers/learned-wikiser.yaml');
    expect(wikipedia.learned?.gazetteer).toMatch(/learned-wikiser\.yaml$/);
    const tagger = createTagger();
    expect(tagger.profile.name).toBe('wikipedia');
    expect(createTagger({ profile: 'wikipedia' }).tag('Stackless Python runs on Linux.').entities).toEqual(tagger.tag('Stackless Python runs on Linux.').entities);
  });

  it('takes a user-written manifest with no code change: its sources, types and case policy', () => {
    const manifest = writeUserProfile();
    const tagger = createTagger({ profile: manifest });
    expect(tagger.profile).toMatchObject({ name: 'mine', description: "my team's tickets", declare: ['Widget'], case: 'exact' });
    expect(tagger.types.has('Widget')).toBe(true);
    const result = tagger.tag('Frobnicator 2.1 uses kit, not Kit or frobnicator.');
    // `case: exact` from the manifest: `Kit` and `frobnicator` do not match; the rule adds the versioned name.
    expect(result.entities.map((e) => [e.text, e.type, e.source.kind === 'rule' ? e.source.rule : e.source.kind === 'gazetteer' ? e.source.entry : e.source.component])).toEqual([
      ['Frobnicator 2.1', 'Application', 'tool-version'],
      ['kit', 'Library', 'kit'],
    ]);
    // Relative to the working directory too; the bundled lists are not loaded.
    expect(createTagger({ profile: 'mine.yaml', cwd: work }).stats.entries).toBe(tagger.stats.entries);
    expect(tagger.stats.files).toEqual([join(work, 'lists', 'tools.yaml'), join(work, 'my-rules', 'rules.yaml')]);
  });

  it('gives the tokenizer its abbreviations, for the text and for the gazetteer terms alike', () => {
    writeFileSync(join(work, 'terms.yaml'), 'type: Application\nentries: [Acme appl. server]\n');
    const base = { gazetteers: [join(work, 'terms.yaml')], rules: [] };
    const text = 'Install the Acme appl. server now.';
    const plain = createTagger({ profile: base });
    expect(plain.tag(text).tokens.map((t) => t.text)).toContain('appl');
    const withAbbreviation = createTagger({ profile: { ...base, tokenizer: { abbreviations: ['appl.'] } } });
    expect(withAbbreviation.tag(text).tokens.map((t) => t.text)).toContain('appl.');
    expect(withAbbreviation.tag(text).entities.map((e) => e.text)).toEqual(['Acme appl. server']);
  });

  it('can be altered as a value (as cross-validation swaps the learned gazetteer)', () => {
    const manifest = writeUserProfile();
    const mine = loadProfile(manifest);
    writeFileSync(join(work, 'other.yaml'), 'type: Device\nentries: [Gizmo]\n');
    const tagger = createTagger({ profile: { ...mine, gazetteers: [join(work, 'other.yaml')] } });
    expect(tagger.tag('Gizmo and Frobnicator').entities.map((e) => [e.text, e.type])).toEqual([['Gizmo', 'Device']]);
  });

  it('reports every problem of a bad manifest at its line, and an unknown name with the bundled ones', () => {
    const { problems } = parseProfile('profile: x\ngazetteers: [a.yaml]\ncase: sometimes\nlearnt: {}\nlearned: { options: { minKeyphraseness: 0.3 } }\n', '/p/x.yaml', 'x.yaml');
    expect(problems.map((p) => `${p.file}:${p.line} [${p.code}]`)).toEqual(['x.yaml:3 [BAD_VALUE]', 'x.yaml:4 [UNKNOWN_KEY]', 'x.yaml:5 [WRONG_SHAPE]']);
    writeFileSync(join(work, 'latin1.yaml'), Buffer.concat([Buffer.from('profile: x\ngazetteers: [caf'), Buffer.from([0xe9]), Buffer.from('.yaml]\n')]));
    expect(() => loadProfile(join(work, 'latin1.yaml'))).toThrow(SertagError);
    try {
      loadProfile(join(work, 'latin1.yaml'));
    } catch (error) {
      expect((error as SertagError).report()).toMatch(/latin1\.yaml:2:\d+ \[INVALID_UTF8\]/);
    }
    expect(() => loadProfile('stackoverfl0w')).toThrow(/unknown profile `stackoverfl0w`; bundled profiles: .*wikipedia/);
    try {
      loadProfile('stackoverfl0w');
    } catch (error) {
      expect(error).toBeInstanceOf(SertagError);
      expect((error as SertagError).kind).toBe('usage');
    }
  });

  it('is chosen on the command line by name or path, for tag and lint; unknown names exit 2', async () => {
    writeUserProfile();
    const tagged = await runCli(['tag', '--profile', 'mine.yaml', '--format', 'inline'], work, 'Frobnicator 2.1 uses kit.\n');
    expect(tagged).toMatchObject({ code: 0, stdout: '[Frobnicator 2.1](Application) uses [kit](Library).\n\n' });
    const explained = await runCli(['tag', '--profile', 'mine.yaml', '--explain'], work, 'Frobnicator 2.1 uses kit.\n');
    expect(explained.stdout).toMatch(/^# profile mine \(mine\.yaml\)\n\n# stdin#1\n/);
    expect(explained.stdout).toContain('rule tool-version (my-rules/rules.yaml:2) — a tool name then a version');
    const linted = await runCli(['lint', '--profile', 'mine.yaml'], work);
    expect(linted.code).toBe(0);
    expect(linted.stderr).toMatch(/^sertag lint: 2 files, 2 surface forms, 1 rules: 0 errors/);
    const unknown = await runCli(['tag', '--profile', 'nope'], work, 'x');
    expect(unknown.code).toBe(2);
    expect(unknown.stderr).toMatch(/unknown profile `nope`/);
  });

  it('learn --profile writes the files its `learned:` section names, with its learner options', async () => {
    mkdirSync(join(work, 'out'));
    writeFileSync(join(work, 'learn.yaml'), 'profile: learner\ngazetteers: [out/]\nrules: []\nlearned: { gazetteer: out/learned.yaml, options: { minKeyphraseness: 0.6 } }\n');
    // `Go` is tagged in 1 of its 2 occurrences (1/3 with the learner's pseudo-occurrence): below the
    // manifest's 0.6, so it is not learned; `Python`, 2/2 (2/3), is.
    writeFileSync(join(work, 'gold.txt'), '<s>\nPython\tB-Language\nand\tO\nGo\tB-Language\n</s>\n<s>\nGo\tO\nPython\tB-Language\n</s>\n');
    const run = await runCli(['learn', 'gold.txt', '--profile', 'learn.yaml'], work);
    expect(run.code).toBe(0);
    const yaml = readFileSync(join(work, 'out', 'learned.yaml'), 'utf8');
    expect(yaml).toContain('term: Python');
    expect(yaml).not.toContain('term: Go');
    expect(yaml).toContain('minKeyphraseness 0.6');
  });
});
