import { SertagError } from '../errors.js';
import { drain, writeDocument, type Formatter } from '../formats/document.js';
import { jsonlDocument } from '../formats/jsonl.js';
import type { Utf8Output } from '../formats/utf8-output.js';
import type { Tagger } from '../tagger.js';
import type { TagResult } from '../types.js';
import { tagText } from './document.js';
import { PART_CHARS, partedDocument } from './parts.js';

/**
 * Documents travel to the workers in batches of about this many characters, so a large input (a
 * big request, a corpus) is shared out among the workers while a small one is one batch. The one
 * batch size of `sertag tag --jobs`, `sertag serve` and `tagStream`.
 */
export const BATCH_CHARS = 64 * 1024;
/** … and of at most this many documents. */
export const BATCH_DOCUMENTS = 256;

/**
 * A worker asked for its output in pieces (`BatchOptions.partialBytes`: `sertag serve`) sends what
 * it has written once it reaches about this many bytes, so a big answer (a long document, many
 * documents) goes out to the client while the rest is tagged instead of being built whole.
 */
export const PARTIAL_BYTES = 1 << 20;

/** One document to tag: its id and its text. */
export interface DocumentInput {
  id: string | number;
  text: string;
  /** Where the text starts in its source file, in code points (plain text cut into paragraphs). */
  offset?: number;
}

/** How a batch is tagged and written: the same for every batch of one run or request. */
export interface BatchOptions {
  /** The name of the worker's profile that tags it (`sertag tag` has one, `serve` several). */
  profile: string;
  /** A name in `FORMATS` with a formatter. */
  format: string;
  explain: boolean;
  /** Keep only entities of these types (after resolving overlaps, as `--types` does); `null` for all. */
  only: string[] | null;
  /** `\n`: each document as its format writes it; `,`: documents without their line break, comma-separated (a JSON array's items). */
  separator: '\n' | ',';
  /** `bytes`: the formatted output; `results`: each document's TagResult (for `tagStream`). */
  output: 'bytes' | 'results';
  /** `Date.now()` after which the answer is no longer wanted: a worker that reaches the batch later skips it. */
  deadline?: number;
  /** Peel Markdown or not (a server request's choice); absent: as the profile says. */
  markdown?: boolean;
  /**
   * Send the output in pieces: whenever this many bytes are written (between documents, or where
   * a long document's formatter may be written out), they go to `tagBatch`'s `partial`, and the
   * result's `output` holds only the rest. Absent: the output comes whole in the result.
   */
  partialBytes?: number;
}

/**
 * A batch of documents tagged and formatted by one worker: documents of running text, which travel
 * as one string and where each ends (copying one string to a worker costs far less than many
 * objects), or consecutive lines of a JSONL input, which the worker parses itself (its documents'
 * texts are then flat strings of their own, which tag faster than slices of a larger string).
 */
export type DocumentBatch = BatchOptions &
  (
    | { seq: number; kind: 'text'; text: string; ends: number[]; ids: Array<string | number>; offsets: Array<number | undefined> }
    | { seq: number; kind: 'jsonl'; lines: string; firstLine: number; base: string; sourceName: string }
  );

/** A batch's payload without its options and number. */
export type BatchPayload =
  | { kind: 'text'; text: string; ends: number[]; ids: Array<string | number>; offsets: Array<number | undefined> }
  | { kind: 'jsonl'; lines: string; firstLine: number; base: string; sourceName: string };

/** One document's result as `tagStream` gives it: its id, its text and what was found. */
export interface TaggedText {
  id: string | number;
  text: string;
  result: TagResult;
}

export interface BatchResult {
  seq: number;
  /** The batch formatted, as UTF-8 (encoded by the worker and transferred, not copied). */
  output: Uint8Array;
  /** With `output: 'results'`: each document's result, in order. */
  results?: TaggedText[];
  documents: number;
  tokens: number;
  entities: number;
  /** The deadline had passed when the worker reached the batch: nothing was tagged. */
  expired?: boolean;
  /** A bad JSONL line: `output` holds the documents before it. */
  error?: Pick<SertagError, 'code' | 'message' | 'position'>;
}

/** Packs documents into a `text` batch: one string and where each document ends. */
export function textPayload(docs: readonly DocumentInput[]): BatchPayload {
  let text = '';
  const ends: number[] = [];
  const ids: Array<string | number> = [];
  const offsets: Array<number | undefined> = [];
  for (const doc of docs) {
    text += doc.text;
    ends.push(text.length);
    ids.push(doc.id);
    offsets.push(doc.offset);
  }
  return { kind: 'text', text, ends, ids, offsets };
}

/**
 * Cuts documents into batches of at most BATCH_DOCUMENTS documents and about BATCH_CHARS
 * characters (a document longer than that is a batch of its own).
 */
export function batchesOf(docs: readonly DocumentInput[]): DocumentInput[][] {
  const batches: DocumentInput[][] = [];
  let from = 0;
  while (from < docs.length) {
    let to = from;
    let chars = 0;
    while (to < docs.length && to - from < BATCH_DOCUMENTS && (to === from || chars + docs[to]!.text.length <= BATCH_CHARS)) chars += docs[to++]!.text.length;
    batches.push(docs.slice(from, to));
    from = to;
  }
  return batches;
}

/**
 * Collects documents one by one into batches: `add` returns a full batch (BATCH_CHARS characters
 * or BATCH_DOCUMENTS documents reached) to send, `take` what is left.
 */
export class Batcher {
  private docs: DocumentInput[] = [];
  private chars = 0;

  add(doc: DocumentInput): DocumentInput[] | undefined {
    this.docs.push(doc);
    this.chars += doc.text.length;
    return this.chars >= BATCH_CHARS || this.docs.length >= BATCH_DOCUMENTS ? this.take() : undefined;
  }

  take(): DocumentInput[] {
    const docs = this.docs;
    this.docs = [];
    this.chars = 0;
    return docs;
  }
}

/**
 * Cuts JSONL text (whole lines joined by `\n`, the first being line `line`) into blocks of about
 * BATCH_CHARS characters, at line breaks; calls `send` with each block and its first line number.
 * Returns the number of the line after the last.
 */
export async function jsonlBlocks(lines: string, line: number, send: (block: string, firstLine: number) => Promise<void>): Promise<number> {
  let from = 0;
  for (;;) {
    let to = lines.length;
    if (to - from > BATCH_CHARS) {
      to = lines.lastIndexOf('\n', from + BATCH_CHARS);
      if (to < from) to = lines.indexOf('\n', from + BATCH_CHARS);
      if (to < 0) to = lines.length;
    }
    const block = lines.slice(from, to);
    await send(block, line);
    for (let at = block.indexOf('\n'); at >= 0; at = block.indexOf('\n', at + 1)) line++;
    line++;
    if (to === lines.length) return line;
    from = to + 1;
  }
}

/** A result's entities without the unwanted types. The tagger drops types after resolving overlaps too (`--types`), so this gives the same entities. */
function keepOnly(result: TagResult, wanted: ReadonlySet<string> | undefined): TagResult {
  if (wanted) result.entities = result.entities.filter((e) => wanted.has(e.type));
  return result;
}

/**
 * Tags and formats one batch into `out` (emptied: the result owns its bytes). Run by the workers
 * and, for some batches of `sertag tag --jobs`, by the main thread, with the same tagger and
 * formatter, so the output is the same whoever runs it. A bad JSONL line ends the batch: the
 * result holds the documents before it and the error. With `batch.partialBytes` and `partial`,
 * the output goes to `partial` in pieces as it grows, the result holding the rest: the pieces
 * and the result's output, in a row, are the bytes the batch gives without them.
 */
export function tagBatch(tagger: Tagger, formatter: Formatter, out: Utf8Output, batch: DocumentBatch, partial?: (bytes: Uint8Array) => void): BatchResult {
  if (batch.deadline !== undefined && Date.now() > batch.deadline) return { seq: batch.seq, output: out.take(), documents: 0, tokens: 0, entities: 0, expired: true };
  let tokens = 0;
  let documents = 0;
  let entities = 0;
  let error: BatchResult['error'];
  const wanted = batch.only ? new Set(batch.only) : undefined;
  const results: TaggedText[] | undefined = batch.output === 'results' ? [] : undefined;
  const spill = spiller(out, batch.partialBytes, partial);
  const add = (id: string | number, text: string, own?: Array<[number, number]>, offset?: number): void => {
    if (!results && text.length > PART_CHARS) {
      // Tagged and written a part at a time, as `sertag tag` writes it without workers.
      if (batch.separator !== '\n' && documents > 0) out.byte(44 /* , */);
      const counts = { tokens: 0, entities: 0 };
      const writing = formatter.writeParts(partedDocument(tagger, id, text, { ...(own ? { tokens: own } : {}), ...(offset === undefined ? {} : { offset }), ...(wanted ? { only: wanted } : {}), ...(batch.markdown === undefined ? {} : { markdown: batch.markdown }), counts }), out);
      // Inside a JSON array, the document's last byte (its line break) is dropped once it is written: it stays in `out` until then.
      if (spill) for (let step = writing.next(); !step.done; step = writing.next()) spill(batch.separator === '\n' ? 0 : 1);
      else drain(writing);
      if (batch.separator !== '\n') out.length--;
      tokens += counts.tokens;
      entities += counts.entities;
      documents++;
      return;
    }
    const doc = tagText(tagger, id, text, own, offset, batch.markdown);
    keepOnly(doc.result, wanted);
    tokens += doc.result.tokenCount;
    entities += doc.result.entities.length;
    if (results) {
      const r = doc.result;
      results.push({ id, text, result: { tokens: r.tokens, tokenCount: r.tokenCount, entities: r.entities, tags: r.tags, sentences: r.sentences } });
    } else {
      if (batch.separator !== '\n' && documents > 0) out.byte(44 /* , */);
      writeDocument(formatter, doc, out);
      // Inside a JSON array, each document without its line break.
      if (batch.separator !== '\n') out.length--;
    }
    documents++;
    spill?.(0);
  };
  if (batch.kind === 'text') {
    let start = 0;
    for (let i = 0; i < batch.ids.length; i++) {
      const end = batch.ends[i]!;
      add(batch.ids[i]!, batch.text.slice(start, end), undefined, batch.offsets[i]);
      start = end;
    }
  } else {
    const lines = batch.lines.split('\n');
    try {
      for (let i = 0; i < lines.length; i++) {
        const line = lines[i]!;
        const doc = jsonlDocument(line.endsWith('\r') ? line.slice(0, -1) : line, batch.firstLine + i, batch.base, batch.sourceName);
        if (doc) add(doc.id, doc.text, doc.tokens);
      }
    } catch (thrown) {
      if (!(thrown instanceof SertagError)) throw thrown;
      error = { code: thrown.code, message: thrown.message, position: thrown.position };
    }
  }
  return { seq: batch.seq, output: out.take(), documents, tokens, entities, ...(results ? { results } : {}), ...(error ? { error } : {}) };
}

/**
 * What sends a batch's output in pieces (`partialBytes`): called where `out` may be written out,
 * it sends what `out` holds once that is `bytes` or more, but for its last `keep` bytes (a byte
 * the batch will still take back). None when the batch is not sent in pieces.
 */
function spiller(out: Utf8Output, bytes: number | undefined, partial: ((bytes: Uint8Array) => void) | undefined): ((keep: number) => void) | undefined {
  if (bytes === undefined || !partial) return undefined;
  return (keep) => {
    if (out.length - keep < bytes) return;
    const taken = out.take();
    if (keep > 0) out.pushBytes(taken.subarray(taken.length - keep));
    partial(keep > 0 ? taken.subarray(0, taken.length - keep) : taken);
  };
}
