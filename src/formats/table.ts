import { SertagError } from '../errors.js';
import { bioFormat } from './bio.js';
import { conllFormat } from './conll.js';
import { conllevalFormat } from './conlleval.js';
import { doccanoFormat } from './doccano.js';
import type { FormatOptions, Formatter } from './document.js';
import { explainFormat } from './explain.js';
import type { FormatModule } from './format.js';
import { htmlFormat } from './html.js';
import { inlineFormat } from './inline.js';
import { jsonlFormat } from './jsonl.js';
import { prodigyFormat } from './prodigy.js';
import { spacyFormat } from './spacy.js';
import { wikiserFormat } from './wikiser.js';

/**
 * Every format sertag knows, in the order help texts list them. `tag` (input and output), `eval`
 * and the library all look formats up here; adding a format is one module and one line below.
 */
export const FORMATS: readonly FormatModule[] = [
  bioFormat,
  wikiserFormat,
  conllFormat,
  jsonlFormat,
  inlineFormat,
  htmlFormat,
  explainFormat,
  prodigyFormat,
  doccanoFormat,
  spacyFormat,
  conllevalFormat,
];

/** The format called `name`, or undefined. */
export function formatNamed(name: string): FormatModule | undefined {
  return FORMATS.find((f) => f.name === name);
}

/** The formats with a reader: what `eval` and `readSentences` accept. */
export const FORMAT_NAMES: readonly string[] = FORMATS.filter((f) => f.read).map((f) => f.name);

/** The formats `tag` can write, chosen with `--format` (those chosen by a flag of their own excluded). */
export const OUTPUT_FORMATS: readonly string[] = FORMATS.filter((f) => f.formatter && !f.flag).map((f) => f.name);

/** The formats `tag --input` reads. */
export const TAG_INPUT_FORMATS: readonly string[] = FORMATS.filter((f) => f.tagInput).map((f) => f.name);

/** The tag-output formatter of a format. Throws a SertagError for a name without one. */
export function createFormatter(name: string, options: FormatOptions): Formatter {
  const format = formatNamed(name);
  if (!format?.formatter) throw new SertagError('BAD_FORMAT', `unknown output format '${name}'; expected one of ${OUTPUT_FORMATS.join(', ')}`, []);
  return format.formatter(options);
}
