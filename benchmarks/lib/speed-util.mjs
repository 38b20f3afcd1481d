// Shared helpers of the benchmarks: gold reading and detokenizing, corpus preparation, synthetic
// gazetteers, statistics.
import { execFileSync } from 'node:child_process';
import { readFileSync, writeFileSync, mkdirSync, existsSync } from 'node:fs';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { tmpdir } from 'node:os';

export const here = dirname(fileURLToPath(import.meta.url));
export const repo = join(here, '..', '..');
export const sharedDir = join(repo, '..', 'shared');
export const DEV = join(sharedDir, 'data', 'wikiser', 'dev.txt');
export const DETOK = join(sharedDir, 'tools', 'detok.py');
export const WORK = process.env.SERTAG_BENCH_DIR ?? join(tmpdir(), `sertag-speed-${process.getuid?.() ?? 0}`);

export function median(values) {
  const sorted = [...values].sort((a, b) => a - b);
  const mid = sorted.length >> 1;
  return sorted.length % 2 ? sorted[mid] : (sorted[mid - 1] + sorted[mid]) / 2;
}

/** Each gold sentence of `path` turned back into prose by the shared detok.py, one line each. */
export function detokenize(path) {
  const out = execFileSync('python3', [DETOK, path], { encoding: 'utf8', maxBuffer: 1 << 28 });
  const lines = out.split('\n');
  if (lines[lines.length - 1] === '') lines.pop();
  return lines;
}

/** Gold sentences as token lists (WikiSER or blank-line CoNLL), as conll_score.py reads them. */
export function readGoldTokens(path) {
  const sentences = [];
  let current = [];
  for (const raw of readFileSync(path, 'utf8').split('\n')) {
    const line = raw.replace(/\r$/, '');
    if (line === '<s>') { current = []; continue; }
    if (line === '</s>' || (line.trim() === '' && current.length > 0)) { sentences.push(current); current = []; continue; }
    if (line.trim() === '') continue;
    current.push((line.includes('\t') ? line.split('\t') : line.split(' '))[0]);
  }
  if (current.length > 0) sentences.push(current);
  return sentences;
}

/**
 * Prepares the corpus files once per machine (cached in WORK): `text.txt`, the detokenized dev set
 * repeated to about `targetTokens` tokens (one sentence per line), and `gold.txt`, the gold token
 * lists repeated the same way (one sentence per line, tokens joined by U+0001 so spaces in tokens survive).
 */
export function prepareCorpus(targetTokens) {
  mkdirSync(WORK, { recursive: true });
  const textFile = join(WORK, `text-${targetTokens}.txt`);
  const goldFile = join(WORK, `gold-${targetTokens}.txt`);
  const metaFile = join(WORK, `corpus-${targetTokens}.json`);
  if (existsSync(textFile) && existsSync(goldFile) && existsSync(metaFile)) return { textFile, goldFile, ...JSON.parse(readFileSync(metaFile, 'utf8')) };
  const lines = execFileSync('python3', [DETOK, DEV], { encoding: 'utf8', maxBuffer: 1 << 28 }).split('\n');
  if (lines[lines.length - 1] === '') lines.pop();
  const gold = readGoldTokens(DEV);
  const goldTokens = gold.reduce((n, s) => n + s.length, 0);
  const repeat = Math.max(1, Math.round(targetTokens / goldTokens));
  const text = lines.join('\n') + '\n';
  const goldText = gold.map((s) => s.join('\u0001')).join('\n') + '\n';
  writeFileSync(textFile, text.repeat(repeat));
  writeFileSync(goldFile, goldText.repeat(repeat));
  const meta = { repeat, sentences: lines.length * repeat, goldTokens: goldTokens * repeat, bytes: Buffer.byteLength(text) * repeat };
  writeFileSync(metaFile, JSON.stringify(meta));
  return { textFile, goldFile, ...meta };
}

/** A small deterministic PRNG (mulberry32), so synthetic gazetteers are the same on every run. */
export function prng(seed) {
  let a = seed >>> 0;
  return () => {
    a = (a + 0x6d2b79f5) >>> 0;
    let t = a;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
}

const TYPES = ['Algorithm', 'Application', 'Architecture', 'Data_Structure', 'Device', 'Error_Name', 'General_Concept', 'Language', 'Library', 'License', 'Operating_System', 'Protocol'];
const SYLLABLES = ['ka', 'zo', 'rex', 'vil', 'qua', 'mor', 'tix', 'ul', 'bro', 'jen', 'dra', 'fyn', 'gor', 'hep', 'wyx', 'plo', 'sna', 'kry', 'vok', 'zim'];

/**
 * A synthetic gazetteer of `size` entries: the same `hitting` entries at every size (n-grams taken
 * from the corpus, so the output is identical across sizes) plus made-up words that never occur in
 * the text. The difference between sizes is then the cost of matching against a bigger trie alone.
 */
export function syntheticEntries(size, corpusLines, hitting = 10_000) {
  const random = prng(42);
  const seen = new Set();
  const entries = [];
  const add = (term) => {
    const key = term.toLowerCase();
    if (seen.has(key)) return;
    seen.add(key);
    entries.push({ term, type: TYPES[entries.length % TYPES.length] });
  };
  // Hitting entries: 1–3-word n-grams of letters-only tokens from the corpus.
  const words = corpusLines.map((line) => line.split(' ').filter((w) => /^[A-Za-z][A-Za-z-]*$/.test(w)));
  let guard = 0;
  while (entries.length < Math.min(hitting, size) && guard++ < hitting * 50) {
    const line = words[Math.floor(random() * words.length)];
    if (line.length === 0) continue;
    const n = 1 + Math.floor(random() * 3);
    const at = Math.floor(random() * line.length);
    if (at + n > line.length) continue;
    add(line.slice(at, at + n).join(' '));
  }
  while (entries.length < size) {
    const n = 1 + Math.floor(random() * 3);
    const parts = [];
    for (let k = 0; k < n; k++) {
      const syllables = 2 + Math.floor(random() * 3);
      let word = '';
      for (let s = 0; s < syllables; s++) word += SYLLABLES[Math.floor(random() * SYLLABLES.length)];
      parts.push(word);
    }
    add(parts.join(' '));
  }
  return entries;
}

/** The synthetic gazetteer as YAML text, in the bundled files' flow style. */
export function syntheticYaml(entries) {
  return 'case: ignore\nentries:\n' + entries.map((e) => `  - { term: ${JSON.stringify(e.term)}, type: ${e.type} }\n`).join('');
}

export function fmtInt(n) {
  return Math.round(n).toLocaleString('en-US');
}
