// Sentence splitters against the WikiSER gold sentence boundaries: wink-nlp, natural and sertag's own.
//
// usage: npm run build && node benchmarks/sentences.mjs
// Paragraphs are made by joining consecutive detokenized gold sentences (groups of 5, with a space);
// the gold boundaries are the starts of sentences 2..5 of each paragraph. A predicted boundary is the
// start of any predicted sentence but the first; it counts as correct when it is exactly a gold one.
// Writes benchmarks/results/sentences.{md,json}.
import { writeFileSync, mkdirSync } from 'node:fs';
import { createRequire } from 'node:module';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { cpus, loadavg } from 'node:os';
import { detokenize, median } from './lib/speed-util.mjs';
import { tokenize, splitSentences } from '../dist/tokenize/index.js';

const require = createRequire(import.meta.url);
const here = dirname(fileURLToPath(import.meta.url));
const sharedDir = join(here, '..', '..', 'shared');
const SENTENCES_PER_PARAGRAPH = 5;
const TIMED_RUNS = 3;
const EXAMPLES_KEPT = 3;

// natural and wink-nlp print nothing useful on load, but natural pulls in dotenv, which does.
const quietly = (load) => {
  const log = console.log;
  console.log = () => {};
  try { return load(); } finally { console.log = log; }
};
const natural = quietly(() => require('natural'));
const winkNLP = quietly(() => require('wink-nlp'));
const winkModel = quietly(() => require('wink-eng-lite-web-model'));
const wink = winkNLP(winkModel);
const its = wink.its;

/** The abbreviations natural is given in its "+ abbreviations" variant: the common ones sertag knows. */
const NATURAL_ABBREVIATIONS = ['e.g.', 'i.e.', 'etc.', 'Inc.', 'Ltd.', 'Co.', 'Corp.', 'Bros.', 'Dr.', 'Mr.', 'Mrs.', 'Ms.', 'St.', 'Jr.', 'Sr.', 'Prof.', 'vs.', 'U.S.', 'al.', 'cf.', 'No.', 'Fig.', 'a.k.a.'];

/** Paragraphs of `size` consecutive sentences with the character offsets where sentences 2.. start. */
function makeParagraphs(sentences, size) {
  const paragraphs = [];
  for (let i = 0; i < sentences.length; i += size) {
    const group = sentences.slice(i, i + size);
    const starts = [];
    let text = '';
    for (const sentence of group) {
      if (text !== '') {
        text += ' ';
        starts.push(text.length);
      }
      text += sentence;
    }
    paragraphs.push({ text, goldStarts: starts });
  }
  return paragraphs;
}

/** Character offsets of sentence strings found in order in `text` (natural trims them). */
function startsOfStrings(text, sentences) {
  const starts = [];
  let cursor = 0;
  for (const sentence of sentences) {
    const needle = sentence.trim();
    if (needle === '') continue;
    const at = text.indexOf(needle, cursor);
    if (at < 0) continue;
    starts.push(at);
    cursor = at + needle.length;
  }
  return starts.slice(1);
}

const splitters = {
  sertag: (text) => splitSentences(text).slice(1).map((r) => r.start),
  'wink-nlp': (text) => {
    const doc = wink.readDoc(text);
    const values = doc.tokens().out();
    const spaces = doc.tokens().out(its.precedingSpaces);
    const tokenStarts = [];
    let offset = 0;
    for (let k = 0; k < values.length; k++) {
      offset += spaces[k].length;
      // wink-nlp may normalize a token; resynchronize on the original text when it does.
      if (!text.startsWith(values[k], offset)) {
        const found = text.indexOf(values[k], offset);
        if (found >= 0) offset = found;
      }
      tokenStarts.push(offset);
      offset += values[k].length;
    }
    return doc.sentences().out(its.span).slice(1).map(([first]) => tokenStarts[first]);
  },
  natural: (text) => startsOfStrings(text, new natural.SentenceTokenizer().tokenize(text)),
  'natural + abbreviations': (text) => startsOfStrings(text, new natural.SentenceTokenizer(NATURAL_ABBREVIATIONS).tokenize(text)),
};

function score(paragraphs, split) {
  let truePositives = 0;
  let predicted = 0;
  let gold = 0;
  const missed = [];
  const spurious = [];
  for (const { text, goldStarts } of paragraphs) {
    const predictedStarts = split(text);
    const goldSet = new Set(goldStarts);
    const predictedSet = new Set(predictedStarts);
    predicted += predictedSet.size;
    gold += goldSet.size;
    for (const s of predictedSet) {
      if (goldSet.has(s)) truePositives++;
      else if (spurious.length < EXAMPLES_KEPT) spurious.push(context(text, s));
    }
    for (const s of goldSet) if (!predictedSet.has(s) && missed.length < EXAMPLES_KEPT) missed.push(context(text, s));
  }
  const precision = predicted === 0 ? 0 : truePositives / predicted;
  const recall = gold === 0 ? 0 : truePositives / gold;
  const f1 = precision + recall === 0 ? 0 : (2 * precision * recall) / (precision + recall);
  return { goldBoundaries: gold, predictedBoundaries: predicted, truePositives, precision: round(100 * precision), recall: round(100 * recall), f1: round(100 * f1), missedExamples: missed, spuriousExamples: spurious };
}

function context(text, at) {
  return `${text.slice(Math.max(0, at - 40), at)}‖${text.slice(at, at + 30)}`;
}

function round(x, digits = 2) {
  const f = 10 ** digits;
  return Math.round(x * f) / f;
}

function speed(paragraphs, split) {
  const characters = paragraphs.reduce((n, p) => n + p.text.length, 0);
  // Warm up on the whole set so the JIT has compiled every splitter before timing.
  for (const p of paragraphs) split(p.text);
  const rates = [];
  for (let r = 0; r < TIMED_RUNS; r++) {
    const started = process.hrtime.bigint();
    for (const p of paragraphs) split(p.text);
    const seconds = Number(process.hrtime.bigint() - started) / 1e9;
    rates.push(characters / seconds);
  }
  return Math.round(median(rates));
}

const devParagraphs = makeParagraphs(detokenize(join(sharedDir, 'data', 'wikiser', 'dev.txt')), SENTENCES_PER_PARAGRAPH);
const articleParagraphs = makeParagraphs(detokenize(join(sharedDir, 'data', 'wikiser', 'stackless-python.txt')), Number.MAX_SAFE_INTEGER);
const devTokens = devParagraphs.reduce((n, p) => n + tokenize(p.text).length, 0);
const devCharacters = devParagraphs.reduce((n, p) => n + p.text.length, 0);

const results = [];
for (const [name, split] of Object.entries(splitters)) {
  const dev = score(devParagraphs, split);
  const article = score(articleParagraphs, split);
  const charactersPerSecond = speed(devParagraphs, split);
  results.push({ splitter: name, dev, article, charactersPerSecond, tokensPerSecond: Math.round(charactersPerSecond * devTokens / devCharacters) });
}
// The splitter's own cost when the tokens are already there, as in the tagging pipeline.
const pretokenized = devParagraphs.map((p) => ({ text: p.text, tokens: tokenize(p.text) }));
const splitOnlyRates = [];
const SPLIT_ONLY_WARM_UP_RUNS = 5;
for (let r = 0; r < TIMED_RUNS + SPLIT_ONLY_WARM_UP_RUNS; r++) {
  const started = process.hrtime.bigint();
  for (const p of pretokenized) splitSentences(p.text, p.tokens);
  if (r >= SPLIT_ONLY_WARM_UP_RUNS) splitOnlyRates.push(devTokens / (Number(process.hrtime.bigint() - started) / 1e9));
}
const splitOnlyTokensPerSecond = Math.round(median(splitOnlyRates));
const best = [...results].sort((a, b) => b.dev.f1 - a.dev.f1)[0];

const md = ['# Sentence splitter benchmark', '', `Generated by \`benchmarks/sentences.mjs\` on ${new Date().toISOString().slice(0, 10)}, Node ${process.version}, ${cpus().length} CPUs, 1-minute load average ${loadavg()[0].toFixed(1)} when the report was written (speeds drop on a busy machine).`, ''];
md.push(`Paragraphs: ${devParagraphs.length} groups of ${SENTENCES_PER_PARAGRAPH} consecutive detokenized dev sentences joined with a space (${devParagraphs.reduce((n, p) => n + p.goldStarts.length, 0)} gold boundaries), and the Stackless Python article as one paragraph.`);
md.push('A boundary is the start offset of every sentence but the first; a predicted boundary is correct when it is exactly a gold one.');
md.push('Some gold "sentences" hold two sentences (Wikipedia table cells, run-on lines), which caps every splitter\'s precision.', '');
md.push('| splitter | dev P % | dev R % | dev F1 % | article F1 % | speed (M chars/s) | speed (M tokens/s) |', '| --- | ---: | ---: | ---: | ---: | ---: | ---: |');
for (const r of results) {
  md.push(`| ${r.splitter} | ${r.dev.precision} | ${r.dev.recall} | **${r.dev.f1}** | ${r.article.f1} | ${(r.charactersPerSecond / 1e6).toFixed(2)} | ${(r.tokensPerSecond / 1e6).toFixed(2)} |`);
}
md.push('', `sertag's speed includes tokenizing; on already tokenized text the split alone runs at ${(splitOnlyTokensPerSecond / 1e6).toFixed(1)} M tokens/s.`);
md.push(`natural + abbreviations is natural's SentenceTokenizer given ${NATURAL_ABBREVIATIONS.length} common abbreviations (${NATURAL_ABBREVIATIONS.join(' ')}).`, '');
md.push(`**Shipped as \`splitSentences\`: ${best.splitter}** (best dev F1).`, '');
md.push('## Examples of errors (dev)', '');
for (const r of results) {
  md.push(`### ${r.splitter}`, '', 'Missed boundaries (‖ marks the gold boundary):', '');
  for (const e of r.dev.missedExamples) md.push(`- \`${e.replace(/`/g, "'")}\``);
  md.push('', 'Spurious boundaries:', '');
  for (const e of r.dev.spuriousExamples) md.push(`- \`${e.replace(/`/g, "'")}\``);
  md.push('');
}

mkdirSync(join(here, 'results'), { recursive: true });
writeFileSync(join(here, 'results', 'sentences.json'), JSON.stringify({ sentencesPerParagraph: SENTENCES_PER_PARAGRAPH, results, splitOnlyTokensPerSecond, shipped: best.splitter }, null, 2) + '\n');
writeFileSync(join(here, 'results', 'sentences.md'), md.join('\n') + '\n');
for (const r of results) {
  console.log(`${r.splitter.padEnd(24)} dev P ${r.dev.precision} R ${r.dev.recall} F1 ${r.dev.f1}  article F1 ${r.article.f1}  ${(r.charactersPerSecond / 1e6).toFixed(2)} M chars/s`);
}
console.log(`sertag split only (pre-tokenized): ${(splitOnlyTokensPerSecond / 1e6).toFixed(1)} M tokens/s; best: ${best.splitter}`);
