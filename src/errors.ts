/**
 * Errors for user mistakes. Each carries a stable `code` and, where it has one, a position, so the
 * CLI can print `file:line:col [CODE] message` with a caret excerpt and never a stack trace.
 */

export interface Position {
  file: string;
  /** 1-based line; 0 when the problem concerns the whole file. */
  line: number;
  /** 1-based column; 0 when unknown. */
  col: number;
}

/** One problem found in a user's file. Problems are collected so a file reports all of them at once. */
export interface Problem extends Position {
  code: string;
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
  const line = p.excerpt.length > 200 ? p.excerpt.slice(0, 200) + '…' : p.excerpt;
  const caret = ' '.repeat(Math.max(0, Math.min(p.col - 1, 200))) + '^';
  return `${head}\n  ${line}\n  ${caret}`;
}

/** A user mistake (bad file, bad option, bad data): the CLI prints `message` and exits with `exitCode`. */
export class SertagError extends Error {
  readonly code: string;
  readonly problems: Problem[];
  /** 1 for bad data, 2 for bad usage. */
  readonly exitCode: 1 | 2;

  constructor(code: string, message: string, problems: Problem[] = [], exitCode: 1 | 2 = 1) {
    super(message);
    this.name = 'SertagError';
    this.code = code;
    this.problems = problems;
    this.exitCode = exitCode;
  }

  /** The full human-readable report: the message, then every problem. */
  report(): string {
    if (this.problems.length === 0) return this.message;
    return [this.message, ...this.problems.map(formatProblem)].join('\n');
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

/** Converts a character offset into a 1-based line and column. */
export function lineColAt(text: string, offset: number): { line: number; col: number } {
  let line = 1;
  let lineStart = 0;
  for (let i = 0; i < offset && i < text.length; i++) {
    if (text.charCodeAt(i) === 10) {
      line++;
      lineStart = i + 1;
    }
  }
  return { line, col: offset - lineStart + 1 };
}

/** The text of 1-based line `line` of `text` (without its line break). */
export function lineText(text: string, line: number): string {
  let start = 0;
  for (let l = 1; l < line; l++) {
    const nl = text.indexOf('\n', start);
    if (nl < 0) return '';
    start = nl + 1;
  }
  const end = text.indexOf('\n', start);
  return text.slice(start, end < 0 ? text.length : end).replace(/\r$/, '');
}
