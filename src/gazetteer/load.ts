import { tokenize } from '../tokenize/index.js';
import { DEFAULT_ABBREVIATIONS, type Abbreviations } from '../tokenize/abbreviations.js';
import { TYPE_NAME, unknownTypeMessage } from '../entity-types.js';
import type { ErrorCode, Problem } from '../errors.js';
import { CheckedSource, ValueSource, YamlSource } from '../yaml-source.js';
import { inflect } from './variants.js';
import type { CasePolicy, EntryContext, GazetteerEntry, GazetteerEntryInput, GazetteerInput, Variant } from './types.js';

/** A term the tokenizer splits at its spaces and nowhere else. */
const PLAIN_WORDS = /^[A-Za-z0-9]+(?: [A-Za-z0-9]+)*$/;

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
 * what problems at it are reported against (its index in `entries`).
 */
interface EntryInputs {
  values: GazetteerEntryInput[];
  lines: number[];
  at: number[];
}

/** Reports a problem at an entry (its index in `entries`). One function per file, not one closure per entry. */
type EntryReporter = (at: number, code: ErrorCode, message: string, severity?: Problem['severity']) => void;

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
 * its own types (the schema reports a `declare` that is not a list of strings).
 */
export function declaredTypesOf(src: CheckedSource): string[] {
  if (!src.parsed) return [];
  const declared = isRecord(src.value) ? src.value.declare : undefined;
  return Array.isArray(declared) ? declared.filter((t): t is string => typeof t === 'string') : [];
}

/**
 * Parses and validates a gazetteer YAML file. All problems are collected (none thrown), each with
 * its line and column, so a person fixes a file in one pass.
 */
export function loadGazetteerYaml(text: string, file: string, knownTypes: ReadonlySet<string>): LoadedGazetteer {
  return loadGazetteerSource(new YamlSource(text, file), knownTypes);
}

/**
 * `loadGazetteerYaml` for a file already parsed (parsing is most of the cost of loading), or an
 * object (`ValueSource`). The schema checks the shape; then the types are checked and the entries
 * compiled. An entry with a problem is left out, the others are kept (the file is invalid anyway).
 * `conventions`: the profile's (the case policy of entries whose file and entry give none, the
 * tokenizer's abbreviations).
 */
export function loadGazetteerSource(src: CheckedSource, knownTypes: ReadonlySet<string>, conventions: GazetteerConventions = DEFAULT_CONVENTIONS): LoadedGazetteer {
  const file = src.file;
  const result: LoadedGazetteer = { file, entries: [], problems: src.problems, declaredTypes: [] };
  if (!src.parsed) return result;
  const found = src.checkSchema('gazetteer');
  const root = src.value;
  if (!isRecord(root) || !Array.isArray(root.entries)) return result;
  // Where the schema found a problem, a file-wide setting counts as absent and an entry is left out.
  const badKeys = new Set<string>();
  const badEntries = new Set<number>();
  for (const p of found) {
    if (p.path[0] === 'entries' && p.path.length > 1) badEntries.add(Number(p.path[1]));
    else if (p.path.length > 0) badKeys.add(String(p.path[0]));
  }
  const setting = <T>(key: keyof GazetteerFile): T | undefined => (badKeys.has(key) ? undefined : (root[key] as T | undefined));
  result.declaredTypes = setting<string[]>('declare') ?? [];
  const defaults: FileDefaults = {
    type: setting<string>('type'),
    case: setting<CasePolicy>('case') ?? conventions.case,
    abbreviations: conventions.abbreviations,
    variants: setting<Variant[]>('variants') ?? [],
    priority: setting<number>('priority') ?? 0,
  };
  const types = new Set([...knownTypes, ...result.declaredTypes]);
  if (defaults.type !== undefined && !checkType(defaults.type, types, (c, m) => src.problemAt(['type'], c, m))) {
    defaults.type = undefined;
  }
  const inputs: EntryInputs = { values: [], lines: [], at: [] };
  const list: unknown[] = root.entries;
  for (let index = 0; index < list.length; index++) {
    if (badEntries.has(index)) continue;
    const entry = list[index];
    inputs.values.push(typeof entry === 'object' && entry !== null ? (entry as GazetteerEntryInput) : { term: String(entry) });
    inputs.lines.push(src.lineAt(['entries', index]));
    inputs.at.push(index);
  }
  const report: EntryReporter = (at, code, message, severity) => src.problemAt(['entries', at], code, message, severity);
  result.entries = compileEntries(inputs, defaults, types, file, report);
  src.sortProblems();
  return result;
}

/**
 * Validates and compiles a gazetteer given as an object, with the same schema and checks as a
 * file. Problems carry the entry's number as their line (`entry 3: …`).
 */
export function loadGazetteerObject(input: GazetteerInput, knownTypes: ReadonlySet<string>, conventions: GazetteerConventions = DEFAULT_CONVENTIONS): LoadedGazetteer {
  const file = typeof input.name === 'string' && input.name !== '' ? input.name : '(gazetteer object)';
  const { name: _name, ...content } = input;
  return loadGazetteerSource(new ValueSource(content, file, 'entries', 'entry'), knownTypes, conventions);
}

/** A gazetteer file's settings, as the schema allows them. */
type GazetteerFile = Omit<GazetteerInput, 'name'> & { declare?: string[] };

function isRecord(value: unknown): value is Record<string, unknown> & GazetteerFile {
  return typeof value === 'object' && value !== null && !Array.isArray(value);
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
    const at = inputs.at[i]!;
    const type = input.type ?? defaults.type;
    if (type === undefined) {
      report(at, 'MISSING_TYPE', `entry \`${input.term}\` has no type: give it \`type:\` or give the file a \`type:\``);
      continue;
    }
    if (!types.has(type) && !checkType(type, types, (code, message) => report(at, code, message))) continue;
    const term = String(input.term).trim();
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
      const set = new Set([term, ...(input.aliases ?? []).map((a) => String(a).trim()).filter((a) => a !== '')]);
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
  const lowerSet = (list: string[] | undefined) => (list && list.length > 0 ? new Set(list.map((s) => String(s).toLowerCase())) : undefined);
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
