import type { RuleActionName } from './actions.js';

/** Repetition of a pattern item: exactly once (default), optional, one or more, zero or more. */
export type Op = '1' | '?' | '+' | '*';

/** One token test in a pattern. All present tests must hold (and `not` negates the whole item). */
export interface TokenTest {
  /** Token text, exactly (any of the list). */
  text?: ReadonlySet<string>;
  /** Lower-cased token text (any of the list). */
  lower?: ReadonlySet<string>;
  /** A regular expression tested on the token text. */
  regex?: RegExp;
  /** Token shape as in spaCy: `Xxxx`, `dd`, `X.X` … (letters → X/x, digits → d, runs capped at 4). */
  shape?: ReadonlySet<string>;
  /** The token lies inside a gazetteer candidate of one of these types. */
  type?: ReadonlySet<string>;
  /** Universal POS tag from wink-nlp (computed lazily, only for sentences where such an item is tried). */
  pos?: ReadonlySet<string>;
  not: boolean;
  /** As written (for the cache and messages); the matcher reads `min` and `max`. */
  op: Op;
  /** How many tokens the item must match at least (0 or 1) … */
  min: number;
  /** … and at most (1, or `MAX_REPEAT` for `+` and `*`). */
  max: number;
}

/** How many tokens a repeated item (`+`, `*`) may consume: keeps every pattern linear per start. */
export const MAX_REPEAT = 12;

/** Each operator as the token counts it allows; compiled once when a rule is loaded. */
export const OP_RANGES: Readonly<Record<Op, { min: number; max: number }>> = {
  '1': { min: 1, max: 1 },
  '?': { min: 0, max: 1 },
  '+': { min: 1, max: MAX_REPEAT },
  '*': { min: 0, max: MAX_REPEAT },
};

/**
 * A pattern item that tests nothing yet, with `op`'s token counts. Every item is made here, with
 * every field present (absent tests `undefined`), so that all items share one hidden class: the
 * matcher reads them at one site (`testToken`), where items of a dozen shapes cost V8 a
 * megamorphic lookup per field, several times the cost of a test on one shape.
 */
export function newTokenTest(op: Op = '1', not = false): TokenTest {
  const { min, max } = OP_RANGES[op];
  return { text: undefined, lower: undefined, regex: undefined, shape: undefined, type: undefined, pos: undefined, not, op, min, max };
}

/** What a rule does: add a new candidate, veto a gazetteer candidate, or change its type (see `RULE_ACTIONS`). */
export type RuleAction = RuleActionName;

/** A compiled rule. */
export interface Rule {
  id: string;
  /** Why the rule exists, in a person's words; shown by `--explain`. */
  why: string;
  /** Rules are grouped for the ablation benchmark and for `--disable-group`. */
  group: string;
  action: RuleAction;
  /** For `add`: the type of the new entity. For `retype`: the new type. */
  type?: string;
  /** For `veto`/`retype`: only candidates of these types (all when absent). */
  types?: ReadonlySet<string>;
  priority: number;
  pattern: TokenTest[];
  before: TokenTest[];
  after: TokenTest[];
  notBefore: TokenTest[];
  notAfter: TokenTest[];
  /** Lower-cased tokens one of which must occur in a sentence for the rule to possibly match. */
  anchors?: ReadonlySet<string>;
  /** Types one of which a gazetteer candidate must have for the rule to possibly match (from a required `type` test). */
  needsTypes?: ReadonlySet<string>;
  file: string;
  line: number;
}

/** Document-level passes that rules files can switch on. */
export interface PassOptions {
  /** `graphics processing unit (GPU)`: the acronym gets the type of the phrase it abbreviates. */
  acronyms: boolean;
  /** Names a document introduces (repeated, written like names, after `pip install` …): see src/components/document-names.ts. */
  documentNames?: boolean;
}
