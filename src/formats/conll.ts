import { bioFormatter } from './bio.js';
import { partsInARow, type Formatter } from './document.js';
import type { FormatModule, LineParser, LineParserOptions, ReportProblem } from './format.js';
import { checkTag, emptyFileError, ProblemCollector, splitLines, type ReadOptions, type Sentence } from './sentence.js';

/** Options for the CoNLL reader. */
export interface ConllReadOptions extends ReadOptions {
  /** 1-based column holding the tag; default the last one. The token is always column 1. */
  tagColumn?: number;
}

/** Options of the CoNLL line parser. */
export interface ConllLineParserOptions extends LineParserOptions, ConllReadOptions {
  /**
   * Whether columns are separated by tabs (else by runs of spaces). A whole-file reader decides it
   * from the whole file, so a token containing a space cannot change the column count by accident;
   * left undefined, the first token line decides (all a stream can do).
   */
  tabSeparated?: boolean;
}

/**
 * The CoNLL line parser: one token per line, sentences separated by blank lines, the tag in the
 * last column or `tagColumn`. `-DOCSTART-` lines close the sentence and are skipped (kept in
 * `Sentence.docStarts` of the next sentence: a document starts there). When tags are checked, every token
 * line must have as many columns as the first one.
 */
export function conllLineParser(report: ReportProblem, options: ConllLineParserOptions): LineParser {
  const checkTags = options.tags === 'check';
  let tabSeparated = options.tabSeparated;
  let open: Sentence | undefined;
  let columns = 0;
  let columnsLine = 0;
  let docStarts: string[] | undefined;
  // A first line the file cannot be read past (one column, no such tag column): the rest is ignored.
  let stopped = false;
  const close = (): Sentence | undefined => {
    const closed = open;
    open = undefined;
    return closed;
  };
  return {
    line(line, lineNumber) {
      if (stopped) return undefined;
      if (line.trim() === '') return close();
      const tabs = tabSeparated ?? line.includes('\t');
      const fields = tabs ? line.split('\t') : line.trim().split(/ +/);
      if (fields[0] === '-DOCSTART-') {
        // Kept on the next sentence: a document starts there (CoNLL-2003), and with `keepRaw` the line is written back.
        (docStarts ??= []).push(line);
        return close();
      }
      tabSeparated = tabs;
      if (columns === 0) {
        columns = fields.length;
        columnsLine = lineNumber;
        if (checkTags && columns < 2) {
          report('RAGGED', lineNumber, `expected at least 2 columns (token and tag), found 1`);
          stopped = true;
          return undefined;
        }
        if (checkTags && options.tagColumn !== undefined && (options.tagColumn < 2 || options.tagColumn > columns)) {
          report('BAD_COLUMN', lineNumber, `tag column ${options.tagColumn} does not exist; this file has columns 2 to ${columns}`);
          stopped = true;
          return undefined;
        }
      }
      if (!checkTags) {
        open ??= { tokens: [], tags: [], line: lineNumber, tokenLines: [], ...(options.keepRaw ? { raw: [] } : {}) };
        if (docStarts) {
          open.docStarts = docStarts;
          docStarts = undefined;
        }
        open.tokens.push(fields[0]!);
        open.tokenLines!.push(lineNumber);
        open.raw?.push(line);
        return undefined;
      }
      if (fields.length !== columns) {
        report('RAGGED', lineNumber, `expected ${columns} ${tabSeparated ? 'tab' : 'space'}-separated columns (as on line ${columnsLine}), found ${fields.length}`);
        return undefined;
      }
      const tagIndex = (options.tagColumn ?? columns) - 1;
      const tag = fields[tagIndex]!;
      const col = fields.slice(0, tagIndex).reduce((sum, f) => sum + f.length + 1, 1);
      checkTag(report, tag, lineNumber, col, options.scheme);
      open ??= { tokens: [], tags: [], line: lineNumber, tokenLines: [] };
      open.tokens.push(fields[0]!);
      open.tags.push(tag);
      open.tokenLines!.push(lineNumber);
      return undefined;
    },
    end() {
      if (docStarts && !open) return { tokens: [], tags: [], line: 0, docStarts };
      return close();
    },
    retag(sentence, tags) {
      let out = '';
      for (const line of sentence.docStarts ?? []) out += line + '\n\n';
      if (sentence.tokens.length === 0) return out;
      return out + retagConllLines(sentence.raw!, tags, tabSeparated === true, columns) + '\n';
    },
  };
}

/**
 * Reads CoNLL (see `conllLineParser`): columns separated by tabs when the file has any, or else by
 * runs of spaces.
 */
export function readConll(text: string, file: string, options: ConllReadOptions = {}): Sentence[] {
  const lines = splitLines(text);
  const problems = new ProblemCollector(file, 'CoNLL', lines);
  const tabSeparated = lines.some((line) => line.includes('\t'));
  const parser = conllLineParser(problems.reporter, { ...options, tags: 'check', tabSeparated });
  const sentences: Sentence[] = [];
  for (let i = 0; i < lines.length && !problems.full; i++) {
    const sentence = parser.line(lines[i]!, i + 1);
    if (sentence) sentences.push(sentence);
  }
  const last = parser.end();
  if (last) sentences.push(last);
  problems.throwIfAny();
  if (sentences.length === 0) throw emptyFileError(file, 'CoNLL');
  return sentences;
}

/**
 * A CoNLL sentence's lines as written with the tag column replaced by `tags` (`tag --input conll
 * --format conll`): every other column is kept; a one-column file gets the tag added as a column.
 */
export function retagConllLines(raw: readonly string[], tags: readonly string[], tabSeparated: boolean, columns: number): string {
  const replaceLast = columns > 1;
  let out = '';
  for (let k = 0; k < raw.length; k++) {
    const line = raw[k]!;
    const tag = tags[k]!;
    if (tabSeparated) {
      const cut = line.lastIndexOf('\t');
      out += (replaceLast && cut >= 0 ? line.slice(0, cut + 1) : line + '\t') + tag + '\n';
    } else {
      const trimmed = line.trimEnd();
      const cut = trimmed.lastIndexOf(' ');
      out += (replaceLast && cut >= 0 ? trimmed.slice(0, cut + 1) : trimmed + ' ') + tag + '\n';
    }
  }
  return out;
}

/** Formats one sentence as CoNLL (`token<TAB>tag` lines) followed by the blank separator line. */
export function formatConllSentence(sentence: Pick<Sentence, 'tokens' | 'tags'>): string {
  let out = '';
  for (let i = 0; i < sentence.tokens.length; i++) out += `${sentence.tokens[i]}\t${sentence.tags[i] ?? 'O'}\n`;
  return out + '\n';
}

/** Formats a whole file of sentences as CoNLL. */
export function writeConll(sentences: Iterable<Pick<Sentence, 'tokens' | 'tags'>>): string {
  let out = '';
  for (const sentence of sentences) out += formatConllSentence(sentence);
  return out;
}

/** CoNLL: BIO columns, with a `-DOCSTART-` line before each document of running text. */
export function conllFormatter(): Formatter {
  const bio = bioFormatter();
  return {
    start: () => '',
    document: (doc) => (doc.kind === 'paragraph' ? '-DOCSTART-\tO\n\n' : '') + bio.document(doc),
    writeParts: (doc, out) => partsInARow(doc, out, (part) => bio.document(part.doc), '-DOCSTART-\tO\n\n'),
    end: () => '',
  };
}

export const conllFormat: FormatModule = {
  name: 'conll',
  summary: 'CoNLL: token … tag columns, blank line between sentences',
  read: { file: readConll, lines: conllLineParser },
  write: writeConll,
  formatter: conllFormatter,
  tagInput: 'sentences',
};
