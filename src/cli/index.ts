import { readFileSync } from 'node:fs';
import { SertagError } from '../errors.js';
import { closestName } from '../suggest.js';
import { COMMANDS } from './commands.js';
import { exitCodeOf } from './exit-codes.js';
import type { CliIO } from './io.js';

export type { CliIO, Command, CommandModule } from './io.js';

function version(): string {
  const pkg = JSON.parse(readFileSync(new URL('../../package.json', import.meta.url), 'utf8')) as { version: string };
  return pkg.version;
}

function mainHelp(): string {
  const width = Math.max(...COMMANDS.map((c) => c.name.length));
  return [
    'sertag — tag software entities in text, and score taggers against gold',
    '',
    'Usage: sertag COMMAND [options] [FILE…]',
    '',
    'Commands:',
    ...COMMANDS.map((c) => `  ${c.name.padEnd(width)}  ${c.summary}`),
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
  if (name === undefined || name === '--help' || name === '-h' || name === 'help') {
    io.stdout.write(mainHelp() + '\n');
    return name === undefined ? 2 : 0;
  }
  if (name === '--version' || name === '-V') {
    io.stdout.write(version() + '\n');
    return 0;
  }
  const entry = COMMANDS.find((c) => c.name === name);
  if (!entry) {
    const hint = closestName(name, COMMANDS.map((c) => c.name));
    io.stderr.write(`sertag: unknown command '${name}'${hint ? ` (did you mean '${hint}'?)` : ''}. Commands: ${COMMANDS.map((c) => c.name).join(', ')}.\n`);
    return 2;
  }
  const { command } = await entry.load();
  if (rest.includes('--help') || rest.includes('-h')) {
    io.stdout.write(command.help + '\n');
    return 0;
  }
  try {
    return await command.run(rest, io);
  } catch (error) {
    if (error instanceof SertagError) {
      io.stderr.write(`sertag ${name}: ${error.report()}\n`);
      return exitCodeOf(error);
    }
    throw error;
  }
}
