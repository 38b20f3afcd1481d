// Runs the ```console examples of README.md (`$ command` on the first line, its output after) and
// checks or rewrites their output. `npx sertag` runs the built bin, from the repository root.
//   node scripts/readme-examples.mjs          rewrite the outputs in README.md
//   node scripts/readme-examples.mjs --check  exit 1 when an output differs (the test suite uses this)
import { execFileSync } from 'node:child_process';
import { readFileSync, writeFileSync } from 'node:fs';
import { fileURLToPath } from 'node:url';

const root = fileURLToPath(new URL('..', import.meta.url));
const readmePath = `${root}README.md`;
const BLOCK = /```console\n\$ (.*)\n([\s\S]*?)```/g;

/** The output of one example command, run by bash with `npx sertag` meaning this checkout's bin. */
export function runExample(command) {
  const script = command.replace(/\bnpx sertag\b/g, `node ${JSON.stringify(`${root}dist/bin/sertag.js`)}`);
  return execFileSync('bash', ['-o', 'pipefail', '-c', script], { cwd: root, encoding: 'utf8' });
}

/** Every example with the output README.md shows and the output it gives now. */
export function examples(readme = readFileSync(readmePath, 'utf8')) {
  return [...readme.matchAll(BLOCK)].map((m) => ({ command: m[1], shown: m[2], actual: runExample(m[1]) }));
}

if (process.argv[1] === fileURLToPath(import.meta.url)) {
  const readme = readFileSync(readmePath, 'utf8');
  if (process.argv.includes('--check')) {
    const stale = examples(readme).filter((e) => e.shown !== e.actual);
    for (const e of stale) console.error(`README example out of date: $ ${e.command}`);
    process.exit(stale.length > 0 ? 1 : 0);
  }
  writeFileSync(readmePath, readme.replace(BLOCK, (_, command) => `\`\`\`console\n$ ${command}\n${runExample(command)}\`\`\``));
}
