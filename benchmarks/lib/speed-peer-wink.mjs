// Whole-process peer: wink-nlp custom entities over a text file, one JSON line per input line.
// usage: node benchmarks/lib/speed-peer-wink.mjs TERMS.tsv TEXT.txt [cer] > out.jsonl
// `cer` runs wink's pipe with custom entities only; without it, the default pipe (sentences, POS,
// named entities…) runs too. Learning the terms is part of the timed process, as loading is for sertag.
import { readFileSync, writeSync } from 'node:fs';
import { createRequire } from 'node:module';

const [termsFile, textFile, pipeName] = process.argv.slice(2);
const require = createRequire(import.meta.url);
const winkNLP = require('wink-nlp');
const model = require('wink-eng-lite-web-model');
const nlp = pipeName === 'cer' ? winkNLP(model, ['cer']) : winkNLP(model);
const its = nlp.its;

const byType = new Map();
for (const line of readFileSync(termsFile, 'utf8').split('\n')) {
  if (!line) continue;
  const [term, type] = line.split('\t');
  // `[`, `]` and `|` are wink pattern syntax; upper-case words could read as POS/entity names.
  if (/[[\]|]/.test(term)) continue;
  const list = byType.get(type) ?? [];
  list.push(term.toLowerCase());
  byType.set(type, list);
}
nlp.learnCustomEntities([...byType].map(([name, patterns]) => ({ name, patterns })), { matchValue: false, usePOS: false, useEntity: false });

// Output gathered into ~1 MB strings, as sertag buffers its own.
let parts = [];
let size = 0;
const flush = () => { writeSync(1, parts.join('')); parts = []; size = 0; };
for (const line of readFileSync(textFile, 'utf8').split('\n')) {
  if (!line) continue;
  const spans = nlp.readDoc(line).customEntities().out(its.detail);
  const record = JSON.stringify({ text: line, spans }) + '\n';
  parts.push(record);
  size += record.length;
  if (size > 1 << 20) flush();
}
flush();
