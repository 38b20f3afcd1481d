import { createRequire } from 'node:module';

interface NounInflector {
  pluralize(word: string): string;
  singularize(word: string): string;
}

// natural's index pulls in hundreds of modules (seconds to load); its noun inflector alone loads at once.
const require = createRequire(import.meta.url);
let inflector: NounInflector | undefined;

function nounInflector(): NounInflector {
  if (!inflector) {
    const NounInflectorClass = require('natural/lib/natural/inflectors/noun_inflector') as new () => NounInflector;
    inflector = new NounInflectorClass();
  }
  return inflector;
}

/**
 * The plural or singular of a term, inflecting its last word only (`binary tree` → `binary trees`).
 * Words with no lower-case letter (acronyms such as `CPU`) take a plain `s`.
 */
export function inflect(term: string, variant: 'plural' | 'singular'): string {
  const cut = term.lastIndexOf(' ') + 1;
  const head = term.slice(0, cut);
  const last = term.slice(cut);
  if (!/[a-z]/.test(last)) {
    if (variant === 'plural') return /^[A-Z0-9]+$/.test(last) ? `${head}${last}s` : term;
    return /^[A-Z0-9]+s$/.test(last) ? `${head}${last.slice(0, -1)}` : term;
  }
  const inflected = variant === 'plural' ? nounInflector().pluralize(last) : nounInflector().singularize(last);
  return head + inflected;
}
