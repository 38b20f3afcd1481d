import { createReadStream } from 'node:fs';
import { access, constants, stat } from 'node:fs/promises';
import { resolve } from 'node:path';
import type { Readable } from 'node:stream';
import { describeErrno, SertagError } from '../errors.js';
import { codePointCount } from '../offsets.js';
import { cutPoint, PART_CHARS } from '../pipeline/parts.js';

/** One input: a file, or standard input (`path` undefined, shown as `-`/`<stdin>`). */
export interface InputSource {
  /** How messages name it: the path as the user typed it, or `<stdin>`. */
  name: string;
  /** Absolute path; undefined for standard input. */
  path?: string;
  /** Size in bytes when known (files), for progress and ETA. */
  size?: number;
}

/** Read size for files: large reads keep the per-chunk overhead negligible. */
const CHUNK_BYTES = 1 << 20;

function inputError(name: string, message: string): SertagError {
  return new SertagError('BAD_INPUT', `${name}: ${message}`, [], { file: name, line: 0, col: 0 });
}

/**
 * Resolves the FILE arguments to inputs, checking each before any output is written: a missing,
 * unreadable or directory argument is one clear SertagError (exit 1). No arguments, or `-`, is stdin.
 */
export async function resolveInputs(args: readonly string[], cwd: string): Promise<InputSource[]> {
  if (args.length === 0) return [{ name: '<stdin>' }];
  const inputs: InputSource[] = [];
  for (const arg of args) {
    if (arg === '-') {
      inputs.push({ name: '<stdin>' });
      continue;
    }
    const path = resolve(cwd, arg);
    let info;
    try {
      info = await stat(path);
    } catch (error) {
      throw inputError(arg, describeErrno(error));
    }
    if (info.isDirectory()) throw inputError(arg, 'is a directory; expected a text file (give the files inside it instead)');
    try {
      await access(path, constants.R_OK);
    } catch (error) {
      throw inputError(arg, describeErrno(error));
    }
    inputs.push({ name: arg, path, ...(info.isFile() ? { size: info.size } : {}) });
  }
  return inputs;
}

/** How many bytes at the end of `buf` start a UTF-8 sequence that the buffer does not complete. */
function incompleteTail(buf: Uint8Array): number {
  for (let back = 1; back <= Math.min(3, buf.length); back++) {
    const b = buf[buf.length - back]!;
    if ((b & 0xc0) === 0x80) continue;
    const need = b >= 0xf0 ? 4 : b >= 0xe0 ? 3 : b >= 0xc0 ? 2 : 1;
    return need > back ? back : 0;
  }
  return 0;
}

/** The offset of the first byte that is not valid UTF-8 (only called once the decoder has failed). */
export function firstInvalidUtf8(buf: Uint8Array): number {
  let i = 0;
  while (i < buf.length) {
    const b = buf[i]!;
    let need: number;
    let min: number;
    if (b < 0x80) {
      i++;
      continue;
    } else if (b >= 0xc2 && b <= 0xdf) [need, min] = [1, 0x80];
    else if (b >= 0xe0 && b <= 0xef) [need, min] = [2, 0x800];
    else if (b >= 0xf0 && b <= 0xf4) [need, min] = [3, 0x10000];
    else return i;
    if (i + need >= buf.length) return i;
    let cp = b & (0x3f >> need);
    for (let k = 1; k <= need; k++) {
      const c = buf[i + k];
      if (c === undefined || (c & 0xc0) !== 0x80) return i;
      cp = (cp << 6) | (c & 0x3f);
    }
    if (cp < min || cp > 0x10ffff || (cp >= 0xd800 && cp <= 0xdfff)) return i;
    i += need + 1;
  }
  return buf.length;
}

function countLineBreaks(buf: Uint8Array, end = buf.length): number {
  let n = 0;
  const b = Buffer.from(buf.buffer, buf.byteOffset, Math.min(end, buf.length));
  for (let i = b.indexOf(10); i >= 0; i = b.indexOf(10, i + 1)) n++;
  return n;
}

/** Reading progress, reported by `readText` after every chunk. */
export interface ReadProgress {
  bytes: number;
}

/**
 * Streams one input as decoded UTF-8 text in large chunks, holding only one chunk in memory.
 * Rejects binary input (a NUL byte) and invalid UTF-8 with one SertagError naming the file, the byte
 * offset and the line. A leading byte-order mark is dropped.
 */
export async function* readText(source: InputSource, stdin: Readable, progress?: ReadProgress): AsyncGenerator<string> {
  let stream: Readable;
  if (source.path === undefined) stream = stdin;
  else stream = createReadStream(source.path, { highWaterMark: CHUNK_BYTES });
  const decoder = new TextDecoder('utf-8', { fatal: true, ignoreBOM: false });
  let bytesBefore = 0;
  let linesBefore = 0;
  let tail: Uint8Array = new Uint8Array(0);
  try {
    for await (const raw of stream) {
      const chunk: Uint8Array = typeof raw === 'string' ? Buffer.from(raw, 'utf8') : (raw as Uint8Array);
      const nul = Buffer.from(chunk.buffer, chunk.byteOffset, chunk.length).indexOf(0);
      if (nul >= 0) {
        const utf16 = bytesBefore === 0 && chunk.length >= 2 && ((chunk[0] === 0xff && chunk[1] === 0xfe) || (chunk[0] === 0xfe && chunk[1] === 0xff));
        throw inputError(
          source.name,
          utf16
            ? 'looks like UTF-16 text; sertag reads UTF-8 (convert it, e.g. `iconv -f UTF-16 -t UTF-8`)'
            : `looks like a binary file (NUL byte at byte ${bytesBefore + nul}, line ${linesBefore + countLineBreaks(chunk, nul) + 1}); expected UTF-8 text`,
        );
      }
      let text: string;
      try {
        text = decoder.decode(chunk, { stream: true });
      } catch {
        const joined = new Uint8Array(tail.length + chunk.length);
        joined.set(tail);
        joined.set(chunk, tail.length);
        const at = firstInvalidUtf8(joined);
        const lines = linesBefore - countLineBreaks(tail) + countLineBreaks(joined, at);
        throw inputError(source.name, `invalid UTF-8 at byte ${bytesBefore - tail.length + at} (line ${lines + 1}); expected UTF-8 text`);
      }
      const pending = incompleteTail(chunk);
      tail = pending > 0 ? chunk.slice(chunk.length - pending) : new Uint8Array(0);
      bytesBefore += chunk.length;
      linesBefore += countLineBreaks(chunk);
      if (progress) progress.bytes = bytesBefore;
      if (text.length > 0) yield text;
    }
    let rest: string;
    try {
      rest = decoder.decode();
    } catch {
      throw inputError(source.name, `invalid UTF-8 at byte ${bytesBefore - tail.length} (line ${linesBefore + 1}): the file ends inside a character; expected UTF-8 text`);
    }
    if (rest.length > 0) yield rest;
  } catch (error) {
    if (error instanceof SertagError) throw error;
    throw inputError(source.name, describeErrno(error));
  } finally {
    if (stream !== stdin) stream.destroy();
  }
}

/**
 * Splits streamed text into lines (without their `\n` or `\r\n`), yielded in batches, one batch per
 * chunk. `lineNumber` is the 1-based line of the batch's first line.
 */
export async function* lineBatches(chunks: AsyncIterable<string>): AsyncGenerator<{ lines: string[]; lineNumber: number }> {
  // The pieces of the line still open: a line longer than a chunk (one huge JSONL record) is joined
  // once when it ends, not flattened again with every chunk.
  let open: string[] = [];
  let lineNumber = 1;
  for await (const chunk of chunks) {
    if (chunk.indexOf('\n') < 0) {
      open.push(chunk);
      continue;
    }
    open.push(chunk);
    const lines = open.join('').split('\n');
    open = [lines.pop()!];
    if (lines.length === 0) continue;
    for (let i = 0; i < lines.length; i++) {
      const line = lines[i]!;
      if (line.charCodeAt(line.length - 1) === 13) lines[i] = line.slice(0, -1);
    }
    yield { lines, lineNumber };
    lineNumber += lines.length;
  }
  const partial = open.join('');
  if (partial !== '') yield { lines: [partial.endsWith('\r') ? partial.slice(0, -1) : partial], lineNumber };
}

/** A stretch of plain text tagged as one document. */
export interface TextBlock {
  text: string;
  /** Where `text` starts in the input, in code points (after a byte-order mark, which is dropped). */
  offset: number;
}

/** A line break: LF, CRLF, or a lone CR (old Mac files); a CR before an LF is part of a CRLF, never a break of its own. */
const LINE_BREAK = String.raw`(?:\r\n|\r(?!\n)|\n)`;

/** Blank lines (whitespace only) between paragraphs, with any of the three line ends. */
const PARAGRAPH_BREAK = new RegExp(`${LINE_BREAK}[ \\t\\f\\v]*${LINE_BREAK}\\s*`, 'g');


/** The first half of a surrogate pair (a code point beyond U+FFFF: most emoji, rare CJK). */
const HIGH_SURROGATE = /[\uD800-\uDBFF]/;

/**
 * Splits streamed plain text into paragraphs (at blank lines), so memory stays flat on inputs of
 * any size. A paragraph longer than `maxChars` is cut at a line break, or failing that at a space.
 * Each paragraph says where it starts in the input, in code points.
 */
export async function* paragraphs(chunks: AsyncIterable<string>, maxChars = PART_CHARS): AsyncGenerator<TextBlock> {
  let pending = '';
  // Code points of the input before `pending`.
  let before = 0;
  // Whether `pending` may hold a surrogate pair. Most text holds none, and then its code points are
  // its UTF-16 units: one scan per chunk instead of counting every character of every paragraph.
  let pairs = false;
  const count = (from: number, to: number): number => (pairs ? codePointCount(pending, from, to) : to - from);
  const drop = (upTo: number): void => {
    before += count(0, upTo);
    pending = pending.slice(upTo);
  };
  for await (const chunk of chunks) {
    pending += chunk;
    pairs = HIGH_SURROGATE.test(pending);
    PARAGRAPH_BREAK.lastIndex = 0;
    let from = 0;
    let fromOffset = before;
    // The last break may be incomplete (more blank lines in the next chunk): stop before the end.
    for (let m = PARAGRAPH_BREAK.exec(pending); m && m.index + m[0].length < pending.length; m = PARAGRAPH_BREAK.exec(pending)) {
      const text = pending.slice(from, m.index);
      if (text.trim() !== '') yield { text, offset: fromOffset };
      const next = m.index + m[0].length;
      fromOffset += count(from, next);
      from = next;
    }
    // The paragraphs yielded are counted already.
    before = fromOffset;
    pending = pending.slice(from);
    while (pending.length > maxChars) {
      const cut = cutPoint(pending, 0, maxChars);
      const text = pending.slice(0, cut);
      if (text.trim() !== '') yield { text, offset: before };
      drop(cut + (pending.charCodeAt(cut) <= 32 ? 1 : 0));
    }
  }
  const last = pending.replace(/\s+$/, '');
  if (last.trim() !== '') yield { text: last, offset: before };
}
