import { readdirSync, readFileSync, statSync } from 'node:fs';
import { join, relative, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';
import { WIKISER_TYPES } from './entity-types.js';
import { SertagError, type Problem } from './errors.js';
import { loadGazetteerObject, loadGazetteerYaml, declaredTypesOf } from './gazetteer/load.js';
import type { GazetteerEntry, GazetteerInput } from './gazetteer/types.js';
import { loadRulesYaml } from './rules/load.js';
import type { PassOptions, Rule } from './rules/types.js';
import { YamlSource } from './yaml-source.js';
import { stringify } from 'yaml';

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
  if (!stat.isDirectory()) return [full];
  return readdirSync(full)
    .filter((name) => /\.ya?ml$/.test(name))
    .sort()
    .map((name) => join(full, name));
}

function readText(file: string, shown: string, problems: Problem[]): string | undefined {
  try {
    return readFileSync(file, 'utf8');
  } catch (error) {
    problems.push({ file: shown, line: 0, col: 0, code: 'UNREADABLE', message: `cannot read: ${(error as NodeJS.ErrnoException).code ?? String(error)}`, severity: 'error' });
    return undefined;
  }
}

/**
 * Loads and validates every gazetteer and rule source. Never throws for bad files: all problems
 * are returned, so `sertag lint` can list them and `createTagger` can refuse to start with all of them.
 */
export function loadSources(options: SourceOptions = {}): LoadedSources {
  const cwd = options.cwd ?? process.cwd();
  const problems: Problem[] = [];
  const files: string[] = [];
  const gazetteerPaths = [...(options.defaultGazetteers === false ? [] : [DEFAULT_GAZETTEERS]), ...(options.gazetteers ?? [])];
  const rulePaths = [...(options.defaultRules === false ? [] : [DEFAULT_RULES]), ...(options.rules ?? [])];

  const gazetteerTexts: Array<{ file: string; text: string } | GazetteerInput> = [];
  for (const source of gazetteerPaths) {
    if (typeof source !== 'string') {
      gazetteerTexts.push(source);
      continue;
    }
    for (const file of yamlFiles(source, cwd, problems)) {
      const shown = displayName(file, cwd);
      const text = readText(file, shown, problems);
      if (text !== undefined) gazetteerTexts.push({ file: shown, text });
      files.push(shown);
    }
  }

  // Types are declared once; a gazetteer may declare new ones, so collect declarations first.
  const types = new Set<string>([...WIKISER_TYPES, ...(options.declareTypes ?? [])]);
  for (const g of gazetteerTexts) {
    if ('text' in g) for (const t of declaredTypesOf(new YamlSource(g.text, g.file))) types.add(t);
  }

  const entries: GazetteerEntry[] = [];
  for (const g of gazetteerTexts) {
    const loaded = 'text' in g ? loadGazetteerYaml(g.text, g.file, types) : loadGazetteerObject(g, types);
    problems.push(...loaded.problems);
    entries.push(...loaded.entries);
  }

  const rules: Rule[] = [];
  const passes: PassOptions = { acronyms: false };
  const seenIds = new Map<string, string>();
  for (const source of rulePaths) {
    const texts =
      typeof source === 'string'
        ? yamlFiles(source, cwd, problems).map((file) => {
            const shown = displayName(file, cwd);
            files.push(shown);
            return { file: shown, text: readText(file, shown, problems) };
          })
        : [{ file: source.name, text: stringify({ rules: source.rules, ...(source.passes ? { passes: source.passes } : {}) }) }];
    for (const { file, text } of texts) {
      if (text === undefined) continue;
      const loaded = loadRulesYaml(text, file, types, seenIds);
      problems.push(...loaded.problems);
      rules.push(...loaded.rules);
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
