export { describeSource, type FormatOptions, type Formatter, type TaggedDocument } from './document.js';
export { bioFormatter, conllFormatter, wikiserFormatter, inlineFormatter, explainFormatter, markInline } from './text-formats.js';
export { jsonlFormatter } from './jsonl.js';
export { htmlFormatter, escapeHtml, PAGE_STYLE, typeColour } from './html.js';
export { createFormatter, OUTPUT_FORMATS, type OutputFormat } from './create.js';
