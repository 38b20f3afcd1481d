import { PassThrough } from 'node:stream';
import { fileURLToPath } from 'node:url';
import { cli } from '../src/cli/index.js';

/** Absolute path of a checked-in fixture under test/fixtures. */
export function fixture(relativePath: string): string {
  return fileURLToPath(new URL(`./fixtures/${relativePath}`, import.meta.url));
}

/** What one in-process run of the CLI returned and printed. */
export interface CliRun {
  code: number;
  stdout: string;
  stderr: string;
}

/** Runs `sertag ARGV` in-process in `cwd` (stderr not a terminal, empty environment), capturing both streams. */
export async function runCli(argv: string[], cwd: string, stdin: string | Buffer = ''): Promise<CliRun> {
  const out = new PassThrough();
  const err = new PassThrough();
  let stdout = '';
  let stderr = '';
  out.on('data', (c: Buffer) => (stdout += c.toString()));
  err.on('data', (c: Buffer) => (stderr += c.toString()));
  const input = new PassThrough();
  input.end(stdin);
  const code = await cli(argv, { stdin: input, stdout: out, stderr: err, stderrIsTTY: false, cwd, env: {} });
  return { code, stdout, stderr };
}
