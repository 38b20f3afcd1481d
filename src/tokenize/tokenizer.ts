import type { Token } from '../types.js';
import { PERIOD_KEEPING_ABBREVIATIONS, isDottedAbbreviation, isListedAbbreviation } from './abbreviations.js';

const enum Char {
  Tab = 9,
  CarriageReturn = 13,
  Space = 32,
  Bang = 33,
  DoubleQuote = 34,
  Apostrophe = 39,
  OpenParen = 40,
  CloseParen = 41,
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
export function tokenize(text: string): Token[] {
  const tokens: Token[] = [];
  const length = text.length;
  let position = 0;
  while (position < length) {
    if (isSpace(text.charCodeAt(position))) {
      position++;
      continue;
    }
    let chunkEnd = position + 1;
    while (chunkEnd < length && !isSpace(text.charCodeAt(chunkEnd))) chunkEnd++;
    splitChunk(text, position, chunkEnd, tokens);
    position = chunkEnd;
  }
  return tokens;
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

function pushToken(text: string, start: number, end: number, tokens: Token[]): void {
  tokens.push({ text: text.slice(start, end), start, end });
}

/**
 * Boundaries of the tokens peeled off the right edge of the current chunk, innermost last. Reused
 * across calls so peeling allocates nothing; it only grows for pathological chunks.
 */
const peeledFromRight: number[] = [];

/** Splits one whitespace-free chunk `text[start, end)` into tokens appended to `tokens`. */
function splitChunk(text: string, start: number, end: number, tokens: Token[]): void {
  let openedWithLeftSingleQuote = false;
  while (end - start > 1 && isOpeningPunctuation(text.charCodeAt(start))) {
    const c = text.charCodeAt(start);
    // A chunk that is only a clitic (`'s` after a quoted word) stays whole.
    if (c === Char.Apostrophe && cliticLength(text, start, end) === end - start) break;
    if (c === Char.LeftSingleQuote) openedWithLeftSingleQuote = true;
    pushToken(text, start, start + 1, tokens);
    start++;
  }

  // Brackets are only split off the right edge when unbalanced inside the chunk, so `foo()`,
  // `f(x)` and `a[0]` stay whole while `(foo)` and `foo)` lose their closing bracket.
  let unmatchedParens = 0;
  let unmatchedBrackets = 0;
  let unmatchedBraces = 0;
  for (let i = start; i < end; i++) {
    const c = text.charCodeAt(i);
    if (c === Char.OpenParen) unmatchedParens--;
    else if (c === Char.CloseParen) unmatchedParens++;
    else if (c === Char.OpenBracket) unmatchedBrackets--;
    else if (c === Char.CloseBracket) unmatchedBrackets++;
    else if (c === Char.OpenBrace) unmatchedBraces--;
    else if (c === Char.CloseBrace) unmatchedBraces++;
  }

  peeledFromRight.length = 0;
  // The gold keeps a period attached when a quote or comma follows it (`proxy."`, `Inc.,`).
  let periodIsProtected = false;
  while (end - start > 1) {
    const c = text.charCodeAt(end - 1);
    let peelStart = end - 1;
    if (c === Char.Period) {
      while (peelStart > start && text.charCodeAt(peelStart - 1) === Char.Period) peelStart--;
      if (peelStart === end - 1) {
        if (periodIsProtected || keepsItsPeriod(text, start, end - 1)) break;
      } else if (peelStart === start) {
        break;
      }
    } else if (c === Char.Comma || c === Char.Semicolon || c === Char.Colon) {
      periodIsProtected = true;
    } else if (c === Char.Question || c === Char.Bang) {
      while (peelStart > start + 1 && isQuestionOrBang(text.charCodeAt(peelStart - 1))) peelStart--;
    } else if (c === Char.DoubleQuote || c === Char.RightDoubleQuote || c === Char.RightGuillemet || c === Char.Backtick) {
      periodIsProtected = true;
    } else if (c === Char.Apostrophe) {
      // `''` is a closing double quote written with apostrophes.
      if (end - start > 2 && text.charCodeAt(end - 2) === Char.Apostrophe) peelStart--;
      periodIsProtected = true;
    } else if (c === Char.RightSingleQuote) {
      // Without a matching opening quote, a trailing `’` is an apostrophe (`Somers’`).
      if (!openedWithLeftSingleQuote) break;
      openedWithLeftSingleQuote = false;
      periodIsProtected = true;
    } else if (c === Char.Ellipsis) {
      // An ellipsis is its own token.
    } else if (c === Char.CloseParen) {
      if (unmatchedParens <= 0) break;
      unmatchedParens--;
    } else if (c === Char.CloseBracket) {
      if (unmatchedBrackets <= 0) break;
      unmatchedBrackets--;
    } else if (c === Char.CloseBrace) {
      if (unmatchedBraces <= 0) break;
      unmatchedBraces--;
    } else {
      break;
    }
    peeledFromRight.push(peelStart, end);
    end = peelStart;
  }

  const clitic = end - start > 1 ? cliticLength(text, start, end) : 0;
  if (clitic > 0 && clitic < end - start) {
    pushToken(text, start, end - clitic, tokens);
    pushToken(text, end - clitic, end, tokens);
  } else {
    pushToken(text, start, end, tokens);
  }
  for (let i = peeledFromRight.length - 2; i >= 0; i -= 2) {
    pushToken(text, peeledFromRight[i]!, peeledFromRight[i + 1]!, tokens);
  }
}

function isQuestionOrBang(c: number): boolean {
  return c === Char.Question || c === Char.Bang;
}

/** Whether the word `text[start, periodIndex)` keeps a period that follows it. */
function keepsItsPeriod(text: string, start: number, periodIndex: number): boolean {
  return (
    isDottedAbbreviation(text, start, periodIndex) ||
    isListedAbbreviation(PERIOD_KEEPING_ABBREVIATIONS, text, start, periodIndex)
  );
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
