import { SertagError } from '../errors.js';
import { readConll, type ConllReadOptions } from './conll.js';
import type { FormatModule } from './format.js';
import { emptyFileError, splitLines, type Sentence } from './sentence.js';

/** How many columns the first token line of a CoNLL-like text has (0 when there is none). */
function columnCount(text: string): number {
  const tabs = text.includes('\t');
  for (const line of splitLines(text)) {
    if (line.trim() === '') continue;
    const fields = tabs ? line.split('\t') : line.trim().split(/ +/);
    if (fields[0] === '-DOCSTART-') continue;
    return fields.length;
  }
  return 0;
}

/**
 * Reads what the `conlleval` script reads: one token per line, the gold tag in the last column but
 * one and the predicted tag in the last, a blank line after each sentence. Both sides come from
 * the CoNLL reader, so every problem is reported with its line as for any CoNLL file.
 */
export function readConllevalPair(text: string, file: string, options: ConllReadOptions = {}): { gold: Sentence[]; pred: Sentence[] } {
  const columns = columnCount(text);
  if (columns === 0) throw emptyFileError(file, 'conlleval (token, gold tag, predicted tag)');
  if (columns < 3) {
    throw new SertagError('BAD_COLUMN', `${file}: ${columns} column${columns === 1 ? '' : 's'}; a single-file evaluation reads conlleval's layout, token, gold tag and predicted tag (give GOLD and PRED as two files otherwise)`, []);
  }
  return { gold: readConll(text, file, { ...options, tagColumn: columns - 1 }), pred: readConll(text, file, { ...options, tagColumn: columns }) };
}

export const conllevalFormat: FormatModule = {
  name: 'conlleval',
  summary: "conlleval's input: token, gold tag, predicted tag",
  read: { file: (text, file, options) => readConllevalPair(text, file, options).pred, pair: readConllevalPair },
};
