import { spawn, type ChildProcess } from 'node:child_process';
import { PassThrough } from 'node:stream';
import { fileURLToPath } from 'node:url';
import { expect } from 'vitest';
import { cli } from '../src/cli/index.js';
import { SertagError } from '../src/errors.js';

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

/** A `sertag serve` process started by `startServer`. */
export interface ServerProcess {
  child: ChildProcess;
  /** Its base URL, `http://host:port`. */
  url: string;
  port: number;
  /** What it has written on stderr so far. */
  stderr: () => string;
}

/** Starts the built `sertag serve` on a free port (run from the repository root); resolves once it says where it listens. */
export async function startServer(args: string[] = []): Promise<ServerProcess> {
  const child = spawn(process.execPath, ['dist/bin/sertag.js', 'serve', '--port', '0', ...args], { stdio: ['ignore', 'pipe', 'pipe'] });
  let stderr = '';
  child.stderr!.on('data', (chunk: Buffer) => (stderr += chunk.toString()));
  const url = await new Promise<string>((resolve, reject) => {
    const timer = setTimeout(() => reject(new Error(`no listening line; stderr: ${stderr}`)), 30_000);
    child.stderr!.on('data', () => {
      const found = /listening on (http:\/\/[^/ ]+)\//.exec(stderr);
      if (found) {
        clearTimeout(timer);
        resolve(found[1]!);
      }
    });
    child.on('exit', () => reject(new Error(`exited early; stderr: ${stderr}`)));
  });
  return { child, url, port: Number(new URL(url).port), stderr: () => stderr };
}

/** The SertagError `call` throws (a plain TypeError, another error or no error fails the test). */
export function refusal(call: () => unknown): SertagError {
  try {
    call();
  } catch (error) {
    expect(error).toBeInstanceOf(SertagError);
    return error as SertagError;
  }
  throw new Error('expected a SertagError');
}
