import { mkdirSync, mkdtempSync, readdirSync, readFileSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { dirname, join, relative } from 'node:path';
import { fileURLToPath } from 'node:url';
import { describe, expect, it } from 'vitest';
import { WIKISER_TYPES } from '../../src/entity-types.js';
import { createTagger, loadProfile, parseProfile } from '../../src/index.js';
import { loadGazetteerYaml } from '../../src/gazetteer/load.js';
import { DEFAULT_LEARN_OPTIONS } from '../../src/learn/index.js';
import { RULE_ACTIONS } from '../../src/rules/actions.js';
import { loadRulesYaml } from '../../src/rules/load.js';
import { readSchema, SCHEMAS_DIR, type SchemaKind } from '../../src/schema/index.js';
import { YamlSource } from '../../src/yaml-source.js';
import { refusal } from '../helpers.js';

const ROOT = fileURLToPath(new URL('../..', import.meta.url));
const TYPES = new Set<string>(WIKISER_TYPES);

/** Every bundled YAML file (gazetteers, rules, profiles) with the kind of its schema. */
function bundledFiles(): Array<{ path: string; kind: SchemaKind }> {
  const walk = (dir: string): string[] =>
    readdirSync(join(ROOT, dir), { withFileTypes: true }).flatMap((e) => (e.isDirectory() ? walk(join(dir, e.name)) : /\.ya?ml$/.test(e.name) ? [join(dir, e.name)] : []));
  return [...walk('gazetteers'), ...walk('rules')].map((path) => ({
    path,
    kind: path.startsWith(join('gazetteers', 'profiles')) ? 'profile' : path.startsWith('gazetteers') ? 'gazetteer' : 'rules',
  }));
}


const OWN = { defaultGazetteers: false, defaultRules: false };

describe('schemas', () => {
  it.each(bundledFiles())('$path passes its schema and names it on its first line', ({ path, kind }) => {
    const text = readFileSync(join(ROOT, path), 'utf8');
    const src = new YamlSource(text, path);
    expect(src.checkSchema(kind)).toEqual([]);
    expect(src.problems).toEqual([]);
    const schema = relative(dirname(join(ROOT, path)), join(SCHEMAS_DIR, `${kind}.schema.json`));
    expect(text.split('\n')[0]).toBe(`# yaml-language-server: $schema=${schema}`);
  });

  it('each schema is a valid draft-07 JSON Schema (ajv strict mode: no unknown keywords but `x-errors`)', async () => {
    const Ajv = (await import('ajv')).default.default;
    const ajv = new Ajv({ strict: true, allowUnionTypes: true });
    ajv.addVocabulary(['x-errors']);
    for (const kind of ['learn-options', 'gazetteer', 'rules', 'profile'] as const) ajv.addSchema(readSchema(kind), `${kind}.schema.json`);
    for (const kind of ['gazetteer', 'rules', 'profile'] as const) {
      expect(ajv.validateSchema(readSchema(kind)), JSON.stringify(ajv.errors)).toBe(true);
      expect(() => ajv.getSchema(`${kind}.schema.json`)).not.toThrow();
    }
  });

  it('the rules schema names exactly the actions of the action table', () => {
    const rule = (readSchema('rules').definitions as Record<string, { properties: Record<string, { enum?: string[] }> }>).rule!;
    expect(rule.properties.action!.enum).toEqual(Object.keys(RULE_ACTIONS));
  });

  it('the learner options schema names every option of the learner', () => {
    const properties = Object.keys(readSchema('learn-options').properties as object);
    for (const key of Object.keys(DEFAULT_LEARN_OPTIONS)) expect(properties).toContain(key);
  });
});

describe('objects take the same strict path as files', () => {
  const report = (gazetteer: unknown) => refusal(() => createTagger({ ...OWN, gazetteers: [gazetteer as never] })).report();

  it.each([
    { entry: { term: 'foo', aliases: 'bar' }, expected: 'g:1:1 [WRONG_SHAPE] entry 1: `aliases` must be a list', explanation: 'a string where a list is due is refused, not a TypeError' },
    { entry: { term: 'foo', case: 'weird' }, expected: 'g:1:1 [BAD_VALUE] entry 1: `case` must be exact or ignore, not `weird`', explanation: 'enumerated values name the choices' },
    { entry: { term: 'foo', alias: ['bar'] }, expected: 'did you mean `aliases`?', explanation: 'an unknown key, with a did-you-mean' },
    { entry: { term: 'foo', priority: 'high' }, expected: 'g:1:1 [WRONG_SHAPE] entry 1: `priority` must be a number', explanation: 'a priority is a number' },
  ])('$explanation', ({ entry, expected }) => {
    expect(report({ name: 'g', type: 'Library', entries: [entry] })).toContain(expected);
  });

  it('a file-wide setting of an object is checked too, and refused with its code', () => {
    const error = refusal(() => createTagger({ ...OWN, gazetteers: [{ name: 'g', type: 'Library', case: 'weird', entries: ['foo'] } as never] }));
    expect(error.code).toBe('INVALID_SOURCES');
    expect(error.problems.map((p) => [p.code, p.message])).toEqual([['BAD_VALUE', '`case` must be exact or ignore, not `weird`']]);
  });

  it('a rules object: an unknown key with a did-you-mean, at the rule number', () => {
    const error = refusal(() => createTagger({ ...OWN, rules: [{ name: 'r', rules: [{ id: 'x', action: 'add', type: 'Library', pattern: [{ lower: 'x' }] }, { id: 'y', actoin: 'veto' }] }] }));
    expect(error.report()).toContain('r:2:1 [UNKNOWN_KEY] rule `y`: unknown key `actoin`; a rule has `id`, `why`');
    expect(error.report()).toContain('did you mean `action`?');
  });
});

describe('empty lists', () => {
  it('`rules:` or `entries:` with nothing after it is an empty list (as `sertag learn --blocks` writes when it blocks nothing)', () => {
    expect(loadRulesYaml('rules:\n', 'r.yaml', TYPES)).toMatchObject({ rules: [], problems: [] });
    expect(loadGazetteerYaml('type: Language\nentries:\n', 'g.yaml', TYPES)).toMatchObject({ entries: [], problems: [] });
  });
});

describe('YAML aliases', () => {
  it('an alias to a list works where the list would', () => {
    const g = loadGazetteerYaml('type: Language\nentries:\n  - { term: Go, not_next: &common [to, with] }\n  - { term: Rust, not_next: *common }\n', 'a.yaml', TYPES);
    expect(g.problems).toEqual([]);
    expect(g.entries[1]!.context?.notNext).toEqual(new Set(['to', 'with']));
    const rules = loadRulesYaml('rules:\n  - { id: a, action: veto, pattern: [{ lower: &words [x, y] }] }\n  - { id: b, action: veto, pattern: [{ lower: *words }] }\n', 'r.yaml', TYPES);
    expect(rules.problems).toEqual([]);
    expect(rules.rules[1]!.pattern[0]!.lower).toEqual(new Set(['x', 'y']));
  });

  it('an alias without its anchor is one problem, at the alias', () => {
    const g = loadGazetteerYaml('type: Language\nentries:\n  - { term: Go, not_next: *nowhere }\n', 'a.yaml', TYPES);
    expect(g.problems.map((p) => `${p.line}:${p.col} [${p.code}] ${p.message}`)).toEqual(['3:27 [YAML_ALIAS_UNKNOWN] the alias `*nowhere` names no anchor `&nowhere` before it']);
  });
});

describe('profiles', () => {
  it('`markdown` is a boolean, true unless the manifest says otherwise', () => {
    expect(parseProfile('profile: x\nrules: [r.yaml]\n', '/p/x.yaml', 'x.yaml').profile?.markdown).toBe(true);
    expect(parseProfile('profile: x\nrules: [r.yaml]\nmarkdown: false\n', '/p/x.yaml', 'x.yaml').profile?.markdown).toBe(false);
    const { problems } = parseProfile('profile: x\nrules: [r.yaml]\nmarkdown: yes please\n', '/p/x.yaml', 'x.yaml');
    expect(problems.map((p) => `${p.line}:${p.col} [${p.code}] ${p.message}`)).toEqual(['3:11 [WRONG_SHAPE] `markdown` must be true or false']);
  });

  it('a Profile value is checked too: `markdown` a boolean, `case` exact or ignore', () => {
    const base = { gazetteers: [], rules: [] };
    expect(refusal(() => createTagger({ profile: { ...base, markdown: 'yes' as never } })).message).toBe('`profile.markdown` must be true or false');
    expect(refusal(() => createTagger({ profile: { ...base, case: 'weird' as never } })).code).toBe('BAD_OPTION');
  });

  it('`developer` is another name of the stackoverflow profile', () => {
    const developer = loadProfile('developer');
    expect(developer.name).toBe('stackoverflow');
    expect(developer).toEqual(loadProfile('stackoverflow'));
  });

  it('a manifest path outside its own folder is a warning (the bundled ones stay in the package)', () => {
    const work = mkdtempSync(join(tmpdir(), 'sertag-schema-'));
    mkdirSync(join(work, 'p'));
    writeFileSync(join(work, 'p', 'x.yaml'), 'profile: x\ngazetteers: [../../../../etc/passwd, lists/]\nrules: []\n');
    const profile = loadProfile(join(work, 'p', 'x.yaml'));
    expect(profile.warnings?.map((p) => `${p.line}:${p.col} [${p.code}] ${p.severity}`)).toEqual(['2:14 [OUTSIDE_TREE] warning']);
    expect(profile.warnings?.[0]?.message).toMatch(/^`\.\.\/\.\.\/\.\.\/\.\.\/etc\/passwd` is outside the manifest's folder/);
    expect(loadProfile('stackoverflow').warnings).toBeUndefined();
    expect(loadProfile('wikipedia').warnings).toBeUndefined();
  });

  it("a misspelled learner option in a manifest's `learned.options` is refused", () => {
    const { problems } = parseProfile('profile: x\nrules: [r.yaml]\nlearned: { gazetteer: g.yaml, options: { minKeyphrasness: 0.3 } }\n', '/p/x.yaml', 'x.yaml');
    expect(problems.map((p) => `${p.line}:${p.col} [${p.code}] ${p.message}`)).toEqual([
      '3:42 [UNKNOWN_KEY] unknown learner option `minKeyphrasness`; options are `minCount`, `minKeyphraseness`, `minKeyphrasenessLower`, `maxTokens`, `mergePlurals`, `caseMode`, `minCaseEvidence`, `addPlurals`, `prioritySteps`, `minBlockEvidence`, `minContextEvidence`, `splitCheck`, `lowerCaseVariants`, `commonWords`, `keyphrasenessPrior`, `minFragmentEvidence`, `minVersionEvidence`, `name`, `header`; did you mean `minKeyphraseness`?',
    ]);
  });
});
