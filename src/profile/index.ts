import { existsSync, readdirSync, readFileSync } from 'node:fs';
import { dirname, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';
import { TYPE_NAME } from '../entity-types.js';
import { describeErrno, SertagError, type Problem } from '../errors.js';
import type { CasePolicy } from '../gazetteer/types.js';
import { decodeUtf8 } from '../utf8.js';
import { YamlSource, isMap, isScalar, mapPairs, scalarString, stringList } from '../yaml-source.js';

/** The package's root folder (where `gazetteers/` and `rules/` are), next to `src/` and `dist/`. */
export const PACKAGE_ROOT = fileURLToPath(new URL('../../', import.meta.url));
/** Where the bundled profile manifests live. */
export const PROFILES_DIR = resolve(PACKAGE_ROOT, 'gazetteers', 'profiles');
/** The profile used when none is named: WikiSER's conventions (Wikipedia prose). */
export const DEFAULT_PROFILE = 'wikipedia';

/** What `sertag learn --profile` regenerates, and what cross-validation replaces in each fold. */
export interface LearnedLists {
  /** The learned gazetteer file (absolute). */
  gazetteer: string;
  /** The learned veto rules (`--blocks`), absolute, when the profile has them. */
  blocks?: string;
  /** Learner options (`LearnOptions` fields), as chosen by cross-validation on the profile's gold. */
  options: Record<string, number | string | boolean>;
}

/** Conventions of a domain's text that the tokenizer and sentence splitter take. */
export interface TokenizerConventions {
  /** More words whose period stays attached (`appl.`), beyond the built-in titles (at most 7 letters). */
  abbreviations: string[];
}

/**
 * A domain's conventions as one value: which gazetteers and rules, which extra types, the default
 * case policy of entries and the tokenizer's conventions. Every stage takes its conventions from
 * here (through `createTagger`), so a second domain is a manifest, not a fork of the code.
 */
export interface Profile {
  name: string;
  /** The manifest it was read from (absolute), when it came from one. */
  file?: string;
  description: string;
  /** Gazetteer files or folders, absolute, in load order. */
  gazetteers: string[];
  /** Rule files or folders, absolute, in load order. */
  rules: string[];
  /** Entity types beyond the twelve WikiSER ones. */
  declare: string[];
  /** Case policy of entries whose file and entry say none. */
  case: CasePolicy;
  learned?: LearnedLists;
  tokenizer: TokenizerConventions;
  /** Whether raw text may be Markdown: its syntax is peeled before tokenizing (default true). */
  markdown?: boolean;
}

/** A profile as a caller may build one: sources required, the rest defaulted. */
export type ProfileInput = Pick<Profile, 'gazetteers' | 'rules'> & Partial<Omit<Profile, 'gazetteers' | 'rules' | 'tokenizer'>> & { tokenizer?: Partial<TokenizerConventions> };

const MANIFEST_KEYS = ['profile', 'description', 'gazetteers', 'rules', 'declare', 'case', 'learned', 'tokenizer'] as const;
const LEARNED_KEYS = ['gazetteer', 'blocks', 'options'] as const;
const TOKENIZER_KEYS = ['abbreviations'] as const;

/** The names of the bundled profiles (`gazetteers/profiles/*.yaml`), sorted. */
export function listProfiles(): string[] {
  try {
    return readdirSync(PROFILES_DIR)
      .filter((n) => /\.ya?ml$/.test(n))
      .map((n) => n.replace(/\.ya?ml$/, ''))
      .sort();
  } catch {
    return [];
  }
}

/** Whether `nameOrPath` names a manifest file rather than a bundled profile. */
function isPath(nameOrPath: string): boolean {
  return /[/\\]/.test(nameOrPath) || /\.ya?ml$/i.test(nameOrPath);
}

/**
 * Reads a profile: a bundled one by name (`wikipedia`, `stackoverflow`), or a manifest file by path
 * (relative to `cwd`). Paths inside a manifest are relative to the manifest. Throws a SertagError
 * listing every problem of the manifest, each at its `file:line:col`.
 */
export function loadProfile(nameOrPath: string, cwd: string = process.cwd()): Profile {
  const manifest = readManifest(nameOrPath, cwd);
  return profileOf(manifest);
}

/** A manifest as read: its absolute path, its name in messages, its text. */
export interface Manifest {
  file: string;
  shown: string;
  text: string;
}

/** Finds and reads a profile's manifest (a bundled name or a path). Throws a SertagError when there is none. */
export function readManifest(nameOrPath: string, cwd: string = process.cwd()): Manifest {
  if (typeof nameOrPath !== 'string' || nameOrPath === '') {
    throw new SertagError('BAD_OPTION', `a profile is a bundled name (${listProfiles().join(', ')}) or a path to a manifest .yaml file`, []);
  }
  let file: string;
  if (isPath(nameOrPath)) {
    file = resolve(cwd, nameOrPath);
  } else {
    file = resolve(PROFILES_DIR, `${nameOrPath}.yaml`);
    if (!existsSync(file)) {
      throw new SertagError('UNKNOWN_PROFILE', `unknown profile \`${nameOrPath}\`; bundled profiles: ${listProfiles().join(', ')} (or give the path of a manifest .yaml file)`, []);
    }
  }
  let bytes: Buffer;
  try {
    bytes = readFileSync(file);
  } catch (error) {
    throw new SertagError('UNREADABLE', `cannot read profile ${nameOrPath}: ${describeErrno(error)}`, []);
  }
  const shown = isPath(nameOrPath) ? nameOrPath : `gazetteers/profiles/${nameOrPath}.yaml`;
  // Strictly, as every other source file: bad bytes must not silently become U+FFFD in a path.
  const decoded = decodeUtf8(bytes);
  if ('error' in decoded) throw new SertagError('INVALID_PROFILE', `the profile ${shown} is not UTF-8 text:`, [{ file: shown, ...decoded.error, severity: 'error' }]);
  return { file, shown, text: decoded.text };
}

/** The profile a manifest describes. Throws a SertagError listing every problem of the manifest. */
export function profileOf({ file, shown, text }: Manifest): Profile {
  const { profile, problems } = parseProfile(text, file, shown);
  const errors = problems.filter((p) => p.severity === 'error');
  if (errors.length > 0 || profile === undefined) {
    throw new SertagError('INVALID_PROFILE', `${errors.length} problem${errors.length === 1 ? '' : 's'} in the profile ${shown}:`, errors);
  }
  return profile;
}

/**
 * Parses a manifest's text (`file`: its absolute path, for relative paths inside; `shown`: its name
 * in messages). Never throws: the profile, when valid, and every problem found.
 */
export function parseProfile(text: string, file: string, shown: string): { profile?: Profile; problems: Problem[] } {
  const src = new YamlSource(text, shown);
  if (!src.parsed) return { problems: src.problems };
  const root = src.doc.contents;
  if (!isMap(root)) {
    src.problem(root, 'WRONG_SHAPE', 'a profile manifest must be a mapping with `profile:`, `gazetteers:` and `rules:`');
    return { problems: src.problems };
  }
  const base = dirname(file);
  const paths = (value: unknown, what: string): string[] => (stringList(src, value, what) ?? []).map((p) => resolve(base, p));
  const profile: Profile = { name: '', file, description: '', gazetteers: [], rules: [], declare: [], case: 'ignore', tokenizer: { abbreviations: [] } };
  for (const { key, keyNode, value } of mapPairs(root)) {
    switch (key) {
      case 'profile':
        profile.name = scalarString(src, value, '`profile`') ?? '';
        break;
      case 'description':
        profile.description = scalarString(src, value, '`description`') ?? '';
        break;
      case 'gazetteers':
        profile.gazetteers = paths(value, '`gazetteers`');
        break;
      case 'rules':
        profile.rules = paths(value, '`rules`');
        break;
      case 'declare':
        profile.declare = stringList(src, value, '`declare`') ?? [];
        for (const t of profile.declare) if (!TYPE_NAME.test(t)) src.problem(value, 'BAD_VALUE', `type name \`${t}\` must be a letter followed by letters, digits or underscores`);
        break;
      case 'case': {
        const policy = scalarString(src, value, '`case`');
        if (policy === 'exact' || policy === 'ignore') profile.case = policy;
        else if (policy !== undefined) src.problem(value, 'BAD_VALUE', `\`case\` must be \`ignore\` or \`exact\`, not \`${policy}\``);
        break;
      }
      case 'learned':
        profile.learned = readLearned(src, value, base);
        break;
      case 'tokenizer':
        for (const pair of mapPairs(value)) {
          if (pair.key === 'abbreviations') {
            profile.tokenizer.abbreviations = stringList(src, pair.value, '`abbreviations`') ?? [];
            for (const a of profile.tokenizer.abbreviations) {
              if (!/^[A-Za-z]{1,7}\.?$/.test(a)) src.problem(pair.value, 'BAD_VALUE', `abbreviation \`${a}\` must be 1 to 7 letters, with or without its period`);
            }
          }
          else src.problem(pair.keyNode, 'UNKNOWN_KEY', `unknown key \`${pair.key}\` in \`tokenizer\`; it has ${TOKENIZER_KEYS.map((k) => '`' + k + '`').join(', ')}`);
        }
        break;
      default:
        src.problem(keyNode, 'UNKNOWN_KEY', `unknown key \`${key}\`; a profile manifest has ${MANIFEST_KEYS.map((k) => '`' + k + '`').join(', ')}`);
    }
  }
  if (profile.name === '') src.problem(root, 'MISSING_NAME', 'a profile manifest needs `profile: NAME`');
  if (profile.gazetteers.length === 0 && profile.rules.length === 0) src.problem(root, 'WRONG_SHAPE', 'a profile names at least one gazetteer or rule file (`gazetteers:`, `rules:`)');
  return src.problems.some((p) => p.severity === 'error') ? { problems: src.problems } : { profile, problems: src.problems };
}

function readLearned(src: YamlSource, node: unknown, base: string): LearnedLists | undefined {
  if (!isMap(node)) {
    src.problem(node, 'WRONG_SHAPE', '`learned` must be a mapping with `gazetteer:` (and optionally `blocks:`, `options:`)');
    return undefined;
  }
  const learned: Partial<LearnedLists> & { options: LearnedLists['options'] } = { options: {} };
  for (const { key, keyNode, value } of mapPairs(node)) {
    if (key === 'gazetteer' || key === 'blocks') {
      const path = scalarString(src, value, `\`learned.${key}\``);
      if (path !== undefined) learned[key] = resolve(base, path);
    } else if (key === 'options') {
      for (const option of mapPairs(value)) {
        const v = isScalar(option.value) ? option.value.value : undefined;
        if (typeof v === 'number' || typeof v === 'string' || typeof v === 'boolean') learned.options[option.key] = v;
        else src.problem(option.value, 'WRONG_SHAPE', `\`learned.options.${option.key}\` must be a number, a string or true/false`);
      }
    } else {
      src.problem(keyNode, 'UNKNOWN_KEY', `unknown key \`${key}\` in \`learned\`; it has ${LEARNED_KEYS.map((k) => '`' + k + '`').join(', ')}`);
    }
  }
  if (learned.gazetteer === undefined) {
    src.problem(node, 'WRONG_SHAPE', '`learned` needs `gazetteer:` (the file `sertag learn --profile` writes)');
    return undefined;
  }
  return learned as LearnedLists;
}

/** The profile given as a name, a path or a value (a copy a caller altered), as a value. */
export function resolveProfile(profile: string | ProfileInput | undefined, cwd?: string, load: (nameOrPath: string, cwd?: string) => Profile = loadProfile): Profile {
  if (profile === undefined) return load(DEFAULT_PROFILE, cwd);
  if (typeof profile === 'string') return load(profile, cwd);
  if (typeof profile !== 'object' || profile === null || !Array.isArray(profile.gazetteers) || !Array.isArray(profile.rules)) {
    throw new SertagError('BAD_OPTION', '`profile` must be a name, a manifest path or a Profile object (see loadProfile)', []);
  }
  return {
    ...profile,
    name: profile.name ?? '(profile object)',
    description: profile.description ?? '',
    declare: profile.declare ?? [],
    case: profile.case ?? 'ignore',
    tokenizer: { abbreviations: profile.tokenizer?.abbreviations ?? [] },
  };
}
