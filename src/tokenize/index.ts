export { tokenize, tokenizeOffsets, tokensAt, TokenOffsets } from './tokenizer.js';
export { splitSentences, sentenceRanges, sentenceRangesOf } from './sentences.js';
export type { SentenceRange } from './sentences.js';
