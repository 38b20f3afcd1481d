import { execFileSync, spawnSync } from 'node:child_process';
import { existsSync, mkdtempSync, readFileSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { beforeAll, describe, expect, it } from 'vitest';

// --jobs runs worker threads from dist/, so these tests run the built bin.
const BIN = 'dist/bin/sertag.js';
const OWN = ['--no-default-gazetteers', '--no-default-rules', '--gazetteers', 'test/fixtures/cli/terms.yaml'];

function sertag(args: string[]): { status: number | null; stdout: string; stderr: string } {
  const r = spawnSync(process.execPath, [BIN, ...args], { encoding: 'utf8', maxBuffer: 1 << 28 });
  return { status: r.status, stdout: r.stdout, stderr: r.stderr };
}

beforeAll(() => {
  if (!existsSync(BIN)) execFileSync(process.execPath, ['node_modules/typescript/bin/tsc', '-p', '.'], { stdio: 'inherit' });
});

describe('sertag tag --jobs', () => {
  const dir = mkdtempSync(join(tmpdir(), 'sertag-jobs-'));
  // Enough paragraphs (~1.5 MB) for many 64 KB batches, so workers finish out of order.
  const sentences = ['Stackless Python runs on Linux.', 'We ported it from C++ to Python last year.', 'Nothing to see here.'];
  const paragraphs = Array.from({ length: 20_000 }, (_, i) => `${sentences[i % 3]} Paragraph ${i}.`);
  const text = join(dir, 'corpus.txt');
  const jsonl = join(dir, 'corpus.jsonl');
  writeFileSync(text, paragraphs.join('\n\n') + '\n');
  writeFileSync(jsonl, paragraphs.map((p, i) => JSON.stringify({ id: `doc-${i}`, text: p })).join('\n') + '\n');

  it.each([
    { input: text, format: 'jsonl', explanation: 'plain text, JSONL out' },
    { input: jsonl, format: 'bio', explanation: 'a JSONL corpus, BIO out' },
  ])('gives output identical to one thread, in input order ($explanation)', ({ input, format }) => {
    const one = join(dir, `one.${format}`);
    const two = join(dir, `two.${format}`);
    expect(sertag(['tag', ...OWN, '--format', format, '-o', one, input])).toMatchObject({ status: 0, stderr: '' });
    expect(sertag(['tag', ...OWN, '--format', format, '--jobs', '3', '-o', two, input])).toMatchObject({ status: 0, stderr: '' });
    const single = readFileSync(one, 'utf8');
    expect(single.length).toBeGreaterThan(1_000_000);
    expect(readFileSync(two, 'utf8')).toBe(single);
  });

  it('reads JSONL in the workers as without them: CRLF lines, blank lines, ids by line number, several inputs', () => {
    const crlf = join(dir, 'crlf.jsonl');
    writeFileSync(crlf, paragraphs.map((p, i) => (i % 7 === 0 ? '' : JSON.stringify(i % 2 ? { text: p } : { id: i, text: p }))).join('\r\n') + '\r\n');
    const one = sertag(['tag', ...OWN, '--format', 'jsonl', text, crlf, jsonl]);
    const two = sertag(['tag', ...OWN, '--format', 'jsonl', '--jobs', '2', text, crlf, jsonl]);
    expect(one).toMatchObject({ status: 0, stderr: '' });
    expect(one.stdout).toContain(`crlf.jsonl#4"`);
    expect(two.stdout).toBe(one.stdout);
  });

  it('writes a record longer than a part (1 MiB characters) as one record, the same with and without workers', () => {
    const long = join(dir, 'long.jsonl');
    // About 1.9 M characters in one record (CRLF line end), between two short records.
    const huge = [...paragraphs, ...paragraphs].join(' ');
    expect(huge.length).toBeGreaterThan(1 << 20);
    writeFileSync(long, [JSON.stringify({ id: 'a', text: 'Python on Linux.' }), JSON.stringify({ id: 'huge', text: huge }), JSON.stringify({ id: 'b', text: 'C++ too.' })].join('\r\n') + '\r\n');
    const one = sertag(['tag', ...OWN, '--format', 'jsonl', long]);
    const two = sertag(['tag', ...OWN, '--format', 'jsonl', '--jobs', '2', long]);
    expect(one).toMatchObject({ status: 0, stderr: '' });
    expect(two.stdout).toBe(one.stdout);
    const records = one.stdout.trimEnd().split('\n').map((line) => JSON.parse(line) as { id: string; text: string; entities: Array<{ start: number; end: number; text: string }>; tokens: number[][] });
    expect(records.map((r) => r.id)).toEqual(['a', 'huge', 'b']);
    const record = records[1]!;
    expect(record.text).toBe(huge);
    // Entities all through the text (in every part), each where its offsets say; tokens in order.
    expect(record.entities.length).toBeGreaterThan(20_000);
    expect(record.entities.at(-1)!.start).toBeGreaterThan(huge.length - 1000);
    expect(record.entities.filter((e) => huge.slice(e.start, e.end) !== e.text)).toEqual([]);
    expect(record.tokens.filter((t, k) => k > 0 && t[0]! < record.tokens[k - 1]![1]!)).toEqual([]);
  });

  it('reports a bad JSONL line with its file and line, after the documents before it, as without workers', () => {
    const bad = join(dir, 'bad.jsonl');
    const lines = paragraphs.map((p) => JSON.stringify({ text: p }));
    lines[15_000] = '{"text": unquoted}';
    writeFileSync(bad, lines.join('\n') + '\n');
    const one = sertag(['tag', ...OWN, '--format', 'jsonl', bad]);
    const two = sertag(['tag', ...OWN, '--format', 'jsonl', '--jobs', '2', bad]);
    expect(one.status).toBe(1);
    expect(one.stderr).toMatch(/^sertag tag: .*bad\.jsonl:15001: expected one JSON object/);
    expect(two.status).toBe(1);
    expect(two.stderr).toBe(one.stderr);
    expect(one.stdout.split('\n')).toHaveLength(15_001);
    expect(two.stdout).toBe(one.stdout);
  });

  it.each([
    { ext: 'jsonl', explanation: 'JSONL' },
    { ext: 'txt', explanation: 'plain text' },
  ])('on bad input late in the file, writes every document read before it, as without workers ($explanation)', ({ ext }) => {
    // The file ends inside a character: reading fails only after every whole document was sent to the workers.
    const truncated = join(dir, `truncated.${ext}`);
    const body = ext === 'jsonl' ? paragraphs.map((p) => JSON.stringify({ text: p })).join('\n') : paragraphs.join('\n\n');
    writeFileSync(truncated, Buffer.concat([Buffer.from(body + '\n'), Buffer.from([0xe2, 0x80])]));
    const one = sertag(['tag', ...OWN, '--format', 'jsonl', truncated]);
    const two = sertag(['tag', ...OWN, '--format', 'jsonl', '--jobs', '2', truncated]);
    expect(one.status).toBe(1);
    expect(one.stderr).toMatch(/invalid UTF-8 at byte \d+ \(line \d+\): the file ends inside a character/);
    // Text: the last paragraph is not known to be whole before the end of the input, which never comes.
    expect(one.stdout.trim().split('\n')).toHaveLength(ext === 'jsonl' ? paragraphs.length : paragraphs.length - 1);
    expect(two).toEqual(one);
  });

  it('rejects a job count that is not a whole number from 1 to 256', () => {
    for (const bad of ['0', 'two', '1.5', '999']) {
      const r = sertag(['tag', ...OWN, '--jobs', bad, text]);
      expect(r.status).toBe(2);
      expect(r.stderr).toContain('--jobs takes a whole number from 1 to 256');
    }
  });
});

describe('TagPool: the main thread tags batches too', () => {
  it('tags a batch itself when the worker has two waiting, with the same output as the worker', async () => {
    const { TagPool } = await import('../../dist/pipeline/pool.js');
    const { createTagger } = await import('../../dist/tagger.js');
    const { createFormatter } = await import('../../dist/formats/table.js');
    const { textPayload } = await import('../../dist/pipeline/batch.js');
    const taggerOptions = { defaultGazetteers: false, defaultRules: false, gazetteers: ['test/fixtures/cli/terms.yaml'] };
    const tagger = createTagger(taggerOptions);
    const types = [...tagger.types];
    const formatter = createFormatter('jsonl', { types, explain: false });
    const pool = new TagPool(1, { profiles: [{ name: 'tag', taggerOptions }], failures: 'throw' }, { local: { tagger, formatter } });
    const options = { profile: 'tag', format: 'jsonl', explain: false, only: null, separator: '\n', output: 'bytes' } as const;
    try {
      const docs = [{ id: 'a', text: 'Stackless Python runs on Linux.' }];
      // Sent without waiting: batches 1 and 2 queue at the one worker, 3 and 4 are the main thread's.
      const results = await Promise.all([1, 2, 3, 4].map(() => pool.run(options, textPayload(docs))));
      const lines = results.map((r) => Buffer.from(r.output).toString('utf8'));
      expect(lines[0]).toContain('"text":"Stackless Python"');
      for (const line of lines) expect(line).toBe(lines[0]);
      // The worker's results carry their job numbers; the main thread's carry none (-1).
      expect(results.map((r) => r.seq)).toEqual([0, 1, -1, -1]);
      expect(results.map((r) => r.documents)).toEqual([1, 1, 1, 1]);
    } finally {
      await pool.close();
    }
  });
});
