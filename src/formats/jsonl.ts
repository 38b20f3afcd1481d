import { spansFromTags, tagsFromSpans } from '../bio/index.js';
import { SertagError } from '../errors.js';
import type { Source, Span } from '../types.js';
import { describeSource, type FormatOptions, type Formatter } from './document.js';
import type { FormatModule } from './format.js';
import { emptyFileError, ProblemCollector, splitLines, type ReadOptions, type Sentence } from './sentence.js';

// One module for JSONL: gold and prediction spans (read and written), the documents `tag` reads
// (`{"id", "text"}` per line) and the records `tag` writes.

/** A character-offset span as annotation tools export it. */
interface CharSpan {
  start: number;
  end: number;
  label: string;
}

interface TokenOffsets {
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

function tokenizeForJsonl(text: string): TokenOffsets[] {
  return [...text.matchAll(JSONL_TOKEN)].map((m) => ({ text: m[0], start: m.index, end: m.index + m[0].length }));
}

function isRecord(value: unknown): value is Record<string, unknown> {
  return typeof value === 'object' && value !== null && !Array.isArray(value);
}

/** Reads the spans of one document in any of the shapes doccano and Prodigy export. */
function readCharSpans(doc: Record<string, unknown>, report: (message: string) => void): CharSpan[] | undefined {
  const raw = doc.spans ?? doc.entities ?? doc.label ?? doc.labels ?? [];
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

/**
 * Reads JSONL spans: one document per line, `{"text": …, "spans": [{"start","end","label"}]}` with
 * character offsets (also `"entities"`/`"label"` as `[[start, end, label]]`, doccano's
 * `start_offset`/`end_offset`, and Prodigy's `"tokens"` list when present). Each document becomes
 * one sentence whose tags are IOB2. A span boundary inside a token widens the span to whole tokens.
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
    if (!isRecord(doc) || typeof doc.text !== 'string') {
      report(`expected an object with a "text" string`);
      continue;
    }
    const docText = doc.text;
    const charSpans = readCharSpans(doc, report);
    if (!charSpans) continue;
    const tokens = Array.isArray(doc.tokens) && doc.tokens.every((t) => isRecord(t) && typeof t.text === 'string' && Number.isInteger(t.start) && Number.isInteger(t.end))
      ? (doc.tokens as unknown as TokenOffsets[])
      : tokenizeForJsonl(docText);
    const spans: Span[] = [];
    for (const span of charSpans) {
      if (span.start < 0 || span.end > docText.length || span.start >= span.end) {
        report(`span [${span.start}, ${span.end}) ${span.label} is empty or outside the text of ${docText.length} characters`);
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

/** Formats one sentence as a JSONL line: tokens joined by single spaces, spans as character offsets. */
export function formatJsonlSentence(sentence: Pick<Sentence, 'tokens' | 'tags'>): string {
  const starts: number[] = [];
  let offset = 0;
  for (const token of sentence.tokens) {
    starts.push(offset);
    offset += token.length + 1;
  }
  const spans = spansFromTags(sentence.tags).map((s) => ({
    start: starts[s.start]!,
    end: starts[s.end - 1]! + sentence.tokens[s.end - 1]!.length,
    label: s.type,
  }));
  return JSON.stringify({ text: sentence.tokens.join(' '), spans }) + '\n';
}

/** Formats a whole file of sentences as JSONL, one document per sentence. */
export function writeJsonl(sentences: Iterable<Pick<Sentence, 'tokens' | 'tags'>>): string {
  let out = '';
  for (const sentence of sentences) out += formatJsonlSentence(sentence);
  return out;
}

/** An input error at `file:line`, exit code 1. */
export function lineError(sourceName: string, line: number, message: string): SertagError {
  return new SertagError('BAD_INPUT', `${sourceName}:${line}: ${message}`, [], 1);
}

/**
 * One line of a JSONL corpus as a document to tag: `undefined` for a blank line. A record without
 * an `id` is named `base#line`. Throws a SertagError naming `sourceName:line` for anything but a
 * JSON object with a `text` string. Used by the main thread and by `--jobs` workers alike.
 */
export function jsonlDocument(line: string, lineNumber: number, base: string, sourceName: string): { id: string | number; text: string } | undefined {
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
  return { id: typeof r.id === 'string' || typeof r.id === 'number' ? r.id : `${base}#${lineNumber}`, text: r.text };
}

/**
 * One JSON object per document: `{"id", "text", "entities": [{"start", "end", "type", "text",
 * "source"}]}` with half-open character offsets into `text`. With `explain`, each entity also gets
 * a readable `why`.
 */
export function jsonlFormatter(options: FormatOptions): Formatter {
  // Gazetteer sources are shared by every match of an entry: serialize each once.
  const sourceJson = new WeakMap<Source, string>();
  const json = (source: Source): string => {
    let s = sourceJson.get(source);
    if (s === undefined) {
      s = JSON.stringify(source);
      if (source.kind === 'gazetteer') sourceJson.set(source, s);
    }
    return s;
  };
  return {
    start: () => '',
    document(doc) {
      let out = '{"id":' + JSON.stringify(doc.id) + ',"text":' + JSON.stringify(doc.text) + ',"entities":[';
      const entities = doc.result.entities;
      for (let i = 0; i < entities.length; i++) {
        const e = entities[i]!;
        out += (i === 0 ? '{"start":' : ',{"start":') + e.start + ',"end":' + e.end + ',"type":' + JSON.stringify(e.type) + ',"text":' + JSON.stringify(e.text) + ',"source":' + json(e.source);
        if (options.explain) out += ',"why":' + JSON.stringify(describeSource(e.source, options.ruleWhy));
        out += '}';
      }
      return out + ']}\n';
    },
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
