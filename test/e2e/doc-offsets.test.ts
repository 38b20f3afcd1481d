import { execFileSync } from 'node:child_process';
import { mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { paragraphs } from '../../src/cli/input.js';
import { runCli } from '../helpers.js';

// Documents cut from a plain-text file say where they start in it ("offset", code points), so
// source[offset + start : offset + end] is each entity, in Python and in JavaScript.

const GAZETTEER = 'type: Language\nentries: [Python, Java, React, { term: Windows, type: Operating_System }, { term: Linux, type: Operating_System }]\n';
const OWN = ['--no-default-gazetteers', '--no-default-rules', '--gazetteers', 'terms.yaml'];

const SOURCE = '🚀 Intro with Python\n\nReact 1 and  more\n   \n\n\n  Windows 🚀🚀 and\nLinux on two lines\n\n\tJava last\n';

function workspace(files: Record<string, string>): string {
  const dir = mkdtempSync(join(tmpdir(), 'sertag-doc-offsets-'));
  for (const [name, text] of Object.entries(files)) writeFileSync(join(dir, name), text);
  return dir;
}

interface Placed {
  offset: number;
  entities: Array<{ start: number; end: number; text: string }>;
}

/** The entities of each output format as [offset, start, end, text], whatever the format calls them. */
function entitiesOf(format: string, stdout: string): Array<[number, number, number, string]> {
  return stdout.trim().split('\n').flatMap((line) => {
    const d = JSON.parse(line) as Record<string, unknown> & { offset: number; text: string };
    const cp = [...d.text];
    const spans: Array<[number, number]> =
      format === 'jsonl' ? (d as unknown as Placed).entities.map((e) => [e.start, e.end])
      : format === 'doccano' ? (d.label as Array<[number, number]>).map(([s, e]) => [s, e])
      : ((format === 'prodigy' ? d.spans : d.ents) as Array<{ start: number; end: number }>).map((e) => [e.start, e.end]);
    return spans.map(([s, e]): [number, number, number, string] => [d.offset, s, e, cp.slice(s, e).join('')]);
  });
}

describe('document offsets in the source file', () => {
  for (const format of ['jsonl', 'doccano', 'prodigy', 'spacy']) {
    it(`--format ${format}: the source file sliced at offset + start is the entity, in JavaScript and Python`, async () => {
      const dir = workspace({ 'terms.yaml': GAZETTEER, 'gh.txt': SOURCE });
      const { code, stdout } = await runCli(['tag', ...OWN, '--format', format, 'gh.txt'], dir);
      expect(code).toBe(0);
      const entities = entitiesOf(format, stdout);
      expect(entities.map((e) => e[3])).toEqual(['Python', 'React', 'Windows', 'Linux', 'Java']);
      const source = [...SOURCE];
      for (const [offset, start, end, text] of entities) expect(source.slice(offset + start, offset + end).join('')).toBe(text);
      const python = execFileSync('python3', ['-c', 'import json, sys\ns = open(sys.argv[1], encoding="utf-8", newline="").read()\nfor o, a, b, _ in json.load(sys.stdin): print(s[o + a:o + b])', join(dir, 'gh.txt')], { input: JSON.stringify(entities), encoding: 'utf8' });
      expect(python.trim().split('\n')).toEqual(['Python', 'React', 'Windows', 'Linux', 'Java']);
    });
  }

  it('--jobs 2 writes the same offsets', async () => {
    const dir = workspace({ 'terms.yaml': GAZETTEER, 'gh.txt': Array<string>(50).fill(SOURCE).join('\n') });
    const one = await runCli(['tag', ...OWN, '--format', 'jsonl', 'gh.txt'], dir);
    const two = await runCli(['tag', ...OWN, '--format', 'jsonl', '--jobs', '2', 'gh.txt'], dir);
    expect(two.stdout).toBe(one.stdout);
    const offsets = one.stdout.trim().split('\n').map((l) => (JSON.parse(l) as { offset: number }).offset);
    expect(offsets).toHaveLength(200);
    expect(offsets.slice(0, 5)).toEqual([0, 21, 47, 83, [...SOURCE].length + 1]);
  });

  it('CRLF and lone-CR files: a blank line (\\r\\n\\r\\n, \\r\\r) starts a new document, and offsets still slice', async () => {
    const crlf = SOURCE.replaceAll('\n', '\r\n');
    const cr = SOURCE.replaceAll('\n', '\r');
    for (const source of [crlf, cr]) {
      const dir = workspace({ 'terms.yaml': GAZETTEER, 'gh.txt': source });
      const { stdout } = await runCli(['tag', ...OWN, '--format', 'jsonl', 'gh.txt'], dir);
      const docs = stdout.trim().split('\n').map((l) => JSON.parse(l) as Placed & { text: string });
      expect(docs.map((d) => d.text.split(/\r\n?/)[0])).toEqual(['🚀 Intro with Python', 'React 1 and  more', 'Windows 🚀🚀 and', 'Java last']);
      const points = [...source];
      for (const d of docs) for (const e of d.entities) expect(points.slice(d.offset + e.start, d.offset + e.end).join('')).toBe(e.text);
    }
  });

  it('a paragraph cut for length keeps counting (surrogate pairs included)', async () => {
    async function* chunks(): AsyncGenerator<string> {
      yield '🚀🚀 aaaa bbbb';
      yield ' cccc\n\n🚀 dd';
    }
    const blocks = [];
    for await (const block of paragraphs(chunks(), 8)) blocks.push(block);
    const all = [...'🚀🚀 aaaa bbbb cccc\n\n🚀 dd'];
    for (const b of blocks) expect(all.slice(b.offset, b.offset + [...b.text].length).join('')).toBe(b.text);
    expect(blocks.map((b) => [b.text, b.offset])).toEqual([['🚀🚀', 0], ['aaaa', 3], ['bbbb cccc', 8], ['🚀 dd', 19]]);
  });
});
