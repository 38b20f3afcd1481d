import type { Utf16Token as Token } from '../types.js';
import { DEFAULT_ABBREVIATIONS, isDottedAbbreviation, isListedAbbreviation, type Abbreviations } from './abbreviations.js';
import { TokenOffsets, tokenize } from './tokenizer.js';

/** A half-open range `[start, end)`: of tokens for `sentenceRanges`, of characters for `splitSentences`. */
export interface SentenceRange {
  start: number;
  end: number;
}

/**
 * Groups tokens (as produced by `tokenize`) into sentences and returns half-open token ranges that
 * cover every token, in order. A sentence ends after `.`, `!`, `?`, an ellipsis or a word that kept
 * its final period (`proxy.` before a quote), together with the closing quotes and brackets attached
 * right after it, when the next token does not continue the sentence: a lower-case word, a digit or
 * a comma-like mark continues it, and so does anything after an abbreviation (`e.g.`, `Dr.`,
 * `Inc .`, an initial `J .`) unless, for `Inc .`-like words, a capitalized word follows. A blank line
 * (two line breaks between tokens) always ends a sentence, whatever precedes it.
 *
 * `text` is the string the tokens were taken from; it is used to see attachment and line breaks.
 */
export function sentenceRanges(tokens: readonly Token[], text: string, abbreviations: Abbreviations = DEFAULT_ABBREVIATIONS): SentenceRange[] {
  const offsets = new TokenOffsets();
  for (const t of tokens) offsets.push(t.start, t.end);
  return sentenceRangesOf(text, offsets, abbreviations);
}

/** `sentenceRanges` over token offsets (see `tokenizeOffsets`): looks at characters, makes no strings. */
export function sentenceRangesOf(text: string, offsets: TokenOffsets, abbreviations: Abbreviations = DEFAULT_ABBREVIATIONS): SentenceRange[] {
  const ranges: SentenceRange[] = [];
  const o = offsets.data;
  const count = offsets.count;
  let sentenceStart = 0;
  for (let i = 0; i + 1 < count; i++) {
    let end = i + 1;
    if (isSentenceFinal(text, o[2 * i]!, o[2 * i + 1]!, abbreviations)) {
      // Closing quotes and brackets written right after the final mark belong to this sentence.
      while (end < count && o[2 * end] === o[2 * end - 1] && isClosingMark(text, o[2 * end]!, o[2 * end + 1]!)) end++;
      if (end < count && startsNewSentence(text, o, i, end, abbreviations)) {
        ranges.push({ start: sentenceStart, end });
        sentenceStart = end;
        i = end - 1;
        continue;
      }
    }
    if (hasBlankLineBetween(text, o[2 * i + 1]!, o[2 * i + 2]!)) {
      ranges.push({ start: sentenceStart, end: i + 1 });
      sentenceStart = i + 1;
    }
  }
  if (sentenceStart < count) ranges.push({ start: sentenceStart, end: count });
  return ranges;
}

/**
 * Splits raw text into sentences and returns their half-open character ranges, each from the first
 * character of its first token to the last character of its last token (whitespace between
 * sentences belongs to none). Pass `tokens` when the text is already tokenized with `tokenize`, to
 * avoid tokenizing twice. Uses the same abbreviation knowledge as the tokenizer; see
 * `sentenceRanges` for the rules. It scored best against the WikiSER gold sentence boundaries among
 * wink-nlp, natural and this splitter (see benchmarks/results/sentences.md).
 */
export function splitSentences(text: string, tokens: readonly Token[] = tokenize(text)): SentenceRange[] {
  return sentenceRanges(tokens, text).map((range) => ({
    start: tokens[range.start]!.start,
    end: tokens[range.end - 1]!.end,
  }));
}

function isSentenceFinalMark(c: number): boolean {
  return c === 46 /* . */ || c === 33 /* ! */ || c === 63 /* ? */ || c === 0x2026 /* … */;
}

/** Whether the token `text[start, end)` can end a sentence, before looking at what follows. */
function isSentenceFinal(text: string, start: number, end: number, abbreviations: Abbreviations): boolean {
  const length = end - start;
  const last = text.charCodeAt(end - 1);
  if (!isSentenceFinalMark(last)) return false;
  if (length === 1 || last !== 46) return true;
  // A token that kept its period: runs of dots are ellipses; titles (`Dr.`) never end a sentence,
  // dotted abbreviations (`U.S.`) only before a word that typically starts one (`startsNewSentence`).
  if (text.charCodeAt(end - 2) === 46) return true;
  if (isDottedAbbreviation(text, start, end - 1)) return !isListedAbbreviation(abbreviations.common, text, start, end - 1);
  return !isListedAbbreviation(abbreviations.periodKeeping, text, start, end - 1);
}

/**
 * Words that usually start a sentence and rarely follow an abbreviation or an initial inside one, so
 * `type B. It …` and `(i.i.d.) In …` end a sentence while `J. Smith` and `U.S. Army` do not.
 */
const SENTENCE_STARTERS: ReadonlySet<string> = new Set([
  'the', 'a', 'an', 'it', 'its', 'this', 'that', 'these', 'those', 'there', 'in', 'on', 'at', 'for', 'as', 'he',
  'she', 'they', 'we', 'i', 'you', 'his', 'her', 'their', 'our', 'however', 'but', 'and', 'also', 'some', 'many',
  'most', 'after', 'before', 'when', 'while', 'if', 'since', 'although', 'though', 'with', 'by', 'from', 'to',
  'each', 'all', 'both', 'other', 'another', 'such', 'one', 'during', 'then', 'thus', 'today', 'later',
]);

function isSentenceStarter(text: string, start: number, end: number): boolean {
  return end - start <= 8 && SENTENCE_STARTERS.has(text.slice(start, end).toLowerCase());
}

function isClosingMark(text: string, start: number, end: number): boolean {
  if (end - start !== 1) return end - start === 2 && text.charCodeAt(start) === 39 && text.charCodeAt(start + 1) === 39;
  const c = text.charCodeAt(start);
  return c === 34 || c === 39 || c === 41 || c === 93 || c === 125 || c === 0x201d || c === 0x2019 || c === 0xbb;
}

function isUpperCase(c: number): boolean {
  if (c >= 65 && c <= 90) return true;
  if (c < 128) return false;
  const ch = String.fromCharCode(c);
  return ch !== ch.toLowerCase() && ch === ch.toUpperCase();
}

function isLowerCase(c: number): boolean {
  if (c >= 97 && c <= 122) return true;
  if (c < 128) return false;
  const ch = String.fromCharCode(c);
  return ch !== ch.toUpperCase() && ch === ch.toLowerCase();
}

/**
 * Whether token `next` starts a new sentence after the sentence-final token `finalIndex` (and any
 * closing marks after it); `o` holds the token offsets.
 */
function startsNewSentence(text: string, o: Int32Array, finalIndex: number, next: number, abbreviations: Abbreviations): boolean {
  const nextStart = o[2 * next]!;
  const nextEnd = o[2 * next + 1]!;
  const first = text.charCodeAt(nextStart);
  // Sentences go on after `Yahoo! is`, `... and`, `e.g. 5`, `Fig. 3`, or `, ; :` and other marks.
  if (isLowerCase(first)) return false;
  if (first === 44 || first === 59 || first === 58 || first === 37 /* , ; : % */) return false;
  const finalStart = o[2 * finalIndex]!;
  const finalEnd = o[2 * finalIndex + 1]!;
  if (finalEnd - finalStart > 1 && text.charCodeAt(finalEnd - 2) !== 46 && isDottedAbbreviation(text, finalStart, finalEnd - 1)) {
    return isSentenceStarter(text, nextStart, nextEnd);
  }
  if (finalEnd - finalStart !== 1 || text.charCodeAt(finalStart) !== 46) return true;
  if (finalIndex === 0 || o[2 * finalIndex - 1] !== finalStart) return true;
  const wordStart = o[2 * finalIndex - 2]!;
  const wordEnd = finalStart;
  // An initial (`J . R . R . Tolkien`, `Douglas R .`) is followed by a capitalized name.
  if (wordEnd - wordStart === 1 && isUpperCase(text.charCodeAt(wordStart))) return isSentenceStarter(text, nextStart, nextEnd);
  if (isListedAbbreviation(abbreviations.common, text, wordStart, wordEnd)) {
    // `Inc . The …` ends a sentence; `No . 5` or `Fig . 3` does not.
    return isUpperCase(first) && !isDigitCode(first);
  }
  return true;
}

function isDigitCode(c: number): boolean {
  return c >= 48 && c <= 57;
}

/** Whether the whitespace `text[from, to)` holds at least two line breaks. */
function hasBlankLineBetween(text: string, from: number, to: number): boolean {
  if (to - from < 2) return false;
  let lineBreaks = 0;
  for (let i = from; i < to; i++) {
    const c = text.charCodeAt(i);
    if (c === 10 || (c === 13 && text.charCodeAt(i + 1) !== 10) || c === 0x2029) {
      if (++lineBreaks === 2) return true;
    }
  }
  return false;
}
