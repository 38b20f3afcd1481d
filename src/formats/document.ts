import type { Utf8Output } from './utf8-output.js';
import type { SentenceRange } from '../tokenize/sentences.js';
import type { Source, TagResult } from '../types.js';

/** One tagged document, as every output format sees it. */
export interface TaggedDocument {
  /** `file#n` for plain text and pre-tokenized input; the record's own id for JSONL corpora. */
  id: string | number;
  /** The text that the result's character offsets refer to. */
  text: string;
  result: TagResult;
  /** Sentences as half-open token ranges covering every token, in order. */
  sentences: readonly SentenceRange[];
  /** `paragraph`: a stretch of running text; `sentence`: one pre-tokenized sentence. */
  kind: 'paragraph' | 'sentence';
  /**
   * Where `text` starts in its source file, in code points, for a document cut from plain text:
   * `source[offset + start : offset + end]` is an entity. Absent for JSONL records and sentences.
   */
  offset?: number;
}

/**
 * One part of a document too long to tag at once (see `PART_CHARS` in src/pipeline/parts.ts): a
 * document of its own, whose offsets count from the part's start, and where it sits in the whole.
 */
export interface DocumentPart {
  /** The part tagged: its text is `text.slice(startUtf16, …)` of the whole; its offsets count from there. */
  doc: TaggedDocument;
  /** Where the part starts in the whole document's text, in code points … */
  start: number;
  /** … and in UTF-16 units. */
  startUtf16: number;
  /** How many tokens of the whole document come before the part. */
  firstToken: number;
}

/**
 * A document written a part at a time: its id and whole text, and its parts (contiguous, in order,
 * together the whole text), each tagged as it is iterated, once.
 */
export interface PartedDocument {
  id: string | number;
  text: string;
  kind: 'paragraph';
  /** As `TaggedDocument.offset`. */
  offset?: number;
  parts: Iterable<DocumentPart>;
}

/** Options shared by the formatters. */
export interface FormatOptions {
  /** Entity types in the legend and colour table (HTML), in a stable order. */
  types: readonly string[];
  /** Rule id → the rule's `why`, shown by `--explain`. */
  ruleWhy?: ReadonlyMap<string, string>;
  /** Add a human-readable `why` to JSONL entities. */
  explain?: boolean;
  /** The profile the entities come from, named by `--explain`: its name and manifest as shown. */
  profile?: { name: string; manifest?: string };
}

/**
 * A streaming formatter: `start` once, `document` per document, `end` once. A formatter of large
 * outputs (JSONL) may also `write` a document straight into the output bytes, the same bytes as
 * `document` returns encoded as UTF-8, without building a string (see `writeDocument`).
 */
export interface Formatter {
  start(): string;
  document(doc: TaggedDocument): string;
  write?(doc: TaggedDocument, out: Utf8Output): void;
  /**
   * Writes a document too long to tag at once into `out`, part by part, in the layout `document`
   * gives a document (one JSONL record, one `<article>` …). Yields whenever `out` may be written
   * out: the caller empties it before going on, so a record of any size is never in memory whole.
   */
  writeParts(doc: PartedDocument, out: Utf8Output): Generator<void, void, undefined>;
  end(): string;
}

/**
 * `writeParts` of a format whose document is its parts' output in a row, between a head and a tail
 * (`part` formats a part as a document of its own: BIO columns, the marked text …).
 */
export function* partsInARow(doc: PartedDocument, out: Utf8Output, part: (part: DocumentPart) => string, head = '', tail = ''): Generator<void, void, undefined> {
  out.push(head);
  for (const p of doc.parts) {
    out.push(part(p));
    yield;
  }
  out.push(tail);
}

/**
 * Writes `text` as the body of a JSON string (without its quotes) in pieces of about `piece`
 * characters, never between the halves of a surrogate pair, yielding after each: the same
 * characters as `JSON.stringify(text)` writes between its quotes.
 */
export function* jsonStringPieces(text: string, out: Utf8Output, piece = 1 << 20): Generator<void, void, undefined> {
  for (let from = 0; from < text.length; ) {
    let to = Math.min(text.length, from + piece);
    const code = text.charCodeAt(to - 1);
    if (to < text.length && code >= 0xd800 && code <= 0xdbff) to--;
    out.jsonStringBody(text.slice(from, to));
    from = to;
    yield;
  }
}

/** Drains a generator that writes into an output the caller empties afterwards (a worker's batch). */
export function drain(writing: Generator<void, void, undefined>): void {
  for (let step = writing.next(); !step.done; step = writing.next());
}

/** Appends one formatted document to `out`: written as bytes when the formatter can, else encoded. */
export function writeDocument(formatter: Formatter, doc: TaggedDocument, out: Utf8Output): void {
  if (formatter.write) formatter.write(doc, out);
  else out.push(formatter.document(doc));
}

/**
 * One line saying where an entity came from: the gazetteer entry, the rule and its condition, or the component and its evidence.
 * With `matched`, the entity's text: when it is not the entry as written (an alias, a variant,
 * another case), the line says what matched, e.g. `entry "Pydantic" (matched "pydantic")`.
 */
export function describeSource(source: Source, ruleWhy?: ReadonlyMap<string, string>, matched?: string): string {
  if (source.kind === 'gazetteer') {
    // Whitespace as one space: a match across a line break stays on one line.
    const form = matched?.replace(/\s+/g, ' ');
    const alias = form !== undefined && form !== source.entry ? ` (matched "${form}")` : '';
    return `gazetteer ${source.file}:${source.line} entry "${source.entry}"${alias}`;
  }
  if (source.kind === 'component') return `component ${source.component}${source.detail ? `: ${source.detail}` : ''}`;
  const why = ruleWhy?.get(source.rule);
  const place = source.line > 0 ? `${source.file}:${source.line}` : source.file;
  return `rule ${source.rule} (${place})${source.detail ? `: ${source.detail}` : ''}${why ? ` — ${why}` : ''}`;
}
