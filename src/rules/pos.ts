import { createRequire } from 'node:module';

interface WinkDoc {
  tokens(): { out(what?: unknown): string[] };
}
interface WinkNlp {
  readDoc(text: string): WinkDoc;
  its: { pos: unknown; precedingSpaces: unknown; value: unknown };
}

const require = createRequire(import.meta.url);
let nlp: WinkNlp | undefined;

/** wink-nlp and its model are slow to load (longer than the rest of a start): only a rule that tests `pos` ever pays for it. */
function winkNlp(): WinkNlp {
  if (!nlp) {
    const winkNLP = require('wink-nlp') as (model: unknown) => WinkNlp;
    nlp = winkNLP(require('wink-eng-lite-web-model'));
  }
  return nlp;
}

/**
 * Universal POS tags for pre-split tokens. wink-nlp tokenizes on its own, so the tokens are joined
 * with spaces and each of ours takes the tag of the first wink token that starts inside it.
 */
export function posTags(tokens: readonly string[]): string[] {
  const wink = winkNlp();
  const its = wink.its;
  const doc = wink.readDoc(tokens.join(' '));
  const values = doc.tokens().out(its.value);
  const spaces = doc.tokens().out(its.precedingSpaces);
  const tags = doc.tokens().out(its.pos);
  const result = new Array<string>(tokens.length).fill('X');
  let ours = 0;
  let ourEnd = tokens[0]?.length ?? 0;
  let offset = 0;
  let assigned = -1;
  for (let k = 0; k < values.length; k++) {
    offset += (spaces[k] ?? '').length;
    while (ours < tokens.length - 1 && offset > ourEnd) {
      ours++;
      ourEnd += 1 + tokens[ours]!.length;
    }
    if (assigned !== ours) {
      result[ours] = tags[k] ?? 'X';
      assigned = ours;
    }
    offset += (values[k] ?? '').length;
  }
  return result;
}
