import { describeSource, type FormatOptions, type Formatter, type TaggedDocument } from './document.js';

/**
 * `token<TAB>tag` lines of tokens `[start, end)`. Written out here rather than through the
 * `formats` writers (whose output it equals byte for byte; a test checks this) to avoid building
 * per-sentence token arrays: this loop runs for every token of every input.
 */
function columns(doc: TaggedDocument, start: number, end: number): string {
  const { tokens, tags } = doc.result;
  let out = '';
  for (let i = start; i < end; i++) out += tokens[i]!.text + '\t' + tags[i]! + '\n';
  return out;
}

/** `token<TAB>tag` lines, a blank line after each sentence (what `formats`' CoNLL writer writes). */
export function bioFormatter(): Formatter {
  return {
    start: () => '',
    document(doc) {
      let out = '';
      for (const s of doc.sentences) out += columns(doc, s.start, s.end) + '\n';
      return out;
    },
    end: () => '',
  };
}

/** CoNLL: BIO columns, with a `-DOCSTART-` line before each document of running text. */
export function conllFormatter(): Formatter {
  const bio = bioFormatter();
  return {
    start: () => '',
    document: (doc) => (doc.kind === 'paragraph' ? '-DOCSTART-\tO\n\n' : '') + bio.document(doc),
    end: () => '',
  };
}

/** WikiSER, the gold format: `<s>`, `token<TAB>tag` lines, `</s>` per sentence (as `formats` writes it). */
export function wikiserFormatter(): Formatter {
  return {
    start: () => '',
    document(doc) {
      let out = '';
      for (const s of doc.sentences) out += '<s>\n' + columns(doc, s.start, s.end) + '</s>\n';
      return out;
    },
    end: () => '',
  };
}

/** The document's text with each entity written `[text](Type)`. */
export function markInline(doc: TaggedDocument): string {
  let out = '';
  let at = 0;
  for (const e of doc.result.entities) {
    out += doc.text.slice(at, e.start) + '[' + doc.text.slice(e.start, e.end) + '](' + e.type + ')';
    at = e.end;
  }
  return out + doc.text.slice(at);
}

/** Running text with inline marks; paragraphs stay separated by a blank line, sentences one per line. */
export function inlineFormatter(): Formatter {
  return {
    start: () => '',
    document: (doc) => markInline(doc) + (doc.kind === 'paragraph' ? '\n\n' : '\n'),
    end: () => '',
  };
}

/** `--explain`: the marked text, then each entity with its offsets, type and why it was tagged. */
export function explainFormatter(options: FormatOptions): Formatter {
  return {
    start: () => '',
    document(doc) {
      let out = `# ${doc.id}\n${markInline(doc)}\n`;
      for (const e of doc.result.entities) {
        out += `  ${e.text}\t${e.type}\tchars ${e.start}-${e.end}, tokens ${e.tokenStart}-${e.tokenEnd}\t${describeSource(e.source, options.ruleWhy)}\n`;
      }
      return out + '\n';
    },
    end: () => '',
  };
}
