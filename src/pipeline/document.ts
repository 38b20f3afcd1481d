import type { TaggedDocument } from '../formats/document.js';
import type { Tagger } from '../tagger.js';

/**
 * Tags one document of running text; with `tokens` (code-point pairs), on those tokens. `offset`:
 * where the text starts in its source file, in code points (plain text cut into paragraphs).
 */
export function tagText(tagger: Tagger, id: string | number, text: string, tokens?: Array<[number, number]>, offset?: number): TaggedDocument {
  const result = tokens === undefined ? tagger.tag(text) : tagger.tag(text, { tokens });
  return { id, text, result, sentences: result.sentences, kind: 'paragraph', ...(offset === undefined ? {} : { offset }) };
}

/** Tags one pre-tokenized sentence; the output keeps exactly its tokens. */
export function tagSentence(tagger: Tagger, id: string, tokens: string[]): TaggedDocument {
  const result = tagger.tagTokens(tokens);
  return { id, text: tokens.join(' '), result, sentences: result.sentences, kind: 'sentence' };
}
