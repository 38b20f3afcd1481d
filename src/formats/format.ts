import type { ErrorCode } from '../errors.js';
import type { FormatOptions, Formatter } from './document.js';
import type { ReadOptions, Sentence } from './sentence.js';

/** Records one problem of an input line; a streaming reader throws from it, a whole-file reader collects. */
export type ReportProblem = (code: ErrorCode, line: number, message: string, col?: number) => void;

/** Options of a line parser. */
export interface LineParserOptions extends ReadOptions {
  /**
   * `check` (gold and prediction files): every token line must carry a valid tag.
   * `ignore` (`tag --input`): only the tokens are read; `tags` stays empty and tag-less lines are fine.
   */
  tags: 'check' | 'ignore';
  /** Keep each sentence's lines as they were written (`Sentence.raw`), for CoNLL pass-through. */
  keepRaw?: boolean;
}

/**
 * A line-at-a-time reader of a sentence format: the one parser behind both the whole-file reader
 * and `tag`'s streaming input, so both accept the same files and say the same things about bad ones.
 */
export interface LineParser {
  /** Feeds one line (without its line break); returns the sentence this line closes, if any. */
  line(line: string, lineNumber: number): Sentence | undefined;
  /** The end of the input: returns the sentence still open, if the format allows one, or reports it. */
  end(): Sentence | undefined;
  /**
   * A sentence read with `keepRaw` written back as it was, with only its tags replaced by `tags`
   * (`tag --input conll --format conll`). Absent: the format is written by its formatter instead.
   */
  retag?(sentence: Sentence, tags: readonly string[]): string;
}

/** Whole-file and streaming reading of a format. */
export interface FormatReader {
  /** Reads a whole gold or prediction file; throws a SertagError listing its problems. */
  file(text: string, file: string, options: ReadOptions & { tagColumn?: number }): Sentence[];
  /** A line parser, for formats with one token per line (what `tag --input` streams). */
  lines?(report: ReportProblem, options: LineParserOptions): LineParser;
  /** Gold and predicted tags from one file (conlleval's three columns), for a single-file `eval`. */
  pair?(text: string, file: string, options: ReadOptions & { tagColumn?: number }): { gold: Sentence[]; pred: Sentence[] };
}

/**
 * One format and what it supports: `read` (gold and prediction files, and streamed input for
 * `tag`), `write` (a whole file of sentences, as `convert` and the library write gold) and
 * `formatter` (tag output, document by document). Registered in `FORMATS` (`table.ts`), which
 * `tag`, `eval` and the library all consult.
 */
export interface FormatModule {
  readonly name: string;
  /** A few words for `--help`. */
  readonly summary: string;
  readonly read?: FormatReader;
  readonly write?: (sentences: Iterable<Pick<Sentence, 'tokens' | 'tags'>>) => string;
  readonly formatter?: (options: FormatOptions) => Formatter;
  /**
   * What `tag --input NAME` reads: pre-tokenized `sentences` (tokens kept, tags ignored) or
   * `documents` of running text. Absent: not an input of `tag`.
   */
  readonly tagInput?: 'sentences' | 'documents';
  /** `--explain` adds its reasons to this format's output (otherwise it writes its own listing). */
  readonly explains?: boolean;
  /** Chosen by a flag of its own (`--explain`), not by `--format`. */
  readonly flag?: string;
}
