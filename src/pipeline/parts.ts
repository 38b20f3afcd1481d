import type { DocumentPart, PartedDocument } from '../formats/document.js';
import { codePointCount } from '../offsets.js';
import type { Tagger } from '../tagger.js';
import { tagText } from './document.js';

/**
 * The longest stretch of text tagged at once, in characters (1 MiB). Plain text is cut into
 * documents of at most this size; a longer document of its own (a huge JSONL record) is tagged in
 * parts of this size and written as one record, a part at a time, so memory stays a few times the
 * record's size whatever its length. Document-level evidence (acronyms, names a document
 * introduces) does not cross a cut, as it does not cross documents.
 */
export const PART_CHARS = 1 << 20;

/**
 * Where to end a stretch of `text` that starts at `from` and may be `maxChars` long: after the last
 * line break within reach, failing that the last space, failing that at `maxChars` (never between
 * the halves of a surrogate pair). The end of the text when it is within reach.
 */
export function cutPoint(text: string, from: number, maxChars: number): number {
  if (text.length - from <= maxChars) return text.length;
  let cut = text.lastIndexOf('\n', from + maxChars);
  if (cut <= from) cut = text.lastIndexOf(' ', from + maxChars);
  if (cut <= from) {
    cut = from + maxChars;
    const code = text.charCodeAt(cut - 1);
    if (code >= 0xd800 && code <= 0xdbff) cut--;
  }
  return cut;
}

/** What the parts of a document added up to, once they have all been iterated. */
export interface PartCounts {
  tokens: number;
  entities: number;
}

/**
 * A document longer than PART_CHARS as its parts: contiguous stretches of the text, each tagged on
 * its own when the formatter iterates `parts` (so only one part's tokens and entities are alive at
 * a time). With `tokens` (the record's own, code-point pairs), each part takes the tokens that start
 * in it, and a cut never falls inside a token. `only`: keep only entities of these types. `counts`
 * receives the totals as the parts are tagged. `partChars`: the part size (PART_CHARS; smaller in tests).
 * `markdown`: as `tagText`'s.
 */
export function partedDocument(
  tagger: Tagger,
  id: string | number,
  text: string,
  options: { tokens?: Array<[number, number]>; offset?: number; only?: ReadonlySet<string>; counts?: PartCounts; partChars?: number; markdown?: boolean } = {},
): PartedDocument {
  const { tokens, only, counts, partChars = PART_CHARS, markdown } = options;
  function* parts(): Generator<DocumentPart> {
    let startUtf16 = 0;
    let start = 0;
    let firstToken = 0;
    // With the record's tokens: the next token, and its start in UTF-16 units (walked forward with the code points).
    let walkUtf16 = 0;
    let walkCodePoints = 0;
    const toUtf16 = (codePoint: number): number => {
      while (walkCodePoints < codePoint) {
        // A surrogate pair is one code point, as codePointCount counts (a lone half is one too).
        walkUtf16 += codePointCount(text, walkUtf16, walkUtf16 + 2) === 1 && walkUtf16 + 1 < text.length ? 2 : 1;
        walkCodePoints++;
      }
      return walkUtf16;
    };
    while (startUtf16 < text.length) {
      let endUtf16 = cutPoint(text, startUtf16, partChars);
      let own: Array<[number, number]> | undefined;
      if (tokens) {
        // The part's tokens: those that start before the cut; the cut moves to the next token's start.
        let k = firstToken;
        while (k < tokens.length && toUtf16(tokens[k]![0]) < endUtf16) k++;
        if (k === firstToken && k < tokens.length) k++;
        endUtf16 = k < tokens.length ? toUtf16(tokens[k]![0]) : text.length;
        own = tokens.slice(firstToken, k).map(([s, e]) => [s - start, e - start]);
      }
      const partText = text.slice(startUtf16, endUtf16);
      const doc = tagText(tagger, id, partText, own, undefined, markdown);
      if (only) doc.result.entities = doc.result.entities.filter((e) => only.has(e.type));
      if (counts) {
        counts.tokens += doc.result.tokenCount;
        counts.entities += doc.result.entities.length;
      }
      yield { doc, start, startUtf16, firstToken };
      firstToken += doc.result.tokenCount;
      start += codePointCount(partText);
      startUtf16 = endUtf16;
    }
  }
  return { id, text, kind: 'paragraph', ...(options.offset === undefined ? {} : { offset: options.offset }), parts: { [Symbol.iterator]: parts } };
}
