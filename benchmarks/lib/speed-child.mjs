// One speed scenario, run in its own process so peak RSS and JIT state belong to it alone.
//
// usage: node benchmarks/lib/speed-child.mjs '<json spec>'
// Prints one JSON line: { name, tokens, runs: [tokens/s…], median, maxRssMb, … }.
import { closeSync, openSync, readFileSync, writeSync, unlinkSync } from 'node:fs';
import { createRequire } from 'node:module';
import { join } from 'node:path';
import { performance } from 'node:perf_hooks';
import { WORK, median, syntheticEntries } from './speed-util.mjs';

const spec = JSON.parse(process.argv[2]);
const dist = new URL('../../dist/', import.meta.url);
const { createTagger, loadSources, tokenize } = await import(new URL('index.js', dist).href);
const { formatWikiserSentence } = await import(new URL('formats/index.js', dist).href);

const lines = spec.textFile ? readFileSync(spec.textFile, 'utf8').split('\n').filter((l) => l.length > 0) : [];
const sentences = spec.goldFile ? readFileSync(spec.goldFile, 'utf8').split('\n').filter((l) => l.length > 0).map((l) => l.split('\u0001')) : [];

/** Buffered file output: the formatters' strings are gathered and written in ~1 MB blocks. */
class Out {
  constructor(path) { this.fd = openSync(path, 'w'); this.parts = []; this.size = 0; this.path = path; }
  write(s) { this.parts.push(s); this.size += s.length; if (this.size > 1 << 20) this.flush(); }
  flush() { if (this.parts.length) writeSync(this.fd, this.parts.join('')); this.parts = []; this.size = 0; }
  close() { this.flush(); closeSync(this.fd); unlinkSync(this.path); }
}

function countTokens() {
  let n = 0;
  for (const line of lines) n += tokenize(line).length;
  return n;
}

/** Raw text → JSONL (text + character spans) written to a file: the `sertag tag --format jsonl` path. */
function rawToJsonl(tagger) {
  return () => {
    const out = new Out(join(WORK, `out-${process.pid}.jsonl`));
    let tokens = 0;
    for (const line of lines) {
      const r = tagger.tag(line);
      tokens += r.tokenCount;
      const spans = r.entities.map((e) => ({ start: e.start, end: e.end, label: e.type }));
      out.write(JSON.stringify({ text: line, spans }) + '\n');
    }
    out.close();
    return tokens;
  };
}

/** Pre-tokenized sentences → WikiSER BIO columns written to a file: the `--input wikiser` path. */
function pretokToBio(tagger) {
  return () => {
    const out = new Out(join(WORK, `out-${process.pid}.bio`));
    let tokens = 0;
    for (const s of sentences) {
      const r = tagger.tagTokens(s);
      tokens += s.length;
      out.write(formatWikiserSentence({ tokens: s, tags: r.tags }));
    }
    out.close();
    return tokens;
  };
}

/** wink-nlp custom entities, learned from the very terms the sertag tagger loads. */
function winkPeer(terms, pipe) {
  const require = createRequire(import.meta.url);
  const winkNLP = require('wink-nlp');
  const model = require('wink-eng-lite-web-model');
  const nlp = pipe ? winkNLP(model, pipe) : winkNLP(model);
  const its = nlp.its;
  const byType = new Map();
  let kept = 0;
  for (const { term, type } of terms) {
    // `[`, `]` and `|` are wink pattern syntax; upper-case words could read as POS/entity names.
    if (/[[\]|]/.test(term)) continue;
    const list = byType.get(type) ?? [];
    list.push(term.toLowerCase());
    byType.set(type, list);
    kept++;
  }
  nlp.learnCustomEntities([...byType].map(([name, patterns]) => ({ name, patterns })), { matchValue: false, usePOS: false, useEntity: false });
  const tokenCount = countTokens();
  return {
    patterns: kept,
    run: () => {
      const out = new Out(join(WORK, `out-${process.pid}.wink.jsonl`));
      for (const line of lines) {
        const doc = nlp.readDoc(line);
        const spans = doc.customEntities().out(its.detail);
        out.write(JSON.stringify({ text: line, spans }) + '\n');
      }
      out.close();
      return tokenCount;
    },
  };
}

function measure(run, warmUp, timed) {
  for (let i = 0; i < warmUp; i++) run();
  const runs = [];
  let tokens = 0;
  for (let i = 0; i < timed; i++) {
    const t0 = performance.now();
    tokens = run();
    const seconds = (performance.now() - t0) / 1000;
    runs.push(tokens / seconds);
  }
  return { tokens, runs, median: median(runs) };
}

const warmUp = spec.warmUp ?? 1;
const timed = spec.timed ?? 5;
let result;
switch (spec.kind) {
  case 'tokenize': {
    result = measure(() => { let n = 0; for (const line of lines) n += tokenize(line).length; return n; }, warmUp, timed);
    break;
  }
  case 'regex-split': {
    const tokens = countTokens();
    result = measure(() => { let n = 0; for (const line of lines) n += line.split(/\s+/).length; return n; }, warmUp, timed);
    result.note = `whitespace split yields ${result.tokens} tokens; rate counted per sertag token (${tokens})`;
    result.runs = result.runs.map((r) => (r * tokens) / result.tokens);
    result.median = median(result.runs);
    result.tokens = tokens;
    break;
  }
  case 'raw-jsonl':
  case 'pretok-bio': {
    const t0 = performance.now();
    const tagger = createTagger(spec.options ?? {});
    const loadMs = performance.now() - t0;
    result = measure(spec.kind === 'raw-jsonl' ? rawToJsonl(tagger) : pretokToBio(tagger), warmUp, timed);
    result.loadMs = loadMs;
    result.entries = tagger.stats.entries;
    break;
  }
  case 'synthetic': {
    const entries = syntheticEntries(spec.size, lines.slice(0, 20_000));
    const rssBefore = process.resourceUsage().maxRSS;
    const t0 = performance.now();
    // Split into gazetteers of 100k entries, as a user with a million terms would keep them.
    const gazetteers = [];
    for (let i = 0; i < entries.length; i += 100_000) gazetteers.push({ name: `synthetic-${spec.size}-${i / 100_000}`, entries: entries.slice(i, i + 100_000) });
    const tagger = createTagger({ defaultGazetteers: false, gazetteers });
    const loadMs = performance.now() - t0;
    const rssAfterLoad = process.resourceUsage().maxRSS;
    result = measure(rawToJsonl(tagger), warmUp, timed);
    Object.assign(result, { loadMs, entries: tagger.stats.entries, rssBeforeLoadMb: rssBefore / 1024, rssAfterLoadMb: rssAfterLoad / 1024 });
    break;
  }
  case 'wink': {
    const loaded = loadSources(spec.options ?? {});
    const peer = winkPeer(loaded.entries.map((e) => ({ term: e.term, type: e.type })), spec.pipe);
    result = measure(peer.run, warmUp, timed);
    result.entries = peer.patterns;
    break;
  }
  default:
    throw new Error(`unknown scenario kind ${spec.kind}`);
}
result.name = spec.name;
result.maxRssMb = process.resourceUsage().maxRSS / 1024;
process.stdout.write(JSON.stringify(result) + '\n');
