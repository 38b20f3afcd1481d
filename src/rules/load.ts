import { unknownTypeMessage } from '../entity-types.js';
import type { Problem } from '../errors.js';
import { YamlSource, isMap, isScalar, isSeq, mapHasKey, mapPairs, scalarString, stringList } from '../yaml-source.js';
import { checkRegexSafety } from './regex-safety.js';
import { OP_RANGES, newTokenTest, type Op, type PassOptions, type Rule, type RuleAction, type TokenTest } from './types.js';

const RULE_KEYS = ['id', 'why', 'group', 'action', 'type', 'types', 'to', 'priority', 'pattern', 'before', 'after', 'not_before', 'not_after'] as const;
const ITEM_KEYS = ['text', 'lower', 'regex', 'shape', 'type', 'pos', 'not', 'op'] as const;
const ACTIONS: readonly RuleAction[] = ['add', 'veto', 'retype'];
const OPS: readonly Op[] = ['1', '?', '+', '*'];
/** Universal POS tags, as wink-nlp emits them. */
const POS_TAGS = new Set(['ADJ', 'ADP', 'ADV', 'AUX', 'CCONJ', 'DET', 'INTJ', 'NOUN', 'NUM', 'PART', 'PRON', 'PROPN', 'PUNCT', 'SCONJ', 'SYM', 'VERB', 'X', 'SPACE']);
/** Default priority of rule-added entities: above plain gazetteer entries (0). */
const DEFAULT_ADD_PRIORITY = 10;

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
  return loadRulesSource(YamlSource.fromValue(content, name, 'rules'), knownTypes, seenIds);
}

function loadRulesSource(src: YamlSource, knownTypes: ReadonlySet<string>, seenIds: Map<string, string>): LoadedRuleFile {
  const file = src.file;
  const result: LoadedRuleFile = { file, rules: [], passes: {}, problems: src.problems };
  if (!src.parsed) return result;
  const root = src.doc.contents;
  if (!isMap(root)) {
    src.problem(root, 'WRONG_SHAPE', 'a rules file must be a mapping with a `rules:` list (see docs/formats.md, "Rule files")');
    return result;
  }
  for (const { key, keyNode, value } of mapPairs(root)) {
    if (key === 'rules') {
      if (!isSeq(value)) {
        src.problem(value ?? keyNode, 'WRONG_SHAPE', '`rules` must be a list');
        continue;
      }
      for (const item of value.items) {
        // Ids are claimed even by invalid rules, so a repeated id is reported whatever else is wrong.
        const id = isMap(item) ? item.get('id') : undefined;
        if (typeof id === 'string') {
          const previous = seenIds.get(id);
          if (previous !== undefined) {
            src.problem(item, 'DUPLICATE_RULE_ID', `rule id \`${id}\` is already used at ${previous}`);
            continue;
          }
          seenIds.set(id, `${file}:${src.lineOf(item)}`);
        }
        const rule = readRule(src, item, knownTypes);
        if (rule) result.rules.push(rule);
      }
    } else if (key === 'passes') {
      for (const pass of mapPairs(value)) {
        if (pass.key !== 'acronyms') {
          src.problem(pass.keyNode, 'UNKNOWN_KEY', `unknown pass \`${pass.key}\`; passes are \`acronyms\``);
        } else if (isScalar(pass.value) && typeof pass.value.value === 'boolean') {
          result.passes.acronyms = pass.value.value;
        } else {
          src.problem(pass.value, 'WRONG_SHAPE', `\`${pass.key}\` must be true or false`);
        }
      }
    } else {
      src.problem(keyNode, 'UNKNOWN_KEY', `unknown key \`${key}\`; a rules file has \`rules\` and \`passes\``);
    }
  }
  return result;
}

function readRule(src: YamlSource, node: unknown, knownTypes: ReadonlySet<string>): Rule | undefined {
  if (!isMap(node)) {
    src.problem(node, 'WRONG_SHAPE', 'a rule must be a mapping with `id`, `action` and `pattern`');
    return undefined;
  }
  const errorsBefore = src.problems.length;
  const line = src.lineOf(node);
  const rule: Partial<Rule> & { pattern: TokenTest[]; before: TokenTest[]; after: TokenTest[]; notBefore: TokenTest[]; notAfter: TokenTest[] } = {
    pattern: [],
    before: [],
    after: [],
    notBefore: [],
    notAfter: [],
    file: src.file,
    line,
    why: '',
  };
  let id = '(unnamed rule)';
  let patternNode: unknown;
  const checkType = (typeNode: unknown, type: string) => {
    if (knownTypes.has(type)) return true;
    src.problem(typeNode, 'UNKNOWN_TYPE', `rule \`${id}\`: ${unknownTypeMessage(type, knownTypes)}`);
    return false;
  };
  for (const { key, value } of mapPairs(node)) {
    if (key === 'id') id = scalarString(src, value, '`id`') ?? id;
  }
  for (const { key, keyNode, value } of mapPairs(node)) {
    switch (key) {
      case 'id':
        rule.id = id;
        break;
      case 'why':
        rule.why = scalarString(src, value, '`why`') ?? '';
        break;
      case 'group':
        rule.group = scalarString(src, value, '`group`');
        break;
      case 'action': {
        const action = scalarString(src, value, '`action`');
        if (action !== undefined && (ACTIONS as readonly string[]).includes(action)) rule.action = action as RuleAction;
        else if (action !== undefined) src.problem(value, 'BAD_VALUE', `rule \`${id}\`: \`action\` must be one of ${ACTIONS.join(', ')}, not \`${action}\``);
        break;
      }
      case 'type':
      case 'to': {
        const type = scalarString(src, value, `\`${key}\``);
        if (type !== undefined && checkType(value, type)) rule.type = type;
        break;
      }
      case 'types': {
        const types = stringList(src, value, '`types`') ?? [];
        rule.types = new Set(types.filter((t) => checkType(value, t)));
        break;
      }
      case 'priority':
        if (isScalar(value) && typeof value.value === 'number') rule.priority = value.value;
        else src.problem(value, 'WRONG_SHAPE', `rule \`${id}\`: \`priority\` must be a number`);
        break;
      case 'pattern':
        patternNode = value;
        rule.pattern = readItems(src, value, id, 'pattern', knownTypes);
        break;
      case 'before':
      case 'after':
        rule[key] = readItems(src, value, id, key, knownTypes);
        break;
      case 'not_before':
        rule.notBefore = readItems(src, value, id, key, knownTypes);
        break;
      case 'not_after':
        rule.notAfter = readItems(src, value, id, key, knownTypes);
        break;
      default:
        src.problem(keyNode, 'UNKNOWN_KEY', `rule \`${id}\`: unknown key \`${key}\`; a rule has ${RULE_KEYS.map((k) => '`' + k + '`').join(', ')}`);
    }
  }
  if (rule.id === undefined) src.problem(node, 'MISSING_ID', 'every rule needs an `id`');
  if (rule.action === undefined && !src.problems.slice(errorsBefore).some((p) => p.code === 'BAD_VALUE')) {
    src.problem(node, 'MISSING_ACTION', `rule \`${id}\`: needs \`action: add\`, \`veto\` or \`retype\``);
  }
  const typeGiven = mapHasKey(node, 'type') || mapHasKey(node, 'to');
  if (rule.action === 'add' && !typeGiven) src.problem(node, 'MISSING_TYPE', `rule \`${id}\`: an \`add\` rule needs \`type:\``);
  if (rule.action === 'retype' && !typeGiven) src.problem(node, 'MISSING_TYPE', `rule \`${id}\`: a \`retype\` rule needs \`to:\``);
  if (rule.action === 'add' && rule.pattern.length === 0) src.problem(patternNode ?? node, 'MISSING_PATTERN', `rule \`${id}\`: an \`add\` rule needs a non-empty \`pattern\``);
  if (rule.pattern.length > 0 && rule.pattern.every((item) => item.min === 0)) {
    src.problem(patternNode ?? node, 'EMPTY_MATCH', `rule \`${id}\`: every item of the pattern is optional, so it could match nothing`);
  }
  if (src.problems.length > errorsBefore) return undefined;
  rule.group ??= id;
  rule.priority ??= rule.action === 'add' ? DEFAULT_ADD_PRIORITY : 0;
  rule.anchors = anchorsOf(rule.pattern);
  rule.needsTypes = rule.pattern.find((item) => item.type && !item.not && item.min > 0)?.type;
  return rule as Rule;
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

function readItems(src: YamlSource, node: unknown, id: string, where: string, knownTypes: ReadonlySet<string>): TokenTest[] {
  if (!isSeq(node)) {
    src.problem(node, 'WRONG_SHAPE', `rule \`${id}\`: \`${where}\` must be a list of token tests`);
    return [];
  }
  const items: TokenTest[] = [];
  for (const itemNode of node.items) {
    const item = readItem(src, itemNode, id, where, knownTypes);
    if (item) items.push(item);
  }
  return items;
}

function readItem(src: YamlSource, node: unknown, id: string, where: string, knownTypes: ReadonlySet<string>): TokenTest | undefined {
  if (!isMap(node)) {
    src.problem(node, 'WRONG_SHAPE', `rule \`${id}\`: each item of \`${where}\` must be a mapping such as \`{lower: algorithm}\``);
    return undefined;
  }
  const item = newTokenTest();
  let tests = 0;
  for (const { key, keyNode, value } of mapPairs(node)) {
    switch (key) {
      case 'text':
        item.text = new Set(stringList(src, value, '`text`'));
        tests++;
        break;
      case 'lower':
        item.lower = new Set((stringList(src, value, '`lower`') ?? []).map((s) => s.toLowerCase()));
        tests++;
        break;
      case 'shape':
        item.shape = new Set(stringList(src, value, '`shape`'));
        tests++;
        break;
      case 'regex': {
        const source = scalarString(src, value, '`regex`');
        tests++;
        if (source === undefined) break;
        const unsafe = checkRegexSafety(source);
        if (unsafe) {
          src.problem(value, 'UNSAFE_REGEX', `rule \`${id}\`: ${unsafe}`);
          break;
        }
        try {
          item.regex = new RegExp(source, 'u');
        } catch (error) {
          // V8's message already starts with "Invalid regular expression: "; say it once.
          src.problem(value, 'BAD_REGEX', `rule \`${id}\`: invalid regular expression: ${(error as Error).message.replace(/^Invalid regular expression: /, '')}`);
        }
        break;
      }
      case 'type': {
        const types = stringList(src, value, '`type`') ?? [];
        for (const t of types) {
          if (!knownTypes.has(t)) src.problem(value, 'UNKNOWN_TYPE', `rule \`${id}\`: ${unknownTypeMessage(t, knownTypes)}`);
        }
        item.type = new Set(types);
        tests++;
        break;
      }
      case 'pos': {
        const tags = stringList(src, value, '`pos`') ?? [];
        for (const t of tags) if (!POS_TAGS.has(t)) src.problem(value, 'BAD_VALUE', `rule \`${id}\`: unknown POS tag \`${t}\`; use one of ${[...POS_TAGS].join(' ')}`);
        item.pos = new Set(tags);
        tests++;
        break;
      }
      case 'not':
        if (isScalar(value) && typeof value.value === 'boolean') item.not = value.value;
        else src.problem(value, 'WRONG_SHAPE', `rule \`${id}\`: \`not\` must be true or false`);
        break;
      case 'op': {
        const op = isScalar(value) ? String(value.value) : '';
        if ((OPS as readonly string[]).includes(op)) Object.assign(item, { op }, OP_RANGES[op as Op]);
        else src.problem(value, 'BAD_VALUE', `rule \`${id}\`: \`op\` must be one of ${OPS.map((o) => `"${o}"`).join(', ')}`);
        break;
      }
      default:
        src.problem(keyNode, 'UNKNOWN_KEY', `rule \`${id}\`: unknown token test \`${key}\`; tests are ${ITEM_KEYS.map((k) => '`' + k + '`').join(', ')}`);
    }
  }
  if (tests === 0) src.problem(node, 'EMPTY_ITEM', `rule \`${id}\`: a token test needs at least one of text, lower, regex, shape, type, pos`);
  return item;
}
