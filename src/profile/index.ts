import { existsSync, readdirSync, readFileSync, statSync } from 'node:fs';
import { dirname, isAbsolute, relative, resolve, sep } from 'node:path';
import { fileURLToPath } from 'node:url';
import { describeErrno, notAFile, SertagError, type Problem } from '../errors.js';
import type { CasePolicy } from '../gazetteer/types.js';
import { decodeUtf8 } from '../utf8.js';
import { YamlSource } from '../yaml-source.js';

/** The package's root folder (where `gazetteers/` and `rules/` are), next to `src/` and `dist/`. */
export const PACKAGE_ROOT = fileURLToPath(new URL('../../', import.meta.url));
/** Where the bundled profile manifests live. */
export const PROFILES_DIR = resolve(PACKAGE_ROOT, 'gazetteers', 'profiles');
/** The profile used when none is named: WikiSER's conventions (Wikipedia prose). */
export const DEFAULT_PROFILE = 'wikipedia';
/** Other names of bundled profiles: what a person may call the text a profile is for. */
export const PROFILE_ALIASES: Readonly<Record<string, string>> = { developer: 'stackoverflow' };

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
  /** Whether raw text may be Markdown: its syntax (code, links, emphasis, block marks) is peeled before tokenizing (default true). */
  markdown: boolean;
  /** Warnings about the manifest (a path outside its folder), for front ends to show; never errors. */
  warnings?: Problem[];
}

/** A profile as a caller may build one: sources required, the rest defaulted. */
export type ProfileInput = Pick<Profile, 'gazetteers' | 'rules'> & Partial<Omit<Profile, 'gazetteers' | 'rules' | 'tokenizer'>> & { tokenizer?: Partial<TokenizerConventions> };

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

/** What the other names of bundled profiles stand for, for messages: `\`developer\` is another name of stackoverflow`. */
function aliasNote(): string {
  return Object.entries(PROFILE_ALIASES)
    .map(([alias, name]) => `\`${alias}\` is another name of ${name}`)
    .join('; ');
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
    throw new SertagError('BAD_OPTION', `a profile is a bundled name (${listProfiles().join(', ')}; ${aliasNote()}) or a path to a manifest .yaml file`, []);
  }
  let file: string;
  if (isPath(nameOrPath)) {
    file = resolve(cwd, nameOrPath);
  } else {
    file = resolve(PROFILES_DIR, `${PROFILE_ALIASES[nameOrPath] ?? nameOrPath}.yaml`);
    if (!existsSync(file)) {
      throw new SertagError('UNKNOWN_PROFILE', `unknown profile \`${nameOrPath}\`; bundled profiles: ${listProfiles().join(', ')} (or give the path of a manifest .yaml file; ${aliasNote()})`, []);
    }
  }
  let bytes: Buffer;
  try {
    const special = notAFile(statSync(file), file);
    if (special !== undefined) throw new SertagError('NOT_A_FILE', `cannot read profile ${nameOrPath}: ${special.replace(/; expected a YAML file or a folder of them$/, '; expected a manifest .yaml file')}`, []);
    bytes = readFileSync(file);
  } catch (error) {
    if (error instanceof SertagError) throw error;
    throw new SertagError('UNREADABLE', `cannot read profile ${nameOrPath}: ${describeErrno(error)}`, []);
  }
  const shown = isPath(nameOrPath) ? nameOrPath : `gazetteers/profiles/${PROFILE_ALIASES[nameOrPath] ?? nameOrPath}.yaml`;
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

/** A manifest's content, as the schema allows it. */
interface ManifestData {
  profile?: string | number;
  description?: string | number;
  gazetteers?: string[];
  rules?: string[];
  declare?: string[];
  case?: CasePolicy;
  markdown?: boolean;
  learned?: { gazetteer: string; blocks?: string; options?: LearnedLists['options'] };
  tokenizer?: { abbreviations?: string[] };
}

/**
 * Parses a manifest's text (`file`: its absolute path, for relative paths inside; `shown`: its name
 * in messages). The schema checks its shape; then it must name some source. Never throws: the
 * profile, when valid, and every problem found (a path outside the manifest's folder is a warning).
 */
export function parseProfile(text: string, file: string, shown: string): { profile?: Profile; problems: Problem[] } {
  const src = new YamlSource(text, shown);
  if (!src.parsed) return { problems: src.problems };
  src.checkSchema('profile');
  src.sortProblems();
  const data = src.value as ManifestData;
  if (src.problems.some((p) => p.severity === 'error')) return { problems: src.problems };
  const base = dirname(file);
  const tree = manifestTree(file);
  const path = (where: Array<string | number>, p: string): string => {
    const full = resolve(base, p);
    if (!isInside(full, tree)) {
      src.problemAt(where, 'OUTSIDE_TREE', `\`${p}\` is outside the manifest's folder (${tree.replace(/[\\/]$/, '')}); check that it is the file you mean`, 'warning');
    }
    return full;
  };
  const paths = (key: 'gazetteers' | 'rules') => (data[key] ?? []).map((p, i) => path([key, i], p));
  const profile: Profile = {
    name: String(data.profile),
    file,
    description: data.description === undefined ? '' : String(data.description),
    gazetteers: paths('gazetteers'),
    rules: paths('rules'),
    declare: data.declare ?? [],
    case: data.case ?? 'ignore',
    tokenizer: { abbreviations: data.tokenizer?.abbreviations ?? [] },
    markdown: data.markdown ?? true,
  };
  if (data.learned !== undefined) {
    const { gazetteer, blocks, options } = data.learned;
    profile.learned = { gazetteer: path(['learned', 'gazetteer'], gazetteer), options: options ?? {} };
    if (blocks !== undefined) profile.learned.blocks = path(['learned', 'blocks'], blocks);
  }
  if (profile.gazetteers.length === 0 && profile.rules.length === 0) src.problemAt([], 'WRONG_SHAPE', 'a profile names at least one gazetteer or rule file (`gazetteers:`, `rules:`)');
  src.sortProblems();
  if (src.problems.some((p) => p.severity === 'error')) return { problems: src.problems };
  if (src.problems.length > 0) profile.warnings = src.problems;
  return { profile, problems: src.problems };
}

/**
 * The folder a manifest's paths are expected in: its own folder, or the package for a bundled one.
 * A path leading out of it is a warning (`OUTSIDE_TREE`), and nothing of a file read from outside
 * it is ever shown in a problem (see `outsideFiles` in src/load.ts).
 */
export function manifestTree(file: string): string {
  return isInside(file, PROFILES_DIR) ? PACKAGE_ROOT : dirname(file);
}

/** Whether the manifest is one of the bundled profiles (whose files are the package's own). */
export function isBundledManifest(file: string): boolean {
  return isInside(file, PROFILES_DIR);
}

/** Whether `path` is `folder` or inside it (by name: follow links first where they matter). */
export function isInside(path: string, folder: string): boolean {
  const rel = relative(folder, path);
  return rel === '' || (rel !== '..' && !rel.startsWith('..' + sep) && !isAbsolute(rel));
}

/** The profile given as a name, a path or a value (a copy a caller altered), as a value. */
export function resolveProfile(profile: string | ProfileInput | undefined, cwd?: string, load: (nameOrPath: string, cwd?: string) => Profile = loadProfile): Profile {
  // A profile read from a cache written by an older sertag may lack the newer settings.
  if (profile === undefined || typeof profile === 'string') {
    const loaded = load(profile ?? DEFAULT_PROFILE, cwd);
    return typeof loaded.markdown === 'boolean' ? loaded : { ...loaded, markdown: false };
  }
  if (typeof profile !== 'object' || profile === null || !Array.isArray(profile.gazetteers) || !Array.isArray(profile.rules)) {
    throw new SertagError('BAD_OPTION', '`profile` must be a name, a manifest path or a Profile object (see loadProfile)', []);
  }
  // The settings a manifest's schema checks, checked on a value too (its paths are already absolute).
  if (profile.markdown !== undefined && typeof profile.markdown !== 'boolean') throw new SertagError('BAD_OPTION', '`profile.markdown` must be true or false', []);
  if (profile.case !== undefined && profile.case !== 'exact' && profile.case !== 'ignore') throw new SertagError('BAD_OPTION', '`profile.case` must be exact or ignore', []);
  return {
    ...profile,
    name: profile.name ?? '(profile object)',
    description: profile.description ?? '',
    declare: profile.declare ?? [],
    case: profile.case ?? 'ignore',
    tokenizer: { abbreviations: profile.tokenizer?.abbreviations ?? [] },
    markdown: profile.markdown ?? true,
  };
}
