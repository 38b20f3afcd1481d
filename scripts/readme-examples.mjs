// Runs the examples of README.md and docs/*.md and checks or rewrites the output they show:
// - a ```console block: `$ command` on the first line, its output after (`npx sertag` runs this
//   checkout's built bin, from the repository root);
// - a ```js block that imports 'sertag', followed (before the next heading) by a ```text block: what
//   the script prints.
//   node scripts/readme-examples.mjs          rewrite the outputs in the pages (npm run docs:examples)
//   node scripts/readme-examples.mjs --check  exit 1 when an output differs (the test suite checks the same)
// Needs a fresh `npm run build`.
import { execFileSync } from 'node:child_process';
import { readFileSync, rmSync, writeFileSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import { docPages } from './docs-bench.mjs';

const root = fileURLToPath(new URL('..', import.meta.url));
const CONSOLE = /```console\n\$ (.*)\n([\s\S]*?)```/g;
// A js block, prose without a heading, then the text block that shows its output.
const SCRIPT = /```js\n([\s\S]*?)```(\n(?:(?!#|```)[^\n]*\n)*)```text\n([\s\S]*?)```/g;

/** The output of one example command, run by bash with `npx sertag` meaning this checkout's bin. */
export function runExample(command) {
  const script = command.replace(/\bnpx sertag\b/g, `node ${JSON.stringify(`${root}dist/bin/sertag.js`)}`);
  return execFileSync('bash', ['-o', 'pipefail', '-c', script], { cwd: root, encoding: 'utf8' });
}

/** What a library example prints. It is written inside the repository so that `import … from 'sertag'` resolves by self-reference. */
export function runScript(code) {
  const file = `${root}readme-example.tmp.mjs`;
  writeFileSync(file, code);
  try {
    return execFileSync(process.execPath, [file], { cwd: root, encoding: 'utf8' });
  } finally {
    rmSync(file, { force: true });
  }
}

const isLibraryExample = (code) => /from 'sertag'/.test(code);

/** Every example of one page's text: what it shows and what it gives now. */
export function examples(text, page = 'README.md') {
  const commands = [...text.matchAll(CONSOLE)].map((m) => ({ page, kind: 'console', command: m[1], shown: m[2], actual: runExample(m[1]) }));
  const scripts = [...text.matchAll(SCRIPT)]
    .filter((m) => isLibraryExample(m[1]))
    .map((m) => ({ page, kind: 'js', command: m[1].split('\n').find((line) => line.includes('tag')) ?? 'js example', shown: m[3], actual: runScript(m[1]) }));
  return [...commands, ...scripts];
}

/** Every example of every page. */
export function allExamples() {
  return docPages().flatMap((page) => examples(readFileSync(`${root}${page}`, 'utf8'), page));
}

/** A page with every example's output written afresh. */
export function refresh(text) {
  return text
    .replace(CONSOLE, (_, command) => `\`\`\`console\n$ ${command}\n${runExample(command)}\`\`\``)
    .replace(SCRIPT, (whole, code, between) => (isLibraryExample(code) ? `\`\`\`js\n${code}\`\`\`${between}\`\`\`text\n${runScript(code)}\`\`\`` : whole));
}

if (process.argv[1] === fileURLToPath(import.meta.url)) {
  if (process.argv.includes('--check')) {
    const stale = allExamples().filter((e) => e.shown !== e.actual);
    for (const e of stale) console.error(`${e.page}: example out of date: $ ${e.command}`);
    process.exit(stale.length > 0 ? 1 : 0);
  }
  for (const page of docPages()) {
    const text = readFileSync(`${root}${page}`, 'utf8');
    const fresh = refresh(text);
    if (fresh !== text) {
      writeFileSync(`${root}${page}`, fresh);
      console.log(`docs-examples: wrote ${page}`);
    }
  }
}
