import type { ErrorKind, SertagError } from '../errors.js';

/** The CLI's exit code for each kind of mistake: 2 for a wrong command line, 1 for bad data. */
const EXIT_CODES: Readonly<Record<ErrorKind, 1 | 2>> = {
  usage: 2,
  source: 1,
  data: 1,
  output: 1,
};

/** The exit code a SertagError ends the command with. */
export function exitCodeOf(error: SertagError): 1 | 2 {
  return EXIT_CODES[error.kind];
}
