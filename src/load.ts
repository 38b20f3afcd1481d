import { readdirSync, readFileSync, statSync } from 'node:fs';
import { join, relative, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';
import { WIKISER_TYPES } from './entity-types.js';
import { describeErrno, SertagError, type Problem } from './errors.js';
import { loadGazetteerObject, loadGazetteerSource, declaredTypesOf } from './gazetteer/load.js';
import type { GazetteerEntry, GazetteerInput } from './gazetteer/types.js';
import { loadRulesYaml } from './rules/load.js';
import type { TokenTrie } from './match/index.js';
import type { PassOptions, Rule } from './rules/types.js';
import { decodeUtf8 } from './utf8.js';
import { YamlSource, yaml } from './yaml-source.js';

/** The bundled data folders, next to `src/` and `dist/`. */
export const DEFAULT_GAZETTEERS = fileURLToPath(new URL('../gazetteers/', import.meta.url));
export const DEFAULT_RULES = fileURLToPath(new URL('../rules/', import.meta.url));

/** A rule set passed as an object: the same shape as a rules YAML file. */
export interface RulesInput {
  name: string;
  rules: unknown[];
  passes?: Partial<PassOptions>;
}

/** What the tagger is built from. Paths may be files or folders (every `.yaml`/`.yml` inside, sorted). */
export interface SourceOptions {
  /** Extra gazetteers: paths or objects. Added to the bundled ones unless `defaultGazetteers` is false. */
  gazetteers?: Array<string | GazetteerInput>;
  /** Extra rule files: paths or objects. Added to the bundled ones unless `defaultRules` is false. */
  rules?: Array<string | RulesInput>;
  /** Load the bundled `gazetteers/` (default true). */
  defaultGazetteers?: boolean;
  /** Load the bundled `rules/` (default true). */
  defaultRules?: boolean;
  /** Entity types beyond the twelve WikiSER ones. */
  declareTypes?: string[];
  /** Base for relative paths (default: the process's working directory). */
  cwd?: string;
}

export interface LoadedSources {
  entries: GazetteerEntry[];
  rules: Rule[];
  passes: PassOptions;
  types: Set<string>;
  problems: Problem[];
  files: string[];
  /** The entries already compiled into a trie (from the compiled cache); the tagger compiles them otherwise. */
  trie?: TokenTrie<GazetteerEntry>;
}

function displayName(path: string, cwd: string): string {
  const rel = relative(cwd, path);
  return rel.startsWith('..') ? path : rel;
}

/** Expands a path to the YAML files it names; a missing path is a problem, not a crash. */
function yamlFiles(path: string, cwd: string, problems: Problem[]): string[] {
  const full = resolve(cwd, path);
  let stat;
  try {
    stat = statSync(full);
  } catch {
    problems.push({ file: path, line: 0, col: 0, code: 'MISSING_FILE', message: 'no such file or folder', severity: 'error' });
    return [];
  }
  // A device (/dev/zero, /dev/urandom, a terminal) would be read forever; pipes are fine.
  if (stat.isCharacterDevice() || stat.isBlockDevice() || stat.isSocket()) {
    problems.push({ file: path, line: 0, col: 0, code: 'NOT_A_FILE', message: 'is a device or socket, not a file; expected a YAML file or a folder of them', severity: 'error' });
    return [];
  }
  if (!stat.isDirectory()) return [full];
  const names = readdirSync(full).filter((name) => /\.ya?ml$/.test(name));
  // A folder that holds no YAML is almost always the wrong folder: say so rather than load nothing.
  if (names.length === 0) problems.push({ file: path, line: 0, col: 0, code: 'NO_YAML_FILES', message: 'folder holds no .yaml or .yml files; nothing was loaded from it', severity: 'warning' });
  return names.sort().map((name) => join(full, name));
}

function readText(file: string, shown: string, problems: Problem[]): string | undefined {
  let bytes: Buffer;
  try {
    bytes = readFileSync(file);
  } catch (error) {
    problems.push({ file: shown, line: 0, col: 0, code: 'UNREADABLE', message: describeErrno(error), severity: 'error' });
    return undefined;
  }
  // Strict: bad bytes must not silently become U+FFFD inside a term.
  const decoded = decodeUtf8(bytes);
  if ('error' in decoded) {
    problems.push({ file: shown, line: decoded.error.line, col: decoded.error.col, code: decoded.error.code, message: decoded.error.message, severity: 'error' });
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
 * Loads and validates every gazetteer and rule source. Never throws for bad files: all problems
 * are returned, so `sertag lint` can list them and `createTagger` can refuse to start with all of them.
 */
export function loadSources(options: SourceOptions = {}): LoadedSources {
  const cwd = options.cwd ?? process.cwd();
  const problems: Problem[] = [];
  const files: string[] = [];
  const gazetteerPaths = [...(options.defaultGazetteers === false ? [] : [DEFAULT_GAZETTEERS]), ...asList(options.gazetteers)];
  const rulePaths = [...(options.defaultRules === false ? [] : [DEFAULT_RULES]), ...asList(options.rules)];

  const gazetteerTexts: Array<YamlSource | GazetteerInput> = [];
  for (const [index, source] of gazetteerPaths.entries()) {
    if (typeof source !== 'string') {
      if (isSourceObject(source, 'gazetteers', index - (options.defaultGazetteers === false ? 0 : 1), problems)) gazetteerTexts.push(source);
      continue;
    }
    for (const file of yamlFiles(source, cwd, problems)) {
      const shown = displayName(file, cwd);
      const text = readText(file, shown, problems);
      if (text !== undefined) gazetteerTexts.push(new YamlSource(text, shown));
      files.push(shown);
    }
  }

  // Types are declared once; a gazetteer may declare new ones, so collect declarations first.
  const types = new Set<string>([...WIKISER_TYPES, ...(options.declareTypes ?? [])]);
  for (const g of gazetteerTexts) {
    if (g instanceof YamlSource) for (const t of declaredTypesOf(g)) types.add(t);
  }

  const entries: GazetteerEntry[] = [];
  for (const g of gazetteerTexts) {
    const loaded = g instanceof YamlSource ? loadGazetteerSource(g, types) : loadGazetteerObject(g, types);
    // Loops, not push(...spread): a spread of a 1M-entry gazetteer overflows the call stack.
    for (const p of loaded.problems) problems.push(p);
    for (const e of loaded.entries) entries.push(e);
  }

  const rules: Rule[] = [];
  const passes: PassOptions = { acronyms: false };
  const seenIds = new Map<string, string>();
  for (const [index, source] of rulePaths.entries()) {
    if (typeof source !== 'string' && !isSourceObject(source, 'rules', index - (options.defaultRules === false ? 0 : 1), problems)) continue;
    const texts =
      typeof source === 'string'
        ? yamlFiles(source, cwd, problems).map((file) => {
            const shown = displayName(file, cwd);
            files.push(shown);
            return { file: shown, text: readText(file, shown, problems) };
          })
        : [{ file: source.name, text: yaml().stringify({ rules: source.rules, ...(source.passes ? { passes: source.passes } : {}) }) }];
    for (const { file, text } of texts) {
      if (text === undefined) continue;
      const loaded = loadRulesYaml(text, file, types, seenIds);
      for (const p of loaded.problems) problems.push(p);
      for (const r of loaded.rules) rules.push(r);
      Object.assign(passes, loaded.passes);
    }
  }
  return { entries, rules, passes, types, problems, files };
}

/** Throws one SertagError listing every error (warnings don't stop the tagger). */
export function assertNoErrors(loaded: LoadedSources): void {
  const errors = loaded.problems.filter((p) => p.severity === 'error');
  if (errors.length === 0) return;
  const files = [...new Set(errors.map((p) => p.file))];
  throw new SertagError(
    'INVALID_SOURCES',
    `${errors.length} problem${errors.length === 1 ? '' : 's'} in ${files.join(', ')}; the tagger cannot start until ${errors.length === 1 ? 'it is' : 'they are'} fixed:`,
    errors,
  );
}
