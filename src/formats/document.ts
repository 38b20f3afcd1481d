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
  end(): string;
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
