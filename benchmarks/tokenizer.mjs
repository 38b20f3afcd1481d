// Tokenizer agreement with the WikiSER gold tokens and tokenizer throughput.
//
// usage: npm run build && node benchmarks/tokenizer.mjs [gold.txt ...]
// Each gold file is turned back into prose with the shared detok.py (one sentence per line); every
// line is tokenized and compared with its gold tokens. Writes benchmarks/results/tokenizer.{md,json}.
import { writeFileSync, mkdirSync } from 'node:fs';
import { dirname, join, basename } from 'node:path';
import { fileURLToPath } from 'node:url';
import { cpus, loadavg } from 'node:os';
import { detokenize, median, readGoldTokens } from './lib/speed-util.mjs';
import { tokenize } from '../dist/tokenize/index.js';

const here = dirname(fileURLToPath(import.meta.url));
const sharedDir = join(here, '..', '..', 'shared');
const goldFiles = process.argv.length > 2
  ? process.argv.slice(2)
  : [join(sharedDir, 'data', 'wikiser', 'dev.txt'), join(sharedDir, 'data', 'wikiser', 'stackless-python.txt')];
const EXAMPLES_PER_CATEGORY = 2;
const TIMED_RUNS = 5;
const WARM_UP_RUNS = 2;
const SPEED_REPEAT = 5;

/** Character ranges of the gold tokens inside the detokenized line (they appear in order). */
function locate(line, tokens) {
  const ranges = [];
  let cursor = 0;
  for (const token of tokens) {
    const at = line.indexOf(token, cursor);
    if (at < 0) return undefined;
    ranges.push([at, at + token.length]);
    cursor = at + token.length;
  }
  return ranges;
}

/** What kind of character a mismatch turns on, from the characters where the boundaries differ. */
function characterClass(region) {
  if (/\s/.test(region.goldTokens.join('\u0000'))) return 'gold token contains a space (unreachable)';
  const text = region.text;
  if (/[.…]/.test(text) && /\.(\s|$)|\.["'”’),]|…/.test(text)) return 'period / ellipsis';
  if (/['’‘`"“”]/.test(text)) return 'quotes / apostrophes';
  if (/[()[\]{}<>]/.test(text)) return 'brackets';
  if (/[-–—−]/.test(text)) return 'hyphens / dashes';
  if (/[,;:]/.test(text)) return 'comma / colon / semicolon';
  if (/[!?]/.test(text)) return '! / ?';
  if (/[/\\]/.test(text)) return 'slashes';
  if (/[.]/.test(text)) return 'period inside a chunk';
  return 'other';
}

/**
 * The first region where gold and predicted boundaries disagree: from the last shared boundary
 * before the first difference to the next shared boundary after it.
 */
function firstDifference(line, goldRanges, predicted) {
  const goldEnds = new Set(goldRanges.flatMap(([s, e]) => [s, e]));
  const predictedEnds = new Set(predicted.flatMap((t) => [t.start, t.end]));
  const all = [...new Set([...goldEnds, ...predictedEnds])].sort((a, b) => a - b);
  let differing = all.findIndex((b) => goldEnds.has(b) !== predictedEnds.has(b));
  if (differing < 0) differing = 0;
  let left = 0;
  for (let i = differing; i >= 0; i--) if (goldEnds.has(all[i]) && predictedEnds.has(all[i])) { left = all[i]; break; }
  let right = line.length;
  for (let i = differing; i < all.length; i++) if (goldEnds.has(all[i]) && predictedEnds.has(all[i]) && all[i] > left) { right = all[i]; break; }
  const goldTokens = goldRanges.filter(([s, e]) => s >= left && e <= right).map(([s, e]) => line.slice(s, e));
  const predictedTokens = predicted.filter((t) => t.start >= left && t.end <= right).map((t) => t.text);
  const splitter = goldTokens.length > predictedTokens.length ? 'gold splits' : goldTokens.length < predictedTokens.length ? 'we split' : 'both split differently';
  return { text: line.slice(left, right), goldTokens, predictedTokens, splitter };
}

function measureAgreement(path) {
  const gold = readGoldTokens(path);
  const lines = detokenize(path);
  if (lines.length !== gold.length) throw new Error(`${path}: detok gave ${lines.length} lines for ${gold.length} sentences`);
  let identical = 0;
  let goldTokenCount = 0;
  let predictedTokenCount = 0;
  let matchingTokenCount = 0;
  const categories = new Map();
  for (let i = 0; i < gold.length; i++) {
    const line = lines[i];
    const goldTokens = gold[i];
    const predicted = tokenize(line);
    goldTokenCount += goldTokens.length;
    predictedTokenCount += predicted.length;
    const same = predicted.length === goldTokens.length && predicted.every((t, k) => t.text === goldTokens[k]);
    const goldRanges = locate(line, goldTokens);
    if (goldRanges) {
      const predictedRanges = new Set(predicted.map((t) => `${t.start}:${t.end}`));
      for (const [s, e] of goldRanges) if (predictedRanges.has(`${s}:${e}`)) matchingTokenCount++;
    }
    if (same) { identical++; continue; }
    let category;
    let example;
    if (!goldRanges) {
      category = 'gold tokens not found in detokenized text';
      example = { sentence: i + 1, text: line.slice(0, 120), gold: goldTokens.slice(0, 12), ours: predicted.slice(0, 12).map((t) => t.text) };
    } else {
      const region = firstDifference(line, goldRanges, predicted);
      category = `${characterClass(region)}: ${region.splitter}`;
      example = { sentence: i + 1, text: region.text, gold: region.goldTokens, ours: region.predictedTokens };
    }
    const entry = categories.get(category) ?? { category, count: 0, examples: [] };
    entry.count++;
    if (entry.examples.length < EXAMPLES_PER_CATEGORY) entry.examples.push(example);
    categories.set(category, entry);
  }
  return {
    file: basename(path),
    sentences: gold.length,
    identicalSentences: identical,
    identicalPercent: round(100 * identical / gold.length),
    goldTokens: goldTokenCount,
    predictedTokens: predictedTokenCount,
    matchingTokens: matchingTokenCount,
    tokenPrecision: round(100 * matchingTokenCount / predictedTokenCount),
    tokenRecall: round(100 * matchingTokenCount / goldTokenCount),
    mismatchCategories: [...categories.values()].sort((a, b) => b.count - a.count),
    lines,
  };
}

function round(x, digits = 2) {
  const f = 10 ** digits;
  return Math.round(x * f) / f;
}

/**
 * The floor no tokenizer can beat: split on whitespace and allocate the same Token objects. Timed
 * alongside `tokenize` so the ratio stays meaningful when other processes load the machine.
 */
function splitOnWhitespace(text) {
  const tokens = [];
  const length = text.length;
  let i = 0;
  while (i < length) {
    if (text.charCodeAt(i) <= 32) { i++; continue; }
    let j = i + 1;
    while (j < length && text.charCodeAt(j) > 32) j++;
    tokens.push({ text: text.slice(i, j), start: i, end: j });
    i = j;
  }
  return tokens;
}

/** Tokens per second over the detokenized lines, one call per line as the tagger does. */
function tokensPerSecondOf(split, lines) {
  const run = () => {
    let tokens = 0;
    const started = process.hrtime.bigint();
    for (let r = 0; r < SPEED_REPEAT; r++) for (const line of lines) tokens += split(line).length;
    const seconds = Number(process.hrtime.bigint() - started) / 1e9;
    return { tokens, seconds };
  };
  for (let i = 0; i < WARM_UP_RUNS; i++) run();
  const runs = Array.from({ length: TIMED_RUNS }, run);
  return { tokensPerRun: runs[0].tokens, tokensPerSecond: runs.map((r) => r.tokens / r.seconds) };
}

function measureThroughput(lines) {
  const { tokensPerRun, tokensPerSecond } = tokensPerSecondOf(tokenize, lines);
  const floor = tokensPerSecondOf(splitOnWhitespace, lines);
  // One call on the whole text as a single string too: raw-text input arrives that way.
  const wholeText = lines.join('\n');
  const wholeRuns = [];
  for (let i = 0; i < WARM_UP_RUNS + TIMED_RUNS; i++) {
    const started = process.hrtime.bigint();
    const count = tokenize(wholeText).length;
    const seconds = Number(process.hrtime.bigint() - started) / 1e9;
    if (i >= WARM_UP_RUNS) wholeRuns.push(count / seconds);
  }
  return {
    tokensPerRun,
    medianTokensPerSecond: Math.round(median(tokensPerSecond)),
    whitespaceSplitMedianTokensPerSecond: Math.round(median(floor.tokensPerSecond)),
    runsTokensPerSecond: tokensPerSecond.map(Math.round),
    wholeTextMedianTokensPerSecond: Math.round(median(wholeRuns)),
    charactersPerRun: lines.reduce((n, l) => n + l.length + 1, 0) * SPEED_REPEAT,
  };
}

function markdownReport(agreements, speed) {
  const out = ['# Tokenizer benchmark', '', `Generated by \`benchmarks/tokenizer.mjs\` on ${new Date().toISOString().slice(0, 10)}, Node ${process.version}, ${cpus().length} CPUs, 1-minute load average ${loadavg()[0].toFixed(1)} when the report was written (speeds drop on a busy machine).`, ''];
  out.push('Each gold file is detokenized with `../shared/tools/detok.py` (one sentence per line); each line is');
  out.push('tokenized and compared with the gold tokens. "Identical" = the whole token sequence matches.');
  out.push('Token precision/recall count tokens whose exact character range matches.', '');
  out.push('| file | sentences | identical | identical % | gold tokens | our tokens | token P % | token R % |');
  out.push('| --- | ---: | ---: | ---: | ---: | ---: | ---: | ---: |');
  for (const a of agreements) {
    out.push(`| ${a.file} | ${a.sentences} | ${a.identicalSentences} | ${a.identicalPercent} | ${a.goldTokens} | ${a.predictedTokens} | ${a.tokenPrecision} | ${a.tokenRecall} |`);
  }
  out.push('', '## Throughput', '');
  out.push(`One \`tokenize\` call per detokenized dev sentence, the dev set ${SPEED_REPEAT}× per run (${speed.tokensPerRun} tokens), median of ${TIMED_RUNS} runs after ${WARM_UP_RUNS} warm-up runs.`, '');
  out.push(`- per sentence: **${(speed.medianTokensPerSecond / 1e6).toFixed(2)} M tokens/s** (runs: ${speed.runsTokensPerSecond.map((x) => (x / 1e6).toFixed(2)).join(', ')})`);
  out.push(`- bare whitespace split with the same Token objects, same conditions (the floor): ${(speed.whitespaceSplitMedianTokensPerSecond / 1e6).toFixed(2)} M tokens/s, so tokenize runs at ${Math.round(100 * speed.medianTokensPerSecond / speed.whitespaceSplitMedianTokensPerSecond)}% of it`);
  out.push(`- whole dev text as one string: **${(speed.wholeTextMedianTokensPerSecond / 1e6).toFixed(2)} M tokens/s**`, '');
  for (const a of agreements) {
    out.push(`## Mismatch categories: ${a.file}`, '');
    out.push('Each mismatching sentence is counted once, under its first differing region. "gold splits" = the gold has more tokens there.', '');
    out.push('| category | sentences | examples (text → gold ‖ ours) |', '| --- | ---: | --- |');
    for (const c of a.mismatchCategories) {
      const examples = c.examples.map((e) => `\`${escapeCell(e.text)}\` → ${escapeCell(e.gold.join(' · '))} ‖ ${escapeCell(e.ours.join(' · '))}`).join('<br>');
      out.push(`| ${c.category} | ${c.count} | ${examples} |`);
    }
    out.push('');
  }
  return out.join('\n');
}

function escapeCell(s) {
  return String(s).replace(/\|/g, '\\|').replace(/`/g, "'").replace(/\n/g, ' ');
}

const agreements = goldFiles.map(measureAgreement);
const devLines = agreements[0].lines;
const speed = measureThroughput(devLines);
for (const a of agreements) delete a.lines;

const resultsDir = join(here, 'results');
mkdirSync(resultsDir, { recursive: true });
writeFileSync(join(resultsDir, 'tokenizer.json'), JSON.stringify({ agreements, speed }, null, 2) + '\n');
writeFileSync(join(resultsDir, 'tokenizer.md'), markdownReport(agreements, speed) + '\n');

for (const a of agreements) {
  console.log(`${a.file}: ${a.identicalPercent}% sentences identical (${a.identicalSentences}/${a.sentences}), token P ${a.tokenPrecision}% R ${a.tokenRecall}%`);
  for (const c of a.mismatchCategories.slice(0, 8)) console.log(`  ${String(c.count).padStart(5)}  ${c.category}`);
}
console.log(`throughput: ${(speed.medianTokensPerSecond / 1e6).toFixed(2)} M tokens/s per sentence (whitespace-split floor ${(speed.whitespaceSplitMedianTokensPerSecond / 1e6).toFixed(2)}), ${(speed.wholeTextMedianTokensPerSecond / 1e6).toFixed(2)} M tokens/s whole text`);
