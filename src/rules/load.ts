import { unknownTypeMessage } from '../entity-types.js';
import type { ErrorCode, Problem } from '../errors.js';
import type { PathSegment } from '../schema/index.js';
import { CheckedSource, ValueSource, YamlSource } from '../yaml-source.js';
import { RULE_ACTIONS, isRuleAction, type RuleDraft } from './actions.js';
import { checkRegexSafety } from './regex-safety.js';
import { OP_RANGES, newTokenTest, type Op, type PassOptions, type Rule, type TokenTest } from './types.js';

/** Universal POS tags, as wink-nlp emits them (the schema lists them for editors and messages). */
const POS_TAGS = new Set(['ADJ', 'ADP', 'ADV', 'AUX', 'CCONJ', 'DET', 'INTJ', 'NOUN', 'NUM', 'PART', 'PRON', 'PROPN', 'PUNCT', 'SCONJ', 'SYM', 'VERB', 'X', 'SPACE']);
/** The token tests of a pattern item (`not` and `op` only modify them). */
const TESTS = ['text', 'lower', 'regex', 'shape', 'type', 'pos'] as const;
/** A rule's lists of token tests, by key, and the field of `Rule` each fills. */
const ITEM_LISTS = { pattern: 'pattern', before: 'before', after: 'after', not_before: 'notBefore', not_after: 'notAfter' } as const;

/** A rule set passed as an object: the same shape as a rules YAML file. */
export interface RulesInput {
  /** Shown as the file in sources and messages. */
  name: string;
  rules: unknown[];
  passes?: Partial<PassOptions>;
}

export interface LoadedRuleFile {
  file: string;
  rules: Rule[];
  passes: Partial<PassOptions>;
  problems: Problem[];
}

/**
 * Parses and validates a rules YAML file: `rules:` (a list of rules) and optional `passes:`.
 * Every problem is collected, each under the rule it belongs to.
 */
export function loadRulesYaml(text: string, file: string, knownTypes: ReadonlySet<string>, seenIds: Map<string, string> = new Map()): LoadedRuleFile {
  return loadRulesSource(new YamlSource(text, file), knownTypes, seenIds);
}

/**
 * Validates and compiles a rule set given as an object, with the same checks as a file; problems
 * are placed at the number of the rule they belong to (`my-rules:3` is the third rule).
 */
export function loadRulesObject(input: RulesInput, knownTypes: ReadonlySet<string>, seenIds: Map<string, string> = new Map()): LoadedRuleFile {
  const name = typeof input?.name === 'string' && input.name !== '' ? input.name : '(rules object)';
  const { name: _name, ...content } = input;
  return loadRulesSource(new ValueSource(content, name, 'rules'), knownTypes, seenIds);
}

type Data = Record<string, unknown>;

function isRecord(value: unknown): value is Data {
  return typeof value === 'object' && value !== null && !Array.isArray(value);
}

/** A string or a list of strings, as read (what the schema refused is left out). */
function strings(value: unknown): string[] {
  if (typeof value === 'string' || typeof value === 'number') return [String(value)];
  return Array.isArray(value) ? value.filter((v) => typeof v === 'string' || typeof v === 'number').map(String) : [];
}

/** The id a rule is named by in messages. */
function idOf(rule: unknown): string {
  const id = isRecord(rule) ? rule.id : undefined;
  return typeof id === 'string' || typeof id === 'number' ? String(id) : '(unnamed rule)';
}

/**
 * Checks a rules file or object: first against the schema, then what a schema cannot say (known
 * types, regex safety, unique ids, what each action needs), and compiles the rules without a problem.
 */
function loadRulesSource(src: CheckedSource, knownTypes: ReadonlySet<string>, seenIds: Map<string, string>): LoadedRuleFile {
  const file = src.file;
  const result: LoadedRuleFile = { file, rules: [], passes: {}, problems: src.problems };
  if (!src.parsed) return result;
  const root = src.value;
  const list = isRecord(root) && Array.isArray(root.rules) ? root.rules : [];
  // Ids are claimed even by invalid rules, so a repeated id is reported whatever else is wrong;
  // a rule with a repeated id is not checked further.
  const repeated = new Set<number>();
  list.forEach((rule, index) => {
    const id = isRecord(rule) ? rule.id : undefined;
    if (typeof id !== 'string') return;
    const previous = seenIds.get(id);
    if (previous === undefined) {
      seenIds.set(id, `${file}:${src.lineAt(['rules', index])}`);
      return;
    }
    src.problemAt(['rules', index], 'DUPLICATE_RULE_ID', `rule id \`${id}\` is already used at ${previous}`);
    repeated.add(index);
  });
  const ruleIndex = (path: readonly PathSegment[]) => (path[0] === 'rules' && path.length > 1 ? Number(path[1]) : undefined);
  const invalid = new Set<number>(repeated);
  src.checkSchema('rules', {
    skip: (p) => repeated.has(ruleIndex(p.path) ?? -1),
    // Problems inside a rule name it, except the one saying it has no name.
    prefix: (p) => {
      const index = ruleIndex(p.path);
      if (index === undefined) return '';
      invalid.add(index);
      return p.code === 'MISSING_ID' || !isRecord(list[index]) ? '' : `rule \`${idOf(list[index])}\`: `;
    },
  });
  if (isRecord(root) && isRecord(root.passes)) {
    for (const pass of ['acronyms', 'documentNames'] as const) if (typeof root.passes[pass] === 'boolean') result.passes[pass] = root.passes[pass];
  }
  list.forEach((rule, index) => {
    if (repeated.has(index) || !isRecord(rule)) return;
    const compiled = compileRule(src, rule, index, knownTypes);
    if (compiled && !invalid.has(index)) result.rules.push(compiled);
  });
  src.sortProblems();
  return result;
}

/**
 * The checks of one rule the schema cannot make, then the compiled rule (undefined when a check
 * failed). Parts the schema refused are read as absent, so each mistake is reported once.
 */
function compileRule(src: CheckedSource, node: Data, index: number, knownTypes: ReadonlySet<string>): Rule | undefined {
  const id = idOf(node);
  const problemsBefore = src.problems.length;
  const report = (path: readonly PathSegment[], code: ErrorCode, message: string) => src.problemAt(['rules', index, ...path], code, `rule \`${id}\`: ${message}`);
  const knownType = (path: readonly PathSegment[], type: string) => {
    if (knownTypes.has(type)) return true;
    report(path, 'UNKNOWN_TYPE', unknownTypeMessage(type, knownTypes));
    return false;
  };
  const items: Record<(typeof ITEM_LISTS)[keyof typeof ITEM_LISTS], TokenTest[]> = { pattern: [], before: [], after: [], notBefore: [], notAfter: [] };
  for (const [key, field] of Object.entries(ITEM_LISTS) as Array<[keyof typeof ITEM_LISTS, (typeof ITEM_LISTS)[keyof typeof ITEM_LISTS]]>) {
    const value = node[key];
    if (!Array.isArray(value)) continue;
    value.forEach((item, k) => {
      if (isRecord(item)) items[field].push(compileItem(item, [key, k], report, knownType));
    });
  }
  let type: string | undefined;
  for (const key of ['type', 'to'] as const) {
    const value = node[key];
    if (typeof value === 'string' && knownType([key], value)) type = value;
  }
  const types = node.types === undefined ? undefined : new Set(strings(node.types).filter((t) => knownType(['types'], t)));
  const action = isRuleAction(node.action) ? node.action : undefined;
  const draft: RuleDraft = { id, typeGiven: 'type' in node || 'to' in node, pattern: items.pattern };
  if (action !== undefined) {
    RULE_ACTIONS[action].validate(draft, (code, message, key) => report(key === undefined || !(key in node) ? [] : [key], code, message));
  }
  if (items.pattern.length > 0 && items.pattern.every((item) => item.min === 0)) {
    report('pattern' in node ? ['pattern'] : [], 'EMPTY_MATCH', 'every item of the pattern is optional, so it could match nothing');
  }
  if (src.problems.length > problemsBefore || action === undefined) return undefined;
  const rule: Rule = {
    id,
    why: typeof node.why === 'string' || typeof node.why === 'number' ? String(node.why) : '',
    group: typeof node.group === 'string' || typeof node.group === 'number' ? String(node.group) : id,
    action,
    type,
    types,
    priority: typeof node.priority === 'number' ? node.priority : RULE_ACTIONS[action].defaultPriority,
    ...items,
    file: src.file,
    line: src.lineAt(['rules', index]),
  };
  if (rule.type === undefined) delete rule.type;
  if (rule.types === undefined) delete rule.types;
  rule.anchors = anchorsOf(rule.pattern);
  rule.needsTypes = rule.pattern.find((item) => item.type && !item.not && item.min > 0)?.type;
  return rule;
}

/** One token test, compiled; regexes are checked for safety and syntax, types for being known. */
function compileItem(
  node: Data,
  at: readonly PathSegment[],
  report: (path: readonly PathSegment[], code: ErrorCode, message: string) => void,
  knownType: (path: readonly PathSegment[], type: string) => boolean,
): TokenTest {
  const item = newTokenTest();
  if (typeof node.op === 'string' || typeof node.op === 'number') {
    const op = String(node.op);
    if (op in OP_RANGES) Object.assign(item, { op }, OP_RANGES[op as Op]);
  }
  if (typeof node.not === 'boolean') item.not = node.not;
  if ('text' in node) item.text = new Set(strings(node.text));
  if ('lower' in node) item.lower = new Set(strings(node.lower).map((s) => s.toLowerCase()));
  if ('shape' in node) item.shape = new Set(strings(node.shape));
  if (typeof node.regex === 'string' || typeof node.regex === 'number') {
    const source = String(node.regex);
    const unsafe = checkRegexSafety(source);
    if (unsafe) {
      report([...at, 'regex'], 'UNSAFE_REGEX', unsafe);
    } else {
      try {
        item.regex = new RegExp(source, 'u');
      } catch (error) {
        // V8's message already starts with "Invalid regular expression: "; say it once.
        report([...at, 'regex'], 'BAD_REGEX', `invalid regular expression: ${(error as Error).message.replace(/^Invalid regular expression: /, '')}`);
      }
    }
  }
  if ('type' in node) {
    const types = strings(node.type);
    for (const t of types) knownType([...at, 'type'], t);
    item.type = new Set(types);
  }
  if ('pos' in node) item.pos = new Set(strings(node.pos).filter((t) => POS_TAGS.has(t)));
  if (!TESTS.some((test) => test in node)) report(at, 'EMPTY_ITEM', `a token test needs at least one of ${TESTS.join(', ')}`);
  return item;
}

/**
 * Literal tokens one of which any match must contain: the values of the first required item that
 * tests `text` or `lower`. Sentences without any of them skip the rule entirely.
 */
function anchorsOf(pattern: readonly TokenTest[]): ReadonlySet<string> | undefined {
  for (const item of pattern) {
    if (item.not || item.min === 0) continue;
    if (item.lower) return item.lower;
    if (item.text) return new Set([...item.text].map((t) => t.toLowerCase()));
  }
  return undefined;
}
