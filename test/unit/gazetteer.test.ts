import { readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import { WIKISER_TYPES } from '../../src/entity-types.js';
import { formatProblem } from '../../src/errors.js';
import { loadGazetteerObject, loadGazetteerYaml } from '../../src/gazetteer/load.js';
import { inflect } from '../../src/gazetteer/variants.js';
import { fixture } from '../helpers.js';

const TYPES = new Set<string>(WIKISER_TYPES);

function load(name: string) {
  return loadGazetteerYaml(readFileSync(fixture(`gazetteers/${name}`), 'utf8'), `gazetteers/${name}`, TYPES);
}

describe('gazetteer loading', () => {
  it('compiles a valid file: defaults, aliases, variants, context and sources', () => {
    const g = load('valid.yaml');
    expect(g.problems).toEqual([]);
    const byTerm = new Map(g.entries.map((e) => [e.term, e]));
    expect([...byTerm.keys()]).toEqual(['Python', 'Go', 'C++', 'cpp', 'Stackless Python', 'green thread', 'green threads', 'R']);
    expect(byTerm.get('Python')).toMatchObject({ type: 'Language', case: 'ignore', tokens: ['Python'], source: { file: 'gazetteers/valid.yaml', line: 5, entry: 'Python' } });
    expect(byTerm.get('Go')).toMatchObject({ case: 'exact', context: { notNext: new Set(['to']) } });
    expect(byTerm.get('cpp')?.source.entry).toBe('C++');
    expect(byTerm.get('green threads')).toMatchObject({ type: 'Operating_System', tokens: ['green', 'threads'], source: { line: 9 } });
  });

  const badCases = [
    { code: 'UNKNOWN_TYPE', line: 4, text: 'did you mean `Language`', explanation: 'a misspelt type is named with a suggestion' },
    { code: 'EMPTY_TERM', line: 5, text: 'empty term', explanation: 'an empty string is not a term' },
    { code: 'CONFLICTING_TYPES', line: 7, text: 'listed as Application on line 6 and as Library here', explanation: 'case-insensitive forms collide across types' },
    { code: 'UNKNOWN_KEY', line: 8, text: 'unknown key `colour`', explanation: 'typos in keys are caught, not ignored' },
    { code: 'WRONG_SHAPE', line: 9, text: 'an entry must be a term or a mapping', explanation: 'a list is not an entry' },
    { code: 'MISSING_TERM', line: 10, text: 'needs `term:`', explanation: 'a mapping without a term' },
  ];
  it.each(badCases)('reports $code on line $line ($explanation)', ({ code, line, text }) => {
    const g = load('bad-many.yaml');
    const p = g.problems.find((x) => x.code === code);
    expect(p, `${code} among ${g.problems.map((x) => x.code).join(', ')}`).toBeDefined();
    expect(p!.line).toBe(line);
    expect(p!.message).toContain(text);
  });

  it('reports every problem of a file at once, and keeps the good entries', () => {
    const g = load('bad-many.yaml');
    expect(g.problems.filter((p) => p.severity === 'error')).toHaveLength(badCases.length);
    expect(g.entries.map((e) => e.term)).toEqual(['Python', 'Java']);
  });

  it('formats a problem as file:line:col [CODE] message with a caret excerpt', () => {
    const p = load('bad-many.yaml').problems.find((x) => x.code === 'UNKNOWN_KEY')!;
    expect(formatProblem(p)).toBe('gazetteers/bad-many.yaml:8:19 [UNKNOWN_KEY] unknown key `colour`; an entry has `term`, `type`, `case`, `aliases`, `variants`, `priority`, `not_next`, `not_prev`, `next`, `prev`\n    - { term: Ruby, colour: red }\n                    ^');
  });

  it.each([
    { name: 'bad-syntax.yaml', code: /^YAML_/, line: 4, explanation: 'an unclosed flow mapping is a YAML syntax error, reported at the `{` left open' },
    { name: 'bad-shape.yaml', code: /^WRONG_SHAPE$/, line: 1, explanation: 'a bare list is not a gazetteer file' },
    { name: 'duplicate-key.yaml', code: /^YAML_DUPLICATE_KEY$/, line: 2, explanation: 'a key given twice is an error, not last-one-wins' },
  ])('$name: $explanation', ({ name, code, line }) => {
    const g = load(name);
    expect(g.problems.length).toBeGreaterThan(0);
    expect(g.problems[0]!.code).toMatch(code);
    expect(g.problems[0]!.line).toBe(line);
  });

  it('accepts types a file declares itself', () => {
    const g = loadGazetteerYaml('declare: [Framework]\ntype: Framework\nentries: [Django, Rails]\n', 'mine.yaml', TYPES);
    expect(g.problems).toEqual([]);
    expect(g.entries.map((e) => e.type)).toEqual(['Framework', 'Framework']);
  });

  it('validates gazetteers given as objects the same way', () => {
    const g = loadGazetteerObject({ name: 'inline', type: 'Library', entries: ['NumPy', { term: 'pandas', type: 'Libary' }] }, TYPES);
    expect(g.entries.map((e) => e.term)).toEqual(['NumPy']);
    expect(g.problems).toMatchObject([{ code: 'UNKNOWN_TYPE', line: 2, file: 'inline' }]);
  });
});

describe('variants', () => {
  it.each([
    { term: 'binary tree', variant: 'plural', expected: 'binary trees', explanation: 'only the last word inflects' },
    { term: 'library', variant: 'plural', expected: 'libraries', explanation: "natural's inflector knows -y → -ies" },
    { term: 'hash tables', variant: 'singular', expected: 'hash table', explanation: 'singular of the head word' },
    { term: 'CPU', variant: 'plural', expected: 'CPUs', explanation: 'acronyms take a plain s' },
    { term: 'GPUs', variant: 'singular', expected: 'GPU', explanation: 'and lose it' },
  ] as const)('$term → $expected ($explanation)', ({ term, variant, expected }) => {
    expect(inflect(term, variant)).toBe(expected);
  });
});
