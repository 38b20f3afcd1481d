import type { TaggedDocument } from '../formats/document.js';
import type { Tagger } from '../tagger.js';
import type { TagResult } from '../types.js';

/**
 * Tags one document of running text; with `tokens` (code-point pairs), on those tokens. `offset`:
 * where the text starts in its source file, in code points (plain text cut into paragraphs).
 * `markdown`: peel Markdown or not, for this document (a server request's choice); the tagger's
 * own setting when absent.
 */
export function tagText(tagger: Tagger, id: string | number, text: string, tokens?: Array<[number, number]>, offset?: number, markdown?: boolean): TaggedDocument {
  const result = tokens === undefined && markdown === undefined ? tagger.tag(text) : tagger.tag(text, { ...(tokens === undefined ? {} : { tokens }), ...(markdown === undefined ? {} : { markdown }) });
  return { id, text, result, sentences: result.sentences, kind: 'paragraph', ...(offset === undefined ? {} : { offset }) };
}

/** A pre-tokenized sentence and its result (of `tagSentences`, with its document) as a document to write; the output keeps exactly its tokens. */
export function sentenceDocument(id: string, tokens: string[], result: TagResult): TaggedDocument {
  return { id, text: tokens.join(' '), result, sentences: result.sentences, kind: 'sentence' };
}
