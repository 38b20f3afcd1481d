import { SertagError } from '../errors.js';
import { CodePointOffsets } from '../offsets.js';
import { documentTokens } from './jsonl-tokens.js';

// The documents `tag` reads from JSONL: one `{"id", "text"}` record per line.

/** An input error at `file:line`, exit code 1. */
export function lineError(sourceName: string, line: number, message: string): SertagError {
  return new SertagError('BAD_INPUT', `${sourceName}:${line}: ${message}`, [], { file: sourceName, line, col: 0 });
}

/**
 * One line of a JSONL corpus as a document to tag: `undefined` for a blank line. A record without
 * an `id` is named `base#line`. Throws a SertagError naming `sourceName:line` for anything but a
 * JSON object with a `text` string. Used by the main thread and by `--jobs` workers alike.
 */
export function jsonlDocument(line: string, lineNumber: number, base: string, sourceName: string): { id: string | number; text: string; tokens?: Array<[number, number]> } | undefined {
  if (line.trim() === '') return undefined;
  let record: unknown;
  try {
    record = JSON.parse(line);
  } catch (error) {
    throw lineError(sourceName, lineNumber, `expected one JSON object {"id", "text"} per line: ${(error as Error).message}`);
  }
  const r = record as { id?: unknown; text?: unknown };
  if (typeof record !== 'object' || record === null || typeof r.text !== 'string') {
    throw lineError(sourceName, lineNumber, 'expected a JSON object with a "text" string (and optionally an "id")');
  }
  const id = typeof r.id === 'string' || typeof r.id === 'number' ? r.id : `${base}#${lineNumber}`;
  // A record that carries its tokens (sertag's own JSONL, Prodigy, spaCy) is tagged on them, not tokenized again.
  if (!Array.isArray((record as { tokens?: unknown }).tokens)) return { id, text: r.text };
  const tokens = documentTokens(record as Record<string, unknown>, r.text, new CodePointOffsets(r.text));
  if (typeof tokens === 'string') throw lineError(sourceName, lineNumber, tokens);
  for (let i = 0; tokens !== undefined && i < tokens.length; i++) {
    const t = tokens[i]!;
    if (t.end <= t.start || (i > 0 && t.start < tokens[i - 1]!.end)) {
      throw lineError(sourceName, lineNumber, `token ${i + 1} [${t.start}, ${t.end}) is empty or overlaps the token before it; tokens must be non-empty and in text order`);
    }
  }
  return tokens === undefined ? { id, text: r.text } : { id, text: r.text, tokens: tokens.map((t) => [t.start, t.end]) };
}

