// Speed and scale of sertag, against wink-nlp custom entities measured in the same run.
//
// usage: npm run build && npm run bench:speed [-- --quick] [--only=id,…] [--no-write] [--yaml-1m] [--peers-on-big]
// Every scenario runs in its own child process, one after another (single core): a warm-up, then
// several timed runs; the median tokens/s, the process's peak RSS, and ratios against the peers of
// this very run are written to benchmarks/results/speed.{md,json}. Tokens are always counted as
// sertag's tokenizer counts them, so rates over the same text are comparable.
import { execFileSync, spawnSync } from 'node:child_process';
import { existsSync, mkdirSync, readFileSync, writeFileSync } from 'node:fs';
import { cpus, loadavg, totalmem, release, platform } from 'node:os';
import { join } from 'node:path';
import { performance } from 'node:perf_hooks';
import { PROFILE_NOTES } from './lib/speed-notes.mjs';
import { runCliColdStart, runWholeProcess } from './lib/speed-whole.mjs';
import { WORK, here, median, prepareCorpus, repo, syntheticEntries, syntheticYaml, fmtInt } from './lib/speed-util.mjs';

const quick = process.argv.includes('--quick');
const only = process.argv.find((a) => a.startsWith('--only='))?.slice(7).split(',');
// --no-write: print the results only (for trying a change without replacing benchmarks/results/speed.*).
// --only keeps, in speed.{md,json}, the sections it did not run from the last speed.json.
const noWrite = process.argv.includes('--no-write');
const child = join(here, 'speed-child.mjs');
const cold = join(here, 'speed-cold.mjs');
const resultsDir = join(repo, 'benchmarks', 'results');
const CORPUS_TOKENS = quick ? 300_000 : 3_000_000;
const TIMED = quick ? 3 : 5;

// The machine is shared: its load when the run starts and ends says how far to trust absolute rates.
const loadAtStart = loadavg()[0];
const big = prepareCorpus(CORPUS_TOKENS);
const once = prepareCorpus(300_000);
const log = (s) => process.stderr.write(s + '\n');
log(`corpus: ${fmtInt(big.goldTokens)} gold tokens (dev.txt ×${big.repeat}), ${(big.bytes / 1e6).toFixed(1)} MB; peer corpus dev.txt ×1`);

function runChild(spec, nodeArgs = []) {
  const t0 = performance.now();
  const r = spawnSync(process.execPath, [...nodeArgs, child, JSON.stringify(spec)], { encoding: 'utf8', maxBuffer: 1 << 26, env: { ...process.env, ...(spec.env ?? {}) } });
  if (r.status !== 0) throw new Error(`${spec.name}: exit ${r.status}\n${r.stderr}`);
  const result = JSON.parse(r.stdout.trim().split('\n').pop());
  result.wallS = (performance.now() - t0) / 1000;
  log(`  ${spec.name.padEnd(44)} ${fmtInt(result.median).padStart(11)} tokens/s  runs ${result.runs.map((x) => fmtInt(x / 1000) + 'k').join(' ')}  RSS ${result.maxRssMb.toFixed(0)} MB`);
  return result;
}

const scenarios = [];
const want = (id) => !only || only.includes(id);
const add = (id, spec) => { if (want(id)) scenarios.push({ id, ...spec }); };

// Peers and baselines first, on the same text.
add('tokenize', { kind: 'tokenize', name: 'bare tokenizer (sertag tokenize)', textFile: big.textFile, timed: TIMED });
add('regex-split', { kind: 'regex-split', name: 'regex whitespace split (reference)', textFile: big.textFile, timed: TIMED });
add('raw-jsonl', { kind: 'raw-jsonl', name: 'raw text → JSONL file (default tagger)', textFile: big.textFile, timed: TIMED });
add('pretok-bio', { kind: 'pretok-bio', name: 'pre-tokenized → BIO file (default tagger)', goldFile: big.goldFile, timed: TIMED });
// The pipeline with nothing to find: what tokenizing, sentence splitting, interning, the per-sentence
// loop and the output cost before any gazetteer entry or rule is involved.
add('floor', { kind: 'raw-jsonl', name: 'floor: no entries, no rules → JSONL file', textFile: big.textFile, timed: TIMED, options: { defaultGazetteers: false, defaultRules: false } });
add('raw-jsonl-1x', { kind: 'raw-jsonl', name: 'raw text → JSONL file, peer corpus', textFile: once.textFile, timed: TIMED });
add('wink-default', { kind: 'wink', name: 'wink-nlp custom entities (default pipe)', textFile: once.textFile, timed: quick ? 1 : 3 });
add('wink-cer', { kind: 'wink', name: 'wink-nlp custom entities (pipe: cer only)', textFile: once.textFile, pipe: ['cer'], timed: quick ? 1 : 3 });
// Lazy POS: a rule testing `pos` whose anchor never occurs must cost nothing.
const posRule = (anchor) => ({ name: 'pos-probe', rules: [{ id: 'pos-probe', why: 'benchmark', action: 'add', type: 'Library', pattern: [{ lower: [anchor] }, { pos: ['PROPN'] }] }] });
add('pos-absent', { kind: 'raw-jsonl', name: 'lazy POS: + pos rule, anchor absent', textFile: once.textFile, timed: TIMED, options: { rules: [posRule('qqqnowhere')] } });
add('pos-present', { kind: 'raw-jsonl', name: 'lazy POS: + pos rule, anchor `the` (POS needed)', textFile: once.textFile, timed: quick ? 1 : 3, options: { rules: [posRule('the')] } });
for (const size of quick ? [10_000, 100_000] : [10_000, 100_000, 1_000_000]) {
  // Compiled without the cache, so `load` is always parsing + compiling (not a cache hit or a miss that also writes the cache).
  add(`synthetic-${size}`, { kind: 'synthetic', name: `synthetic gazetteer ${fmtInt(size)} entries → JSONL`, size, textFile: once.textFile, timed: TIMED, env: { SERTAG_NO_CACHE: '1' } });
}

const results = {};
for (const s of scenarios) results[s.id] = runChild(s);

/** sertag tokens of a text file (one child process, as the scenarios count them). */
function countTokensOf(textFile) {
  return runChild({ kind: 'tokenize', name: 'token count', textFile, timed: 1, warmUp: 0 }).tokens;
}

/**
 * `sertag tag --jobs N` on a JSONL corpus (the big text ×3, one {"id","text"} record per line), written
 * with -o: the whole CLI, reading and writing included. Runs come in pairs, one with each job count
 * (in alternating order), so both see the same machine; the speed-up is the median over the pairs
 * of each pair's ratio, which a shared machine's slow minutes disturb less than a ratio of medians.
 */
let jobsResults = [];
if (want('jobs')) {
  // The big text three times over (~55 MB): a corpus long enough that starting the workers is not what is timed.
  const corpus = join(WORK, `corpus-${CORPUS_TOKENS}x3.jsonl`);
  if (!existsSync(corpus)) {
    const lines = readFileSync(big.textFile, 'utf8').split('\n').filter((l) => l.length > 0);
    const records = [...lines, ...lines, ...lines].map((text, id) => JSON.stringify({ id, text }));
    writeFileSync(corpus, records.join('\n') + '\n');
  }
  const tokens = 3 * (results['raw-jsonl']?.tokens ?? countTokensOf(big.textFile));
  const bin = join(repo, 'dist', 'bin', 'sertag.js');
  const out = join(WORK, `jobs-out-${process.pid}.jsonl`);
  const walls = { 1: [], 2: [] };
  for (let i = 0; i < (quick ? 1 : 5); i++) {
    for (const jobs of i % 2 === 0 ? [1, 2] : [2, 1]) {
      const t0 = performance.now();
      const r = spawnSync(process.execPath, [bin, 'tag', '-q', '--format', 'jsonl', '--jobs', String(jobs), '-o', out, corpus], { encoding: 'utf8' });
      if (r.status !== 0) throw new Error(`jobs ${jobs}: exit ${r.status}\n${r.stderr}`);
      walls[jobs].push((performance.now() - t0) / 1000);
    }
  }
  execFileSync('rm', ['-f', out]);
  for (const jobs of [1, 2]) {
    const wallS = median(walls[jobs]);
    jobsResults.push({ jobs, wallS, runs: walls[jobs], tokens, tokensPerS: tokens / wallS });
    log(`  sertag tag --jobs ${jobs} (JSONL corpus → JSONL file)     ${fmtInt(tokens / wallS).padStart(11)} tokens/s  wall ${walls[jobs].map((w) => w.toFixed(2)).join(' ')} s`);
  }
}

/**
 * Whole process, as a user runs it: `sertag tag --format jsonl FILE` in a fresh process against
 * the peers, each a fresh process on the same text with the same surface forms (lib/speed-whole.mjs).
 * Five rounds, fewer (at least two) when the machine is so busy that a run would pass ~8 minutes.
 * --peers-on-big runs the slow peers (spaCy, wink-nlp) on the big text too: about 10 minutes more.
 */
let whole;
if (want('whole')) {
  const texts = {
    big: { textFile: big.textFile, tokens: results['raw-jsonl']?.tokens ?? countTokensOf(big.textFile) },
    peer: { textFile: once.textFile, tokens: results['raw-jsonl-1x']?.tokens ?? countTokensOf(once.textFile) },
  };
  whole = await runWholeProcess({ texts, rounds: quick ? 1 : 5, peersOnBig: process.argv.includes('--peers-on-big'), log });
  whole.texts = texts;
}
let cliCold = want('cli-cold') ? runCliColdStart({ rounds: quick ? 3 : 10, log }) : [];

/** Cold start: median of several fresh processes, with the cache off, then cold (miss), then warm (hit). */
function coldStart(label, options, env, n = 5, prime) {
  const runs = [];
  for (let i = 0; i < n; i++) {
    if (prime) prime();
    const t0 = performance.now();
    const r = spawnSync(process.execPath, [cold, JSON.stringify(options)], { encoding: 'utf8', env: { ...process.env, ...env } });
    const wall = performance.now() - t0;
    if (r.status !== 0) {
      log(`  cold start ${label}: failed (${r.stderr.trim().split('\n').slice(0, 4).join(' | ')})`);
      return { label: `${label} (failed: see speed.json)`, createMs: NaN, importMs: NaN, startMs: NaN, readyMs: NaN, wallMs: NaN, maxRssMb: NaN, entries: 0, runs: 0, error: r.stderr.slice(0, 2000) };
    }
    runs.push({ ...JSON.parse(r.stdout.trim()), wallMs: wall });
  }
  const pick = (k) => median(runs.map((r) => r[k]));
  const out = { label, createMs: pick('createMs'), importMs: pick('importMs'), startMs: pick('startMs'), readyMs: pick('readyMs'), wallMs: pick('wallMs'), maxRssMb: pick('maxRssMb'), entries: runs[0].entries, runs: runs.length };
  log(`  cold start ${label.padEnd(40)} import ${out.importMs.toFixed(0)} + createTagger ${out.createMs.toFixed(0)} ms (together ${out.startMs.toFixed(0)}), ready ${out.readyMs.toFixed(0)} ms after process start, process wall ${out.wallMs.toFixed(0)} ms`);
  return out;
}
let coldResults = [];
if (want('cold')) {
  const cacheDir = join(WORK, 'cache');
  const hasCache = existsSync(join(repo, 'dist', 'cache', 'index.js'));
  coldResults.push(coldStart('default, cache disabled', {}, { SERTAG_NO_CACHE: '1' }));
  if (hasCache) {
    const clear = () => execFileSync('rm', ['-rf', cacheDir]);
    coldResults.push(coldStart('default, cache miss', {}, { SERTAG_CACHE_DIR: cacheDir }, 3, clear));
    coldResults.push(coldStart('default, cache hit', {}, { SERTAG_CACHE_DIR: cacheDir }, 5));
  }
}

// Loading 1M entries from YAML (with and without the cache), in a child for a clean peak RSS.
const yamlResults = [];
if (want('yaml-1m') && process.argv.includes('--yaml-1m')) {
  const yamlFile = join(WORK, 'synthetic-1m.yaml');
  if (!existsSync(yamlFile)) {
    const lines = readFileSync(once.textFile, 'utf8').split('\n').slice(0, 20_000);
    writeFileSync(yamlFile, syntheticYaml(syntheticEntries(1_000_000, lines)));
  }
  const options = { defaultGazetteers: false, gazetteers: [yamlFile] };
  const cacheDir = join(WORK, 'cache-1m');
  if (existsSync(join(repo, 'dist', 'cache', 'index.js'))) {
    execFileSync('rm', ['-rf', cacheDir]);
    yamlResults.push(coldStart('1M-entry YAML, cache miss', options, { SERTAG_CACHE_DIR: cacheDir }, 1));
    yamlResults.push(coldStart('1M-entry YAML, cache hit', options, { SERTAG_CACHE_DIR: cacheDir }, 3));
  } else {
    yamlResults.push(coldStart('1M-entry YAML (no cache)', options, { SERTAG_NO_CACHE: '1' }, 1));
  }
}

// ---- report ------------------------------------------------------------------------------------
const machine = {
  cpu: cpus()[0]?.model ?? 'unknown',
  cores: cpus().length,
  memGb: +(totalmem() / 2 ** 30).toFixed(1),
  os: `${platform()} ${release()}`,
  node: process.version,
  date: new Date().toISOString().slice(0, 10),
  loadAverage: { start: +loadAtStart.toFixed(1), end: +loadavg()[0].toFixed(1) },
};
// With --only, the sections not run this time are carried over from the last speed.json, each
// with the date it ran, so one part can be re-measured (each part stays within minutes).
const today = machine.date;
const previousPath = join(resultsDir, 'speed.json');
const previous = only && existsSync(previousPath) ? JSON.parse(readFileSync(previousPath, 'utf8')) : undefined;
const thisRun = `${today}, ${machine.cpu}, load average ${machine.loadAverage.start}–${machine.loadAverage.end}`;
const ranOn = { inProcess: thisRun, jobs: thisRun, whole: thisRun, cliCold: thisRun, libCold: thisRun };
const before = (key) => previous.ranOn?.[key] ?? `${previous.machine?.date ?? '?'}, ${previous.machine?.cpu ?? '?'}`;
const carried = (key, fresh, ran) => {
  if (ran || !previous) return fresh;
  ranOn[key] = before(key);
  return { inProcess: previous.results, jobs: previous.jobs, whole: previous.wholeProcess, cliCold: previous.cliColdStart, libCold: previous.coldStart }[key] ?? fresh;
};
if (previous) {
  for (const [id, x] of Object.entries(previous.results ?? {})) if (!(id in results)) results[id] = x;
  if (!scenarios.length) ranOn.inProcess = before('inProcess');
}
jobsResults = carried('jobs', jobsResults, jobsResults.length > 0);
whole = carried('whole', whole, whole !== undefined);
cliCold = carried('cliCold', cliCold, cliCold.length > 0);
coldResults = carried('libCold', coldResults, coldResults.length > 0);
const r = results;
const ratio = (a, b) => (r[a] && r[b] ? r[a].median / r[b].median : undefined);
const ratios = {
  rawVsWinkDefault: ratio('raw-jsonl-1x', 'wink-default'),
  rawVsWinkCer: ratio('raw-jsonl-1x', 'wink-cer'),
  pretokVsWinkDefault: r['pretok-bio'] && r['wink-default'] ? r['pretok-bio'].median / r['wink-default'].median : undefined,
  synthetic1mVs10k: ratio('synthetic-10000', 'synthetic-1000000'),
  synthetic100kVs10k: ratio('synthetic-10000', 'synthetic-100000'),
  posAbsentVsNone: ratio('pos-absent', 'raw-jsonl-1x'),
  jobs2VsJobs1: jobsResults.length === 2 ? median(jobsResults[0].runs.map((w, i) => w / jobsResults[1].runs[i])) : undefined,
};
if (noWrite) {
  log(JSON.stringify({ ratios }, null, 2));
  process.exit(0);
}
writeFileSync(join(resultsDir, 'speed.json'), JSON.stringify({ machine, ranOn, corpus: { big, once }, results, ratios, jobs: jobsResults, wholeProcess: whole, cliColdStart: cliCold, coldStart: coldResults, yamlLoad: yamlResults }, null, 2) + '\n');

const f = (x, d = 2) => (x === undefined ? '—' : x.toFixed(d));
const rows = Object.entries(results).map(([id, x]) => {
  const vsWink = r['wink-default'] ? x.median / r['wink-default'].median : undefined;
  const vsCer = r['wink-cer'] ? x.median / r['wink-cer'].median : undefined;
  const extra = x.loadMs !== undefined ? `load ${fmtInt(x.loadMs)} ms, ${fmtInt(x.entries)} entries` : x.entries ? `${fmtInt(x.entries)} patterns` : '';
  return `| ${x.name} | ${fmtInt(x.tokens)} | **${fmtInt(x.median)}** | ${x.runs.map((v) => fmtInt(v / 1000) + 'k').join(', ')} | ${f(vsWink, 1)}× | ${f(vsCer, 1)}× | ${x.maxRssMb.toFixed(0)} | ${extra} |`;
});
const textLabel = (text) => (text === 'big' ? `${(whole.texts.big.tokens / 1e6).toFixed(1)}M` : `${fmtInt(whole.texts.peer.tokens / 1000)}k`);
const wholeMd = whole
  ? `## Whole process (as a user runs it: a fresh process per run, start-up and output included; ran ${ranOn.whole})

Same text, same ${fmtInt(whole.terms)} surface forms (the default gazetteers' terms, one per lower-cased spelling), output written to a file.
${whole.rounds} rounds; each round runs every system once, in reversed order every other round. tokens/s = sertag tokens of the text ÷ median wall time
(range: slowest–fastest run). "sertag ÷ it": median over the rounds of (its wall ÷ \`node dist/bin/sertag.js\`'s wall on the same text in the same round)
— how many times faster sertag is; below 1, the other is faster. Peak RSS from \`/usr/bin/time\` (a pipeline: its largest process).
The slow peers run on dev.txt ×1 (${textLabel('peer')} tokens) to keep a run within minutes${whole.peersOnBig ? ' — not in this run: --peers-on-big put them on the big text' : ''}; sertag runs on both texts, so each ratio compares runs on the same text.
${whole.notes.length ? '\nSkipped: ' + whole.notes.join('; ') + '.\n' : ''}
| system | text (tokens) | median tokens/s | range | median wall s | sertag ÷ it (range) | peak RSS MB |
|---|---:|---:|---|---:|---:|---:|
${whole.rows.map((w) => `| ${w.name.replaceAll('|', '\\|')} | ${textLabel(w.text)} | **${fmtInt(w.tokensPerS)}** | ${fmtInt(w.minTokensPerS / 1000)}k–${fmtInt(w.maxTokensPerS / 1000)}k | ${w.wallS.toFixed(2)} | ${w.sertagTimes === undefined ? '—' : `${w.sertagTimes.toFixed(2)}× (${w.sertagTimesRange.map((x) => x.toFixed(2)).join('–')})`} | ${w.rssMb.toFixed(0)} |`).join('\n')}

`
  : '';
const cliColdMd = cliCold.length
  ? `## Cold start of the CLI (one-line input, warm cache; ${cliCold[0].runs.length} alternating rounds; ran ${ranOn.cliCold})

| command | median ms | range ms | minus \`node -e 0\`, median of rounds ms |
|---|---:|---|---:|
${cliCold.map((c) => `| ${c.name} | **${fmtInt(c.medianMs)}** | ${fmtInt(c.minMs)}–${fmtInt(c.maxMs)} | ${c.id === 'node-e-0' ? '—' : fmtInt(median(c.runs.map((ms, i) => ms - cliCold[0].runs[i])))} |`).join('\n')}

`
  : '';
const md = `# Speed — sertag ${JSON.parse(readFileSync(join(repo, 'package.json'), 'utf8')).version}

Machine: ${machine.cpu}, ${machine.cores} cores (shared, noisy), ${machine.memGb} GB, ${machine.os}, Node ${machine.node}; ${machine.date}.
Produced by \`npm run bench:speed\`${quick ? ' --quick' : ''}${only ? ` --only=${only.join(',')} (the other sections are carried over from an earlier run, each with its date)` : ''}; in-process scenarios ran ${ranOn.inProcess}. Each scenario ran in its own process, one at a time, after one warm-up run;
the table shows the median of the timed runs (all runs listed). Tokens are sertag tokens of the same text.
Text: \`dev.txt\` detokenized with \`detok.py\` (one sentence per line), repeated ×${big.repeat} (${fmtInt(big.goldTokens)} gold tokens, ${(big.bytes / 1e6).toFixed(1)} MB)
for the main scenarios and ×1 for the peers and the scaling runs (wink-nlp is too slow to repeat it ${big.repeat}×); rates per token are comparable.
The synthetic gazetteers are given as objects and compiled with the cache off (\`SERTAG_NO_CACHE=1\`): their load time is validating and compiling every entry.
wink-nlp learned the same ${r['wink-default']?.entries ? fmtInt(r['wink-default'].entries) : '?'} surface forms that the default sertag tagger loads (\`loadSources()\`), grouped by type.

| scenario | tokens | median tokens/s | runs | vs wink default | vs wink cer-only | peak RSS MB | notes |
|---|---:|---:|---|---:|---:|---:|---|
${rows.join('\n')}

Ratios: raw text → JSONL vs wink-nlp (default pipe) **${f(ratios.rawVsWinkDefault, 1)}×**, vs wink-nlp (cer only) **${f(ratios.rawVsWinkCer, 1)}×**;
lazy POS (rule present, anchor absent) / no rule: **${f(ratios.posAbsentVsNone)}**;
gazetteer scaling, tokens/s with 10k entries ÷ with 100k: **${f(ratios.synthetic100kVs10k)}**, ÷ with 1M: **${f(ratios.synthetic1mVs10k)}** (target ≤ 1.5).

${jobsResults.length ? `## Worker threads (\`sertag tag --jobs N\`, whole CLI: JSONL corpus of the big text ×3, ${fmtInt(jobsResults[0].tokens)} tokens → JSONL file with -o; ${jobsResults[0].runs.length} pairs of runs, one with each job count, in alternating order; ran ${ranOn.jobs})

| jobs | median wall s | tokens/s | runs (s) |
|---:|---:|---:|---|
${jobsResults.map((j) => `| ${j.jobs} | ${j.wallS.toFixed(2)} | ${fmtInt(j.tokensPerS)} | ${j.runs.map((w) => w.toFixed(2)).join(', ')} |`).join('\n')}

Speed-up with 2 jobs, median over the pairs: **${f(ratios.jobs2VsJobs1)}×** (pairs: ${jobsResults[0].runs.map((w, i) => f(w / jobsResults[1].runs[i])).join(', ')}; issue 17 asks ≥ 1.6 on 2 cores).

` : ''}${wholeMd}${cliColdMd}## Cold start in the library (fresh process, median of ${coldResults[0]?.runs ?? 5}; ran ${ranOn.libCold})

| configuration | entries | import ms | createTagger ms | import + createTagger ms | ready ms after process start | process wall ms | peak RSS MB |
|---|---:|---:|---:|---:|---:|---:|---:|
${[...coldResults, ...yamlResults].map((c) => `| ${c.label} | ${fmtInt(c.entries)} | ${fmtInt(c.importMs)} | ${fmtInt(c.createMs)} | ${fmtInt(c.startMs)} | ${fmtInt(c.readyMs)} | ${fmtInt(c.wallMs)} | ${c.maxRssMb.toFixed(0)} |`).join('\n')}
`;
mkdirSync(resultsDir, { recursive: true });
writeFileSync(join(resultsDir, 'speed.md'), md + '\n' + PROFILE_NOTES);
log(`wrote ${join('benchmarks', 'results', 'speed.md')} and speed.json`);
