import type { Command } from './io.js';

/**
 * Every subcommand, in the order `sertag --help` lists them. A command's module is imported only
 * when it runs. Adding a command is one module exporting `command` plus one line here.
 */
export const COMMANDS: readonly Command[] = [
  { name: 'tag', summary: 'tag software entities in text (bio, wikiser, conll, jsonl, inline, html, prodigy, doccano, spacy)', load: () => import('./tag.js') },
  { name: 'eval', summary: 'score predictions against gold: P/R/F1 per type, conlleval-exact', load: () => import('./eval.js') },
  { name: 'convert', summary: 'convert gold between WikiSER, CoNLL, JSONL, Prodigy, doccano and spaCy-style JSONL', load: () => import('./convert.js') },
  { name: 'learn', summary: 'induce a gazetteer (YAML, counts as comments) from gold files', load: () => import('./learn.js') },
  { name: 'lint', summary: 'check gazetteer and rule files: every problem, file:line:col', load: () => import('./lint.js') },
  { name: 'serve', summary: 'serve the tagger over HTTP: a JSON API and a page to try it in the browser', load: () => import('./serve.js') },
];
