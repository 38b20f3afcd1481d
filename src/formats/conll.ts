import { checkTag, emptyFileError, ProblemCollector, splitLines, type ReadOptions, type Sentence } from './sentence.js';

/** Options for the CoNLL reader. */
export interface ConllReadOptions extends ReadOptions {
  /** 1-based column holding the tag; default the last one. The token is always column 1. */
  tagColumn?: number;
}

/**
 * Reads CoNLL: one token per line, sentences separated by blank lines, columns separated by tabs
 * (when the file has any) or else by runs of spaces; the tag is in the last column or `tagColumn`.
 * `-DOCSTART-` lines are skipped. Every token line must have as many columns as the first one.
 */
export function readConll(text: string, file: string, options: ConllReadOptions = {}): Sentence[] {
  const lines = splitLines(text);
  const problems = new ProblemCollector(file, 'CoNLL', lines);
  // Decided once per file so a token containing a space cannot change the column count by accident.
  const tabSeparated = lines.some((line) => line.includes('\t'));
  const split = (line: string): string[] => (tabSeparated ? line.split('\t') : line.trim().split(/ +/));
  const sentences: Sentence[] = [];
  let open: Sentence | undefined;
  let columns = 0;
  let columnsLine = 0;
  const close = (): void => {
    if (open) sentences.push(open);
    open = undefined;
  };
  for (let i = 0; i < lines.length && !problems.full; i++) {
    const line = lines[i]!;
    const lineNumber = i + 1;
    if (line.trim() === '') {
      close();
      continue;
    }
    const fields = split(line);
    if (fields[0] === '-DOCSTART-') {
      close();
      continue;
    }
    if (columns === 0) {
      columns = fields.length;
      columnsLine = lineNumber;
      if (columns < 2) {
        problems.add('RAGGED', lineNumber, `expected at least 2 columns (token and tag), found 1`);
        break;
      }
      if (options.tagColumn !== undefined && (options.tagColumn < 2 || options.tagColumn > columns)) {
        problems.add('BAD_COLUMN', lineNumber, `tag column ${options.tagColumn} does not exist; this file has columns 2 to ${columns}`);
        break;
      }
    }
    if (fields.length !== columns) {
      problems.add('RAGGED', lineNumber, `expected ${columns} ${tabSeparated ? 'tab' : 'space'}-separated columns (as on line ${columnsLine}), found ${fields.length}`);
      continue;
    }
    const tagIndex = (options.tagColumn ?? columns) - 1;
    const tag = fields[tagIndex]!;
    const col = fields.slice(0, tagIndex).reduce((sum, f) => sum + f.length + 1, 1);
    checkTag(problems, tag, lineNumber, col, options.scheme);
    open ??= { tokens: [], tags: [], line: lineNumber, tokenLines: [] };
    open.tokens.push(fields[0]!);
    open.tags.push(tag);
    open.tokenLines!.push(lineNumber);
  }
  close();
  problems.throwIfAny();
  if (sentences.length === 0) throw emptyFileError(file, 'CoNLL');
  return sentences;
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
