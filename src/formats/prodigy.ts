import { jsonStringPieces, type Formatter, type TaggedDocument } from './document.js';
import type { FormatModule } from './format.js';
import { readJsonl } from './jsonl-gold-read.js';
import { sentenceDocument } from './jsonl-gold-write.js';
import type { Sentence } from './sentence.js';

/** A Prodigy token: code-point offsets, its index, and whether whitespace follows it. */
interface ProdigyToken {
  text: string;
  start: number;
  end: number;
  id: number;
  ws: boolean;
}

/** A Prodigy span: code-point offsets, its first and last token (inclusive, as Prodigy counts). */
interface ProdigySpan {
  start: number;
  end: number;
  token_start: number;
  token_end: number;
  label: string;
}

/**
 * One Prodigy `ner_manual` task: `{"text", "tokens", "spans"}` (plus what `extra` adds). Prodigy
 * loads it as pre-annotated and shows the spans on the given tokens.
 */
function task(text: string, tokens: ProdigyToken[], spans: ProdigySpan[], extra: Record<string, unknown>): string {
  return JSON.stringify({ text, tokens, spans, ...extra }) + '\n';
}

/** Gold sentences as Prodigy tasks answered `accept` (what `prodigy db-in` imports as annotations). */
export function writeProdigy(sentences: Iterable<Pick<Sentence, 'tokens' | 'tags'>>): string {
  let out = '';
  for (const sentence of sentences) {
    const doc = sentenceDocument(sentence);
    const tokens = doc.tokens.map((t, id) => ({ text: t.text, start: t.start, end: t.end, id, ws: id < doc.tokens.length - 1 }));
    const spans = doc.spans.map((s) => ({
      start: s.start,
      end: s.end,
      token_start: tokens.findIndex((t) => t.start === s.start),
      token_end: tokens.findIndex((t) => t.end === s.end),
      label: s.label,
    }));
    out += task(doc.text, tokens, spans, { answer: 'accept' });
  }
  return out;
}

const WHITESPACE = /\s/;

/** Tag output as Prodigy tasks, to load as pre-annotations (`ner.manual` with a JSONL source). */
export function prodigyFormatter(): Formatter {
  return {
    start: () => '',
    document(doc: TaggedDocument) {
      const tokens = doc.result.tokens.map((t, id) => ({ text: t.text, start: t.start, end: t.end, id, ws: WHITESPACE.test(doc.text[t.endUtf16] ?? '') }));
      const spans = doc.result.entities.map((e) => ({ start: e.start, end: e.end, token_start: e.tokenStart, token_end: e.tokenEnd - 1, label: e.type }));
      // `offset`: where a document cut from plain text starts in its file (Prodigy keeps unknown keys).
      return task(doc.text, tokens, spans, { meta: { id: doc.id }, ...(doc.offset === undefined ? {} : { offset: doc.offset }) });
    },
    // A long document: the same task, its text in pieces, its tokens part by part, then its spans
    // (kept until then, a short string each).
    *writeParts(doc, out) {
      out.push('{"text":"');
      yield* jsonStringPieces(doc.text, out);
      out.push('","tokens":[');
      const spans: string[] = [];
      for (const part of doc.parts) {
        const { start, startUtf16, firstToken } = part;
        part.doc.result.tokens.forEach((t, k) => {
          const id = firstToken + k;
          const token: ProdigyToken = { text: t.text, start: t.start + start, end: t.end + start, id, ws: WHITESPACE.test(doc.text[startUtf16 + t.endUtf16] ?? '') };
          out.push((id === 0 ? '' : ',') + JSON.stringify(token));
        });
        for (const e of part.doc.result.entities) {
          const span: ProdigySpan = { start: e.start + start, end: e.end + start, token_start: e.tokenStart + firstToken, token_end: e.tokenEnd - 1 + firstToken, label: e.type };
          spans.push(JSON.stringify(span));
        }
        yield;
      }
      out.push('],"spans":[');
      spans.forEach((span, i) => out.push((i === 0 ? '' : ',') + span));
      out.push(`],"meta":${JSON.stringify({ id: doc.id })}${doc.offset === undefined ? '' : `,"offset":${doc.offset}`}}\n`);
    },
    end: () => '',
  };
}

export const prodigyFormat: FormatModule = {
  name: 'prodigy',
  summary: 'Prodigy tasks: text, tokens, spans (records answered reject or ignore are skipped)',
  read: { file: readJsonl },
  write: writeProdigy,
  formatter: prodigyFormatter,
};
