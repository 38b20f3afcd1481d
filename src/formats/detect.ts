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
  if (!reader) throw new SertagError('BAD_FORMAT', `unknown format '${String(format)}'; expected ${orList(FORMAT_NAMES)}`, []);
  return { file, format, sentences: reader.file(text, file, options) };
}

/** `a, b or c`. */
function orList(items: readonly string[]): string {
  return items.length <= 1 ? items.join('') : `${items.slice(0, -1).join(', ')} or ${items[items.length - 1]}`;
}

/** A CoNLL token line: a token, any middle columns, and a tag last. */
const CONLL_TAG_LINE = /^\S+(?:[ \t]+\S+)*[ \t]+(?:O|[BIESLU]-\S+)$/;

/**
 * What gold format the start of an input is in, if it is one: a `<s>` or `</s>` line (WikiSER), a
 * first line that is a JSON object with a `"text"` (JSONL), or first lines that all end in a tag
 * column (CoNLL). Undefined for anything that reads as prose. `tag` uses it to catch a gold file
 * given as text, or in the wrong format.
 */
export function detectGoldFormat(head: string): { format: FormatName; line: number } | undefined {
  const lines = (head.charCodeAt(0) === 0xfeff ? head.slice(1) : head).split('\n').slice(0, 200).map((l) => l.replace(/\r$/, ''));
  const tagLine = lines.findIndex((l) => l === '<s>' || l === '</s>');
  if (tagLine >= 0) return { format: 'wikiser', line: tagLine + 1 };
  const content = lines.map((text, i) => ({ text, line: i + 1 })).filter((l) => l.text.trim() !== '' && !l.text.startsWith('-DOCSTART-'));
  const first = content[0];
  if (first === undefined) return undefined;
  if (/^\{\s*"/.test(first.text) && /"text"\s*:/.test(first.text)) return { format: 'jsonl', line: first.line };
  // The last line of a chunk may be cut short; judge by the complete ones.
  const complete = content.slice(0, Math.min(5, Math.max(1, content.length - 1)));
  if (complete.length >= 2 && complete.every((l) => CONLL_TAG_LINE.test(l.text))) return { format: 'conll', line: first.line };
  return undefined;
}
