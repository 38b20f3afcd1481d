export { tokenize } from './tokenizer.js';
export { splitSentences, sentenceRanges } from './sentences.js';
export type { SentenceRange } from './sentences.js';
