/**
 * Abbreviation knowledge shared by the tokenizer and the sentence splitter.
 *
 * The gold data (Stack Overflow tokenizer conventions) keeps the period on dotted abbreviations
 * (`e.g.`, `U.S.`, `Ph.D.`) and on a few titles (`Dr.`, `St.`, `vs.`), but splits it off every other
 * word, even `Inc.` and `etc.`. The sentence splitter needs the wider list: `Inc .` followed by a
 * lower-case word is not a sentence end.
 */

/** Titles and short forms whose period the tokenizer keeps attached (compared lower-cased). */
export const PERIOD_KEEPING_ABBREVIATIONS: ReadonlySet<string> = new Set([
  'mr', 'mrs', 'ms', 'dr', 'st', 'jr', 'sr', 'prof', 'vs',
]);

/**
 * Words that are usually abbreviations when a period follows them, so a following period rarely ends
 * a sentence unless the next word starts one clearly (compared lower-cased, without the period).
 */
export const COMMON_ABBREVIATIONS: ReadonlySet<string> = new Set([
  ...PERIOD_KEEPING_ABBREVIATIONS,
  'mt', 'ft', 'gen', 'rev', 'sen', 'rep', 'gov', 'lt', 'sgt', 'col', 'capt', 'inc', 'ltd', 'co', 'corp', 'bros', 'llc', 'plc', 'etc', 'al', 'cf', 'approx', 'dept', 'est', 'fig', 'figs', 'no', 'nos',
  'vol', 'vols', 'pp', 'ch', 'sec', 'ed', 'eds', 'jan', 'feb', 'mar', 'apr', 'jun', 'jul', 'aug', 'sep', 'sept', 'oct',
  'nov', 'dec', 'mon', 'tue', 'wed', 'thu', 'fri', 'sat', 'sun', 'ave', 'blvd', 'rd', 'univ', 'assn', 'min', 'max', 'ver',
  'v', 'resp', 'incl', 'esp', 'misc', 'e.g', 'i.e', 'viz', 'ca',
]);

/**
 * Whether `text[start, end)` (the period excluded) is a dotted abbreviation such as `e.g`, `U.S`,
 * `Ph.D` or `a.k.a`: letter groups of at most two letters separated by single periods (at least two
 * groups), so code like `np.dot` or `os.path` is not mistaken for one.
 */
export function isDottedAbbreviation(text: string, start: number, end: number): boolean {
  let groups = 0;
  let groupLength = 0;
  for (let i = start; i < end; i++) {
    const c = text.charCodeAt(i);
    if (c === 46 /* . */) {
      if (groupLength === 0) return false;
      groups++;
      groupLength = 0;
    } else if ((c >= 97 && c <= 122) || (c >= 65 && c <= 90)) {
      if (++groupLength > 2) return false;
    } else {
      return false;
    }
  }
  return groupLength > 0 && groups >= 1;
}

/** Whether `text[start, end)` lower-cased is in `set`, without allocating for words longer than any entry. */
export function isListedAbbreviation(set: ReadonlySet<string>, text: string, start: number, end: number): boolean {
  if (end - start > 7 || end <= start) return false;
  return set.has(text.slice(start, end).toLowerCase());
}

/** The abbreviation lists a tokenizer and splitter use; a profile may extend the built-in ones. */
export interface Abbreviations {
  /** Words whose period stays attached (see `PERIOD_KEEPING_ABBREVIATIONS`). */
  readonly periodKeeping: ReadonlySet<string>;
  /** Words after which a period rarely ends a sentence (see `COMMON_ABBREVIATIONS`). */
  readonly common: ReadonlySet<string>;
}

/** The built-in lists: English Wikipedia prose and the gold's tokenizer conventions. */
export const DEFAULT_ABBREVIATIONS: Abbreviations = { periodKeeping: PERIOD_KEEPING_ABBREVIATIONS, common: COMMON_ABBREVIATIONS };

/**
 * The built-in lists plus `extra` words that keep their period (`appl.` or `appl`, any case; at most
 * 7 letters, as `isListedAbbreviation` compares). The same lists when there are none.
 */
export function abbreviationsWith(words: readonly string[]): Abbreviations {
  if (words.length === 0) return DEFAULT_ABBREVIATIONS;
  const extra = words.map((w) => w.toLowerCase().replace(/\.$/, ''));
  return { periodKeeping: new Set([...PERIOD_KEEPING_ABBREVIATIONS, ...extra]), common: new Set([...COMMON_ABBREVIATIONS, ...extra]) };
}
