import type { Readable, Writable } from 'node:stream';

/** The world a CLI command sees. Tests pass in-memory streams; the bin passes process streams. */
export interface CliIO {
  stdin: Readable;
  stdout: Writable;
  stderr: Writable;
  /** Whether stderr is an interactive terminal (progress is shown only then). */
  stderrIsTTY: boolean;
  cwd: string;
  env: Record<string, string | undefined>;
}

/** A subcommand: parses its own arguments and returns an exit code (0 ok, 1 failure, 2 usage). */
export interface Command {
  name: string;
  summary: string;
  /** Full help text: usage, options, examples. */
  help: string;
  run(argv: string[], io: CliIO): Promise<number>;
}
