import { mkdtempSync, readdirSync, readFileSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { runCli } from '../helpers.js';

const SHARED = new URL('../../../shared/data/conlleval/', import.meta.url).pathname;
const cases = (() => {
  try {
    return readdirSync(SHARED).filter((f) => f.endsWith('.txt')).map((f) => f.slice(0, -4));
  } catch {
    return [];
  }
})();

function workspace(files: Record<string, string>): string {
  const dir = mkdtempSync(join(tmpdir(), 'sertag-conlleval-'));
  for (const [name, text] of Object.entries(files)) writeFileSync(join(dir, name), text);
  return dir;
}

const THREE = 'Stackless B-Application B-Application\nPython I-Application O\nuses O O\nLinux B-Operating_System I-Operating_System\n\n';

describe("conlleval's conventions", () => {
  it.skipIf(cases.length === 0)('eval --format conlleval prints what conlleval.pl prints, byte for byte, on the four reference inputs', async () => {
    expect(cases.length).toBe(4);
    for (const name of cases) {
      const { code, stdout, stderr } = await runCli(['eval', '--format', 'conlleval', `${name}.txt`], SHARED);
      expect(stderr).toBe('');
      expect(code).toBe(0);
      expect(stdout, name).toBe(readFileSync(join(SHARED, `${name}.expected`), 'utf8'));
    }
  });

  it('scores a single three-column file (token, gold, prediction), from a file or from standard input', async () => {
    const dir = workspace({ 'three.txt': THREE });
    const fromFile = await runCli(['eval', '--format', 'conlleval', 'three.txt'], dir);
    expect(fromFile.stdout).toBe(
      // `I-Operating_System` after `O` starts an entity, as in conlleval: Linux is right, Stackless is not.
      'processed 4 tokens with 2 phrases; found: 2 phrases; correct: 1.\n' +
        'accuracy:  50.00%; precision:  50.00%; recall:  50.00%; FB1:  50.00\n' +
        '      Application: precision:   0.00%; recall:   0.00%; FB1:   0.00  1\n' +
        ' Operating_System: precision: 100.00%; recall: 100.00%; FB1: 100.00  1\n',
    );
    const fromStdin = await runCli(['eval', '--format', 'conlleval', '-'], dir, THREE);
    expect(fromStdin.stdout).toBe(fromFile.stdout);
    // Without --format, the single file is read the same way and reported in sertag's table.
    const table = await runCli(['eval', 'three.txt'], dir);
    expect(table.code).toBe(0);
    expect(table.stdout).toContain('processed 4 tokens with 2 phrases; found: 2 phrases; correct: 1.');
  });

  it('eval GOLD - reads the prediction from standard input', async () => {
    const gold = '<s>\nPython\tB-Language\nrocks\tO\n</s>\n';
    const dir = workspace({ 'gold.txt': gold });
    const { code, stdout } = await runCli(['eval', 'gold.txt', '-'], dir, gold);
    expect(code).toBe(0);
    expect(stdout).toContain('correct: 1.');
  });

  it('a single file with two columns is refused with what it expected', async () => {
    const dir = workspace({ 'two.txt': 'Python B-Language\n\n' });
    const { code, stderr } = await runCli(['eval', 'two.txt'], dir);
    expect(code).toBe(1);
    expect(stderr).toContain("two.txt: 2 columns; a single-file evaluation reads conlleval's layout, token, gold tag and predicted tag");
  });

  it('reads BIOES and BILUO (the names other tools use)', async () => {
    const bioes = '<s>\nStackless\tB-Application\nPython\tE-Application\nLinux\tS-Operating_System\n</s>\n';
    const biluo = bioes.replace('E-', 'L-').replace('S-', 'U-');
    const dir = workspace({ 'g.txt': bioes, 'u.txt': biluo });
    const a = await runCli(['eval', '--scheme', 'BIOES', 'g.txt', 'g.txt'], dir);
    expect(a.stdout).toContain('processed 3 tokens with 2 phrases; found: 2 phrases; correct: 2.');
    const b = await runCli(['eval', '--scheme', 'BILUO', 'u.txt', 'u.txt'], dir);
    expect(b.stdout).toContain('processed 3 tokens with 2 phrases; found: 2 phrases; correct: 2.');
  });

  it('eval --html into a missing folder says so, without writing anything', async () => {
    const gold = '<s>\nPython\tB-Language\n</s>\n';
    const dir = workspace({ 'g.txt': gold });
    const { code, stderr } = await runCli(['eval', 'g.txt', 'g.txt', '--html', 'nowhere/report.html'], dir);
    expect(code).toBe(1);
    expect(stderr).toBe('sertag eval: cannot write --html nowhere/report.html: the folder nowhere does not exist; create it first\n');
  });
});
