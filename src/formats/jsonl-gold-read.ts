import { tagsFromSpans } from '../bio/index.js';
import type { Span } from '../types.js';
import { CodePointOffsets } from '../offsets.js';
import { documentTokens, isRecord, tokensUnder, type CharSpan, type JsonlToken } from './jsonl-tokens.js';
import { emptyFileError, ProblemCollector, splitLines, type ReadOptions, type Sentence } from './sentence.js';

// Reading gold and prediction JSONL in the dialects annotation tools export: sertag's own spans,
// Prodigy tasks, doccano, spaCy's Doc.to_json() and its [text, {"entities"}] training pairs.

/**
 * Tokens for JSONL documents that carry none: runs of letters, digits and underscores, and every
 * other non-space character alone. Fine-grained on purpose, so gold and prediction over the same
 * text get the same tokens and almost every annotated boundary falls between two tokens.
 */
const JSONL_TOKEN = /[\p{L}\p{N}_]+|\S/gu;

function tokenizeForJsonl(text: string, offsets: CodePointOffsets): JsonlToken[] {
  return [...text.matchAll(JSONL_TOKEN)].map((m) => ({ text: m[0], start: offsets.fromUtf16(m.index), end: offsets.fromUtf16(m.index + m[0].length) }));
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
      const { first, last } = tokensUnder(span, tokens);
      if (last === first) {
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
    sentences.push({
      tokens: tokens.map((t) => t.text),
      tags: tagsFromSpans(spans, tokens.length),
      line: lineNumber,
      document: { text: docText, spans: charSpans, tokens: tokens.map((t) => [t.start, t.end]), ownTokens: own !== undefined },
    });
  }
  problems.throwIfAny();
  if (sentences.length === 0) throw emptyFileError(file, 'JSONL');
  return sentences;
}

