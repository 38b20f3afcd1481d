import { execFileSync } from 'node:child_process';
import { existsSync, mkdtempSync, readdirSync, readFileSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { describe, expect, it } from 'vitest';
import { allExamples } from '../scripts/readme-examples.mjs';
import { docPages, pages as generatedPages } from '../scripts/docs-bench.mjs';

// The README and docs/*.md show real output: every example is run here, every generated figure is
// compared with benchmarks/results, and every link between the pages must lead somewhere.
// Refresh after a change of output: `npm run docs:update` (build, examples, figures).

const root = fileURLToPath(new URL('..', import.meta.url));
const read = (page: string) => readFileSync(`${root}${page}`, 'utf8');
const README_LIMIT = 350;

describe('README and docs', () => {
  it(`the README stays a README: at most ${README_LIMIT} lines, and it links every page of docs/`, () => {
    const readme = read('README.md');
    expect(readme.split('\n').length).toBeLessThanOrEqual(README_LIMIT);
    for (const page of docPages().filter((p) => p !== 'README.md')) expect(readme, page).toContain(`](${page}`);
    // Which profile for which text is said on the first screen.
    const firstScreen = readme.split('\n').slice(0, 40).join('\n');
    expect(firstScreen).toContain('`stackoverflow`');
    expect(firstScreen).toContain('`wikipedia`');
  });

  it('the Python snippet slices sertag\'s JSONL as docs/formats.md says (python3)', () => {
    const formats = read('docs/formats.md');
    const section = formats.slice(formats.indexOf('## Offsets'));
    const code = /```python\n([\s\S]*?)```/.exec(section)?.[1];
    const command = /`(echo "[^`]*" \| npx sertag tag --format jsonl \| python3 slice\.py)`/.exec(section)?.[1];
    const shown = /```text\n([\s\S]*?)```/.exec(section)?.[1];
    expect(code && command && shown).toBeTruthy();
    const dir = mkdtempSync(join(tmpdir(), 'sertag-readme-py-'));
    writeFileSync(join(dir, 'slice.py'), code!);
    const script = command!.replace('npx sertag', `node ${JSON.stringify(`${root}dist/bin/sertag.js`)}`).replace('slice.py', JSON.stringify(join(dir, 'slice.py')));
    expect(execFileSync('bash', ['-o', 'pipefail', '-c', script], { cwd: root, encoding: 'utf8' })).toBe(shown);
  });

  // The `learn --tune` example cross-validates 12 settings on dev.txt (about a minute on its own).
  it('every example shows its real output (refresh: npm run docs:examples)', { timeout: 600_000 }, () => {
    const found = allExamples() as Array<{ page: string; kind: string; command: string; shown: string; actual: string }>;
    expect(found.filter((e) => e.kind === 'console').length).toBeGreaterThanOrEqual(20);
    expect(found.filter((e) => e.kind === 'js').length).toBeGreaterThanOrEqual(4);
    for (const e of found) expect(e.shown, `${e.page}: ${e.command}`).toBe(e.actual);
  });

  it('every measured figure is the one in benchmarks/results (refresh: npm run docs:bench)', () => {
    const all = generatedPages() as Array<{ page: string; current: string; expected: string }>;
    expect(all.filter((p) => p.current.includes('<!-- bench:')).length).toBeGreaterThanOrEqual(6);
    for (const p of all) expect(p.current, p.page).toBe(p.expected);
  });

  it('a figure edited by hand inside a generated part is caught', async () => {
    const { render } = (await import('../scripts/docs-bench.mjs')) as { render: (page: string, text: string) => string };
    const page = read('docs/performance.md');
    const fresh = render('docs/performance.md', page);
    const edited = fresh.replace(/\*\*([\d,]+)\*\*/, '**1,234,567**');
    expect(edited).not.toBe(fresh);
    expect(render('docs/performance.md', edited)).toBe(fresh);
  });

  // Figures drift with every benchmark run; --help and comments point to docs/performance.md instead.
  it('no --help text carries a measured figure, and nothing in src/ points to a README section', () => {
    const bin = `${root}dist/bin/sertag.js`;
    const commands = ['', 'tag', 'eval', 'convert', 'learn', 'lint', 'serve'];
    const measured = /\d(?:\.\d+)?(?:-\d+(?:\.\d+)?)?x\b|\d×|tokens\/s|\(README/;
    for (const command of commands) {
      const help = execFileSync(process.execPath, [bin, ...(command ? [command] : []), '--help'], { encoding: 'utf8' });
      expect(help, `sertag ${command} --help`).not.toMatch(measured);
    }
    const pointers = readdirSync(`${root}src`, { recursive: true, encoding: 'utf8' })
      .filter((file) => file.endsWith('.ts'))
      .flatMap((file) => read(`src/${file}`).split('\n').map((line, i) => `src/${file}:${i + 1}: ${line.trim()}`))
      .filter((line) => /README[,.]/.test(line) && !line.includes('a README or an issue'));
    expect(pointers).toEqual([]);
  });

  it('every relative link in the README and docs/ leads to a file, and every #anchor to a heading', () => {
    const broken: string[] = [];
    for (const page of docPages()) {
      const text = read(page).replace(/```[\s\S]*?```/g, '').replace(/`[^`\n]*`/g, '');
      for (const [, target] of text.matchAll(/\]\(([^)\s]+)\)/g)) {
        if (/^[a-z]+:/.test(target!)) continue;
        const [path, anchor] = target!.split('#');
        const file = path ? join(dirname(`${root}${page}`), path) : `${root}${page}`;
        if (!existsSync(file)) {
          broken.push(`${page}: ${target} (no such file)`);
          continue;
        }
        if (anchor && file.endsWith('.md') && !anchors(readFileSync(file, 'utf8')).has(anchor)) broken.push(`${page}: ${target} (no such heading)`);
      }
    }
    expect(broken).toEqual([]);
  });
});

/** GitHub's anchors of a Markdown page's headings: lower case, punctuation dropped, spaces as hyphens. */
function anchors(markdown: string): Set<string> {
  const found = new Set<string>();
  for (const [, heading] of markdown.replace(/```[\s\S]*?```/g, '').matchAll(/^#{1,6} (.+)$/gm)) {
    found.add(heading!.trim().toLowerCase().replace(/[^\p{L}\p{N}\s_-]/gu, '').replace(/\s/g, '-'));
  }
  return found;
}
