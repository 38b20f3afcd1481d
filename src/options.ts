import { closestName } from './suggest.js';
import { SertagError } from './errors.js';
import { readSchema, schemaProblems } from './schema/index.js';

/** What an option's value must be. `any` leaves the check to the code that uses it. */
export type OptionKind = 'boolean' | 'string' | 'number' | 'array' | 'string[]' | 'object' | 'function' | 'sources' | 'any';

/** How a value is named in messages: `null`, `a number (42)`, `an object`, … */
export function describeValue(value: unknown): string {
  if (value === null) return 'null';
  if (Array.isArray(value)) return 'an array';
  switch (typeof value) {
    case 'string':
      return `a string (${JSON.stringify(value.length > 40 ? value.slice(0, 40) + '…' : value)})`;
    case 'number':
    case 'boolean':
    case 'bigint':
      return `a ${typeof value} (${String(value)})`;
    case 'undefined':
      return 'undefined';
    case 'function':
      return 'a function';
    default:
      return 'an object';
  }
}

function isKind(value: unknown, kind: OptionKind): boolean {
  switch (kind) {
    case 'any':
      return true;
    case 'array':
      return Array.isArray(value);
    case 'string[]':
      return Array.isArray(value) && value.every((v) => typeof v === 'string');
    case 'object':
      return typeof value === 'object' && value !== null && !Array.isArray(value);
    case 'sources':
      // A list of paths and objects, or one of them alone (the loader accepts both).
      return Array.isArray(value) || typeof value === 'string' || (typeof value === 'object' && value !== null);
    default:
      return typeof value === kind;
  }
}

const KIND_NAMES: Record<OptionKind, string> = {
  boolean: 'true or false',
  string: 'a string',
  number: 'a number',
  array: 'an array',
  'string[]': 'an array of strings',
  object: 'an object',
  function: 'a function',
  sources: 'a path, an object or an array of them',
  any: 'anything',
};

/**
 * Refuses an options object with keys `spec` does not know (with a "did you mean" for a typo such
 * as `defaultGazeteers`) or values of the wrong kind, as a SertagError (code `UNKNOWN_OPTION` or
 * `BAD_ARGUMENT`, exit code 2): a mistyped option silently ignored is a default silently used.
 * `what` names the call in the message (`createTagger`). Undefined values count as absent.
 */
export function checkOptions(options: unknown, spec: Readonly<Record<string, OptionKind>>, what: string): void {
  if (options === undefined) return;
  if (typeof options !== 'object' || options === null || Array.isArray(options)) {
    throw new SertagError('BAD_ARGUMENT', `${what}(options): options must be an object, not ${describeValue(options)}`);
  }
  const known = Object.keys(spec);
  for (const [key, value] of Object.entries(options)) {
    const kind = spec[key];
    if (kind === undefined) {
      const hint = closestName(key, known);
      throw new SertagError('UNKNOWN_OPTION', `${what}: unknown option \`${key}\`${hint ? `; did you mean \`${hint}\`?` : ''} (options: ${known.join(', ')})`);
    }
    if (value !== undefined && !isKind(value, kind)) {
      throw new SertagError('BAD_ARGUMENT', `${what}: option \`${key}\` must be ${KIND_NAMES[kind]}, not ${describeValue(value)}`);
    }
  }
}

/** Refuses a value that is not one of `choices`, with a "did you mean". */
export function checkChoice(value: unknown, choices: readonly string[], what: string): void {
  if (value === undefined || (typeof value === 'string' && choices.includes(value))) return;
  const hint = typeof value === 'string' ? closestName(value, choices) : undefined;
  throw new SertagError('BAD_ARGUMENT', `${what} must be one of ${choices.join(', ')}, not ${describeValue(value)}${hint ? `; did you mean \`${hint}\`?` : ''}`);
}

/** The options `createTagger` takes, and what each must be. */
export const TAGGER_OPTIONS: Readonly<Record<string, OptionKind>> = {
  gazetteers: 'sources',
  rules: 'sources',
  defaultGazetteers: 'boolean',
  defaultRules: 'boolean',
  declareTypes: 'string[]',
  cwd: 'string',
  types: 'string[]',
  disableRuleGroups: 'string[]',
  passes: 'object',
  profile: 'any',
  components: 'any',
  markdown: 'boolean',
};

/** `createTagger(options)`'s check. */
export function checkTaggerOptions(options: unknown): void {
  checkOptions(options, TAGGER_OPTIONS, 'createTagger');
}

/** `tag(text)`'s check: a string, or a SertagError saying what came instead. */
export function checkText(text: unknown): void {
  if (typeof text !== 'string') throw new SertagError('BAD_ARGUMENT', `tag(text) takes a string, not ${describeValue(text)}`);
}

/** `tagTokens(tokens)`'s check: an array of strings. */
export function checkTokens(tokens: unknown): void {
  if (!Array.isArray(tokens)) throw new SertagError('BAD_ARGUMENT', `tagTokens(tokens) takes an array of strings, not ${describeValue(tokens)}`);
  for (let i = 0; i < tokens.length; i++) {
    if (typeof tokens[i] !== 'string') {
      throw new SertagError('BAD_ARGUMENT', `tagTokens(tokens) takes an array of strings; token ${i} is ${describeValue(tokens[i])}`);
    }
  }
}

/** Refuses `tagSentences` input that is not an array of sentences, each an array of strings, naming the sentence at fault. */
export function checkSentences(sentences: unknown): void {
  const call = 'tagSentences(sentences) takes an array of sentences, each an array of token strings';
  if (!Array.isArray(sentences)) throw new SertagError('BAD_ARGUMENT', `${call}; not ${describeValue(sentences)}`);
  for (let s = 0; s < sentences.length; s++) {
    const tokens: unknown = sentences[s];
    if (!Array.isArray(tokens)) throw new SertagError('BAD_ARGUMENT', `${call}; sentence ${s} is ${describeValue(tokens)}`);
    for (let i = 0; i < tokens.length; i++) {
      if (typeof tokens[i] !== 'string') throw new SertagError('BAD_ARGUMENT', `${call}; token ${i} of sentence ${s} is ${describeValue(tokens[i])}`);
    }
  }
}

/**
 * Refuses learner options (`learnGazetteer`'s, a profile's `learned.options`) that the schema
 * `schemas/learn-options.schema.json` refuses: an unknown option with a "did you mean"
 * (`UNKNOWN_OPTION`), a value of the wrong kind or out of range (`BAD_ARGUMENT`). `what` names the
 * call in the message. Undefined values count as absent.
 */
export function checkLearnOptions(options: unknown, what: string): void {
  if (options === undefined) return;
  if (typeof options !== 'object' || options === null || Array.isArray(options)) {
    throw new SertagError('BAD_ARGUMENT', `${what}: options must be an object, not ${describeValue(options)}`);
  }
  const given = Object.fromEntries(Object.entries(options).filter(([, v]) => v !== undefined));
  const [first] = schemaProblems('learn-options', given);
  if (first === undefined) return;
  const key = String(first.path[0]);
  if (first.code === 'UNKNOWN_KEY') {
    const known = Object.keys((readSchema('learn-options').properties ?? {}) as object);
    const hint = closestName(key, known);
    throw new SertagError('UNKNOWN_OPTION', `${what}: unknown option \`${key}\`${hint ? `; did you mean \`${hint}\`?` : ''} (options: ${known.join(', ')})`);
  }
  throw new SertagError('BAD_ARGUMENT', `${what}: option ${first.message}, not ${describeValue(given[key])}`);
}

/**
 * `tuneLearner(sentences, options)`'s check: its own options, the learner options of `base` and
 * of every setting of `grid`, and enough sentences for the folds.
 */
export function checkTuneOptions(options: unknown, sentences: number): void {
  checkOptions(options, { folds: 'number', grid: 'array', base: 'object', onRow: 'function' }, 'tuneLearner');
  const { folds = 5, grid = [], base } = (options ?? {}) as { folds?: number; grid?: unknown[]; base?: unknown };
  if (!Number.isInteger(folds) || folds < 2) throw new SertagError('BAD_ARGUMENT', `tuneLearner: option \`folds\` must be a whole number of at least 2, not ${describeValue(folds)}`);
  checkLearnOptions(base, 'tuneLearner: base');
  grid.forEach((setting, i) => checkLearnOptions(setting, `tuneLearner: grid[${i}]`));
  if (sentences < folds) throw new SertagError('TOO_LITTLE_GOLD', `tuneLearner: ${sentences} sentence${sentences === 1 ? '' : 's'} cannot be split into ${folds} folds`);
}
