import { partsInARow, type Formatter, type TaggedDocument } from './document.js';
import type { FormatModule, LineParser, LineParserOptions, ReportProblem } from './format.js';
import { checkTag, emptyFileError, ProblemCollector, splitLines, type ReadOptions, type Sentence } from './sentence.js';

/**
 * The WikiSER line parser: each sentence between a line `<s>` and a line `</s>`, one
 * `token<TAB>tag` per line; blank lines between sentences are ignored. Reports a token outside
 * `<s>`, a missing `</s>`, and (when tags are checked) a line without exactly one tab or a bad tag.
 */
export function wikiserLineParser(report: ReportProblem, options: LineParserOptions): LineParser {
  const checkTags = options.tags === 'check';
  let open: Sentence | undefined;
  let openLine = 0;
  return {
    line(line, lineNumber) {
      if (line === '<s>') {
        if (open) report('MISSING_END', lineNumber, `'<s>' inside the sentence opened on line ${openLine}; expected '</s>' first`);
        open = { tokens: [], tags: [], line: lineNumber + 1, tokenLines: [] };
        openLine = lineNumber;
        return undefined;
      }
      if (line === '</s>') {
        const closed = open;
        if (!closed) report('UNEXPECTED_END', lineNumber, `'</s>' without an opening '<s>'`);
        open = undefined;
        return closed;
      }
      if (line.trim() === '') return undefined;
      if (!open) {
        report('OUTSIDE_SENTENCE', lineNumber, `token line outside a sentence; expected '<s>' before it`);
        return undefined;
      }
      if (!checkTags) {
        const tab = line.indexOf('\t');
        open.tokens.push(tab < 0 ? line : line.slice(0, tab));
        open.tokenLines!.push(lineNumber);
        return undefined;
      }
      const fields = line.split('\t');
      if (fields.length !== 2 || fields[0] === '') {
        report('RAGGED', lineNumber, `expected 'token<TAB>tag', found ${fields.length} tab-separated field${fields.length === 1 ? '' : 's'}`);
        return undefined;
      }
      const [token, tag] = fields as [string, string];
      checkTag(report, tag, lineNumber, token.length + 2, options.scheme);
      open.tokens.push(token);
      open.tags.push(tag);
      open.tokenLines!.push(lineNumber);
      return undefined;
    },
    end() {
      if (open) report('MISSING_END', openLine, `the sentence opened here is never closed; expected '</s>'`);
      return undefined;
    },
  };
}

/**
 * Reads WikiSER (see `wikiserLineParser`). Throws a SertagError (exit 1) listing every problem
 * with its line.
 */
export function readWikiser(text: string, file: string, options: ReadOptions = {}): Sentence[] {
  const lines = splitLines(text);
  const problems = new ProblemCollector(file, 'WikiSER', lines);
  const parser = wikiserLineParser(problems.reporter, { ...options, tags: 'check' });
  const sentences: Sentence[] = [];
  for (let i = 0; i < lines.length && !problems.full; i++) {
    const sentence = parser.line(lines[i]!, i + 1);
    if (sentence) sentences.push(sentence);
  }
  if (!problems.full) parser.end();
  problems.throwIfAny();
  if (sentences.length === 0) throw emptyFileError(file, 'WikiSER');
  return sentences;
}

/** Formats one sentence as WikiSER (`<s>`, `token<TAB>tag` lines, `</s>`), ending with a newline. */
export function formatWikiserSentence(sentence: Pick<Sentence, 'tokens' | 'tags'>): string {
  let out = '<s>\n';
  for (let i = 0; i < sentence.tokens.length; i++) out += `${sentence.tokens[i]}\t${sentence.tags[i] ?? 'O'}\n`;
  return out + '</s>\n';
}

/** Formats a whole file of sentences as WikiSER. */
export function writeWikiser(sentences: Iterable<Pick<Sentence, 'tokens' | 'tags'>>): string {
  let out = '';
  for (const sentence of sentences) out += formatWikiserSentence(sentence);
  return out;
}

/**
 * `token<TAB>tag` lines of tokens `[start, end)`. Written out here rather than through
 * `formatWikiserSentence` (whose output it equals byte for byte; a test checks this) to avoid
 * building per-sentence token arrays: this loop runs for every token of every input.
 */
export function tagColumns(doc: TaggedDocument, start: number, end: number): string {
  const { tokens, tags } = doc.result;
  let out = '';
  for (let i = start; i < end; i++) out += tokens[i]!.text + '\t' + tags[i]! + '\n';
  return out;
}

/** WikiSER, the gold format: `<s>`, `token<TAB>tag` lines, `</s>` per sentence (as `writeWikiser` writes it). */
export function wikiserFormatter(): Formatter {
  return {
    start: () => '',
    document: wikiserDocument,
    writeParts: (doc, out) => partsInARow(doc, out, (part) => wikiserDocument(part.doc)),
    end: () => '',
  };
}

function wikiserDocument(doc: TaggedDocument): string {
  let out = '';
  for (const s of doc.sentences) out += '<s>\n' + tagColumns(doc, s.start, s.end) + '</s>\n';
  return out;
}

export const wikiserFormat: FormatModule = {
  name: 'wikiser',
  summary: 'WikiSER gold: <s>, token<TAB>tag lines, </s>',
  read: { file: readWikiser, lines: wikiserLineParser },
  write: writeWikiser,
  formatter: wikiserFormatter,
  tagInput: 'sentences',
};
