import type { Source, TagResult } from '../types.js';
import { describeSource, type FormatOptions, type Formatter, type TaggedDocument } from './document.js';
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
  const write = (doc: TaggedDocument, out: Utf8Output): void => {
    out.ascii('{"id":');
    if (typeof doc.id === 'number') out.ascii(JSON.stringify(doc.id));
    else out.jsonString(doc.id);
    if (doc.offset !== undefined) {
      out.ascii(',"offset":');
      out.uint(doc.offset);
    }
    out.ascii(',"text":');
    out.jsonString(doc.text);
    out.ascii(',"entities":[');
    const entities = doc.result.entities;
    for (let i = 0; i < entities.length; i++) {
      const e = entities[i]!;
      out.ascii(i === 0 ? '{"start":' : ',{"start":');
      out.uint(e.start);
      out.ascii(',"end":');
      out.uint(e.end);
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
    }
    // The tokens, so that eval and convert read exactly what was tagged, never a re-tokenization:
    // as [start, end] pairs (their text is the slice), which keeps a line of a million tokens
    // a third of the size it has with each token's text, and makes no token object.
    out.ascii('],"tokens":[');
    const positions = tokenPositions(doc.result);
    out.uintPairs(positions, positions.length >> 1);
    out.ascii(']}\n');
  };
  return {
    start: () => '',
    document(doc) {
      write(doc, scratch);
      const bytes = scratch.take();
      return Buffer.from(bytes.buffer, bytes.byteOffset, bytes.length).toString('utf8');
    },
    write,
    end: () => '',
  };
}

