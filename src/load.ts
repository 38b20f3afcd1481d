import { readdirSync, readFileSync, realpathSync, statSync, type Stats } from 'node:fs';
import { join, relative, resolve, sep } from 'node:path';
import { WIKISER_TYPES } from './entity-types.js';
import { describeErrno, notAFile, SertagError, withoutContent, type Problem } from './errors.js';
import { loadGazetteerObject, loadGazetteerSource, declaredTypesOf, type GazetteerConventions } from './gazetteer/load.js';
import { abbreviationsWith } from './tokenize/abbreviations.js';
import type { GazetteerEntry, GazetteerInput } from './gazetteer/types.js';
import { isBundledManifest, isInside, manifestTree, PACKAGE_ROOT, resolveProfile, type Profile, type ProfileInput } from './profile/index.js';
import { loadRulesObject, loadRulesYaml, type RulesInput } from './rules/load.js';
import type { TokenTrie } from './match/index.js';
import type { PassOptions, Rule } from './rules/types.js';
import { decodeUtf8 } from './utf8.js';
import { YamlSource } from './yaml-source.js';

export type { RulesInput } from './rules/load.js';

/** The bundled data folders, next to `src/` and `dist/`. */
export const DEFAULT_GAZETTEERS = join(PACKAGE_ROOT, 'gazetteers') + sep;
export const DEFAULT_RULES = join(PACKAGE_ROOT, 'rules') + sep;

/** A gazetteer or rule source: a path (file or folder) or an object of the file's shape. */
export type SourceInput<T> = string | T;

/** What the tagger is built from. Paths may be files or folders (every `.yaml`/`.yml` inside, sorted). */
export interface SourceOptions {
  /** The domain's conventions: a bundled profile's name, a manifest path, or a Profile value (default `wikipedia`). */
  profile?: string | ProfileInput;
  /** Extra gazetteers: paths or objects. Added to the profile's unless `defaultGazetteers` is false. */
  gazetteers?: Array<SourceInput<GazetteerInput>>;
  /** Extra rule files: paths or objects. Added to the profile's unless `defaultRules` is false. */
  rules?: Array<SourceInput<RulesInput>>;
  /** Load the profile's gazetteers (default true). */
  defaultGazetteers?: boolean;
  /** Load the profile's rules (default true). */
  defaultRules?: boolean;
  /** Entity types beyond the twelve WikiSER ones and those the profile declares. */
  declareTypes?: string[];
  /** Base for relative paths (default: the process's working directory). */
  cwd?: string;
}

/** The gazetteers of a configuration, validated and compiled to entries. */
export interface LoadedGazetteers {
  entries: GazetteerEntry[];
  /** Every declared type: the twelve, the profile's, the options' and the gazetteers' own. */
  types: Set<string>;
  problems: Problem[];
  files: string[];
}

/** The rules of a configuration, validated and compiled. */
export interface LoadedRules {
  rules: Rule[];
  passes: PassOptions;
  problems: Problem[];
  files: string[];
}

export interface LoadedSources extends LoadedGazetteers, LoadedRules {
  problems: Problem[];
  files: string[];
  /** The profile the sources came from. */
  profile: Profile;
  /**
   * Where each source file is read from, by the name sources and problems show it under: a bundled
   * file is shown as `gazetteers/…` wherever sertag runs, so its name is no path from the working directory.
   */
  paths: ReadonlyMap<string, string>;
  /** The names (as sources show them) of the gazetteers and rules the user gave, beyond the profile's: they win over the profile's (see `userSourceNames`). */
  userSources: ReadonlySet<string>;
  /**
   * The profile's files read from outside its manifest's folder (by shown name; see `outsideFiles`):
   * their problems are reported without their content, and front ends must not quote them either.
   */
  outside: ReadonlySet<string>;
  /** The entries compiled into a trie (`loadSourcesCached` always builds it; `loadSources` does not). */
  trie?: TokenTrie<GazetteerEntry>;
}

/**
 * A source as a file to read: `path` absolute, `shown` its name in sources and messages. Bundled
 * files are shown relative to the package (`gazetteers/learned-wikiser.yaml`), others relative to
 * the working directory when inside it, else absolute.
 */
export interface SourceFile {
  path: string;
  shown: string;
  /** Given by the user (options, `--gazetteers`, `--rules`), not by the profile: it wins over the profile's (see `preferUserEntries`). */
  user?: boolean;
}

/** The name a source file is shown by (see `SourceFile`); the same for a file wherever sertag runs from. */
export function displayName(path: string, cwd: string): string {
  for (const bundled of [DEFAULT_GAZETTEERS, DEFAULT_RULES]) {
    if (path.startsWith(bundled)) return relative(PACKAGE_ROOT, path).split(sep).join('/');
  }
  const rel = relative(cwd, path);
  return rel.startsWith('..') || rel === '' ? path : rel;
}

/**
 * Expands sources to what is read: each path to the YAML files it names (a folder: its `.yaml`/`.yml`
 * files, sorted; not recursive), each object as itself. A missing path, a device or an empty folder
 * is a problem, not a crash. `where` names the option in messages about objects.
 */
export function expandSources<T>(sources: ReadonlyArray<SourceInput<T>>, cwd: string, problems: Problem[], where: 'gazetteers' | 'rules', user = false): Array<SourceFile | T> {
  const out: Array<SourceFile | T> = [];
  sources.forEach((source, index) => {
    if (typeof source !== 'string') {
      if (isSourceObject(source, where, index, problems)) out.push(source);
      return;
    }
    const full = resolve(cwd, source);
    let stat;
    try {
      stat = statSync(full);
    } catch {
      problems.push({ file: source, line: 0, col: 0, code: 'MISSING_FILE', message: 'no such file or folder', severity: 'error' });
      return;
    }
    const special = notAFile(stat, full);
    if (special !== undefined) {
      problems.push({ file: source, line: 0, col: 0, code: 'NOT_A_FILE', message: special, severity: 'error' });
      return;
    }
    if (!stat.isDirectory()) {
      out.push({ path: full, shown: displayName(full, cwd), ...(user ? { user } : {}) });
      return;
    }
    const names = readdirSync(full).filter((name) => /\.ya?ml$/.test(name));
    // A folder that holds no YAML is almost always the wrong folder: say so rather than load nothing.
    if (names.length === 0) problems.push({ file: source, line: 0, col: 0, code: 'NO_YAML_FILES', message: 'folder holds no .yaml or .yml files; nothing was loaded from it', severity: 'warning' });
    for (const name of names.sort()) {
      const path = join(full, name);
      const inside = statOrUndefined(path);
      const special = inside && notAFile(inside, path);
      if (special) problems.push({ file: displayName(path, cwd), line: 0, col: 0, code: 'NOT_A_FILE', message: special, severity: 'error' });
      else out.push({ path, shown: displayName(path, cwd), ...(user ? { user } : {}) });
    }
  });
  return out;
}

function statOrUndefined(path: string): Stats | undefined {
  try {
    return statSync(path);
  } catch {
    return undefined;
  }
}

/**
 * `LoadedSources.userSources` of expanded sources: the shown names of the user's files, and of
 * objects (profiles name files only), by their `name` or as the loaders call a nameless one.
 */
export function userSourceNames(gazetteers: ReadonlyArray<SourceFile | GazetteerInput>, rules: ReadonlyArray<SourceFile | RulesInput>): Set<string> {
  const names = new Set<string>();
  const nameOf = (source: unknown, nameless: string): string | undefined => {
    if (isSourceFile(source)) return source.user === true ? source.shown : undefined;
    const name = (source as { name?: unknown }).name;
    return typeof name === 'string' && name !== '' ? name : nameless;
  };
  for (const source of gazetteers) names.add(nameOf(source, '(gazetteer object)') ?? '');
  for (const source of rules) names.add(nameOf(source, '(rules object)') ?? '');
  names.delete('');
  return names;
}

/** `LoadedSources.paths` of expanded sources: shown name → path, for those that are files. */
export function sourcePaths(sources: readonly unknown[]): Map<string, string> {
  const paths = new Map<string, string>();
  for (const source of sources) if (isSourceFile(source)) paths.set(source.shown, source.path);
  return paths;
}

export function isSourceFile(source: unknown): source is SourceFile {
  return typeof source === 'object' && source !== null && typeof (source as SourceFile).path === 'string' && typeof (source as SourceFile).shown === 'string' && !('entries' in source) && !('rules' in source);
}

function readText(file: SourceFile, problems: Problem[]): string | undefined {
  let bytes: Buffer;
  try {
    bytes = readFileSync(file.path);
  } catch (error) {
    problems.push({ file: file.shown, line: 0, col: 0, code: 'UNREADABLE', message: describeErrno(error), severity: 'error' });
    return undefined;
  }
  // Strict: bad bytes must not silently become U+FFFD inside a term.
  const decoded = decodeUtf8(bytes);
  if ('error' in decoded) {
    problems.push({ file: file.shown, line: decoded.error.line, col: decoded.error.col, code: decoded.error.code, message: decoded.error.message, severity: 'error' });
    return undefined;
  }
  return decoded.text;
}

/** A JavaScript caller may pass anything; a source that is not a path or an object is a problem, not a TypeError. */
function isSourceObject(source: unknown, what: string, index: number, problems: Problem[]): boolean {
  if (typeof source === 'object' && source !== null && !Array.isArray(source)) return true;
  problems.push({ file: `${what}[${index}]`, line: 0, col: 0, code: 'WRONG_SHAPE', message: `expected a path or an object with \`name\` and \`${what === 'gazetteers' ? 'entries' : 'rules'}\`, got ${source === null ? 'null' : Array.isArray(source) ? 'an array' : typeof source}`, severity: 'error' });
  return false;
}

/** `gazetteers: 'my.yaml'` means `['my.yaml']` (a string would otherwise be iterated letter by letter). */
function asList<T>(value: T | T[] | undefined): T[] {
  return value === undefined ? [] : Array.isArray(value) ? value : [value];
}

/**
 * The gazetteer files and objects of a configuration, expanded: the profile's (unless switched
 * off), then the options'. Problems (missing paths, bad objects) go to `problems`.
 */
export function gazetteerSources(options: SourceOptions, profile: Profile, cwd: string, problems: Problem[]): Array<SourceFile | GazetteerInput> {
  const bundled = options.defaultGazetteers === false ? [] : expandSources<GazetteerInput>(profile.gazetteers, cwd, problems, 'gazetteers');
  return [...bundled, ...expandSources<GazetteerInput>(asList(options.gazetteers), cwd, problems, 'gazetteers', true)];
}

/** The rule files and objects of a configuration, expanded: the profile's (unless switched off), then the options'. */
export function ruleSources(options: SourceOptions, profile: Profile, cwd: string, problems: Problem[]): Array<SourceFile | RulesInput> {
  const bundled = options.defaultRules === false ? [] : expandSources<RulesInput>(profile.rules, cwd, problems, 'rules');
  return [...bundled, ...expandSources<RulesInput>(asList(options.rules), cwd, problems, 'rules', true)];
}

/** The conventions of a profile that shape compiled gazetteer entries. */
export function gazetteerConventions(profile: Profile): GazetteerConventions {
  return { case: profile.case, abbreviations: abbreviationsWith(profile.tokenizer.abbreviations) };
}

/** The types every configuration starts from: the twelve, the profile's and the options'. */
export function baseTypes(options: SourceOptions, profile: Profile): Set<string> {
  return new Set<string>([...WIKISER_TYPES, ...profile.declare, ...(options.declareTypes ?? [])]);
}

/**
 * Loads and validates gazetteers (already expanded, see `expandSources`). Types a file declares
 * are known to every file. Never throws for bad files: all problems are returned.
 */
export function loadGazetteers(sources: ReadonlyArray<SourceFile | GazetteerInput>, baseTypeSet: ReadonlySet<string>, conventions: GazetteerConventions, problems: Problem[] = []): LoadedGazetteers {
  const files: string[] = [];
  const parsed: Array<YamlSource | GazetteerInput> = [];
  // The source each parsed gazetteer came from (an unreadable file parses to nothing).
  const sourceIndex: number[] = [];
  sources.forEach((source, index) => {
    if (!isSourceFile(source)) {
      parsed.push(source);
      sourceIndex.push(index);
      return;
    }
    const text = readText(source, problems);
    if (text !== undefined) {
      parsed.push(new YamlSource(text, source.shown));
      sourceIndex.push(index);
    }
    files.push(source.shown);
  });
  // Types are declared once; a gazetteer may declare new ones, so collect declarations first.
  const types = new Set(baseTypeSet);
  for (const g of parsed) {
    if (g instanceof YamlSource) for (const t of declaredTypesOf(g)) types.add(t);
  }
  const entries: GazetteerEntry[] = [];
  // The profile's sources come first; entries from `userFrom` on are the user's.
  let userFrom = -1;
  parsed.forEach((g, i) => {
    if (userFrom < 0 && isUserSource(sources[sourceIndex[i]!])) userFrom = entries.length;
    const loaded = g instanceof YamlSource ? loadGazetteerSource(g, types, conventions) : loadGazetteerObject(g, types, conventions);
    // Loops, not push(...spread): a spread of a 1M-entry gazetteer overflows the call stack.
    for (const p of loaded.problems) problems.push(p);
    for (const e of loaded.entries) entries.push(e);
  });
  return { entries: userFrom > 0 ? preferUserEntries(entries, userFrom, problems) : entries, types, problems, files };
}

/** Whether an expanded source is the user's own: a path given in the options, or an object (profiles name files only). */
function isUserSource(source: SourceFile | GazetteerInput | undefined): boolean {
  return source !== undefined && (!isSourceFile(source) || source.user === true);
}

/** How many overrides with another type are reported one by one; the rest are counted. */
const OVERRIDE_WARNINGS = 20;

/**
 * The precedence of sources: the user's own gazetteers win over the profile's for the same surface
 * form (its tokens, lower-cased): the profile's entries for a form the user lists are dropped, so
 * the user's entry is the candidate there whatever the priorities. Among the user's own entries, and
 * among the profile's, priority decides as usual. Each override that changes the type is a warning
 * (`OVERRIDES_PROFILE`, at the user's entry), so a user sees that their list took effect.
 */
function preferUserEntries(entries: GazetteerEntry[], userFrom: number, problems: Problem[]): GazetteerEntry[] {
  const formOf = (e: GazetteerEntry): string => e.tokens.join('\u0000').toLowerCase();
  const userForms = new Map<string, GazetteerEntry>();
  for (let i = userFrom; i < entries.length; i++) if (!userForms.has(formOf(entries[i]!))) userForms.set(formOf(entries[i]!), entries[i]!);
  const kept: GazetteerEntry[] = [];
  const warned = new Set<GazetteerEntry>();
  let overrides = 0;
  for (let i = 0; i < entries.length; i++) {
    const entry = entries[i]!;
    const user = i < userFrom ? userForms.get(formOf(entry)) : undefined;
    if (user === undefined) {
      kept.push(entry);
      continue;
    }
    if (user.type === entry.type || warned.has(user)) continue;
    warned.add(user);
    if (++overrides <= OVERRIDE_WARNINGS) {
      const { file, line } = user.source;
      const was = entry.source;
      problems.push({ file, line, col: 0, code: 'OVERRIDES_PROFILE', severity: 'warning', message: `\`${user.term}\` is ${user.type} here, and wins over the profile's ${entry.type} (${was.file}:${was.line} entry "${was.entry}")` });
    }
  }
  if (overrides > OVERRIDE_WARNINGS) {
    const first = [...warned][OVERRIDE_WARNINGS]!.source;
    problems.push({ file: first.file, line: first.line, col: 0, code: 'OVERRIDES_PROFILE', severity: 'warning', message: `and ${overrides - OVERRIDE_WARNINGS} more entries of your own win over the profile's with another type` });
  }
  return kept;
}

/** Loads and validates rules (already expanded) against `types`. Rule ids are unique across all files. */
export function loadRules(sources: ReadonlyArray<SourceFile | RulesInput>, types: ReadonlySet<string>, problems: Problem[] = []): LoadedRules {
  const rules: Rule[] = [];
  const files: string[] = [];
  const passes: PassOptions = { acronyms: false };
  const seenIds = new Map<string, string>();
  for (const source of sources) {
    let loaded;
    if (isSourceFile(source)) {
      files.push(source.shown);
      const text = readText(source, problems);
      if (text === undefined) continue;
      loaded = loadRulesYaml(text, source.shown, types, seenIds);
    } else {
      loaded = loadRulesObject(source, types, seenIds);
    }
    for (const p of loaded.problems) problems.push(p);
    for (const r of loaded.rules) rules.push(r);
    Object.assign(passes, loaded.passes);
  }
  return { rules, passes, problems, files };
}

/**
 * Loads and validates every gazetteer and rule source of a configuration. Never throws for bad
 * files: all problems are returned, so `sertag lint` can list them and `createTagger` can refuse
 * to start with all of them. (A profile that cannot be read throws: there is nothing to check.)
 */
export function loadSources(options: SourceOptions = {}): LoadedSources {
  const cwd = options.cwd ?? process.cwd();
  const profile = resolveProfile(options.profile, cwd);
  const problems: Problem[] = [];
  const gazetteerFiles = gazetteerSources(options, profile, cwd, problems);
  const ruleFiles = ruleSources(options, profile, cwd, problems);
  const gazetteers = loadGazetteers(gazetteerFiles, baseTypes(options, profile), gazetteerConventions(profile), problems);
  const rules = loadRules(ruleFiles, gazetteers.types, problems);
  return loadedSources(gazetteers, rules, problems, profile, gazetteerFiles, ruleFiles);
}

/**
 * What a configuration's sources add up to, loaded (`loadSources`) or from the cache
 * (`loadSourcesCached`): the same fields either way, and the problems of files reached outside a
 * manifest's folder without their content.
 */
export function loadedSources<G extends { files: string[] }, R extends { files: string[] }>(
  gazetteers: G,
  rules: R,
  problems: Problem[],
  profile: Profile,
  gazetteerFiles: ReadonlyArray<SourceFile | GazetteerInput>,
  ruleFiles: ReadonlyArray<SourceFile | RulesInput>,
): G & R & Pick<LoadedSources, 'problems' | 'files' | 'profile' | 'paths' | 'userSources' | 'outside'> {
  const outside = outsideFiles(profile, [...gazetteerFiles, ...ruleFiles], problems);
  return {
    ...gazetteers,
    ...rules,
    problems: hideOutsideContent(problems, outside),
    files: [...gazetteers.files, ...rules.files],
    profile,
    paths: sourcePaths([...gazetteerFiles, ...ruleFiles]),
    userSources: userSourceNames(gazetteerFiles, ruleFiles),
    outside,
  };
}

/**
 * The shown names of the files a manifest's profile makes sertag read from outside the manifest's
 * folder (see `manifestTree`): a path that leads out of it (`../../etc/passwd`, already an
 * `OUTSIDE_TREE` warning), a file in a listed folder, or a symbolic link inside the folder that
 * points out of it (links are followed). A manifest may come from someone else, so such a file may
 * be anyone's private file: its problems keep their place but never show its lines (see
 * `hideOutsideContent`). Empty for a bundled profile and a profile value without a manifest; a file
 * the user names too (`--gazetteers`) is the user's choice and is shown in full.
 */
export function outsideFiles(profile: Profile, sources: readonly unknown[], problems: Problem[]): Set<string> {
  const outside = new Set<string>();
  if (profile.file === undefined || isBundledManifest(profile.file)) return outside;
  const tree = manifestTree(profile.file);
  const realTree = realOrSame(tree);
  const users = new Set<string>();
  for (const source of sources) if (isSourceFile(source) && source.user === true) users.add(source.shown);
  for (const source of sources) {
    if (!isSourceFile(source) || source.user === true || users.has(source.shown)) continue;
    const real = realOrSame(source.path);
    if (isInside(real, realTree)) continue;
    outside.add(source.shown);
    // A path out of the folder is already warned about at the manifest's line; a link is not.
    if (isInside(source.path, tree)) {
      problems.push({ file: source.shown, line: 0, col: 0, code: 'OUTSIDE_TREE', severity: 'warning', message: `is a symbolic link out of the manifest's folder (${tree.replace(/[\\/]$/, '')}), to ${real}; check that it is the file you mean` });
    }
  }
  return outside;
}

/** The path with every symbolic link followed, or as it is when it cannot be (a missing file). */
function realOrSame(path: string): string {
  try {
    return realpathSync(path);
  } catch {
    return path;
  }
}

/** `problems`, those in `outside` files stripped of their content (see `withoutContent`). */
export function hideOutsideContent(problems: Problem[], outside: ReadonlySet<string>): Problem[] {
  return outside.size === 0 ? problems : problems.map((p) => (outside.has(p.file) ? withoutContent(p) : p));
}

/** Throws one SertagError listing every error (warnings don't stop the tagger). */
export function assertNoErrors(loaded: { problems: readonly Problem[] }): void {
  const errors = loaded.problems.filter((p) => p.severity === 'error');
  if (errors.length === 0) return;
  const files = [...new Set(errors.map((p) => p.file))];
  throw new SertagError(
    'INVALID_SOURCES',
    `${errors.length} problem${errors.length === 1 ? '' : 's'} in ${files.join(', ')}; the tagger cannot start until ${errors.length === 1 ? 'it is' : 'they are'} fixed:`,
    errors,
  );
}
