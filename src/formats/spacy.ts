import { codePointCount } from '../offsets.js';
import { jsonStringPieces, type Formatter } from './document.js';
import type { FormatModule } from './format.js';
import { readJsonl } from './jsonl-gold-read.js';
import { sentenceDocument } from './jsonl-gold-write.js';
import type { Sentence } from './sentence.js';

/** A token as `Doc.to_json()` writes it: its index and code-point offsets. */
interface DocJsonToken {
  id: number;
  start: number;
  end: number;
}

/** The offsets of a token in code points and in UTF-16 units (the text is a JavaScript string). */
interface PlacedToken {
  start: number;
  end: number;
  startUtf16: number;
  endUtf16: number;
}

/**
 * The tokens of a `Doc` over `text`, as spaCy builds it: each token may own one following U+0020
 * (its `whitespace_`); any other whitespace between, before or after the tokens — a newline, a
 * second space, a tab — is a token of its own. `Doc.from_json` rebuilds the words and spaces from
 * the text with `get_words_and_spaces` and checks that they are the tokens it was given, so a
 * document is only loadable when its tokens follow this rule.
 */
function docTokens(text: string, tokens: readonly PlacedToken[]): DocJsonToken[] {
  const out: DocJsonToken[] = [];
  const walk = spacyTokenWalk(text, (id, start, end) => out.push({ id, start, end }));
  for (const t of tokens) walk.token(t.start, t.end, t.startUtf16, t.endUtf16);
  walk.end();
  return out;
}

/**
 * `docTokens` one token at a time (a long document's tokens part by part): `token` for each of the
 * tagger's tokens in order, `end` after the last; `emit` gets spaCy's tokens, numbered.
 */
function spacyTokenWalk(text: string, emit: (id: number, start: number, end: number) => void): { token(start: number, end: number, startUtf16: number, endUtf16: number): void; end(): void } {
  let id = 0;
  let any = false;
  // Where the previous token (or the text) ends, in code points and UTF-16 units.
  let at = 0;
  let atUtf16 = 0;
  const gap = (toUtf16: number, to: number, afterToken: boolean): void => {
    if (afterToken && atUtf16 < toUtf16 && text.charCodeAt(atUtf16) === 32) {
      at++;
      atUtf16++;
    }
    if (atUtf16 < toUtf16) emit(id++, at, to);
  };
  return {
    token(start, end, startUtf16, endUtf16) {
      gap(startUtf16, start, any);
      emit(id++, start, end);
      any = true;
      at = end;
      atUtf16 = endUtf16;
    },
    end() {
      gap(text.length, at + codePointCount(text, atUtf16, text.length), any);
    },
  };
}

/**
 * One `Doc.to_json()` line: `{"text", "ents": [{"start", "end", "label"}], "tokens": [{"id",
 * "start", "end"}]}` with code-point offsets, whitespace tokens where spaCy has them, so that
 * `Doc(nlp.vocab).from_json(d)` loads it and `doc.text` is the text again.
 */
function docJson(text: string, tokens: readonly PlacedToken[], ents: ReadonlyArray<{ start: number; end: number; label: string }>, offset?: number): string {
  const doc: Record<string, unknown> = { text, ents, tokens: docTokens(text, tokens) };
  // Unknown keys are ignored by Doc.from_json; `offset` places the document in its source file.
  if (offset !== undefined) doc.offset = offset;
  return JSON.stringify(doc) + '\n';
}

/** Gold sentences as spaCy-style JSONL (tokens joined by single spaces: no whitespace tokens). */
export function writeSpacy(sentences: Iterable<Pick<Sentence, 'tokens' | 'tags'>>): string {
  let out = '';
  for (const sentence of sentences) {
    const doc = sentenceDocument(sentence);
    // Single spaces only, and the text is joined from the tokens: UTF-16 offsets follow the code points' layout.
    let utf16 = 0;
    const placed = doc.tokens.map((t) => {
      const p = { start: t.start, end: t.end, startUtf16: utf16, endUtf16: utf16 + t.text.length };
      utf16 += t.text.length + 1;
      return p;
    });
    out += docJson(doc.text, placed, doc.spans);
  }
  return out;
}

/** Tag output as spaCy's `Doc.to_json()`, one document per line. */
export function spacyFormatter(): Formatter {
  return {
    start: () => '',
    document: (doc) => docJson(doc.text, doc.result.tokens, doc.result.entities.map((e) => ({ start: e.start, end: e.end, label: e.type })), doc.offset),
    // A long document: the same line, its text in pieces, its entities part by part, then its
    // tokens, kept until then as offsets (16 bytes a token).
    *writeParts(doc, out) {
      out.push('{"text":"');
      yield* jsonStringPieces(doc.text, out);
      out.push('","ents":[');
      const placed: Int32Array[] = [];
      let first = true;
      for (const part of doc.parts) {
        for (const e of part.doc.result.entities) {
          out.push(`${first ? '' : ','}{"start":${e.start + part.start},"end":${e.end + part.start},"label":${JSON.stringify(e.type)}}`);
          first = false;
        }
        const tokens = part.doc.result.tokens;
        const offsets = new Int32Array(tokens.length * 4);
        tokens.forEach((t, k) => offsets.set([t.start + part.start, t.end + part.start, t.startUtf16 + part.startUtf16, t.endUtf16 + part.startUtf16], 4 * k));
        placed.push(offsets);
        yield;
      }
      out.push('],"tokens":[');
      const walk = spacyTokenWalk(doc.text, (id, start, end) => out.push(`${id === 0 ? '' : ','}{"id":${id},"start":${start},"end":${end}}`));
      for (let i = 0; i < placed.length; i++) {
        const offsets = placed[i]!;
        placed[i] = new Int32Array(0); // written: let it go
        for (let k = 0; k < offsets.length; k += 4) walk.token(offsets[k]!, offsets[k + 1]!, offsets[k + 2]!, offsets[k + 3]!);
        yield;
      }
      walk.end();
      out.push(`]${doc.offset === undefined ? '' : `,"offset":${doc.offset}`}}\n`);
    },
    end: () => '',
  };
}

export const spacyFormat: FormatModule = {
  name: 'spacy',
  summary: "spaCy's Doc.to_json() per line (text, ents, tokens with spaCy's whitespace tokens); loads with Doc.from_json",
  read: { file: readJsonl },
  write: writeSpacy,
  formatter: spacyFormatter,
};
