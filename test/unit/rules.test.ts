import { readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import { WIKISER_TYPES } from '../../src/entity-types.js';
import { formatProblem } from '../../src/errors.js';
import { checkRegexSafety } from '../../src/rules/regex-safety.js';
import { loadRulesYaml } from '../../src/rules/load.js';
import { tokenShape } from '../../src/rules/shape.js';
import { createTagger } from '../../src/tagger.js';
import { fixture } from '../helpers.js';

const TYPES = new Set<string>(WIKISER_TYPES);

describe('rule loading', () => {
  it('loads a valid rules file', () => {
    const loaded = loadRulesYaml(readFileSync(fixture('rules/valid.yaml'), 'utf8'), 'valid.yaml', TYPES);
    expect(loaded.problems).toEqual([]);
    expect(loaded.rules.map((r) => [r.id, r.action, r.priority])).toEqual([
      ['protocol-head', 'add', 10],
      ['go-verb', 'veto', 0],
      ['python-snake', 'retype', 0],
    ]);
    expect(loaded.rules[0]!.anchors).toEqual(new Set(['protocol']));
  });

  it('reports every problem of a bad rules file, each under its rule', () => {
    const loaded = loadRulesYaml(readFileSync(fixture('rules/bad.yaml'), 'utf8'), 'bad.yaml', TYPES);
    const lines = loaded.problems.map(formatProblem).map((p) => p.split('\n')[0]);
    expect(lines).toEqual([
      'bad.yaml:2:5 [MISSING_TYPE] rule `no-type`: an `add` rule needs `type:`',
      expect.stringMatching(/^bad\.yaml:8:24 \[BAD_REGEX\] rule `bad-regex`: invalid regular expression/),
      expect.stringMatching(/^bad\.yaml:12:24 \[UNSAFE_REGEX\] rule `slow-regex`: nested quantifiers/),
      'bad.yaml:15:11 [UNKNOWN_TYPE] rule `bad-type`: unknown type `Protocl`; did you mean `Protocol`?',
      'bad.yaml:18:13 [BAD_VALUE] rule `bad-action`: `action` must be one of add, veto, retype, not `delete`',
      'bad.yaml:23:31 [BAD_VALUE] rule `bad-op`: `op` must be one of "1", "?", "+", "*"',
      'bad.yaml:27:15 [EMPTY_ITEM] rule `no-test`: a token test needs at least one of text, lower, regex, shape, type, pos',
      'bad.yaml:28:5 [DUPLICATE_RULE_ID] rule id `bad-type` is already used at bad.yaml:13',
    ]);
    expect(loaded.rules).toEqual([]);
  });
});

describe('regex safety', () => {
  it.each([
    { source: '^(a+)+$', safe: false, explanation: 'the textbook catastrophic pattern' },
    { source: '^(\\w*)*x', safe: false, explanation: 'star of star' },
    { source: '^(a|b)\\1$', safe: false, explanation: 'back-references' },
    { source: '^RFC\\d{3,4}$', safe: true, explanation: 'a bounded single quantifier' },
    { source: '^(x86|ARM)(-64)?$', safe: true, explanation: 'optional groups without inner repetition' },
    { source: '^[(+]+$', safe: true, explanation: 'parentheses inside a character class are literals' },
  ])('$source is $safe ($explanation)', ({ source, safe }) => {
    expect(checkRegexSafety(source) === undefined).toBe(safe);
  });
});

describe('token shapes', () => {
  it.each([
    ['Python', 'Xxxxx'],
    ['2.7.1', 'd.d.d'],
    ['HTTP/2', 'XXXX/d'],
    ['x86-64', 'xdd-dd'],
    ['iOS', 'xXX'],
  ])('%s → %s', (token, shape) => expect(tokenShape(token)).toBe(shape));
});

describe('rules in the tagger', () => {
  const tagger = createTagger({
    defaultGazetteers: false,
    defaultRules: false,
    gazetteers: [{ name: 'g', type: 'Language', entries: ['Go', 'Python'] }],
    rules: [fixture('rules/valid.yaml')],
  });
  const tagged = (s: string) => tagger.tagTokens(s.split(' ')).entities.map((e) => `${e.text}:${e.type}:${e.source.kind === 'rule' ? e.source.rule : 'gaz'}`);

  it.each([
    { sentence: 'we speak the Border Gateway Protocol', expected: ['Border Gateway Protocol:Protocol:protocol-head'], explanation: 'add: a head-word pattern with a repeated shape item' },
    { sentence: 'Go to the Go website', expected: ['Go:Language:gaz'], explanation: 'veto: `Go` followed by `to` is dropped, the other kept' },
    { sentence: 'a Python snake and Python code', expected: ['Python:General_Concept:python-snake', 'Python:Language:gaz'], explanation: 'retype, with the rule recorded as source' },
  ])('$explanation', ({ sentence, expected }) => {
    expect(tagged(sentence)).toEqual(expected);
  });

  it('can switch a rule group off', () => {
    const without = createTagger({ defaultGazetteers: false, defaultRules: false, rules: [fixture('rules/valid.yaml')], disableRuleGroups: ['protocol-head'] });
    expect(without.tagTokens('the Border Gateway Protocol'.split(' ')).entities).toEqual([]);
  });

  it('type tests see the gazetteer candidates, not what other rules added, with or without veto rules', () => {
    const adds = [
      { id: 'engine', action: 'add', type: 'Application', pattern: [{ lower: ['engine'] }] },
      { id: 'after-application', action: 'add', type: 'Library', pattern: [{ type: ['Application'] }, { lower: ['plugin'] }] },
    ];
    const veto = { id: 'no-the', action: 'veto', pattern: [{ lower: ['the'] }] };
    const sentence = 'the engine plugin'.split(' ');
    for (const rules of [adds, [...adds, veto]]) {
      const tagger = createTagger({ defaultGazetteers: false, defaultRules: false, rules: [{ name: 'r', rules }] });
      expect(tagger.tagTokens(sentence).entities.map((e) => `${e.text}/${e.type}`)).toEqual(['engine/Application']);
    }
  });

  it('tests POS tags (wink-nlp) only when a rule asks', () => {
    const posTagger = createTagger({
      defaultGazetteers: false,
      defaultRules: false,
      rules: [{ name: 'pos', rules: [{ id: 'noun-then-library', action: 'add', type: 'Library', pattern: [{ pos: ['PROPN', 'NOUN'] }, { lower: 'library' }] }] }],
    });
    expect(posTagger.tagTokens('we used the Boost library today'.split(' ')).entities.map((e) => e.text)).toEqual(['Boost library']);
    expect(posTagger.tagTokens('we used the big library today'.split(' ')).entities).toEqual([]);
  });
});

describe('rule engine', () => {
  const gazetteer = { name: 'g.yaml', type: 'Language', entries: ['Pascal'] };
  const retype = { id: 'pascal-unit', why: 'Pascal as a unit', action: 'retype', types: ['Language'], to: 'General_Concept', pattern: [{ text: 'Pascal' }] };
  const needsLanguage = { id: 'lang-version', why: 'a language followed by a version', action: 'add', type: 'Library', pattern: [{ type: 'Language' }, { shape: 'd.d' }] };

  it('retypes make new candidates: later type tests still see the gazetteer type', () => {
    const tagger = createTagger({ defaultGazetteers: false, defaultRules: false, gazetteers: [gazetteer], rules: [{ name: 'r.yaml', rules: [retype, needsLanguage] }] });
    // The add rule's `type: Language` test sees the candidate as the gazetteer found it, before the retype.
    const result = tagger.tag('Pascal 7.0 is old');
    expect(result.entities.map((e) => [e.text, e.type, e.source.kind === 'rule' ? e.source.rule : 'gazetteer'])).toEqual([['Pascal 7.0', 'Library', 'lang-version']]);
    // Without the add rule the retype shows, with its reason.
    const retypeOnly = createTagger({ defaultGazetteers: false, defaultRules: false, gazetteers: [gazetteer], rules: [{ name: 'r.yaml', rules: [retype] }] });
    const [entity] = retypeOnly.tag('Pascal 7.0 is old').entities;
    expect(entity).toMatchObject({ type: 'General_Concept', source: { kind: 'rule', rule: 'pascal-unit', detail: 'retyped Language → General_Concept' } });
  });

  it('compiles operators once to token counts', () => {
    const loaded = loadRulesYaml('rules:\n  - { id: r, why: w, action: add, type: Library, pattern: [{ lower: a, op: "?" }, { lower: b, op: "+" }, { lower: c, op: "*" }, { lower: d }] }\n', 'r.yaml', TYPES);
    expect(loaded.rules[0]!.pattern.map((t) => [t.op, t.min, t.max])).toEqual([
      ['?', 0, 1],
      ['+', 1, 12],
      ['*', 0, 12],
      ['1', 1, 1],
    ]);
  });
});
