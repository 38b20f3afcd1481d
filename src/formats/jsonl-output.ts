import type { Entity, Source, TagResult } from '../types.js';
import { describeSource, jsonStringPieces, type FormatOptions, type Formatter, type PartedDocument, type TaggedDocument } from './document.js';
import { Utf8Output } from './utf8-output.js';

// The records `tag` writes as JSONL.

/**
 * The code-point offsets of a result's tokens (token `k` at `2k`, `2k + 1`). A result of the tagger
 * has them without making token objects (its `tokenPositions`); any other result is read from its
 * tokens. Asked of the result itself, so that formats do not depend on the tagger.
 */
function tokenPositions(result: TagResult): Int32Array {
  const own = (result as { tokenPositions?: () => Int32Array }).tokenPositions;
  if (typeof own === 'function') return own.call(result);
  return Int32Array.from(result.tokens.flatMap((t) => [t.start, t.end]));
}

/**
 * One JSON object per document: `{"id", "offset", "text", "entities": [{"start", "end", "type",
 * "text", "source"}], "tokens": [[start, end], …]}` with half-open offsets into `text` in code
 * points (Python's `text[start:end]`); `offset`, for a document cut from plain text, is where
 * `text` starts in the source file. With `explain`, each entity also gets a readable `why`.
 */
export function jsonlFormatter(options: FormatOptions): Formatter {
  // Gazetteer sources are shared by every match of an entry: serialize and encode each once.
  const sourceJson = new WeakMap<Source, Uint8Array>();
  const scratch = new Utf8Output();
  const writeSource = (source: Source, out: Utf8Output): void => {
    if (source.kind !== 'gazetteer') return out.push(JSON.stringify(source));
    let bytes = sourceJson.get(source);
    if (bytes === undefined) {
      scratch.push(JSON.stringify(source));
      bytes = scratch.take();
      sourceJson.set(source, bytes);
    }
    out.pushBytes(bytes);
  };
  /** One entity, its offsets moved by `shift` code points (the start of its part in a long document). */
  const writeEntity = (e: Entity, out: Utf8Output, shift: number): void => {
    out.ascii('{"start":');
    out.uint(e.start + shift);
    out.ascii(',"end":');
    out.uint(e.end + shift);
    out.ascii(',"type":');
    out.jsonString(e.type);
    out.ascii(',"text":');
    out.jsonString(e.text);
    out.ascii(',"source":');
    writeSource(e.source, out);
    if (options.explain) {
      out.ascii(',"why":');
      out.jsonString(describeSource(e.source, options.ruleWhy, e.text));
    }
    out.byte(125 /* } */);
  };
  const writeHead = (doc: TaggedDocument | PartedDocument, out: Utf8Output): void => {
    out.ascii('{"id":');
    if (typeof doc.id === 'number') out.ascii(JSON.stringify(doc.id));
    else out.jsonString(doc.id);
    if (doc.offset !== undefined) {
      out.ascii(',"offset":');
      out.uint(doc.offset);
    }
    out.ascii(',"text":');
  };
  const write = (doc: TaggedDocument, out: Utf8Output): void => {
    writeHead(doc, out);
    out.jsonString(doc.text);
    out.ascii(',"entities":[');
    const entities = doc.result.entities;
    for (let i = 0; i < entities.length; i++) {
      if (i > 0) out.byte(44 /* , */);
      writeEntity(entities[i]!, out, 0);
    }
    // The tokens, so that eval and convert read exactly what was tagged, never a re-tokenization:
    // as [start, end] pairs (their text is the slice), which keeps a line of a million tokens
    // a third of the size it has with each token's text, and makes no token object.
    out.ascii('],"tokens":[');
    const positions = tokenPositions(doc.result);
    out.uintPairs(positions, positions.length >> 1);
    out.ascii(']}\n');
  };
  // A long document: the text in pieces, each part's entities as it is tagged, then the tokens,
  // kept as offsets (8 bytes a token) until the entities are all written.
  function* writeParts(doc: PartedDocument, out: Utf8Output): Generator<void, void, undefined> {
    writeHead(doc, out);
    out.byte(34);
    yield* jsonStringPieces(doc.text, out);
    out.ascii('","entities":[');
    const tokens: Int32Array[] = [];
    let first = true;
    for (const part of doc.parts) {
      for (const e of part.doc.result.entities) {
        if (!first) out.byte(44 /* , */);
        writeEntity(e, out, part.start);
        first = false;
      }
      const positions = tokenPositions(part.doc.result);
      for (let k = 0; k < positions.length; k++) positions[k]! += part.start;
      tokens.push(positions);
      yield;
    }
    out.ascii('],"tokens":[');
    first = true;
    for (let i = 0; i < tokens.length; i++) {
      const positions = tokens[i]!;
      tokens[i] = new Int32Array(0); // written: let it go
      if (positions.length === 0) continue;
      if (!first) out.byte(44 /* , */);
      out.uintPairs(positions, positions.length >> 1);
      first = false;
      yield;
    }
    out.ascii(']}\n');
  }
  return {
    start: () => '',
    document(doc) {
      write(doc, scratch);
      const bytes = scratch.take();
      return Buffer.from(bytes.buffer, bytes.byteOffset, bytes.length).toString('utf8');
    },
    write,
    writeParts,
    end: () => '',
  };
}

