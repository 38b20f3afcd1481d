import { checkTag, emptyFileError, ProblemCollector, splitLines, type ReadOptions, type Sentence } from './sentence.js';

/**
 * Reads WikiSER: each sentence between a line `<s>` and a line `</s>`, one `token<TAB>tag` per line.
 * Blank lines between sentences are ignored. Throws a SertagError (exit 1) listing every problem
 * with its line: a token outside `<s>`, a missing `</s>`, a line without exactly one tab, a bad tag.
 */
export function readWikiser(text: string, file: string, options: ReadOptions = {}): Sentence[] {
  const lines = splitLines(text);
  const problems = new ProblemCollector(file, 'WikiSER', lines);
  const sentences: Sentence[] = [];
  let open: Sentence | undefined;
  let openLine = 0;
  for (let i = 0; i < lines.length && !problems.full; i++) {
    const line = lines[i]!;
    const lineNumber = i + 1;
    if (line === '<s>') {
      if (open) problems.add('MISSING_END', lineNumber, `'<s>' inside the sentence opened on line ${openLine}; expected '</s>' first`);
      open = { tokens: [], tags: [], line: lineNumber + 1, tokenLines: [] };
      openLine = lineNumber;
      continue;
    }
    if (line === '</s>') {
      if (!open) problems.add('UNEXPECTED_END', lineNumber, `'</s>' without an opening '<s>'`);
      else sentences.push(open);
      open = undefined;
      continue;
    }
    if (line.trim() === '') continue;
    if (!open) {
      problems.add('OUTSIDE_SENTENCE', lineNumber, `token line outside a sentence; expected '<s>' before it`);
      continue;
    }
    const fields = line.split('\t');
    if (fields.length !== 2 || fields[0] === '') {
      problems.add('RAGGED', lineNumber, `expected 'token<TAB>tag', found ${fields.length} tab-separated field${fields.length === 1 ? '' : 's'}`);
      continue;
    }
    const [token, tag] = fields as [string, string];
    checkTag(problems, tag, lineNumber, token.length + 2, options.scheme);
    open.tokens.push(token);
    open.tags.push(tag);
    open.tokenLines!.push(lineNumber);
  }
  if (open && !problems.full) problems.add('MISSING_END', openLine, `the sentence opened here is never closed; expected '</s>'`);
  problems.throwIfAny();
  if (sentences.length === 0) throw emptyFileError(file, 'WikiSER');
  return sentences;
}

/** Formats one sentence as WikiSER (`<s>`, `token<TAB>tag` lines, `</s>`), ending with a newline. */
export function formatWikiserSentence(sentence: Pick<Sentence, 'tokens' | 'tags'>): string {
  let out = '<s>\n';
  for (let i = 0; i < sentence.tokens.length; i++) out += `${sentence.tokens[i]}\t${sentence.tags[i] ?? 'O'}\n`;
  return out + '</s>\n';
}

/** Formats a whole file of sentences as WikiSER. */
export function writeWikiser(sentences: Iterable<Pick<Sentence, 'tokens' | 'tags'>>): string {
  let out = '';
  for (const sentence of sentences) out += formatWikiserSentence(sentence);
  return out;
}
