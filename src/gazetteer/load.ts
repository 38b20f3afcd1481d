import { tokenize } from '../tokenize/index.js';
import { DEFAULT_ABBREVIATIONS, type Abbreviations } from '../tokenize/abbreviations.js';
import { TYPE_NAME, unknownTypeMessage } from '../entity-types.js';
import type { ErrorCode, Problem } from '../errors.js';
import { YamlSource, isMap, isScalar, isSeq, mapHasKey, mapPairs, scalarString, stringList } from '../yaml-source.js';
import { inflect } from './variants.js';
import type { CasePolicy, EntryContext, GazetteerEntry, GazetteerEntryInput, GazetteerInput, Variant } from './types.js';

const FILE_KEYS = ['type', 'case', 'variants', 'priority', 'declare', 'entries'] as const;
const ENTRY_KEYS = ['term', 'type', 'case', 'aliases', 'variants', 'priority', 'not_next', 'not_prev', 'next', 'prev'] as const;
/** A term the tokenizer splits at its spaces and nowhere else. */
const PLAIN_WORDS = /^[A-Za-z0-9]+(?: [A-Za-z0-9]+)*$/;
const CASE_POLICIES: readonly CasePolicy[] = ['exact', 'ignore'];
const VARIANTS: readonly Variant[] = ['plural', 'singular'];

/** The result of loading one gazetteer: its compiled entries and every problem found. */
export interface LoadedGazetteer {
  file: string;
  entries: GazetteerEntry[];
  problems: Problem[];
  /** Types this file declares (`declare: [...]`) in addition to the built-in ones. */
  declaredTypes: string[];
}

/**
 * The entries of one gazetteer to compile, in parallel arrays (no object per entry: a gazetteer may
 * have millions): each entry's input, the line it was written on (for sources and messages), and
 * what problems at it are reported against (its YAML node, or its index in an object's list).
 */
interface EntryInputs {
  values: GazetteerEntryInput[];
  lines: number[];
  at: unknown[];
}

/** Reports a problem at an entry (`EntryInputs.at`). One function per file, not one closure per entry. */
type EntryReporter = (at: unknown, code: ErrorCode, message: string, severity?: Problem['severity']) => void;

/** A profile's conventions that shape compiled entries: the default case policy and how terms are tokenized. */
export interface GazetteerConventions {
  case: CasePolicy;
  abbreviations: Abbreviations;
}

const DEFAULT_CONVENTIONS: GazetteerConventions = { case: 'ignore', abbreviations: DEFAULT_ABBREVIATIONS };

interface FileDefaults {
  type?: string;
  case: CasePolicy;
  /** Terms are tokenized as the text will be, or they could never match. */
  abbreviations: Abbreviations;
  variants: Variant[];
  priority: number;
}

/**
 * Types declared by a gazetteer file (`declare: [...]`), read before validation so a file may use
 * its own types. Only the validating pass (`report`) records problems, so none is listed twice.
 */
export function declaredTypesOf(src: YamlSource, report = false): string[] {
  const declared = src.doc.get('declare', true);
  if (declared === undefined) return [];
  if (!report) return isSeq(declared) ? declared.items.flatMap((i) => (isScalar(i) && typeof i.value === 'string' ? [i.value] : [])) : [];
  return stringList(src, declared, '`declare`') ?? [];
}

/**
 * Parses and validates a gazetteer YAML file. All problems are collected (none thrown), each with
 * its line and column, so a person fixes a file in one pass.
 */
export function loadGazetteerYaml(text: string, file: string, knownTypes: ReadonlySet<string>): LoadedGazetteer {
  return loadGazetteerSource(new YamlSource(text, file), knownTypes);
}

/**
 * `loadGazetteerYaml` for a file already parsed (parsing is most of the cost of loading).
 * `conventions`: the profile's (the case policy of entries whose file and entry give none, the
 * tokenizer's abbreviations).
 */
export function loadGazetteerSource(src: YamlSource, knownTypes: ReadonlySet<string>, conventions: GazetteerConventions = DEFAULT_CONVENTIONS): LoadedGazetteer {
  const file = src.file;
  const result: LoadedGazetteer = { file, entries: [], problems: src.problems, declaredTypes: [] };
  if (!src.parsed) return result;
  const root = src.doc.contents;
  if (!isMap(root)) {
    src.problem(root, 'WRONG_SHAPE', 'a gazetteer file must be a mapping with an `entries:` list (see docs/formats.md, "Gazetteer files")');
    return result;
  }
  result.declaredTypes = declaredTypesOf(src, true);
  const defaults: FileDefaults = { case: conventions.case, abbreviations: conventions.abbreviations, variants: [], priority: 0 };
  let entriesNode: unknown;
  for (const { key, keyNode, value } of mapPairs(root)) {
    switch (key) {
      case 'type':
        defaults.type = scalarString(src, value, '`type`');
        break;
      case 'case':
        defaults.case = readCase(src, value) ?? defaults.case;
        break;
      case 'variants':
        defaults.variants = readVariants(src, value);
        break;
      case 'priority':
        defaults.priority = readNumber(src, value, '`priority`') ?? 0;
        break;
      case 'declare':
        break;
      case 'entries':
        entriesNode = value;
        break;
      default:
        src.problem(keyNode, 'UNKNOWN_KEY', `unknown key \`${key}\`; a gazetteer file has ${FILE_KEYS.map((k) => '`' + k + '`').join(', ')}`);
    }
  }
  if (entriesNode === undefined) {
    src.problem(root, 'MISSING_ENTRIES', 'a gazetteer file needs an `entries:` list');
    return result;
  }
  if (!isSeq(entriesNode)) {
    src.problem(entriesNode, 'WRONG_SHAPE', '`entries` must be a list');
    return result;
  }
  const types = new Set([...knownTypes, ...result.declaredTypes]);
  if (defaults.type !== undefined && !checkType(defaults.type, types, (c, m) => src.problem(root.get('type', true), c, m))) {
    defaults.type = undefined;
  }
  const inputs: EntryInputs = { values: [], lines: [], at: [] };
  for (const item of entriesNode.items) {
    const { line } = src.positionOf(item);
    const input = readEntry(src, item);
    if (input) {
      inputs.values.push(input);
      inputs.lines.push(line);
      inputs.at.push(item);
    }
  }
  const report: EntryReporter = (at, code, message, severity) => src.problem(at, code, message, severity);
  result.entries = compileEntries(inputs, defaults, types, file, report);
  return result;
}

/** Validates and compiles a gazetteer given as an object. Problems carry the entry's index as its line. */
export function loadGazetteerObject(input: GazetteerInput, knownTypes: ReadonlySet<string>, conventions: GazetteerConventions = DEFAULT_CONVENTIONS): LoadedGazetteer {
  const problems: Problem[] = [];
  const file = typeof input.name === 'string' && input.name !== '' ? input.name : '(gazetteer object)';
  // Objects come from JavaScript callers, whom the type checker may not have seen: check the shape.
  if (!Array.isArray(input.entries)) {
    problems.push({ file, line: 0, col: 0, code: 'WRONG_SHAPE', message: '`entries` must be an array of terms or `{ term, … }` objects', severity: 'error' });
    return { file, entries: [], problems, declaredTypes: [] };
  }
  const defaults: FileDefaults = {
    type: input.type,
    case: input.case ?? conventions.case,
    abbreviations: conventions.abbreviations,
    variants: input.variants ?? [],
    priority: input.priority ?? 0,
  };
  const report: EntryReporter = (at, code, message, severity = 'error') => {
    const index = at as number;
    problems.push({ file, line: index + 1, col: 0, code, message: `entry ${index + 1}: ${message}`, severity });
  };
  const inputs: EntryInputs = { values: [], lines: [], at: [] };
  const list: unknown[] = input.entries;
  for (let index = 0; index < list.length; index++) {
    const entry = list[index];
    const value = typeof entry === 'string' ? { term: entry } : entry;
    if (typeof value !== 'object' || value === null || typeof (value as { term?: unknown }).term !== 'string') {
      report(index, 'WRONG_SHAPE', 'an entry must be a string or an object with a string `term`');
      continue;
    }
    inputs.values.push(value as GazetteerEntryInput);
    inputs.lines.push(index + 1);
    inputs.at.push(index);
  }
  const entries = compileEntries(inputs, defaults, knownTypes, file, report);
  return { file, entries, problems, declaredTypes: [] };
}

function checkType(type: string, types: ReadonlySet<string>, report: (code: ErrorCode, message: string) => void): boolean {
  if (types.has(type)) return true;
  if (!TYPE_NAME.test(type)) {
    report('BAD_TYPE_NAME', `\`${type}\` is not a valid type name (letters, digits and _ only)`);
    return false;
  }
  report('UNKNOWN_TYPE', `${unknownTypeMessage(type, types)} (declare new types with \`declare: [${type}]\`)`);
  return false;
}

function compileEntries(
  inputs: EntryInputs,
  defaults: FileDefaults,
  types: ReadonlySet<string>,
  file: string,
  report: EntryReporter,
): GazetteerEntry[] {
  const entries: GazetteerEntry[] = [];
  // A form listed twice: same type is a harmless repeat (warning); another type is a contradiction (error).
  // The entry that listed it first is kept (not a new object per form: a gazetteer may have millions).
  const seen = new Map<string, number>();
  const { values, lines } = inputs;
  for (let i = 0; i < values.length; i++) {
    const input = values[i]!;
    const line = lines[i]!;
    const at = inputs.at[i];
    const type = input.type ?? defaults.type;
    if (type === undefined) {
      report(at, 'MISSING_TYPE', `entry \`${input.term}\` has no type: give it \`type:\` or give the file a \`type:\``);
      continue;
    }
    if (!types.has(type) && !checkType(type, types, (code, message) => report(at, code, message))) continue;
    const term = input.term.trim();
    if (term === '') {
      report(at, 'EMPTY_TERM', 'empty term');
      continue;
    }
    const casePolicy = input.case ?? defaults.case;
    const context = readContext(input);
    const priority = input.priority ?? defaults.priority;
    const variants = input.variants ?? defaults.variants;
    let forms: Iterable<string>;
    if ((input.aliases === undefined || input.aliases.length === 0) && variants.length === 0) {
      forms = [term];
    } else {
      const set = new Set([term, ...(input.aliases ?? []).map((a) => a.trim()).filter((a) => a !== '')]);
      for (const variant of variants) {
        for (const form of [...set]) set.add(inflect(form, variant));
      }
      forms = set;
    }
    for (const form of forms) {
      const key = casePolicy === 'exact' ? form : form.toLowerCase();
      const previous = seen.get(key);
      if (previous !== undefined) {
        const previousType = values[previous]!.type ?? defaults.type;
        if (previousType !== type) {
          report(at, 'CONFLICTING_TYPES', `\`${form}\` is listed as ${previousType} on line ${lines[previous]} and as ${type} here`);
        } else if (form === term) {
          report(at, 'DUPLICATE_TERM', `\`${form}\` is already listed on line ${lines[previous]}`, 'warning');
        }
        continue;
      }
      seen.set(key, i);
      // Words of letters and digits between single spaces are what the tokenizer would return anyway.
      const tokens = PLAIN_WORDS.test(form) ? form.split(' ') : tokenize(form, defaults.abbreviations).map((t) => t.text);
      if (tokens.length === 0) {
        report(at, 'EMPTY_TERM', `\`${form}\` has no tokens`);
        continue;
      }
      entries.push({
        term: form,
        tokens,
        type,
        case: casePolicy,
        priority,
        context,
        source: { kind: 'gazetteer', file, line, entry: term },
      });
    }
  }
  return entries;
}

function readContext(input: GazetteerEntryInput): EntryContext | undefined {
  if (input.not_next === undefined && input.not_prev === undefined && input.next === undefined && input.prev === undefined) return undefined;
  const lowerSet = (list: string[] | undefined) => (list && list.length > 0 ? new Set(list.map((s) => s.toLowerCase())) : undefined);
  const context: EntryContext = {};
  const notNext = lowerSet(input.not_next);
  const notPrev = lowerSet(input.not_prev);
  const next = lowerSet(input.next);
  const prev = lowerSet(input.prev);
  if (notNext) context.notNext = notNext;
  if (notPrev) context.notPrev = notPrev;
  if (next) context.next = next;
  if (prev) context.prev = prev;
  return Object.keys(context).length > 0 ? context : undefined;
}

function readEntry(src: YamlSource, node: unknown): GazetteerEntryInput | undefined {
  if (isScalar(node)) {
    if (node.value === null || node.value === '') {
      src.problem(node, 'EMPTY_TERM', 'empty term');
      return undefined;
    }
    const term = scalarString(src, node, 'an entry');
    return term === undefined ? undefined : { term };
  }
  if (!isMap(node)) {
    src.problem(node, 'WRONG_SHAPE', 'an entry must be a term or a mapping with `term:`');
    return undefined;
  }
  const entry: Partial<GazetteerEntryInput> = {};
  const problemsBefore = src.problems.length;
  for (const { key, keyNode, value } of mapPairs(node)) {
    switch (key) {
      case 'term': {
        if (isScalar(value) && (value.value === null || value.value === '')) src.problem(value ?? node, 'EMPTY_TERM', 'empty term');
        else entry.term = scalarString(src, value, '`term`');
        break;
      }
      case 'type':
        entry.type = scalarString(src, value, '`type`');
        break;
      case 'case':
        entry.case = readCase(src, value);
        break;
      case 'aliases':
        entry.aliases = stringList(src, value, '`aliases`');
        break;
      case 'variants':
        entry.variants = readVariants(src, value);
        break;
      case 'priority':
        entry.priority = readNumber(src, value, '`priority`');
        break;
      case 'not_next':
      case 'not_prev':
      case 'next':
      case 'prev':
        entry[key] = stringList(src, value, `\`${key}\``);
        break;
      default:
        src.problem(keyNode, 'UNKNOWN_KEY', `unknown key \`${key}\`; an entry has ${ENTRY_KEYS.map((k) => '`' + k + '`').join(', ')}`);
    }
  }
  if (entry.term === undefined) {
    if (!mapHasKey(node, 'term')) src.problem(node, 'MISSING_TERM', 'an entry mapping needs `term:`');
    return undefined;
  }
  // An entry with a problem is left out rather than half-read; the file is invalid anyway.
  return src.problems.length > problemsBefore ? undefined : (entry as GazetteerEntryInput);
}

function readCase(src: YamlSource, node: unknown): CasePolicy | undefined {
  const value = scalarString(src, node, '`case`');
  if (value === undefined) return undefined;
  if ((CASE_POLICIES as readonly string[]).includes(value)) return value as CasePolicy;
  src.problem(node, 'BAD_VALUE', `\`case\` must be ${CASE_POLICIES.join(' or ')}, not \`${value}\``);
  return undefined;
}

function readVariants(src: YamlSource, node: unknown): Variant[] {
  const out: Variant[] = [];
  for (const value of stringList(src, node, '`variants`') ?? []) {
    if ((VARIANTS as readonly string[]).includes(value)) out.push(value as Variant);
    else src.problem(node, 'BAD_VALUE', `unknown variant \`${value}\`; variants are ${VARIANTS.join(', ')}`);
  }
  return out;
}

function readNumber(src: YamlSource, node: unknown, what: string): number | undefined {
  if (isScalar(node) && typeof node.value === 'number' && Number.isFinite(node.value)) return node.value;
  src.problem(node, 'WRONG_SHAPE', `${what} must be a number`);
  return undefined;
}
