import { spansFromTags } from '../bio/index.js';
import { codePointCount } from '../offsets.js';
import type { CharSpan, JsonlToken } from './jsonl-tokens.js';
import type { Sentence } from './sentence.js';

// Writing gold sentences as JSONL documents (also the base of the doccano, Prodigy and spaCy writers).


/** A sentence as a document: its tokens joined by single spaces, token and span offsets in code points. */
export function sentenceDocument(sentence: Pick<Sentence, 'tokens' | 'tags'>): { text: string; tokens: JsonlToken[]; spans: CharSpan[] } {
  const tokens: JsonlToken[] = [];
  let offset = 0;
  for (const token of sentence.tokens) {
    const end = offset + codePointCount(token);
    tokens.push({ text: token, start: offset, end });
    offset = end + 1;
  }
  const spans = spansFromTags(sentence.tags).map((s) => ({ start: tokens[s.start]!.start, end: tokens[s.end - 1]!.end, label: s.type }));
  return { text: sentence.tokens.join(' '), tokens, spans };
}

/**
 * Formats one sentence as a JSONL line: tokens joined by single spaces, with the tokens (so reading
 * it back keeps them) and spans as code-point offsets.
 */
export function formatJsonlSentence(sentence: Pick<Sentence, 'tokens' | 'tags'>): string {
  const { text, tokens, spans } = sentenceDocument(sentence);
  return JSON.stringify({ text, tokens, spans }) + '\n';
}

/** Formats a whole file of sentences as JSONL, one document per sentence. */
export function writeJsonl(sentences: Iterable<Pick<Sentence, 'tokens' | 'tags'>>): string {
  let out = '';
  for (const sentence of sentences) out += formatJsonlSentence(sentence);
  return out;
}

