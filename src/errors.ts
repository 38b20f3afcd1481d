/**
 * Errors for user mistakes. Each carries a stable `code` from one closed list (`ErrorCode`) and,
 * where it has one, a position, so the CLI can print `file:line:col [CODE] message` with a caret
 * excerpt and never a stack trace.
 */

/**
 * Every code a problem or a SertagError may carry, by what kind of mistake it is. The kind decides
 * how a front end answers: the CLI's exit code (`src/cli/exit-codes.ts`), the server's status.
 */
export const ERROR_CODES = {
  /** The call or command line is wrong (CLI exit 2). */
  usage: ['USAGE', 'UNKNOWN_OPTION', 'BAD_OPTION', 'BAD_ARGUMENT', 'UNKNOWN_PROFILE', 'UNKNOWN_TYPE', 'OUTPUT_IS_INPUT', 'BAD_FORMAT', 'GOLD_INPUT'],
  /** A gazetteer, rule or profile file is wrong (reported as problems, each at its place). */
  source: [
    'INVALID_SOURCES', 'INVALID_PROFILE', 'WRONG_SHAPE', 'UNKNOWN_KEY', 'BAD_VALUE', 'EMPTY_TERM', 'MISSING_TERM', 'MISSING_TYPE',
    'MISSING_ENTRIES', 'MISSING_NAME', 'MISSING_ID', 'MISSING_ACTION', 'MISSING_PATTERN', 'EMPTY_ITEM', 'EMPTY_MATCH', 'BAD_REGEX',
    'UNSAFE_REGEX', 'BAD_TYPE_NAME', 'CONFLICTING_TYPES', 'DUPLICATE_RULE_ID', 'DUPLICATE_TERM', 'NO_YAML_FILES',
    'NEVER_MATCHES', 'TOKENIZER_SPLIT', 'OVERRIDES_PROFILE', 'OUTSIDE_TREE',
  ],
  /** Input data (text, gold or prediction files) cannot be read or is malformed (CLI exit 1). */
  data: [
    'INVALID_DATA', 'MISSING_FILE', 'NOT_A_FILE', 'UNREADABLE', 'BINARY_FILE', 'INVALID_UTF8', 'BAD_INPUT', 'BAD_JSONL', 'EMPTY_FILE', 'EMPTY_FOLDER', 'NO_PARTNER', 'ILL_FORMED',
    'BAD_TAG', 'BAD_COLUMN', 'RAGGED', 'MISSING_END', 'UNEXPECTED_END', 'OUTSIDE_SENTENCE', 'SENTENCE_COUNT', 'TOKEN_MISMATCH', 'TOO_LITTLE_GOLD',
  ],
  /** Output cannot be written, or a server cannot listen (CLI exit 1). */
  output: ['BAD_OUTPUT', 'WRITE_FAILED', 'LISTEN_FAILED'],
} as const;

export type ErrorKind = keyof typeof ERROR_CODES;

/** A code from `ERROR_CODES`, or a YAML syntax error from the `yaml` package (`YAML_BAD_INDENT`, …). */
export type ErrorCode = (typeof ERROR_CODES)[ErrorKind][number] | `YAML_${string}`;

const KIND_OF = new Map<string, ErrorKind>(Object.entries(ERROR_CODES).flatMap(([kind, codes]) => codes.map((code) => [code, kind as ErrorKind] as const)));

/** The kind of mistake a code names (a YAML syntax error is a source problem). */
export function errorKind(code: ErrorCode): ErrorKind {
  return KIND_OF.get(code) ?? 'source';
}

export interface Position {
  file: string;
  /** 1-based line; 0 when the problem concerns the whole file. */
  line: number;
  /** 1-based column; 0 when unknown. */
  col: number;
}

/** One problem found in a user's file. Problems are collected so a file reports all of them at once. */
export interface Problem extends Position {
  code: ErrorCode;
  message: string;
  severity: 'error' | 'warning';
  /** The source line the problem is on, for the caret excerpt. */
  excerpt?: string;
}

/** Formats one problem as `file:line:col [CODE] message`, plus a caret excerpt when the source line is known. */
export function formatProblem(p: Problem): string {
  const where = p.line > 0 ? `${p.file}:${p.line}:${p.col || 1}` : p.file;
  const head = `${where} [${p.code}] ${p.severity === 'warning' ? 'warning: ' : ''}${p.message}`;
  if (p.excerpt === undefined || p.line === 0) return head;
  // A long line is cut to 200 characters around the column, so the caret always points into it.
  const at = Math.max(0, p.col - 1);
  const from = p.excerpt.length <= 200 || at < 150 ? 0 : Math.min(at - 100, p.excerpt.length - 200);
  const line = (from > 0 ? '…' : '') + p.excerpt.slice(from, from + 200) + (from + 200 < p.excerpt.length ? '…' : '');
  const caret = ' '.repeat(Math.min(at - from, 200) + (from > 0 ? 1 : 0)) + '^';
  return `${head}\n  ${line}\n  ${caret}`;
}

/**
 * Codes whose messages sertag writes without reading the file (it is missing, a device, unreadable,
 * an empty folder, a link out of the manifest's folder): they say nothing of its content, so they
 * are kept for a file that must not be echoed (see `withoutContent`).
 */
const CONTENT_FREE = new Set<ErrorCode>(['MISSING_FILE', 'NOT_A_FILE', 'UNREADABLE', 'NO_YAML_FILES', 'OUTSIDE_TREE']);

/**
 * A problem in a file whose content must not be shown (a profile reached it outside its manifest's
 * folder: it may be anyone's private file): its place, code and severity stay, but no excerpt, and
 * its message, which may quote the file (a key, a term, the YAML parser's view of a line), is
 * replaced by one that says why and how to see it in full (`sertag lint FILE`, naming the file
 * yourself).
 */
export function withoutContent(p: Problem): Problem {
  if (CONTENT_FREE.has(p.code)) {
    const { excerpt: _excerpt, ...rest } = p;
    return rest;
  }
  const message = `details not shown: the profile reached this file outside its manifest's folder, so nothing of its content is echoed (to see them, check it by its own path: sertag lint ${p.file})`;
  return { file: p.file, line: p.line, col: p.col, code: p.code, message, severity: p.severity };
}

/** How many problems of one code in one file are printed before the rest are counted in one line. */
export const MAX_SHOWN_PER_CODE = 20;

/**
 * Problems formatted for people (see `formatProblem`), each as one string: the first `limit` of each
 * code in each file in full, the rest counted in one line per code and file after them (a list of
 * 40,000 repeated terms is 40,000 times the same advice). `prepare` may add an excerpt to the ones shown.
 */
export function formatProblems(problems: readonly Problem[], limit = MAX_SHOWN_PER_CODE, prepare: (p: Problem) => Problem = (p) => p): string[] {
  const out: string[] = [];
  const shown = new Map<string, number>();
  const hidden = new Map<string, { file: string; code: ErrorCode; count: number }>();
  for (const p of problems) {
    const key = `${p.file}\0${p.code}`;
    const n = shown.get(key) ?? 0;
    if (n < limit) {
      shown.set(key, n + 1);
      out.push(formatProblem(prepare(p)));
      continue;
    }
    const more = hidden.get(key);
    if (more) more.count++;
    else hidden.set(key, { file: p.file, code: p.code, count: 1 });
  }
  for (const { file, code, count } of hidden.values()) {
    out.push(`${file} [${code}] ${count.toLocaleString('en-US')} more problem${count === 1 ? '' : 's'} like ${limit === 1 ? 'this' : 'these'}, not shown`);
  }
  return out;
}

/** A user mistake (bad file, bad option, bad data). Front ends print `report()`; the code's kind decides the exit code or status. */
export class SertagError extends Error {
  readonly code: ErrorCode;
  readonly problems: Problem[];
  /** Where the mistake is, when it is at one place of one file (also in `message`, for people). */
  readonly position: Position | undefined;

  constructor(code: ErrorCode, message: string, problems: Problem[] = [], position?: Position) {
    super(message);
    this.name = 'SertagError';
    this.code = code;
    this.problems = problems;
    this.position = position;
  }

  /** What kind of mistake it is (see `ERROR_CODES`). */
  get kind(): ErrorKind {
    return errorKind(this.code);
  }

  /** The full human-readable report: the message, then every problem. */
  report(): string {
    if (this.problems.length === 0) return this.message;
    return [this.message, ...formatProblems(this.problems)].join('\n');
  }
}

/** Why a file could not be read, in words, from a Node.js errno error (`ENOENT` → `no such file`). */
export function describeErrno(error: unknown): string {
  const code = (error as NodeJS.ErrnoException).code;
  switch (code) {
    case 'ENOENT':
      return 'no such file';
    case 'EACCES':
    case 'EPERM':
      return 'permission denied (cannot read the file)';
    case 'EISDIR':
      return 'is a directory; expected a text file';
    case 'ELOOP':
      return 'too many levels of symbolic links';
    default:
      return `cannot read (${code ?? (error as Error).message})`;
  }
}

/**
 * Why a path sertag is to read as a source (gazetteer, rules, profile) is no file, or undefined
 * when it is one (or a folder). A device (/dev/zero) would be read forever, a named pipe waits
 * for a writer that may never come; `/dev/stdin` and `/dev/fd/N` are streams a caller opened.
 */
export function notAFile(stat: { isCharacterDevice(): boolean; isBlockDevice(): boolean; isSocket(): boolean; isFIFO(): boolean }, path: string): string | undefined {
  if (stat.isCharacterDevice() || stat.isBlockDevice() || stat.isSocket()) return 'is a device or socket, not a file; expected a YAML file or a folder of them';
  if (stat.isFIFO() && !/^\/(dev|proc)\//.test(path)) return 'is a named pipe (FIFO), not a file: reading it would wait for a writer; expected a YAML file or a folder of them';
  return undefined;
}

/** The offset where each line of `text` starts (line 1 at index 0): index once, then each line is found without a rescan. */
export function lineStarts(text: string): number[] {
  const starts = [0];
  for (let i = text.indexOf('\n'); i >= 0; i = text.indexOf('\n', i + 1)) starts.push(i + 1);
  return starts;
}

/** The text of 1-based line `line` (without its line break), given the line starts of `text` (see `lineStarts`). */
export function lineTextAt(text: string, starts: readonly number[], line: number): string {
  const start = starts[line - 1];
  if (start === undefined) return '';
  const next = starts[line];
  return text.slice(start, next === undefined ? text.length : next - 1).replace(/\r$/, '');
}
