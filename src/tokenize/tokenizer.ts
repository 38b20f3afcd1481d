import type { Utf16Token as Token } from '../types.js';
import { DEFAULT_ABBREVIATIONS, isDottedAbbreviation, isListedAbbreviation, type Abbreviations } from './abbreviations.js';

const enum Char {
  Tab = 9,
  CarriageReturn = 13,
  Space = 32,
  Bang = 33,
  DoubleQuote = 34,
  Apostrophe = 39,
  OpenParen = 40,
  CloseParen = 41,
  Dollar = 36,
  Comma = 44,
  Period = 46,
  Colon = 58,
  Semicolon = 59,
  Question = 63,
  OpenBracket = 91,
  CloseBracket = 93,
  Backtick = 96,
  OpenBrace = 123,
  CloseBrace = 125,
  LeftGuillemet = 0xab,
  RightGuillemet = 0xbb,
  LeftSingleQuote = 0x2018,
  RightSingleQuote = 0x2019,
  LeftDoubleQuote = 0x201c,
  RightDoubleQuote = 0x201d,
  Ellipsis = 0x2026,
}

/**
 * Token boundaries as character offsets: token `k` is `text.slice(data[2k], data[2k + 1])`. The
 * tagger's fast path tokenizes into one of these (reused from text to text) and never creates a
 * string or an object for a token it has seen before.
 */
export class TokenOffsets {
  /**
   * Grown by doubling. A typed array, so that a copy of a long text's offsets lives outside the
   * JavaScript heap and is freed with its small wrapper by the next minor collection (an array of
   * this size would go straight to the old generation and wait there for a full one).
   */
  data = new Int32Array(256);
  /** Number of tokens. */
  count = 0;

  push(start: number, end: number): void {
    const at = this.count * 2;
    if (at + 2 > this.data.length) this.grow();
    this.data[at] = start;
    this.data[at + 1] = end;
    this.count++;
  }

  private grow(): void {
    const data = new Int32Array(this.data.length * 2);
    data.set(this.data);
    this.data = data;
  }
}

/**
 * Splits text into tokens following the Stack Overflow tokenizer conventions of the WikiSER gold
 * data: whitespace separates chunks, and only punctuation at the edges of a chunk is split off, so
 * software names (`C++`, `.NET`, `Node.js`, `TCP/IP`, `x86-64`), versions, URLs, e-mail addresses
 * and paths stay whole. Split off are: opening quotes and brackets, closing quotes and unbalanced
 * closing brackets, `, ; : ! ?`, ellipses, a chunk-final period (kept on dotted abbreviations such
 * as `e.g.` or `U.S.` and on titles such as `Dr.`), and clitics (`'s`, `n't`, `'re`, `'ve`, `'ll`,
 * `'d`, `'m`, straight or curly apostrophe).
 *
 * Offsets are half-open UTF-16 indexes into `text`; `text.slice(t.start, t.end) === t.text` always.
 * Never throws: any string (lone surrogates, NUL, emoji, a megabyte without spaces) is tokenized
 * in time linear in its length.
 */
export function tokenize(text: string, abbreviations: Abbreviations = DEFAULT_ABBREVIATIONS): Token[] {
  const offsets = tokenizeOffsets(text, new TokenOffsets(), abbreviations);
  return tokensAt(text, offsets.data, offsets.count);
}

/** The first `count` tokens whose offsets `data` holds (token `k` at `2k`, `2k + 1`), as token objects. */
export function tokensAt(text: string, data: ArrayLike<number>, count: number): Token[] {
  const tokens: Token[] = new Array(count);
  for (let k = 0; k < count; k++) {
    const start = data[2 * k]!;
    const end = data[2 * k + 1]!;
    tokens[k] = { text: text.slice(start, end), start, end };
  }
  return tokens;
}

/** `tokenize`, writing only the tokens' offsets into `out` (emptied first). Returns `out`. */
export function tokenizeOffsets(text: string, out: TokenOffsets, abbreviations: Abbreviations = DEFAULT_ABBREVIATIONS): TokenOffsets {
  out.count = 0;
  const length = text.length;
  let position = 0;
  while (position < length) {
    if (isSpace(text.charCodeAt(position))) {
      position++;
      continue;
    }
    let chunkEnd = position + 1;
    while (chunkEnd < length && !isSpace(text.charCodeAt(chunkEnd))) chunkEnd++;
    splitChunk(text, position, chunkEnd, out, abbreviations);
    position = chunkEnd;
  }
  return out;
}

/** Whitespace and control characters separate chunks; they never belong to a token. */
function isSpace(c: number): boolean {
  if (c <= Char.Space) return true;
  if (c < 0x85) return false;
  return (
    c === 0x85 ||
    c === 0xa0 ||
    c === 0x1680 ||
    (c >= 0x2000 && c <= 0x200b) ||
    c === 0x2028 ||
    c === 0x2029 ||
    c === 0x202f ||
    c === 0x205f ||
    c === 0x3000 ||
    c === 0xfeff
  );
}

/** ASCII characters that never need splitting off the start of a chunk (1) or off its end (2). */
const plainEdges: Uint8Array = (() => {
  const table = new Uint8Array(128).fill(3);
  for (let c = 0; c <= Char.Space; c++) table[c] = 0;
  for (const ch of '([{"\'`$') table[ch.charCodeAt(0)]! &= ~1;
  for (const ch of '.,;:!?)]}"\'`') table[ch.charCodeAt(0)]! &= ~2;
  return table;
})();

function isPlainFirstCharacter(c: number): boolean {
  return c < 128 ? (plainEdges[c]! & 1) !== 0 : c !== Char.LeftDoubleQuote && c !== Char.LeftSingleQuote && c !== Char.LeftGuillemet;
}

function isPlainLastCharacter(c: number): boolean {
  return c < 128
    ? (plainEdges[c]! & 2) !== 0
    : c !== Char.RightDoubleQuote && c !== Char.RightSingleQuote && c !== Char.RightGuillemet && c !== Char.Ellipsis;
}

function isOpeningPunctuation(c: number): boolean {
  return (
    c === Char.OpenParen ||
    c === Char.OpenBracket ||
    c === Char.OpenBrace ||
    c === Char.DoubleQuote ||
    c === Char.Apostrophe ||
    c === Char.Backtick ||
    c === Char.LeftDoubleQuote ||
    c === Char.LeftSingleQuote ||
    c === Char.LeftGuillemet
  );
}

/** The kind of punctuation last split off the right edge of a chunk. */
type PeeledKind = 'nothing' | 'quote' | 'comma' | 'other';

/**
 * Boundaries of the tokens peeled off the right edge of the current chunk, innermost last. Reused
 * across calls so peeling allocates nothing; it only grows for pathological chunks.
 */
const peeledFromRight: number[] = [];

/** Splits one whitespace-free chunk `text[start, end)` into tokens appended to `tokens`. */
function splitChunk(text: string, start: number, end: number, tokens: TokenOffsets, abbreviations: Abbreviations): void {
  // Most chunks are plain words: nothing to peel at either edge and no clitic. Checking that with
  // two table lookups keeps the common case close to a bare whitespace split.
  if (isPlainFirstCharacter(text.charCodeAt(start)) && isPlainLastCharacter(text.charCodeAt(end - 1))) {
    const length = end - start;
    if (length < 3 || (!isApostrophe(text.charCodeAt(end - 2)) && !isApostrophe(text.charCodeAt(end - 3)))) {
      tokens.push(start, end);
      return;
    }
  }
  // A chunk made only of double quotes (`""`, an empty string literal) is one token.
  if (isRunOf(text, start, end, Char.DoubleQuote)) {
    tokens.push(start, end);
    return;
  }
  let openedWithLeftSingleQuote = false;
  while (end - start > 1) {
    const c = text.charCodeAt(start);
    if (!isOpeningPunctuation(c)) {
      // `$1,000` is split as `$ 1,000` in the gold, while `$5` and `$2.5` stay whole.
      if (c === Char.Dollar && hasThousandsSeparator(text, start + 1, end)) {
        tokens.push(start, start + 1);
        start++;
      }
      break;
    }
    // A chunk that is only a clitic (`'s` after a quoted word) stays whole.
    if (c === Char.Apostrophe && cliticLength(text, start, end) === end - start) break;
    // A bracket closed inside the word is part of it: `[D]CONFIG.703`, `(s)he`.
    if (isBracketOpenedInsideWord(text, start, end)) break;
    if (c === Char.LeftSingleQuote) openedWithLeftSingleQuote = true;
    tokens.push(start, start + 1);
    start++;
  }

  // Brackets are only split off the right edge when unbalanced inside the chunk, so `foo()`,
  // `f(x)` and `a[0]` stay whole while `(foo)` and `foo)` lose their closing bracket. Counted
  // lazily: most chunks never end in a bracket.
  let bracketsCounted = false;

  peeledFromRight.length = 0;
  // What was peeled just before (to the right of) the current edge; it decides whether a period
  // stays attached: the gold writes `proxy."`, `Inc.,` and `Yahoo!,` but `grant . ,`.
  let peeledAfter: PeeledKind = 'nothing';
  while (end - start > 1) {
    const c = text.charCodeAt(end - 1);
    let peelStart = end - 1;
    let peeledKind: PeeledKind = 'other';
    if (c === Char.Period) {
      while (peelStart > start && text.charCodeAt(peelStart - 1) === Char.Period) peelStart--;
      if (peelStart === start) break;
      if (peelStart === end - 1 && keepsItsPeriod(text, start, end - 1, peeledAfter, abbreviations)) break;
    } else if (c === Char.Comma || c === Char.Semicolon || c === Char.Colon) {
      peeledKind = 'comma';
    } else if (c === Char.Question || c === Char.Bang) {
      while (peelStart > start && isQuestionOrBang(text.charCodeAt(peelStart - 1))) peelStart--;
      if (peelStart === start || peeledAfter === 'comma') break;
    } else if (c === Char.DoubleQuote || c === Char.RightDoubleQuote || c === Char.RightGuillemet || c === Char.Backtick) {
      peeledKind = 'quote';
    } else if (c === Char.Apostrophe) {
      // `''` is a closing double quote written with apostrophes.
      if (end - start > 2 && text.charCodeAt(end - 2) === Char.Apostrophe) peelStart--;
      peeledKind = 'quote';
    } else if (c === Char.RightSingleQuote) {
      // Without a matching opening quote, a trailing `’` is an apostrophe (`Somers’`).
      if (!openedWithLeftSingleQuote) break;
      openedWithLeftSingleQuote = false;
      peeledKind = 'quote';
    } else if (c === Char.Ellipsis) {
      // An ellipsis is its own token.
    } else if (c === Char.CloseParen) {
      if (!bracketsCounted) bracketsCounted = countUnmatchedClosers(text, start, end);
      if (unmatchedClosers.parens <= 0) break;
      unmatchedClosers.parens--;
    } else if (c === Char.CloseBracket) {
      if (!bracketsCounted) bracketsCounted = countUnmatchedClosers(text, start, end);
      if (unmatchedClosers.brackets <= 0) break;
      unmatchedClosers.brackets--;
    } else if (c === Char.CloseBrace) {
      if (!bracketsCounted) bracketsCounted = countUnmatchedClosers(text, start, end);
      if (unmatchedClosers.braces <= 0) break;
      unmatchedClosers.braces--;
    } else {
      break;
    }
    peeledFromRight.push(peelStart, end);
    end = peelStart;
    peeledAfter = peeledKind;
  }

  const clitic = end - start > 1 ? cliticLength(text, start, end) : 0;
  if (clitic > 0 && clitic < end - start) {
    tokens.push(start, end - clitic);
    tokens.push(end - clitic, end);
  } else {
    tokens.push(start, end);
  }
  for (let i = peeledFromRight.length - 2; i >= 0; i -= 2) {
    tokens.push(peeledFromRight[i]!, peeledFromRight[i + 1]!);
  }
}

/** Closing brackets without an opening one in the current chunk, by kind; see `countUnmatchedClosers`. */
const unmatchedClosers = { parens: 0, brackets: 0, braces: 0 };

/** Counts, into `unmatchedClosers`, closing brackets in `text[start, end)` not balanced by opening ones. */
function countUnmatchedClosers(text: string, start: number, end: number): true {
  let parens = 0;
  let brackets = 0;
  let braces = 0;
  for (let i = start; i < end; i++) {
    const c = text.charCodeAt(i);
    if (c === Char.OpenParen) parens--;
    else if (c === Char.CloseParen) parens++;
    else if (c === Char.OpenBracket) brackets--;
    else if (c === Char.CloseBracket) brackets++;
    else if (c === Char.OpenBrace) braces--;
    else if (c === Char.CloseBrace) braces++;
  }
  unmatchedClosers.parens = parens;
  unmatchedClosers.brackets = brackets;
  unmatchedClosers.braces = braces;
  return true;
}

function isRunOf(text: string, start: number, end: number, code: number): boolean {
  for (let i = start; i < end; i++) if (text.charCodeAt(i) !== code) return false;
  return true;
}

function isDigit(c: number): boolean {
  return c >= 48 && c <= 57;
}

function isAsciiLetterOrDigit(c: number): boolean {
  return (c >= 48 && c <= 57) || (c >= 65 && c <= 90) || (c >= 97 && c <= 122);
}

/** Whether `text[start, end)` starts with digits followed by a comma and three more digits (`1,000`). */
function hasThousandsSeparator(text: string, start: number, end: number): boolean {
  let i = start;
  while (i < end && isDigit(text.charCodeAt(i))) i++;
  return (
    i > start && i + 3 < end && text.charCodeAt(i) === Char.Comma &&
    isDigit(text.charCodeAt(i + 1)) && isDigit(text.charCodeAt(i + 2)) && isDigit(text.charCodeAt(i + 3))
  );
}

/** How far to look for the bracket closing a chunk's first character; words are short. */
const BRACKET_LOOKAHEAD = 64;

/**
 * Whether the bracket at `text[start]` is closed inside the chunk with a letter or digit right after
 * the closing bracket, as in `[D]CONFIG.703` or `(s)he`: then the bracket belongs to the word.
 */
function isBracketOpenedInsideWord(text: string, start: number, end: number): boolean {
  const open = text.charCodeAt(start);
  const close = open === Char.OpenParen ? Char.CloseParen : open === Char.OpenBracket ? Char.CloseBracket : open === Char.OpenBrace ? Char.CloseBrace : 0;
  if (close === 0) return false;
  const limit = Math.min(end - 1, start + BRACKET_LOOKAHEAD);
  let depth = 0;
  for (let i = start; i < limit; i++) {
    const c = text.charCodeAt(i);
    if (c === open) depth++;
    else if (c === close && --depth === 0) return isAsciiLetterOrDigit(text.charCodeAt(i + 1));
  }
  return false;
}

function isQuestionOrBang(c: number): boolean {
  return c === Char.Question || c === Char.Bang;
}

/**
 * Whether the word `text[start, periodIndex)` keeps the period that follows it. Dotted abbreviations
 * (`e.g.`) and titles (`Dr.`) always do; a known abbreviation before a comma does (`Inc.,`); any word
 * ending in a letter or digit does before a closing quote (`proxy."`), but not `negotiated).`.
 */
function keepsItsPeriod(text: string, start: number, periodIndex: number, peeledAfter: PeeledKind, abbreviations: Abbreviations): boolean {
  if (isDottedAbbreviation(text, start, periodIndex)) return true;
  if (isListedAbbreviation(abbreviations.periodKeeping, text, start, periodIndex)) return true;
  if (peeledAfter === 'comma') return isListedAbbreviation(abbreviations.common, text, start, periodIndex);
  if (peeledAfter === 'quote') return periodIndex > start && !isClosingPunctuation(text.charCodeAt(periodIndex - 1));
  return false;
}

function isClosingPunctuation(c: number): boolean {
  return c === Char.CloseParen || c === Char.CloseBracket || c === Char.CloseBrace || c === Char.DoubleQuote || c === Char.Apostrophe || c === Char.RightDoubleQuote || c === Char.RightSingleQuote;
}

function isApostrophe(c: number): boolean {
  return c === Char.Apostrophe || c === Char.RightSingleQuote;
}

function isLetter(c: number, lower: number): boolean {
  return c === lower || c === lower - 32;
}

/**
 * Length of the clitic ending `text[start, end)`: `'s`, `'m`, `'d` (2), `'re`, `'ve`, `'ll`,
 * `n't` (3), any case, straight or curly apostrophe; 0 when there is none.
 */
function cliticLength(text: string, start: number, end: number): number {
  const length = end - start;
  if (length < 2) return 0;
  const last = text.charCodeAt(end - 1);
  const beforeLast = text.charCodeAt(end - 2);
  if (isApostrophe(beforeLast)) {
    if (isLetter(last, 115 /* s */) || isLetter(last, 109 /* m */) || isLetter(last, 100 /* d */)) return 2;
    if (isLetter(last, 116 /* t */) && length >= 3 && isLetter(text.charCodeAt(end - 3), 110 /* n */)) return 3;
    return 0;
  }
  if (length < 3 || !isApostrophe(text.charCodeAt(end - 3))) return 0;
  if (
    (isLetter(beforeLast, 114 /* r */) && isLetter(last, 101 /* e */)) ||
    (isLetter(beforeLast, 118 /* v */) && isLetter(last, 101 /* e */)) ||
    (isLetter(beforeLast, 108 /* l */) && isLetter(last, 108 /* l */))
  ) {
    return 3;
  }
  return 0;
}
