import { describe, expect, it } from 'vitest';
import { jsonlDocument } from '../../src/formats/jsonl.js';
import { lineBatches } from '../../src/cli/input.js';
import { runCli } from '../helpers.js';

// The records `tag` reads: ids that JSON cannot carry exactly, ids of the wrong kind and a second
// "text" are refused with a message naming the line, never silently renamed or overwritten.

function refusal(line: string): string {
  try {
    jsonlDocument(line, 3, 'in.jsonl', 'in.jsonl');
  } catch (error) {
    return (error as Error).message;
  }
  throw new Error('expected a refusal');
}

describe('tag --input jsonl: ids and keys', () => {
  it('an integer id beyond 2^53 - 1 is refused (it would be rounded into another record\'s id)', () => {
    expect(refusal('{"id": 9007199254740993, "text": "x"}')).toBe('in.jsonl:3: "id" is an integer beyond 2^53 - 1 (9007199254740991), which loses digits in JavaScript (it reads as 9007199254740992); write it as a string ("id": "…")');
    expect(jsonlDocument('{"id": 9007199254740991, "text": "x"}', 1, 'b', 'b')!.id).toBe(9007199254740991);
    expect(jsonlDocument('{"id": "9007199254740993", "text": "x"}', 1, 'b', 'b')!.id).toBe('9007199254740993');
    expect(jsonlDocument('{"id": 2.5, "text": "x"}', 1, 'b', 'b')!.id).toBe(2.5);
  });

  it('ids null, {}, [] and true are refused; a record without an id is still named file#line', () => {
    expect(refusal('{"id": null, "text": "x"}')).toBe('in.jsonl:3: "id" must be a string or a number, not null; leave it out to have the record named file#line');
    expect(refusal('{"id": {}, "text": "x"}')).toContain('not an object');
    expect(refusal('{"id": [], "text": "x"}')).toContain('not an array');
    expect(refusal('{"id": true, "text": "x"}')).toContain('not true');
    expect(jsonlDocument('{"text": "x"}', 7, 'in.jsonl', 'in.jsonl')!.id).toBe('in.jsonl#7');
  });

  it('a record with "text" twice is refused; "text" inside tokens, values and strings is not a second one', () => {
    expect(refusal('{"text": "first", "id": 1, "text": "second"}')).toBe('in.jsonl:3: the record has "text" twice; give each record one "text"');
    const prodigy = '{"text": "C++ rocks", "meta": {"text": "text"}, "tokens": [{"text": "C++", "start": 0, "end": 3}, {"text": "rocks", "start": 4, "end": 9}], "note": "a \\"text\\": here", "id": "text"}';
    expect(jsonlDocument(prodigy, 1, 'b', 'b')).toMatchObject({ id: 'text', text: 'C++ rocks', tokens: [[0, 3], [4, 9]] });
  });

  it('through the CLI: exit 1 and the message, nothing rounded', async () => {
    const { code, stderr } = await runCli(['tag', '--input', 'jsonl', '--format', 'jsonl'], process.cwd(), '{"id": 1, "text": "a"}\n{"id": 9007199254740993, "text": "b"}\n');
    expect(code).toBe(1);
    expect(stderr).toContain('<stdin>:2: "id" is an integer beyond 2^53 - 1');
  });

  it('one line longer than many chunks comes out whole, with the lines around it', async () => {
    async function* chunks(): AsyncGenerator<string> {
      yield 'first\r\nlo';
      for (let i = 0; i < 50; i++) yield 'ng';
      yield '\nlast';
    }
    const batches = [];
    for await (const batch of lineBatches(chunks())) batches.push(batch);
    expect(batches).toEqual([{ lines: ['first'], lineNumber: 1 }, { lines: ['lo' + 'ng'.repeat(50)], lineNumber: 2 }, { lines: ['last'], lineNumber: 3 }]);
  });
});
