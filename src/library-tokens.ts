import { CodePointOffsets, tokensAt } from './offsets.js';
import { sentenceRanges as sentenceRangesUtf16, splitSentences as splitSentencesUtf16, type SentenceRange } from './tokenize/index.js';
import { tokenizeOffsets, TokenOffsets } from './tokenize/index.js';
import type { Token } from './types.js';

/**
 * The tokenizer on its own, as the library exports it: tokens with code-point `start`/`end` (as
 * Python counts) and `startUtf16`/`endUtf16` (as `String.prototype.slice` takes).
 */
export function tokenize(text: string): Token[] {
  const offsets = tokenizeOffsets(text, new TokenOffsets());
  return tokensAt(new CodePointOffsets(text), offsets.data, offsets.count);
}

/** A sentence's character range: code points, and UTF-16 code units beside them. */
export interface SentenceSpan {
  start: number;
  end: number;
  startUtf16: number;
  endUtf16: number;
}

/** Splits raw text into sentences; ranges as for tokens (code points, and UTF-16 beside them). */
export function splitSentences(text: string): SentenceSpan[] {
  const offsets = new CodePointOffsets(text);
  return splitSentencesUtf16(text).map((r) => ({ start: offsets.fromUtf16(r.start), end: offsets.fromUtf16(r.end), startUtf16: r.start, endUtf16: r.end }));
}

/** The sentences of tokenized text, as half-open token ranges. `tokens` as `tokenize` returns them. */
export function sentenceRanges(tokens: readonly Token[], text: string): SentenceRange[] {
  return sentenceRangesUtf16(tokens.map((t) => ({ text: t.text, start: t.startUtf16, end: t.endUtf16 })), text);
}
