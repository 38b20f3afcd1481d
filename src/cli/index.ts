import { readFileSync } from 'node:fs';
import { SertagError } from '../errors.js';
import type { CliIO, Command } from './io.js';

export type { CliIO, Command } from './io.js';

const commands: Command[] = [];

/**
 * The module of each command, so that a run imports only the command it runs (importing all of
 * them cost 20–35 ms of every start). A command missing here still works: an unknown name, like
 * the main help, imports every command through commands.js.
 */
const COMMAND_MODULES: Readonly<Record<string, () => Promise<unknown>>> = {
  tag: () => import('./tag.js'),
  eval: () => import('./eval.js'),
  learn: () => import('./learn.js'),
  lint: () => import('./lint.js'),
};

/** Registers a subcommand. Each command module calls this once. */
export function registerCommand(command: Command): void {
  commands.push(command);
}

function version(): string {
  const pkg = JSON.parse(readFileSync(new URL('../../package.json', import.meta.url), 'utf8')) as { version: string };
  return pkg.version;
}

function mainHelp(): string {
  const width = Math.max(...commands.map((c) => c.name.length));
  return [
    'sertag — tag software entities in text, and score taggers against gold',
    '',
    'Usage: sertag COMMAND [options] [FILE…]',
    '',
    'Commands:',
    ...commands.map((c) => `  ${c.name.padEnd(width)}  ${c.summary}`),
    '',
    'Run `sertag COMMAND --help` for the options and examples of one command.',
    'Exit codes: 0 ok, 1 failure (bad data), 2 usage error.',
  ].join('\n');
}

/**
 * Runs the CLI in-process: `argv` excludes `node` and the script. Returns the exit code.
 * User mistakes are printed as one clear message on stderr, never as a stack trace.
 */
export async function cli(argv: string[], io: CliIO): Promise<number> {
  const [name, ...rest] = argv;
  const loadOne = name !== undefined && Object.hasOwn(COMMAND_MODULES, name) ? COMMAND_MODULES[name] : undefined;
  await (loadOne ? loadOne() : import('./commands.js'));
  if (name === undefined || name === '--help' || name === '-h' || name === 'help') {
    io.stdout.write(mainHelp() + '\n');
    return name === undefined ? 2 : 0;
  }
  if (name === '--version' || name === '-V') {
    io.stdout.write(version() + '\n');
    return 0;
  }
  const command = commands.find((c) => c.name === name);
  if (!command) {
    io.stderr.write(`sertag: unknown command '${name}'. Commands: ${commands.map((c) => c.name).join(', ')}.\n`);
    return 2;
  }
  if (rest.includes('--help') || rest.includes('-h')) {
    io.stdout.write(command.help + '\n');
    return 0;
  }
  try {
    return await command.run(rest, io);
  } catch (error) {
    if (error instanceof SertagError) {
      io.stderr.write(`sertag ${name}: ${error.report()}\n`);
      return error.exitCode;
    }
    throw error;
  }
}
