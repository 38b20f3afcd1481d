#!/usr/bin/env node
import { setFlagsFromString } from 'node:v8';
import { cli } from '../cli/index.js';
import { writeFailed } from '../safe-write.js';

// Tagging a corpus leaves each document's tokens, entities and output behind at the pace of
// megabytes per document, and V8 by default lets the old generation grow to several times what
// survived the last full collection before it collects again, so the peak RSS of a long run is
// many times its small live heap. Growing by half instead keeps the peak far lower, for a little
// more time in full collections (measured: docs/performance.md, benchmarks/results/speed.md).
// A caller's own `node --heap-growing-percent=N` wins.
if (!process.execArgv.some((arg) => arg.startsWith('--heap-growing-percent') || arg.startsWith('--heap_growing_percent'))) {
  setFlagsFromString('--heap-growing-percent=50');
}

// A closed pipe downstream (`sertag tag … | head`) is a normal end, not an error; any other
// failure of standard output (`> /dev/full`, a full disk) is said in one line, without a stack.
process.stdout.on('error', (error: NodeJS.ErrnoException) => {
  if (error.code === 'EPIPE') process.exit(0);
  process.stderr.write(`sertag: ${writeFailed('standard output', error).message}\n`);
  process.exit(1);
});

cli(process.argv.slice(2), {
  stdin: process.stdin,
  stdout: process.stdout,
  stderr: process.stderr,
  stderrIsTTY: Boolean(process.stderr.isTTY),
  cwd: process.cwd(),
  env: process.env,
}).then(
  (code) => {
    process.exitCode = code;
  },
  (error: unknown) => {
    // Reaching here is a bug in sertag, not a user mistake: say so plainly.
    process.stderr.write(`sertag: internal error: ${error instanceof Error ? error.stack ?? error.message : String(error)}\n`);
    process.exitCode = 1;
  },
);
