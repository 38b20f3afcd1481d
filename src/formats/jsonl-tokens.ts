import { CodePointOffsets } from '../offsets.js';

// What the JSONL readers share: the shapes of spans and tokens, and a document's own tokens.

/** A character-offset span as annotation tools export it (code points). */
export interface CharSpan {
  start: number;
  end: number;
  label: string;
}

/** A token of a JSONL document, offsets in code points. */
export interface JsonlToken {
  text: string;
  start: number;
  end: number;
}

/** A JSON object (not an array, not null). */
export function isRecord(value: unknown): value is Record<string, unknown> {
  return typeof value === 'object' && value !== null && !Array.isArray(value);
}

/**
 * The document's own tokens, when it has them: Prodigy's `{"text", "start", "end"}`, spaCy's
 * `Doc.to_json()` `{"start", "end"}` and sertag's `[start, end]` (the text is the slice), or a list
 * of strings found in the text in order. Undefined when there are none; a string when they do not
 * fit the text.
 */
export function documentTokens(doc: Record<string, unknown>, text: string, offsets: CodePointOffsets): JsonlToken[] | string | undefined {
  const raw = doc.tokens;
  if (!Array.isArray(raw) || raw.length === 0) return undefined;
  if (raw.every((t) => typeof t === 'string')) {
    const tokens: JsonlToken[] = [];
    let at = 0;
    for (const t of raw as string[]) {
      const found = text.indexOf(t, at);
      if (t === '' || found < 0) return `token ${tokens.length + 1} '${t}' is not in the text after the token before it`;
      tokens.push({ text: t, start: offsets.fromUtf16(found), end: offsets.fromUtf16(found + t.length) });
      at = found + t.length;
    }
    return tokens;
  }
  const length = offsets.length;
  const tokens: JsonlToken[] = [];
  for (const token of raw) {
    const t = Array.isArray(token) && token.length === 2 ? { start: token[0] as unknown, end: token[1] as unknown } : token;
    if (!isRecord(t) || !Number.isInteger(t.start) || !Number.isInteger(t.end)) return `expected each token as [start, end] or {"text", "start", "end"}, found ${JSON.stringify(token)}`;
    const start = t.start as number;
    const end = t.end as number;
    if (start < 0 || end > length || start > end) return `token [${start}, ${end}) is outside the text of ${length} code points`;
    const slice = text.slice(offsets.toUtf16(start), offsets.toUtf16(end));
    if (t.text !== undefined && t.text !== slice) return `token [${start}, ${end}) is '${slice}' in the text (offsets count code points), not '${String(t.text)}'`;
    tokens.push({ text: slice, start, end });
  }
  return tokens;
}


/**
 * The tokens `[first, last)` that a character span touches: a span boundary inside a token widens
 * the span to the whole token. Empty (`first === last`) when the span covers no token.
 */
export function tokensUnder(span: { start: number; end: number }, tokens: ReadonlyArray<{ start: number; end: number }>): { first: number; last: number } {
  const first = tokens.findIndex((t) => t.end > span.start);
  if (first < 0) return { first: 0, last: 0 };
  let last = first;
  while (last < tokens.length && tokens[last]!.start < span.end) last++;
  return { first, last };
}
