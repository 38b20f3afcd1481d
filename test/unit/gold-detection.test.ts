import { mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { runCli } from '../helpers.js';

const OWN = ['--no-default-gazetteers', '--no-default-rules', '--gazetteers', 'g.yaml'];
const WIKISER = '<s>\nStackless\tB-Operating_System\nPython\tI-Operating_System\n</s>\n';
const CONLL = 'Stackless\tB-Operating_System\nPython\tI-Operating_System\nis\tO\nfast\tO\n\n';

function workspace(files: Record<string, string>): string {
  const dir = mkdtempSync(join(tmpdir(), 'sertag-gold-'));
  writeFileSync(join(dir, 'g.yaml'), 'type: Language\nentries: [Python]\n');
  for (const [name, text] of Object.entries(files)) writeFileSync(join(dir, name), text);
  return dir;
}

describe('tag notices gold files', () => {
  const cases: Array<{ name: string; file: string; text: string; args: string[]; message: string }> = [
    { name: 'a WikiSER file given as text', file: 'gold.txt', text: WIKISER, args: [], message: "gold.txt looks like a WikiSER file (a '<s>' line at line 1), not text; tag it with --input wikiser, or --input text to tag it as prose anyway" },
    { name: 'a CoNLL file given as text', file: 'gold.conll', text: CONLL, args: [], message: 'gold.conll looks like a CoNLL file (token and tag columns from line 1), not text; tag it with --input conll, or --input text to tag it as prose anyway' },
    { name: 'a WikiSER file read as CoNLL', file: 'gold.txt', text: WIKISER, args: ['--input', 'conll'], message: "gold.txt looks like a WikiSER file (a '<s>' line at line 1), not --input conll; tag it with --input wikiser" },
    { name: 'a JSONL corpus in a .txt file', file: 'docs.txt', text: '{"id": 1, "text": "Python"}\n', args: [], message: 'docs.txt looks like a JSONL file (a JSON record at line 1), not text; tag it with --input jsonl, or --input text to tag it as prose anyway' },
  ];
  for (const c of cases) {
    it(`${c.name}: stops with the flag to use (exit 2)`, async () => {
      const dir = workspace({ [c.file]: c.text });
      const { code, stdout, stderr } = await runCli(['tag', ...OWN, ...c.args, c.file], dir);
      expect(stderr).toBe(`sertag tag: ${c.message}\n`);
      expect(code).toBe(2);
      expect(stdout).toBe('');
    });
  }

  it('tags the same files when the flag says what they are, and prose that merely mentions <s>', async () => {
    const dir = workspace({ 'gold.txt': WIKISER, 'notes.txt': 'Use the <s> tag in HTML with Python.\nIt is O\n' });
    expect((await runCli(['tag', ...OWN, '--input', 'wikiser', 'gold.txt'], dir)).code).toBe(0);
    expect((await runCli(['tag', ...OWN, '--input', 'text', 'gold.txt'], dir)).code).toBe(0);
    const prose = await runCli(['tag', ...OWN, 'notes.txt'], dir);
    expect(prose.stderr).toBe('');
    expect(prose.stdout).toContain('Python\tB-Language');
  });
});
