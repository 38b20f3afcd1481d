import type { TaggedDocument } from '../output/index.js';
import type { Tagger } from '../tagger.js';
import { sentenceRanges } from '../tokenize/sentences.js';

/** Tags one document of running text. */
export function tagText(tagger: Tagger, id: string | number, text: string): TaggedDocument {
  const result = tagger.tag(text);
  return { id, text, result, sentences: sentenceRanges(result.tokens, text), kind: 'paragraph' };
}

/** Tags one pre-tokenized sentence; the output keeps exactly its tokens. */
export function tagSentence(tagger: Tagger, id: string, tokens: string[]): TaggedDocument {
  const result = tagger.tagTokens(tokens);
  return { id, text: tokens.join(' '), result, sentences: [{ start: 0, end: tokens.length }], kind: 'sentence' };
}
