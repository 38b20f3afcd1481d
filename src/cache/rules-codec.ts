import { newTokenTest, type Rule, type TokenTest } from '../rules/types.js';

/** A rule as JSON: Sets become arrays, a RegExp its source and flags. */
type StoredTest = Omit<TokenTest, 'text' | 'lower' | 'regex' | 'shape' | 'type' | 'pos' | 'min' | 'max'> & {
  text?: string[];
  lower?: string[];
  regex?: [string, string];
  shape?: string[];
  type?: string[];
  pos?: string[];
};

export type StoredRule = Omit<Rule, 'types' | 'anchors' | 'needsTypes' | 'pattern' | 'before' | 'after' | 'notBefore' | 'notAfter'> & {
  types?: string[];
  anchors?: string[];
  needsTypes?: string[];
  pattern: StoredTest[];
  before: StoredTest[];
  after: StoredTest[];
  notBefore: StoredTest[];
  notAfter: StoredTest[];
};

const SET_TESTS = ['text', 'lower', 'shape', 'type', 'pos'] as const;
const PARTS = ['pattern', 'before', 'after', 'notBefore', 'notAfter'] as const;

function encodeTest(test: TokenTest): StoredTest {
  const out: StoredTest = { not: test.not, op: test.op };
  for (const key of SET_TESTS) {
    const set = test[key];
    if (set) out[key] = [...set];
  }
  if (test.regex) out.regex = [test.regex.source, test.regex.flags];
  return out;
}

function decodeTest(stored: StoredTest): TokenTest {
  const test = newTokenTest(stored.op, stored.not);
  for (const key of SET_TESTS) {
    const list = stored[key];
    if (list) test[key] = new Set(list);
  }
  if (stored.regex) test.regex = new RegExp(stored.regex[0], stored.regex[1]);
  return test;
}

/** A compiled rule as plain JSON data. */
export function encodeRule(rule: Rule): StoredRule {
  const { types, anchors, needsTypes, pattern, before, after, notBefore, notAfter, ...scalars } = rule;
  const stored: StoredRule = {
    ...scalars,
    pattern: pattern.map(encodeTest),
    before: before.map(encodeTest),
    after: after.map(encodeTest),
    notBefore: notBefore.map(encodeTest),
    notAfter: notAfter.map(encodeTest),
  };
  if (types) stored.types = [...types];
  if (anchors) stored.anchors = [...anchors];
  if (needsTypes) stored.needsTypes = [...needsTypes];
  return stored;
}

/** The compiled rule back from `encodeRule`'s JSON. */
export function decodeRule(stored: StoredRule): Rule {
  const { types, anchors, needsTypes, ...rest } = stored;
  const rule = { ...rest } as unknown as Rule;
  for (const part of PARTS) rule[part] = stored[part].map(decodeTest);
  if (types) rule.types = new Set(types);
  if (anchors) rule.anchors = new Set(anchors);
  if (needsTypes) rule.needsTypes = new Set(needsTypes);
  return rule;
}
