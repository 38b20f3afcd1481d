// Whole-process scenarios of `npm run bench:speed`: `sertag tag --format jsonl FILE` as a user runs
// it (a fresh process, start-up, loading the cache, reading, tagging, writing), against peers run
// the same way on the same text with the same surface forms, and the CLI's cold start.
//
// Runs come in rounds: each round runs every system once, the order reversed every other round, so
// a slow minute of the shared machine falls on all systems alike. A system's ratio to sertag is the
// median over the rounds of (its wall time ÷ sertag's wall time on the same text in the same round).
// Peak RSS is read by /usr/bin/time (for a pipeline: its largest process).
import { execFileSync, spawnSync } from 'node:child_process';
import { closeSync, existsSync, mkdirSync, openSync, readFileSync, rmSync, statSync, symlinkSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { performance } from 'node:perf_hooks';
import { WORK, fmtInt, here, median, repo } from './speed-util.mjs';

const BIN = join(repo, 'dist', 'bin', 'sertag.js');
const PEERS_PY = join(repo, 'benchmarks', 'speed_peers.py');
const WINK = join(here, 'speed-peer-wink.mjs');
const GNU_TIME = '/usr/bin/time';
/** Debian's python3 (python3-ahocorasick lives there); the python3 on PATH may be another one (pyenv). */
const DEBIAN_PYTHON = '/usr/bin/python3';

/**
 * The default tagger's surface forms, one per lower-cased spelling (the first type wins), as
 * `term TAB type` for the peers that take types and as lower-cased terms for grep.
 */
export async function writeTerms() {
  const { loadSources } = await import(new URL('../../dist/index.js', import.meta.url).href);
  const seen = new Set();
  const rows = [];
  for (const entry of loadSources({}).entries) {
    const key = entry.term.toLowerCase();
    if (seen.has(key)) continue;
    seen.add(key);
    rows.push({ term: entry.term, type: entry.type });
  }
  const tsv = join(WORK, 'terms.tsv');
  const lower = join(WORK, 'terms-lower.txt');
  writeFileSync(tsv, rows.map((r) => `${r.term}\t${r.type}`).join('\n') + '\n');
  writeFileSync(lower, rows.map((r) => r.term.toLowerCase()).join('\n') + '\n');
  return { tsv, lower, count: rows.length };
}

/**
 * A folder set up as `npm install sertag` sets up a user's project (node_modules/sertag and
 * node_modules/.bin/sertag, links to this repo), so `npx sertag` and `node_modules/.bin/sertag`
 * run exactly as they would for a user.
 */
export function consumerProject() {
  const dir = join(WORK, 'consumer');
  const bin = join(dir, 'node_modules', '.bin');
  mkdirSync(bin, { recursive: true });
  writeFileSync(join(dir, 'package.json'), JSON.stringify({ name: 'sertag-consumer', private: true, dependencies: { sertag: `file:${repo}` } }) + '\n');
  for (const [target, path] of [[repo, join(dir, 'node_modules', 'sertag')], ['../sertag/dist/bin/sertag.js', join(bin, 'sertag')]]) {
    rmSync(path, { force: true });
    symlinkSync(target, path);
  }
  return { dir, bin: join(bin, 'sertag') };
}

function works(command, args) {
  const r = spawnSync(command, args, { encoding: 'utf8' });
  return r.status === 0;
}

/** Which python runs a module: Debian's first for Debian packages, else the one on PATH. */
function pythonWith(module, preferDebian) {
  const candidates = preferDebian ? [DEBIAN_PYTHON, 'python3'] : ['python3', DEBIAN_PYTHON];
  return candidates.find((python) => works(python, ['-c', `import ${module}`]));
}

/** One timed process: wall seconds, peak RSS in MB (from GNU time, if present), output size. */
function timeProcess(system, textFile, env) {
  const outFile = join(WORK, `whole-out-${process.pid}`);
  const timeFile = join(WORK, `whole-time-${process.pid}`);
  const argv = system.argv(textFile);
  const useTime = existsSync(GNU_TIME);
  const [command, ...args] = useTime ? [GNU_TIME, '-f', '%M', '-o', timeFile, ...argv] : argv;
  const out = openSync(outFile, 'w');
  const t0 = performance.now();
  const r = spawnSync(command, args, { stdio: ['ignore', out, 'pipe'], cwd: system.cwd ?? repo, env: { ...process.env, ...env }, maxBuffer: 1 << 24 });
  const wallS = (performance.now() - t0) / 1000;
  closeSync(out);
  const outBytes = statSync(outFile).size;
  rmSync(outFile, { force: true });
  if (r.status !== 0) throw new Error(`${system.name}: exit ${r.status}\n${String(r.stderr).slice(0, 2000)}`);
  if (outBytes === 0) throw new Error(`${system.name}: wrote nothing`);
  const rssMb = useTime ? Number(readFileSync(timeFile, 'utf8').trim().split('\n').pop()) / 1024 : NaN;
  return { wallS, rssMb, outBytes };
}

/**
 * The systems timed, each with the text it runs on: `big` (the 3M-token file) or `peer` (dev.txt
 * ×1). The slow peers run on the smaller text so that a run stays within minutes; sertag runs on
 * both, and every ratio compares runs on the same text. Absent peers are skipped with a note.
 */
function systems({ terms, consumer, peersOnBig }) {
  const notes = [];
  const list = [];
  const node = process.execPath;
  list.push({ id: 'sertag-node', name: '`node dist/bin/sertag.js tag --format jsonl FILE`', texts: ['big', 'peer'], argv: (f) => [node, BIN, 'tag', '--format', 'jsonl', f] });
  list.push({ id: 'sertag-npx', name: '`npx sertag tag --format jsonl FILE` (installed in a project)', texts: ['big'], cwd: consumer.dir, argv: (f) => ['npx', 'sertag', 'tag', '--format', 'jsonl', f] });
  const slow = peersOnBig ? ['big'] : ['peer'];
  const spacyPython = pythonWith('spacy', false);
  if (spacyPython) {
    const version = execFileSync(spacyPython, ['-c', 'import spacy; print(spacy.__version__)'], { encoding: 'utf8' }).trim();
    list.push({ id: 'spacy-ruler', name: `spaCy ${version} EntityRuler (\`spacy.blank("en")\`, LOWER)`, texts: slow, argv: (f) => [spacyPython, PEERS_PY, 'spacy-ruler', terms.tsv, f] });
    list.push({ id: 'spacy-phrase', name: `spaCy ${version} PhraseMatcher(attr=LOWER) + filter_spans`, texts: slow, argv: (f) => [spacyPython, PEERS_PY, 'spacy-phrase', terms.tsv, f] });
  } else notes.push('spaCy: not installed (`pip install spacy==3.8.*`), skipped');
  list.push({ id: 'wink-default', name: 'wink-nlp default pipe + custom entities', texts: slow, argv: (f) => [node, WINK, terms.tsv, f] });
  list.push({ id: 'wink-cer', name: 'wink-nlp custom entities only (pipe: cer)', texts: slow, argv: (f) => [node, WINK, terms.tsv, f, 'cer'] });
  const ahoPython = pythonWith('ahocorasick', true);
  if (ahoPython) {
    list.push({ id: 'ahocorasick', name: 'pyahocorasick + Python loop (word boundaries, longest non-overlapping)', texts: ['big'], argv: (f) => [ahoPython, PEERS_PY, 'ahocorasick', terms.tsv, f] });
  } else notes.push('pyahocorasick: not installed (Debian `python3-ahocorasick`), skipped');
  if (works('sh', ['-c', 'command -v grep && command -v tr'])) {
    list.push({ id: 'grep', name: '`tr A-Z a-z | grep -F -b -o -w -f terms`', texts: ['big'], argv: (f) => ['sh', '-c', 'tr A-Z a-z < "$1" | grep -F -b -o -w -f "$2"', 'sh', f, terms.lower] });
  }
  return { list, notes };
}

/**
 * Runs the whole-process scenarios. `texts` maps `big`/`peer` to { textFile, tokens }.
 * Returns rows (one per system and text) with median wall, tokens/s, ranges, RSS and the ratio
 * sertag ÷ system (how many times faster `node dist/bin/sertag.js` is, pair by pair).
 */
export async function runWholeProcess({ texts, rounds, budgetS = 480, peersOnBig = false, log }) {
  mkdirSync(WORK, { recursive: true });
  const terms = await writeTerms();
  const consumer = consumerProject();
  const env = { SERTAG_CACHE_DIR: join(WORK, 'cache-whole') };
  const { list, notes } = systems({ terms, consumer, peersOnBig });
  // Each job next to the sertag run it is compared with: the text sertag runs on, then that text's peers.
  const jobs = ['big', 'peer'].flatMap((text) => list.filter((system) => system.texts.includes(text)).map((system) => ({ system, text, key: `${system.id}@${text}` })));
  // Untimed warm-up on one line: fills sertag's cache, the OS file cache and Python's bytecode cache.
  const oneLine = join(WORK, 'one-line.txt');
  writeFileSync(oneLine, readFileSync(texts.peer.textFile, 'utf8').split('\n', 1)[0] + '\n');
  for (const system of list) timeProcess(system, oneLine, env);
  const runs = new Map(jobs.map((j) => [j.key, []]));
  // A busy shared machine can make a round take minutes: no round starts that would end past the
  // budget, once two rounds are in (a ratio needs pairs); the rounds actually run are reported.
  const started = performance.now();
  let done = 0;
  for (let round = 0; round < rounds; round++) {
    const roundStarted = performance.now();
    const order = round % 2 === 0 ? jobs : [...jobs].reverse();
    for (const job of order) runs.get(job.key).push(timeProcess(job.system, texts[job.text].textFile, env));
    done++;
    const roundS = (performance.now() - roundStarted) / 1000;
    log(`  whole process: round ${done}/${rounds} in ${roundS.toFixed(0)} s: ${order.map((j) => `${j.key} ${runs.get(j.key).at(-1).wallS.toFixed(1)}`).join(', ')}`);
    if (done >= 2 && (performance.now() - started) / 1000 + roundS > budgetS) {
      log(`  whole process: stopping after ${done} rounds (time budget ${budgetS} s)`);
      break;
    }
  }
  rounds = done;
  const rows = jobs.map(({ system, text, key }) => {
    const mine = runs.get(key);
    const sertag = runs.get(`sertag-node@${text}`);
    const walls = mine.map((r) => r.wallS);
    const tokens = texts[text].tokens;
    const row = {
      id: system.id,
      name: system.name,
      text,
      tokens,
      wallS: median(walls),
      walls,
      tokensPerS: tokens / median(walls),
      minTokensPerS: tokens / Math.max(...walls),
      maxTokensPerS: tokens / Math.min(...walls),
      rssMb: median(mine.map((r) => r.rssMb)),
      sertagTimes: system.id === 'sertag-node' ? undefined : median(mine.map((r, i) => r.wallS / sertag[i].wallS)),
      sertagTimesRange: system.id === 'sertag-node' ? undefined : [Math.min(...mine.map((r, i) => r.wallS / sertag[i].wallS)), Math.max(...mine.map((r, i) => r.wallS / sertag[i].wallS))],
    };
    log(`  ${`${system.id} (${text})`.padEnd(26)} ${fmtInt(row.tokensPerS).padStart(11)} tokens/s  wall ${walls.map((w) => w.toFixed(2)).join(' ')} s  RSS ${row.rssMb.toFixed(0)} MB${row.sertagTimes ? `  sertag ${row.sertagTimes.toFixed(2)}× faster` : ''}`);
    return row;
  });
  return { rows, notes, terms: terms.count, rounds, peersOnBig };
}

/**
 * Cold start of `sertag tag --format jsonl` on a one-line file with a warm cache, three ways a
 * user calls it, in alternating rounds: `node dist/bin/sertag.js`, `npx sertag` and
 * `node_modules/.bin/sertag` (both from a project that installed sertag), plus `node -e 0` for
 * Node's own start-up on this machine.
 */
export function runCliColdStart({ rounds, log }) {
  const consumer = consumerProject();
  const oneLine = join(WORK, 'cold-one-line.txt');
  writeFileSync(oneLine, 'Stackless Python uses microthreads instead of the C call stack.\n');
  const env = { ...process.env, SERTAG_CACHE_DIR: join(WORK, 'cache-cold-cli') };
  const node = process.execPath;
  const ways = [
    { id: 'node-e-0', name: '`node -e 0` (Node alone)', argv: [node, '-e', '0'] },
    { id: 'node-bin', name: '`node dist/bin/sertag.js tag`', argv: [node, BIN, 'tag', '--format', 'jsonl', oneLine] },
    { id: 'npx', name: '`npx sertag tag`', argv: ['npx', 'sertag', 'tag', '--format', 'jsonl', oneLine], cwd: consumer.dir },
    { id: 'dot-bin', name: '`node_modules/.bin/sertag tag`', argv: [consumer.bin, 'tag', '--format', 'jsonl', oneLine], cwd: consumer.dir },
  ];
  const once = (way) => {
    const t0 = performance.now();
    const r = spawnSync(way.argv[0], way.argv.slice(1), { cwd: way.cwd ?? repo, env, encoding: 'utf8' });
    const ms = performance.now() - t0;
    if (r.status !== 0) throw new Error(`${way.name}: exit ${r.status}\n${r.stderr}`);
    return ms;
  };
  for (const way of ways) once(way); // warm-up: the cache is written here, files reach the OS cache
  const times = new Map(ways.map((w) => [w.id, []]));
  for (let round = 0; round < rounds; round++) {
    for (const way of round % 2 === 0 ? ways : [...ways].reverse()) times.get(way.id).push(once(way));
  }
  return ways.map((way) => {
    const ms = times.get(way.id);
    const row = { id: way.id, name: way.name, medianMs: median(ms), minMs: Math.min(...ms), maxMs: Math.max(...ms), runs: ms };
    log(`  cold start ${way.id.padEnd(10)} median ${row.medianMs.toFixed(0)} ms (${row.minMs.toFixed(0)}–${row.maxMs.toFixed(0)})`);
    return row;
  });
}
