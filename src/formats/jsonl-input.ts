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
  const id = r.id === undefined ? `${base}#${lineNumber}` : checkedId(r.id, sourceName, lineNumber);
  // JSON.parse keeps the last of two "text" keys; a record with two texts is a mistake to name, not to guess.
  const firstText = line.indexOf('"text"');
  if (line.indexOf('"text"', firstText + 6) >= 0 && topLevelKeys(line).filter((k) => k === 'text').length > 1) {
    throw lineError(sourceName, lineNumber, 'the record has "text" twice; give each record one "text"');
  }
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


/**
 * A record's `id`: a string, or a number that JSON reads exactly. Anything else (`null`, an object,
 * an array, a boolean) is refused rather than replaced by `file#line`, and so is an integer beyond
 * 2^53 - 1, which JavaScript would round (two records could then share an id).
 */
function checkedId(id: unknown, sourceName: string, lineNumber: number): string | number {
  if (typeof id === 'string') return id;
  if (typeof id === 'number') {
    if (Number.isInteger(id) && !Number.isSafeInteger(id)) {
      throw lineError(sourceName, lineNumber, `"id" is an integer beyond 2^53 - 1 (9007199254740991), which loses digits in JavaScript (it reads as ${id}); write it as a string ("id": "…")`);
    }
    return id;
  }
  const found = id === null ? 'null' : Array.isArray(id) ? 'an array' : typeof id === 'object' ? 'an object' : JSON.stringify(id);
  throw lineError(sourceName, lineNumber, `"id" must be a string or a number, not ${found}; leave it out to have the record named file#line`);
}

/** The keys of the top level of a JSON object, in order, read from its text (text that JSON.parse accepted). */
function topLevelKeys(json: string): string[] {
  const keys: string[] = [];
  let depth = 0;
  for (let i = 0; i < json.length; i++) {
    const c = json.charCodeAt(i);
    if (c === 34 /* " */) {
      const start = i;
      for (i++; i < json.length; i++) {
        const d = json.charCodeAt(i);
        if (d === 92 /* \\ */) i++;
        else if (d === 34) break;
      }
      if (depth !== 1) continue;
      let next = i + 1;
      while (next < json.length && /\s/.test(json[next]!)) next++;
      if (json.charCodeAt(next) === 58 /* : */) keys.push(JSON.parse(json.slice(start, i + 1)) as string);
    } else if (c === 123 /* { */ || c === 91 /* [ */) depth++;
    else if (c === 125 /* } */ || c === 93 /* ] */) depth--;
  }
  return keys;
}
