import { mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { createTagger } from 'sertag';
import { runCli } from '../helpers.js';

// A tagger that knows one name, so what the document-names pass adds is plain to see.
const tagger = createTagger({
  defaultGazetteers: false,
  defaultRules: false,
  gazetteers: [{ type: 'Language', case: 'ignore', entries: ['Python'] }],
  rules: [{ name: 'names', passes: { documentNames: true }, rules: [] }],
});
const names = (text: string) => tagger.tag(text).entities.map((e) => `${e.text}/${e.type}`);

describe('the document-names pass', () => {
  it('tags a CamelCase or capitalised name the document uses in two sentences, everywhere it occurs, with its evidence', () => {
    const text = 'I run TaskWarrior with Python and Elasticquent. Since the update TaskWarrior crashes, and so does Elasticquent.';
    expect(names(text)).toEqual(['TaskWarrior/Application', 'Python/Language', 'Elasticquent/Application', 'TaskWarrior/Application', 'Elasticquent/Application']);
    const source = tagger.tag(text).entities[0]!.source;
    expect(source).toEqual({ kind: 'component', component: 'document-names', detail: 'written in CamelCase, 2 times in the document' });
  });

  it('needs the repetition across sentences: a name used once, or twice in one sentence (mostly code), is left alone', () => {
    expect(names('I run TaskWarrior with Python.')).toEqual(['Python/Language']);
    expect(names('We call AsyncTask, then AsyncTask again.')).toEqual([]);
  });

  it('leaves English words, sentence-initial capitals and people (two capitalised words) alone', () => {
    expect(names('The Report is late. I sent the Report. Alexandru Canavoiu wrote it; Alexandru Canavoiu agrees.')).toEqual([]);
  });

  it('tags dashed package names as libraries, but not dashed English words', () => {
    expect(names('Update remark-html now. The remark-html build is low-level work, low-level indeed.')).toEqual(['remark-html/Library', 'remark-html/Library']);
  });

  it('takes `X library` as a name, once is enough', () => {
    expect(names('We use the GSON library for JSON. The open-source library is fine.')).toEqual(['GSON/Library']);
  });

  it('never overrides a gazetteer entry or a rule: it only fills gaps', () => {
    expect(names('PyPython and Python. PyPython and python.')).toEqual(['PyPython/Application', 'Python/Language', 'PyPython/Application', 'python/Language']);
  });

  it('keeps what it learned inside the document: the next call starts afresh', () => {
    expect(names('TaskWarrior works. TaskWarrior syncs.')).toHaveLength(2);
    expect(names('TaskWarrior.')).toEqual([]);
  });

  it('sees the whole document in tagSentences, and nothing in a collection of more than 300 sentences', () => {
    const [first, second] = tagger.tagSentences([['I', 'use', 'FastTree', '.'], ['FastTree', 'is', 'quick', '.']]);
    expect(first!.entities.map((e) => e.text)).toEqual(['FastTree']);
    expect(second!.entities.map((e) => e.text)).toEqual(['FastTree']);
    const collection = Array.from({ length: 301 }, () => ['I', 'use', 'FastTree', '.']);
    expect(tagger.tagSentences(collection).every((r) => r.entities.length === 0)).toBe(true);
  });

  it('is off unless a rules file switches it on', () => {
    const plain = createTagger({ defaultGazetteers: false, defaultRules: false, gazetteers: [{ type: 'Language', entries: ['Python'] }] });
    expect(plain.components).not.toContain('document-names');
    expect(plain.tag('TaskWarrior works. TaskWarrior syncs.').entities).toEqual([]);
    expect(createTagger({ profile: 'stackoverflow' }).components).toContain('document-names');
  });
});

describe('documents in pre-tokenized input', () => {
  const dir = mkdtempSync(join(tmpdir(), 'sertag-docstart-'));
  writeFileSync(join(dir, 'names.yaml'), 'passes:\n  documentNames: true\nrules: []\n');
  writeFileSync(join(dir, 'languages.yaml'), 'type: Language\nentries: [Python]\n');
  const args = ['tag', '--no-default-gazetteers', '--no-default-rules', '--gazetteers', 'languages.yaml', '--rules', 'names.yaml', '--input', 'conll'];
  const conll = (sentences: string[][], docstarts: boolean) =>
    sentences.map((s, i) => (docstarts && i % 2 === 0 ? '-DOCSTART-\tO\n\n' : '') + s.map((t) => `${t}\tO\n`).join('')).join('\n') + '\n';
  const issues = [['I', 'use', 'FastTree', 'daily'], ['FastTree', 'is', 'quick'], ['Is', 'FastTree', 'good', '?'], ['No', 'Python', 'here']];

  it('honours -DOCSTART- lines: a document is what comes between them, and the lines stay in CoNLL output', async () => {
    const run = await runCli([...args, '--format', 'conll'], dir, conll(issues, true));
    expect(run.code).toBe(0);
    // The first document says FastTree twice; the second says it once.
    expect(run.stdout).toBe(
      '-DOCSTART-\tO\n\nI\tO\nuse\tO\nFastTree\tB-Application\ndaily\tO\n\nFastTree\tB-Application\nis\tO\nquick\tO\n\n' +
        '-DOCSTART-\tO\n\nIs\tO\nFastTree\tO\ngood\tO\n?\tO\n\nNo\tO\nPython\tB-Language\nhere\tO\n\n',
    );
    const bio = await runCli([...args, '--format', 'bio'], dir, conll(issues, true));
    expect(bio.stdout).not.toContain('DOCSTART');
  });

  it('without -DOCSTART- lines (and in WikiSER files) each sentence is a document of its own', async () => {
    const run = await runCli([...args, '--format', 'conll'], dir, conll(issues, false));
    expect(run.stdout).not.toContain('B-Application');
  });
});
