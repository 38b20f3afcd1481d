import { parseArgs, type ParseArgsConfig } from 'node:util';
import { closestName } from '../suggest.js';
import { SertagError } from '../errors.js';
import type { TaggerOptions } from '../tagger.js';

/** Option declarations in `node:util` parseArgs form. */
export type OptionSpec = NonNullable<ParseArgsConfig['options']>;

/** What a command gets back: option values by name, and the positional arguments. */
export interface ParsedArgs {
  values: Record<string, string | boolean | string[] | boolean[] | undefined>;
  positionals: string[];
}

/**
 * Parses a command's arguments strictly. Unknown options, missing values and stray values become
 * one SertagError with exit code 2 (usage), naming the command so the message says where to look.
 */
export function parseCommandArgs<O extends OptionSpec>(command: string, argv: string[], options: O) {
  try {
    return parseArgs({ args: argv, options, allowPositionals: true, strict: true });
  } catch (error) {
    const message = (error as Error).message.split('\n')[0]!.replace(/\. To specify a positional argument.*$/s, '');
    // "Unknown option '--formt'": name the option that was probably meant.
    const unknown = /^Unknown option '(-{1,2})([^']+)'/.exec(message);
    const hint = unknown ? closestName(unknown[2]!, Object.keys(options)) : undefined;
    throw new SertagError('USAGE', `${message}${hint ? `; did you mean --${hint}?` : '.'} See \`sertag ${command} --help\`.`, []);
  }
}

/** Throws a usage error (exit 2). */
export function usageError(command: string, message: string): SertagError {
  return new SertagError('USAGE', `${message}. See \`sertag ${command} --help\`.`, []);
}

/** Reads a string option that must be one of `choices` (`fallback` when absent). */
export function choiceOption<T extends string>(command: string, values: ParsedArgs['values'], name: string, choices: readonly T[], fallback: T): T;
export function choiceOption<T extends string>(command: string, values: ParsedArgs['values'], name: string, choices: readonly T[]): T | undefined;
export function choiceOption<T extends string>(command: string, values: ParsedArgs['values'], name: string, choices: readonly T[], fallback?: T): T | undefined {
  const value = values[name];
  if (value === undefined) return fallback;
  if (typeof value === 'string' && (choices as readonly string[]).includes(value)) return value as T;
  throw usageError(command, `--${name} must be one of ${choices.join(', ')}, not '${String(value)}'`);
}

/**
 * Reads a whole-number option of at least `min` (and, given `max`, at most `max`); undefined when
 * absent. Plain digits only: `1.5`, `1e3`, `0x10` and ` 2` are refused.
 */
export function wholeNumberOption(command: string, values: ParsedArgs['values'], name: string, min = 0, max?: number): number | undefined {
  const value = values[name];
  if (value === undefined) return undefined;
  const ok = typeof value === 'string' && /^\d+$/.test(value) && Number(value) >= min && (max === undefined || Number(value) <= max);
  if (ok) return Number(value);
  if (max !== undefined) throw usageError(command, `--${name} takes a whole number from ${min} to ${max}, not \`${String(value)}\``);
  throw usageError(command, `--${name} must be a whole number${min > 0 ? ` ≥ ${min}` : ''}, not '${String(value)}'`);
}

/** Reads a size (of `unit`s), with an optional `k` or `M` suffix (binary), from 1k to 1024M; undefined when absent. */
export function byteSizeOption(command: string, values: ParsedArgs['values'], name: string, unit = 'bytes'): number | undefined {
  const value = values[name];
  if (value === undefined) return undefined;
  const match = typeof value === 'string' ? /^(\d+)([kKmM]?)$/.exec(value) : null;
  const n = match ? Number(match[1]) * (match[2] === '' ? 1 : match[2]!.toLowerCase() === 'k' ? 1024 : 1024 * 1024) : NaN;
  if (!(n >= 1024 && n <= 1024 * 1024 * 1024)) throw usageError(command, `--${name} takes a size from 1k to 1024M (${unit}, or with a k or M suffix), not \`${String(value)}\``);
  return n;
}

/** Reads a number option from 0 to 1 (undefined when absent). */
export function fractionOption(command: string, values: ParsedArgs['values'], name: string): number | undefined {
  const value = values[name];
  if (value === undefined) return undefined;
  const n = Number(value);
  if (typeof value !== 'string' || value.trim() === '' || !Number.isFinite(n) || n < 0 || n > 1) throw usageError(command, `--${name} must be a number from 0 to 1, not '${String(value)}'`);
  return n;
}

/** The options every command that builds a tagger accepts, in parseArgs form. */
export const SOURCE_OPTIONS: OptionSpec = {
  profile: { type: 'string' },
  gazetteers: { type: 'string', multiple: true },
  rules: { type: 'string', multiple: true },
  'no-default-gazetteers': { type: 'boolean' },
  'no-default-rules': { type: 'boolean' },
  types: { type: 'string', multiple: true },
};

/** Help lines for SOURCE_OPTIONS, shared so every command documents them the same way. */
export const SOURCE_OPTIONS_HELP = [
  '  --profile NAME|FILE      the domain\'s conventions: wikipedia (default), stackoverflow, or a manifest .yaml',
  '  --gazetteers PATH        add a gazetteer file or folder of .yaml files (repeatable)',
  '  --rules PATH             add a rules file or folder of .yaml files (repeatable)',
  '  --no-default-gazetteers  do not load the profile\'s gazetteers',
  '  --no-default-rules       do not load the profile\'s rules',
  '  --types TYPE,…           emit only these entity types (repeatable)',
];

/** Splits repeatable, comma-separable list options (`--types Language,Library --types Device`). */
export function listOption(values: ParsedArgs['values'], name: string, splitCommas = true): string[] {
  const value = values[name];
  if (value === undefined) return [];
  const items = (Array.isArray(value) ? value : [value]).map(String);
  return (splitCommas ? items.flatMap((v) => v.split(',')).map((v) => v.trim()) : items).filter((v) => v !== '');
}

/** Turns parsed source options into TaggerOptions. */
export function taggerOptionsFrom(values: ParsedArgs['values'], cwd: string): TaggerOptions {
  const types = listOption(values, 'types');
  return {
    cwd,
    ...(typeof values.profile === 'string' ? { profile: values.profile } : {}),
    gazetteers: listOption(values, 'gazetteers', false),
    rules: listOption(values, 'rules', false),
    defaultGazetteers: values['no-default-gazetteers'] !== true,
    defaultRules: values['no-default-rules'] !== true,
    ...(types.length > 0 ? { types } : {}),
  };
}
