// A profile's sources as the quality benchmark and the CI floors need them: the learned
// gazetteer and blocks (which cross-validation replaces in every fold by ones learned from the
// training folds) apart from everything else the profile loads (kept unchanged).
import { readdirSync, statSync } from 'node:fs';
import { dirname, join, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';
import { loadProfile } from '../../dist/profile/index.js';

const repo = resolve(dirname(fileURLToPath(import.meta.url)), '..', '..');

/** A file stays a file; a folder becomes every `.yaml` file inside it (not recursive), sorted. */
function expand(path) {
  if (!statSync(path).isDirectory()) return [path];
  return readdirSync(path)
    .filter((f) => f.endsWith('.yaml'))
    .sort()
    .map((f) => join(path, f));
}

/**
 * Reads a bundled profile (`wikipedia`, `stackoverflow`) or a manifest path with the library's
 * `loadProfile`. Returns absolute file paths: `curated` (gazetteers other than the learned one),
 * `rules` (rule files other than the learned blocks), and the `learned` part.
 */
export function profileSources(nameOrPath) {
  const profile = loadProfile(nameOrPath);
  const learnedGazetteer = profile.learned?.gazetteer && resolve(profile.learned.gazetteer);
  const learnedBlocks = profile.learned?.blocks && resolve(profile.learned.blocks);
  const curated = [...new Set(profile.gazetteers.flatMap(expand))].filter((p) => p !== learnedGazetteer);
  const rules = [...new Set(profile.rules.flatMap(expand))].filter((p) => p !== learnedBlocks);
  return {
    name: profile.name,
    file: profile.file,
    description: profile.description,
    curated,
    rules,
    learned: profile.learned ? { gazetteer: learnedGazetteer, blocks: learnedBlocks, options: profile.learned.options ?? {} } : undefined,
  };
}

/** A path as the report shows it: relative to the repository. */
export function repoRelative(path) {
  return path.startsWith(repo + '/') ? path.slice(repo.length + 1) : path;
}
