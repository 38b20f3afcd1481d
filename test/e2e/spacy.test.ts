import { execFileSync, spawnSync } from 'node:child_process';
import { mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { runCli } from '../helpers.js';

// `--format spacy` against real spaCy: every line must load with Doc.from_json on a blank English
// pipeline (no model), give back its text, hold the entities, and be what spaCy's own to_json
// writes for that Doc (so whitespace tokens sit where spaCy puts them).
const python = ['python3', '/usr/bin/python3'].find((p) => spawnSync(p, ['-c', 'import spacy'], { encoding: 'utf8' }).status === 0);

const GAZETTEER = 'type: Language\nentries: [Python, Java, { term: Linux, type: Operating_System }, { term: Windows, type: Operating_System }]\n';

// Double spaces, tabs, lone newlines, a space before a newline, emoji (two UTF-16 units, one code
// point) before entities, leading and trailing whitespace of a document.
const TEXT = [
  'Python  on Linux',
  '🚀 Python\n\tand  Windows 🚀🚀 Java \nnext line   Linux',
  '   Java first, then  \n  Python  ',
  'no entity here\r\nat all',
].join('\n\n');

const JSONL = [
  { id: 'a', text: ' Python\n' },
  { id: 'b', text: 'Java\u00a0\u00a0Linux  ' },
  { id: 'c', text: '' },
  { id: 'd', text: '🚀\n\n\nPython' },
].map((r) => JSON.stringify(r)).join('\n') + '\n';

const CHECK = `
import json, sys, spacy
from spacy.tokens import Doc
nlp = spacy.blank("en")
out = []
for line in sys.stdin:
    d = json.loads(line)
    doc = Doc(nlp.vocab).from_json(d)
    again = doc.to_json()
    out.append({
        "text_ok": doc.text == d["text"],
        "ents": [[e.text, e.label_] for e in doc.ents],
        "same_json": again["tokens"] == d["tokens"] and again.get("ents", []) == d["ents"],
    })
print(json.dumps(out, ensure_ascii=False))
`;

function loadInSpacy(jsonl: string): Array<{ text_ok: boolean; ents: Array<[string, string]>; same_json: boolean }> {
  return JSON.parse(execFileSync(python!, ['-c', CHECK], { input: jsonl, encoding: 'utf8' })) as Array<{ text_ok: boolean; ents: Array<[string, string]>; same_json: boolean }>;
}

function workspace(files: Record<string, string>): string {
  const dir = mkdtempSync(join(tmpdir(), 'sertag-spacy-'));
  for (const [name, text] of Object.entries(files)) writeFileSync(join(dir, name), text);
  return dir;
}

const OWN = ['--no-default-gazetteers', '--no-default-rules', '--gazetteers', 'terms.yaml', '--format', 'spacy'];

describe.skipIf(python === undefined)('--format spacy loads in spaCy (skipped when spaCy is not installed: pip install spacy; .ci/run installs it)', () => {
  it('plain text with double spaces, tabs, newlines and emoji: Doc.from_json gives back the text and the entities', async () => {
    const dir = workspace({ 'terms.yaml': GAZETTEER, 'in.txt': TEXT + '\n' });
    const { code, stdout, stderr } = await runCli(['tag', ...OWN, 'in.txt'], dir);
    expect(stderr).toBe('');
    expect(code).toBe(0);
    const docs = loadInSpacy(stdout);
    expect(docs).toHaveLength(4);
    expect(docs.every((d) => d.text_ok && d.same_json)).toBe(true);
    expect(docs.map((d) => d.ents)).toEqual([
      [['Python', 'Language'], ['Linux', 'Operating_System']],
      [['Python', 'Language'], ['Windows', 'Operating_System'], ['Java', 'Language'], ['Linux', 'Operating_System']],
      [['Java', 'Language'], ['Python', 'Language']],
      [],
    ]);
  });

  it('JSONL records with leading, trailing and non-breaking whitespace, an empty text and blank lines', async () => {
    const dir = workspace({ 'terms.yaml': GAZETTEER, 'in.jsonl': JSONL });
    const { code, stdout } = await runCli(['tag', ...OWN, 'in.jsonl'], dir);
    expect(code).toBe(0);
    const docs = loadInSpacy(stdout);
    expect(docs.map((d) => [d.text_ok, d.same_json])).toEqual(Array(4).fill([true, true]));
    expect(docs.map((d) => d.ents)).toEqual([[['Python', 'Language']], [['Java', 'Language'], ['Linux', 'Operating_System']], [], [['Python', 'Language']]]);
  });

  it('convert --to spacy: gold sentences load too', async () => {
    const dir = workspace({ 'gold.txt': '<s>\nPython\tB-Language\non\tO\nLinux\tB-Operating_System\n</s>\n' });
    const { code, stdout, stderr } = await runCli(['convert', '--to', 'spacy', 'gold.txt'], dir);
    expect(stderr).toBe('');
    expect(code).toBe(0);
    expect(loadInSpacy(stdout)).toEqual([{ text_ok: true, same_json: true, ents: [['Python', 'Language'], ['Linux', 'Operating_System']] }]);
  });
});
