import { execFileSync } from 'node:child_process';
import { mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { describe, expect, it } from 'vitest';
import { examples } from '../scripts/readme-examples.mjs';

const root = fileURLToPath(new URL('..', import.meta.url));
const readme = readFileSync(`${root}README.md`, 'utf8');

describe('README', () => {
  it('the library example prints what the README says it prints', () => {
    const section = readme.slice(readme.indexOf('## Library'));
    const code = /```js\n([\s\S]*?)```/.exec(section)?.[1];
    const shown = /```text\n([\s\S]*?)```/.exec(section)?.[1];
    expect(code).toBeDefined();
    expect(shown).toBeDefined();
    // Written inside the repository so that `import … from 'sertag'` resolves by self-reference.
    const script = `${root}readme-example.tmp.mjs`;
    writeFileSync(script, code!);
    try {
      const output = execFileSync(process.execPath, [script], { cwd: root, encoding: 'utf8' });
      expect(output).toBe(shown);
    } finally {
      rmSync(script, { force: true });
    }
  });

  it('the Python snippet slices sertag\'s JSONL as the README says (python3)', () => {
    const section = readme.slice(readme.indexOf('### Offsets'));
    const code = /```python\n([\s\S]*?)```/.exec(section)?.[1];
    const command = /`(echo "[^`]*" \| npx sertag tag --format jsonl \| python3 slice\.py)`/.exec(section)?.[1];
    const shown = /```text\n([\s\S]*?)```/.exec(section)?.[1];
    expect(code && command && shown).toBeTruthy();
    const dir = mkdtempSync(join(tmpdir(), 'sertag-readme-py-'));
    writeFileSync(join(dir, 'slice.py'), code!);
    const script = command!.replace('npx sertag', `node ${JSON.stringify(`${root}dist/bin/sertag.js`)}`).replace('slice.py', JSON.stringify(join(dir, 'slice.py')));
    expect(execFileSync('bash', ['-o', 'pipefail', '-c', script], { cwd: root, encoding: 'utf8' })).toBe(shown);
  });

  // The `learn --tune` example cross-validates 12 settings on dev.txt (about 45 s on its own).
  it('every command-line example shows its real output (refresh: node scripts/readme-examples.mjs)', { timeout: 300_000 }, () => {
    const found = examples(readme) as Array<{ command: string; shown: string; actual: string }>;
    expect(found.length).toBeGreaterThanOrEqual(4);
    for (const e of found) expect(e.shown, `$ ${e.command}`).toBe(e.actual);
  });
});
