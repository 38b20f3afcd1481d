export { readWikiser, writeWikiser, formatWikiserSentence } from './wikiser.js';
export { readConll, writeConll, formatConllSentence, type ConllReadOptions } from './conll.js';
export { readJsonl, writeJsonl, formatJsonlSentence } from './jsonl.js';
export { detectFormat, readSentences, type ReadSentencesOptions } from './detect.js';
export { FORMAT_NAMES, type FormatName, type ReadOptions, type Sentence, type SentenceDocument } from './sentence.js';
