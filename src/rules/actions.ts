import type { Candidate } from '../types.js';
import { addCandidates, type SentenceView } from './apply.js';
import type { Rule } from './types.js';

/** A rule as read, before its action's checks: what `validate` sees. */
export interface RuleDraft {
  id: string;
  /** Whether the rule names a type (`type:` or `to:`), valid or not: a missing one is the action's problem. */
  typeGiven: boolean;
  pattern: Rule['pattern'];
}

/** Reports a problem of the rule being checked, at the rule or at one of its keys (`pattern`). */
export type RuleProblemReporter = (code: 'MISSING_TYPE' | 'MISSING_PATTERN', message: string, key?: string) => void;

/**
 * What one rule action is, in one place: the checks a rule with it must pass beyond the schema,
 * its default priority, and what it does when tagging. Adding an action is one entry here (and its
 * name in the `action` enum of `schemas/rules.schema.json`, which a test keeps equal to this table).
 */
export interface RuleActionSpec {
  /** `adds`: proposes new candidates where its pattern matches. `judges`: passes on each gazetteer candidate it applies to. */
  readonly kind: 'adds' | 'judges';
  /** The priority of a rule that gives none. */
  readonly defaultPriority: number;
  /** Checks that depend on the action (an `add` needs a type and a pattern). */
  validate(rule: RuleDraft, report: RuleProblemReporter): void;
  /** For `adds`: pushes every candidate the rule proposes in the sentence. */
  propose?(rule: Rule, view: SentenceView, out: Candidate[]): void;
  /** For `judges`: the candidate as the rule leaves it (a new one when changed), or undefined when it is dropped. */
  judge?(rule: Rule, candidate: Candidate): Candidate | undefined;
}

/** Default priority of rule-added entities: above plain gazetteer entries (0). */
const DEFAULT_ADD_PRIORITY = 10;

/** Every rule action, by the name a rules file gives it (`action: add`). */
export const RULE_ACTIONS = {
  add: {
    kind: 'adds',
    defaultPriority: DEFAULT_ADD_PRIORITY,
    validate(rule, report) {
      if (!rule.typeGiven) report('MISSING_TYPE', 'an `add` rule needs `type:`');
      if (rule.pattern.length === 0) report('MISSING_PATTERN', 'an `add` rule needs a non-empty `pattern`', 'pattern');
    },
    propose: addCandidates,
  },
  veto: {
    kind: 'judges',
    defaultPriority: 0,
    validate() {},
    judge: () => undefined,
  },
  retype: {
    kind: 'judges',
    defaultPriority: 0,
    validate(rule, report) {
      if (!rule.typeGiven) report('MISSING_TYPE', 'a `retype` rule needs `to:`');
    },
    // A retype makes a new candidate: the one found is left as it was (rules read it).
    judge: (rule, c) => ({ ...c, type: rule.type!, rule: { id: rule.id, file: rule.file, line: rule.line, detail: `retyped ${c.type} → ${rule.type}` } }),
  },
} as const satisfies Record<string, RuleActionSpec>;

/** The name of a rule action (`add`, `veto`, `retype`). */
export type RuleActionName = keyof typeof RULE_ACTIONS;

/** Whether `name` is a rule action. */
export function isRuleAction(name: unknown): name is RuleActionName {
  return typeof name === 'string' && Object.hasOwn(RULE_ACTIONS, name);
}

/** The spec of a rule's action. */
export function actionOf(rule: Pick<Rule, 'action'>): RuleActionSpec {
  return RULE_ACTIONS[rule.action];
}

/**
 * A `judges` rule's verdict on a gazetteer candidate it applies to (see `ruleAppliesTo`): the
 * candidate as the rule leaves it, or undefined when the rule drops it.
 */
export function judgeCandidate(rule: Rule, candidate: Candidate): Candidate | undefined {
  return actionOf(rule).judge!(rule, candidate);
}
