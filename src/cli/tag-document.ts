import type { TaggedDocument } from '../formats/document.js';
import type { Tagger } from '../tagger.js';

/** Tags one document of running text. */
export function tagText(tagger: Tagger, id: string | number, text: string): TaggedDocument {
  const result = tagger.tag(text);
  return { id, text, result, sentences: result.sentences, kind: 'paragraph' };
}

/** Tags one pre-tokenized sentence; the output keeps exactly its tokens. */
export function tagSentence(tagger: Tagger, id: string, tokens: string[]): TaggedDocument {
  const result = tagger.tagTokens(tokens);
  return { id, text: tokens.join(' '), result, sentences: result.sentences, kind: 'sentence' };
}
