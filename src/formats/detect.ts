import { SertagError } from '../errors.js';
import type { ConllReadOptions } from './conll.js';
import { emptyFileError, type FormatName, type SentenceDocument } from './sentence.js';
import { FORMAT_NAMES, formatNamed } from './table.js';

/**
 * Guesses the format from the content: any `<s>` or `</s>` line means WikiSER (so a stray token
 * before the first `<s>` is reported as such, not misread as CoNLL), a first line starting with
 * `{` means JSONL, anything else CoNLL. Returns undefined for a file with no content.
 */
export function detectFormat(text: string): FormatName | undefined {
  const body = text.charCodeAt(0) === 0xfeff ? text.slice(1) : text;
  const firstLine = body.split('\n').find((line) => line.trim() !== '');
  if (firstLine === undefined) return undefined;
  const trimmed = firstLine.trim();
  if (/^<\/?s>\r?$/m.test(body)) return 'wikiser';
  if (trimmed.startsWith('{')) return 'jsonl';
  return 'conll';
}

/** Options for `readSentences`. */
export interface ReadSentencesOptions extends ConllReadOptions {
  /** Forces a format instead of detecting it from the content. */
  format?: FormatName;
}

/** Reads a gold or prediction file's text in the given or detected format. Throws SertagError on bad data. */
export function readSentences(text: string, file: string, options: ReadSentencesOptions = {}): SentenceDocument {
  const format = options.format ?? detectFormat(text);
  if (format === undefined) throw emptyFileError(file, 'WikiSER, CoNLL or JSONL');
  const reader = formatNamed(format)?.read;
  if (!reader) throw new SertagError('BAD_FORMAT', `unknown format '${String(format)}'; expected ${orList(FORMAT_NAMES)}`, [], 2);
  return { file, format, sentences: reader.file(text, file, options) };
}

/** `a, b or c`. */
function orList(items: readonly string[]): string {
  return items.length <= 1 ? items.join('') : `${items.slice(0, -1).join(', ')} or ${items[items.length - 1]}`;
}
