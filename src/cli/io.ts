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

/** What a command's module exports: its help and how to run it. */
export interface CommandModule {
  /** Full help text: usage, options, examples. */
  help: string;
  /** Parses the command's own arguments and returns an exit code (0 ok, 1 failure, 2 usage). */
  run(argv: string[], io: CliIO): Promise<number>;
}

/** A subcommand as the CLI lists it; its module is imported only when it runs (start-up cost). */
export interface Command {
  name: string;
  summary: string;
  load(): Promise<{ command: CommandModule }>;
}
