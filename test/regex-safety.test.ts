import { describe, expect, it } from 'vitest';
import { createTagger, type SertagError } from '../src/index.js';
import { checkRegexSafety } from '../src/rules/regex-safety.js';

describe('regex safety: polynomial patterns (issue 27.8)', () => {
  it.each([
    { source: '^\\w*\\w*\\w*\\w*\\w*\\w*\\w*y$', safe: false, why: 'seven repeats over the same characters: n^7 (43 s on 100 characters before)' },
    { source: '^\\w*\\w*\\w*y$', safe: false, why: 'three: n^3' },
    { source: '\\w+\\w+', safe: false, why: 'two, unanchored: every start is tried, n^3' },
    { source: '.*Error.*', safe: false, why: 'two dots around a literal they also match, unanchored' },
    { source: '^\\w+\\d+$', safe: true, why: 'two, anchored: n^2' },
    { source: '^\\w+-\\w+-\\w+$', safe: true, why: 'separated by a character neither part matches' },
    { source: '^[A-Za-z_][A-Za-z0-9_]*(?:\\[\\])+$', safe: true, why: 'a bundled pattern: the repeats share nothing' },
    { source: '^(?:[a-z][a-z0-9_.]*\\.)?[A-Z][A-Za-z0-9]*(?:Error|Exception)$', safe: true, why: 'a bundled pattern' },
    { source: 'a*b*c*', safe: true, why: 'repeats of different characters' },
  ])('$source is safe: $safe ($why)', ({ source, safe }) => {
    expect(checkRegexSafety(source) === undefined).toBe(safe);
  });

  it('refuses the pattern of the issue in a rule, with UNSAFE_REGEX and the degree', () => {
    const rules = [{ id: 'slow', why: 'test', action: 'add', type: 'Library', pattern: [{ regex: '^\\w*\\w*\\w*\\w*\\w*\\w*\\w*y$' }] }];
    let problems: Array<{ code: string; message: string }> = [];
    try {
      createTagger({ defaultGazetteers: false, defaultRules: false, rules: [{ rules }] as never });
    } catch (error) {
      problems = (error as SertagError).problems;
    }
    expect(problems.map((p) => p.code)).toEqual(['UNSAFE_REGEX']);
    expect(problems[0]!.message).toMatch(/about n\^7 steps/);
  });
});
