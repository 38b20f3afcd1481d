import { tokenPositions } from '../tagger.js';
import { spansFromTags, tagsFromSpans } from '../bio/index.js';
import { SertagError } from '../errors.js';
import type { Source, Span } from '../types.js';
import { describeSource, type FormatOptions, type Formatter, type TaggedDocument } from './document.js';
import { Utf8Output } from './utf8-output.js';
import type { FormatModule } from './format.js';
import { CodePointOffsets } from '../offsets.js';
import { emptyFileError, ProblemCollector, splitLines, type ReadOptions, type Sentence } from './sentence.js';

// One module for JSONL: gold and prediction spans (read and written), the documents `tag` reads
// (`{"id", "text"}` per line) and the records `tag` writes.

/** A character-offset span as annotation tools export it (code points). */
interface CharSpan {
  start: number;
  end: number;
  label: string;
}

/** A token of a JSONL document, offsets in code points. */
interface JsonlToken {
  text: string;
  start: number;
  end: number;
}

/**
 * Tokens for JSONL documents that carry none: runs of letters, digits and underscores, and every
 * other non-space character alone. Fine-grained on purpose, so gold and prediction over the same
 * text get the same tokens and almost every annotated boundary falls between two tokens.
 */
const JSONL_TOKEN = /[\p{L}\p{N}_]+|\S/gu;

function tokenizeForJsonl(text: string, offsets: CodePointOffsets): JsonlToken[] {
  return [...text.matchAll(JSONL_TOKEN)].map((m) => ({ text: m[0], start: offsets.fromUtf16(m.index), end: offsets.fromUtf16(m.index + m[0].length) }));
}

function isRecord(value: unknown): value is Record<string, unknown> {
  return typeof value === 'object' && value !== null && !Array.isArray(value);
}

/**
 * The document's own tokens, when it has them: Prodigy's `{"text", "start", "end"}`, spaCy's
 * `Doc.to_json()` `{"start", "end"}` and sertag's `[start, end]` (the text is the slice), or a list
 * of strings found in the text in order. Undefined when there are none; a string when they do not
 * fit the text.
 */
function documentTokens(doc: Record<string, unknown>, text: string, offsets: CodePointOffsets): JsonlToken[] | string | undefined {
  const raw = doc.tokens;
  if (!Array.isArray(raw) || raw.length === 0) return undefined;
  if (raw.every((t) => typeof t === 'string')) {
    const tokens: JsonlToken[] = [];
    let at = 0;
    for (const t of raw as string[]) {
      const found = text.indexOf(t, at);
      if (t === '' || found < 0) return `token ${tokens.length + 1} '${t}' is not in the text after the token before it`;
      tokens.push({ text: t, start: offsets.fromUtf16(found), end: offsets.fromUtf16(found + t.length) });
      at = found + t.length;
    }
    return tokens;
  }
  const length = offsets.length;
  const tokens: JsonlToken[] = [];
  for (const token of raw) {
    const t = Array.isArray(token) && token.length === 2 ? { start: token[0] as unknown, end: token[1] as unknown } : token;
    if (!isRecord(t) || !Number.isInteger(t.start) || !Number.isInteger(t.end)) return `expected each token as [start, end] or {"text", "start", "end"}, found ${JSON.stringify(token)}`;
    const start = t.start as number;
    const end = t.end as number;
    if (start < 0 || end > length || start > end) return `token [${start}, ${end}) is outside the text of ${length} code points`;
    const slice = text.slice(offsets.toUtf16(start), offsets.toUtf16(end));
    if (t.text !== undefined && t.text !== slice) return `token [${start}, ${end}) is '${slice}' in the text (offsets count code points), not '${String(t.text)}'`;
    tokens.push({ text: slice, start, end });
  }
  return tokens;
}

/**
 * Reads the spans of one document in any of the shapes annotation tools export: `spans` (Prodigy,
 * sertag's gold), `entities` (sertag's tag output, spaCy-style `[[start, end, label]]`), `ents`
 * (spaCy's `Doc.to_json()`), `label`/`labels` (doccano's `[[start, end, label]]`), each span as
 * an object (`start`/`end` or doccano's `start_offset`/`end_offset`, `label` or `type`) or a triple.
 */
function readCharSpans(doc: Record<string, unknown>, report: (message: string) => void): CharSpan[] | undefined {
  const raw = doc.spans ?? doc.entities ?? doc.ents ?? doc.label ?? doc.labels ?? [];
  if (!Array.isArray(raw)) {
    report(`expected "spans", "entities" or "label" to be an array of spans`);
    return undefined;
  }
  const spans: CharSpan[] = [];
  for (const item of raw) {
    let start: unknown;
    let end: unknown;
    let label: unknown;
    if (Array.isArray(item)) [start, end, label] = item;
    else if (isRecord(item)) {
      start = item.start ?? item.start_offset;
      end = item.end ?? item.end_offset;
      label = item.label ?? item.type;
    }
    if (!Number.isInteger(start) || !Number.isInteger(end) || typeof label !== 'string' || label === '') {
      report(`expected each span as {"start", "end", "label"} or [start, end, label], found ${JSON.stringify(item)}`);
      return undefined;
    }
    spans.push({ start: start as number, end: end as number, label });
  }
  return spans;
}

/** Prodigy's answers other than `accept` mean the annotator did not vouch for the spans. */
const NOT_GOLD_ANSWERS = new Set(['reject', 'ignore']);

/**
 * Reads JSONL spans: one document per line, `{"text": …, "spans": [{"start","end","label"}]}`
 * with offsets in code points (as Python, Prodigy, doccano and spaCy count; see `readCharSpans`
 * for the other shapes, and spaCy's `[text, {"entities": …}]` pairs). A document's own `tokens` are
 * kept; without them the text is split finely (see `JSONL_TOKEN`). Prodigy records answered
 * `reject` or `ignore` are skipped. Each document becomes one sentence whose tags are IOB2; a span
 * boundary inside a token widens the span to whole tokens.
 */
export function readJsonl(text: string, file: string, _options: ReadOptions = {}): Sentence[] {
  const lines = splitLines(text);
  const problems = new ProblemCollector(file, 'JSONL', lines);
  const sentences: Sentence[] = [];
  for (let i = 0; i < lines.length && !problems.full; i++) {
    const line = lines[i]!;
    const lineNumber = i + 1;
    if (line.trim() === '') continue;
    const report = (message: string): void => problems.add('BAD_JSONL', lineNumber, message);
    let doc: unknown;
    try {
      doc = JSON.parse(line);
    } catch (error) {
      report(`expected one JSON object per line: ${(error as Error).message}`);
      continue;
    }
    // spaCy's training data: [text, {"entities": [[start, end, label]]}].
    if (Array.isArray(doc) && doc.length === 2 && typeof doc[0] === 'string' && isRecord(doc[1])) doc = { ...doc[1], text: doc[0] };
    if (!isRecord(doc) || typeof doc.text !== 'string') {
      report(`expected an object with a "text" string`);
      continue;
    }
    if (typeof doc.answer === 'string' && NOT_GOLD_ANSWERS.has(doc.answer)) continue;
    const docText = doc.text;
    const charSpans = readCharSpans(doc, report);
    if (!charSpans) continue;
    const offsets = new CodePointOffsets(docText);
    const own = documentTokens(doc, docText, offsets);
    if (typeof own === 'string') {
      report(own);
      continue;
    }
    const tokens = own ?? tokenizeForJsonl(docText, offsets);
    const length = offsets.length;
    const spans: Span[] = [];
    for (const span of charSpans) {
      if (span.start < 0 || span.end > length || span.start >= span.end) {
        report(`span [${span.start}, ${span.end}) ${span.label} is empty or outside the text of ${length} characters`);
        continue;
      }
      const first = tokens.findIndex((t) => t.end > span.start);
      let last = first;
      while (last < tokens.length && tokens[last]!.start < span.end) last++;
      if (first < 0 || last === first) {
        report(`span [${span.start}, ${span.end}) ${span.label} covers no token`);
        continue;
      }
      spans.push({ start: first, end: last, type: span.label });
    }
    spans.sort((a, b) => a.start - b.start);
    const overlap = spans.findIndex((s, k) => k > 0 && s.start < spans[k - 1]!.end);
    if (overlap > 0) {
      const a = spans[overlap - 1]!;
      const b = spans[overlap]!;
      report(`overlapping spans '${tokens.slice(a.start, a.end).map((t) => t.text).join(' ')}' (${a.type}) and '${tokens.slice(b.start, b.end).map((t) => t.text).join(' ')}' (${b.type}) cannot be scored as BIO`);
      continue;
    }
    sentences.push({ tokens: tokens.map((t) => t.text), tags: tagsFromSpans(spans, tokens.length), line: lineNumber });
  }
  problems.throwIfAny();
  if (sentences.length === 0) throw emptyFileError(file, 'JSONL');
  return sentences;
}

/** The length of `text` in code points. */
export function codePointLength(text: string): number {
  let n = text.length;
  for (let i = 0; i < text.length; i++) {
    const c = text.charCodeAt(i);
    if (c >= 0xd800 && c <= 0xdbff) {
      const next = text.charCodeAt(i + 1);
      if (next >= 0xdc00 && next <= 0xdfff) {
        n--;
        i++;
      }
    }
  }
  return n;
}

/** A sentence as a document: its tokens joined by single spaces, token and span offsets in code points. */
export function sentenceDocument(sentence: Pick<Sentence, 'tokens' | 'tags'>): { text: string; tokens: JsonlToken[]; spans: CharSpan[] } {
  const tokens: JsonlToken[] = [];
  let offset = 0;
  for (const token of sentence.tokens) {
    const end = offset + codePointLength(token);
    tokens.push({ text: token, start: offset, end });
    offset = end + 1;
  }
  const spans = spansFromTags(sentence.tags).map((s) => ({ start: tokens[s.start]!.start, end: tokens[s.end - 1]!.end, label: s.type }));
  return { text: sentence.tokens.join(' '), tokens, spans };
}

/**
 * Formats one sentence as a JSONL line: tokens joined by single spaces, with the tokens (so reading
 * it back keeps them) and spans as code-point offsets.
 */
export function formatJsonlSentence(sentence: Pick<Sentence, 'tokens' | 'tags'>): string {
  const { text, tokens, spans } = sentenceDocument(sentence);
  return JSON.stringify({ text, tokens, spans }) + '\n';
}

/** Formats a whole file of sentences as JSONL, one document per sentence. */
export function writeJsonl(sentences: Iterable<Pick<Sentence, 'tokens' | 'tags'>>): string {
  let out = '';
  for (const sentence of sentences) out += formatJsonlSentence(sentence);
  return out;
}

/** An input error at `file:line`, exit code 1. */
export function lineError(sourceName: string, line: number, message: string): SertagError {
  return new SertagError('BAD_INPUT', `${sourceName}:${line}: ${message}`, [], { file: sourceName, line, col: 0 });
}

/**
 * One line of a JSONL corpus as a document to tag: `undefined` for a blank line. A record without
 * an `id` is named `base#line`. Throws a SertagError naming `sourceName:line` for anything but a
 * JSON object with a `text` string. Used by the main thread and by `--jobs` workers alike.
 */
export function jsonlDocument(line: string, lineNumber: number, base: string, sourceName: string): { id: string | number; text: string; tokens?: Array<[number, number]> } | undefined {
  if (line.trim() === '') return undefined;
  let record: unknown;
  try {
    record = JSON.parse(line);
  } catch (error) {
    throw lineError(sourceName, lineNumber, `expected one JSON object {"id", "text"} per line: ${(error as Error).message}`);
  }
  const r = record as { id?: unknown; text?: unknown };
  if (typeof record !== 'object' || record === null || typeof r.text !== 'string') {
    throw lineError(sourceName, lineNumber, 'expected a JSON object with a "text" string (and optionally an "id")');
  }
  const id = typeof r.id === 'string' || typeof r.id === 'number' ? r.id : `${base}#${lineNumber}`;
  // A record that carries its tokens (sertag's own JSONL, Prodigy, spaCy) is tagged on them, not tokenized again.
  if (!Array.isArray((record as { tokens?: unknown }).tokens)) return { id, text: r.text };
  const tokens = documentTokens(record as Record<string, unknown>, r.text, new CodePointOffsets(r.text));
  if (typeof tokens === 'string') throw lineError(sourceName, lineNumber, tokens);
  for (let i = 0; tokens !== undefined && i < tokens.length; i++) {
    const t = tokens[i]!;
    if (t.end <= t.start || (i > 0 && t.start < tokens[i - 1]!.end)) {
      throw lineError(sourceName, lineNumber, `token ${i + 1} [${t.start}, ${t.end}) is empty or overlaps the token before it; tokens must be non-empty and in text order`);
    }
  }
  return tokens === undefined ? { id, text: r.text } : { id, text: r.text, tokens: tokens.map((t) => [t.start, t.end]) };
}

/**
 * One JSON object per document: `{"id", "text", "entities": [{"start", "end", "type", "text",
 * "source"}], "tokens": [[start, end], …]}` with half-open offsets into `text` in code
 * points (Python's `text[start:end]`). With `explain`, each entity also gets
 * a readable `why`.
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
        out.jsonString(describeSource(e.source, options.ruleWhy));
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

export const jsonlFormat: FormatModule = {
  name: 'jsonl',
  summary: 'one JSON object per document: text, entities with offsets, type and source',
  read: { file: readJsonl },
  write: writeJsonl,
  formatter: jsonlFormatter,
  tagInput: 'documents',
  explains: true,
};
