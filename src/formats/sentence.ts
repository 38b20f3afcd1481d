import { parseTag, type SchemeName } from '../bio/index.js';
import { SertagError, type ErrorCode, type Problem } from '../errors.js';
import type { ReportProblem } from './format.js';

/** One gold or predicted sentence: tokens and their tags, and where it came from. */
export interface Sentence {
  tokens: string[];
  tags: string[];
  /** 1-based line of its first token (for JSONL: the line of its document). */
  line: number;
  /** 1-based line of each token, when the format has one token per line. */
  tokenLines?: number[];
  /** The sentence's lines as written, when a line parser was asked to keep them (CoNLL pass-through). */
  raw?: string[];
  /** The `-DOCSTART-` lines met just before this sentence, when raw lines are kept. */
  docStarts?: string[];
  /**
   * For a document of a span format (JSONL, doccano, Prodigy, spaCy): its text, its spans as
   * written (code points) and where its tokens lie, so that `eval` can compare two span files by
   * character offsets when their tokens differ.
   */
  document?: SpanDocument;
}

/** A document of a span format, as read (see `Sentence.document`). */
export interface SpanDocument {
  text: string;
  /** The spans as written, half-open code-point offsets into `text`. */
  spans: Array<{ start: number; end: number; label: string }>;
  /** Each token's `[start, end)` in code points. */
  tokens: Array<[number, number]>;
  /** True when the tokens came with the document; false when sertag split the text itself. */
  ownTokens: boolean;
}

/** The sentences read from one file. */
export interface SentenceDocument {
  file: string;
  format: FormatName;
  sentences: Sentence[];
}

/** The name of a format in `FORMATS` (`table.ts`). */
export type FormatName = string;

/** Options shared by the readers. */
export interface ReadOptions {
  /** The tag scheme tags must belong to (default IOB2; `B-`, `I-`, `O`). */
  scheme?: SchemeName;
}

/** More problems than this in one file are summarized: the first ones already show the pattern. */
const MAX_PROBLEMS = 10;

/**
 * Collects the problems of one file so they are reported together, and throws one SertagError
 * (exit code 1, bad data) at the end.
 */
export class ProblemCollector {
  readonly problems: Problem[] = [];
  private dropped = 0;

  constructor(
    readonly file: string,
    readonly formatLabel: string,
    private readonly lines: readonly string[],
  ) {}

  add(code: ErrorCode, line: number, message: string, col = 1): void {
    if (this.problems.length >= MAX_PROBLEMS) {
      this.dropped++;
      return;
    }
    this.problems.push({ file: this.file, line, col, code, message, severity: 'error', excerpt: line > 0 ? this.lines[line - 1] : undefined });
  }

  /** `add` as a function, for line parsers. */
  readonly reporter: ReportProblem = (code, line, message, col) => this.add(code, line, message, col);

  get full(): boolean {
    return this.problems.length >= MAX_PROBLEMS;
  }

  throwIfAny(): void {
    if (this.problems.length === 0) return;
    const count = this.problems.length + this.dropped;
    const more = this.dropped > 0 ? ` (first ${this.problems.length} shown)` : '';
    throw new SertagError(
      'INVALID_DATA',
      `${this.file} is not a valid ${this.formatLabel} file: ${count} problem${count === 1 ? '' : 's'}${more}`,
      this.problems,
    );
  }
}

/** Splits text into lines, dropping a leading BOM and accepting CRLF line ends. */
export function splitLines(text: string): string[] {
  const withoutBom = text.charCodeAt(0) === 0xfeff ? text.slice(1) : text;
  const lines = withoutBom.split('\n').map((line) => (line.endsWith('\r') ? line.slice(0, -1) : line));
  if (lines.length > 0 && lines[lines.length - 1] === '') lines.pop();
  return lines;
}

/** Checks one tag against the scheme and records a problem naming what was expected. */
export function checkTag(report: ReportProblem, tag: string, line: number, col: number, scheme: SchemeName = 'IOB2'): void {
  if (parseTag(tag, scheme) !== undefined) return;
  const expected = scheme === 'IOBES' ? 'O, B-Type, I-Type, E-Type or S-Type'
    : scheme === 'BILOU' ? 'O, B-Type, I-Type, L-Type or U-Type'
    : 'O, B-Type or I-Type';
  const dash = tag.indexOf('-');
  const what = dash > 0 && dash < tag.length - 1 ? `unknown tag prefix '${tag.slice(0, dash)}' in '${tag}'` : `unreadable tag '${tag}'`;
  report('BAD_TAG', line, `${what}; expected ${expected}`, col);
}

/** Throws the "empty file" error: a file without a single sentence is almost always a mistake. */
export function emptyFileError(file: string, formatLabel: string): SertagError {
  return new SertagError('EMPTY_FILE', `${file}: empty file, expected ${formatLabel} sentences`, []);
}
