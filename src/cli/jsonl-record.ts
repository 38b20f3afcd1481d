import { SertagError } from '../errors.js';

/** An input error at `file:line`, exit code 1. */
export function lineError(sourceName: string, line: number, message: string): SertagError {
  return new SertagError('BAD_INPUT', `${sourceName}:${line}: ${message}`, [], 1);
}

/**
 * One line of a JSONL corpus as a document to tag: `undefined` for a blank line. A record without
 * an `id` is named `base#line`. Throws a SertagError naming `sourceName:line` for anything but a
 * JSON object with a `text` string. Used by the main thread and by `--jobs` workers alike.
 */
export function jsonlDocument(line: string, lineNumber: number, base: string, sourceName: string): { id: string | number; text: string } | undefined {
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
  return { id: typeof r.id === 'string' || typeof r.id === 'number' ? r.id : `${base}#${lineNumber}`, text: r.text };
}
