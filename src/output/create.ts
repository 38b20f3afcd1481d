import type { FormatOptions, Formatter } from './document.js';
import { bioFormatter, conllFormatter, explainFormatter, inlineFormatter, wikiserFormatter } from './text-formats.js';
import { jsonlFormatter } from './jsonl.js';
import { htmlFormatter } from './html.js';

export type OutputFormat = 'bio' | 'wikiser' | 'conll' | 'jsonl' | 'inline' | 'html' | 'explain';

export const OUTPUT_FORMATS: readonly OutputFormat[] = ['bio', 'wikiser', 'conll', 'jsonl', 'inline', 'html', 'explain'];

/** The formatter for an output format. */
export function createFormatter(format: OutputFormat, options: FormatOptions): Formatter {
  switch (format) {
    case 'bio':
      return bioFormatter();
    case 'conll':
      return conllFormatter();
    case 'wikiser':
      return wikiserFormatter();
    case 'inline':
      return inlineFormatter();
    case 'jsonl':
      return jsonlFormatter(options);
    case 'html':
      return htmlFormatter(options);
    case 'explain':
      return explainFormatter(options);
  }
}
