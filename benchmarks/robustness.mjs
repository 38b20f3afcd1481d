// Load and long-property benchmark for issue 6 (robust under bad input and load).
//
// usage: npm run build && node benchmarks/robustness.mjs [--docs N] [--calls N] [--runs N] [--skip-properties]
//
// 1. Streaming: N JSONL documents (default 1,000,000, sentences of the WikiSER dev set with ids) are
//    generated into a temporary file and tagged by the built CLI:
//      node dist/bin/sertag.js tag -q --input jsonl --format jsonl -o OUT docs.jsonl
//    under /usr/bin/time -v (peak RSS = "Maximum resident set size"); RSS is also sampled from
//    /proc every 250 ms to show it stays flat. The same run on a tenth of the documents gives the
//    baseline: bounded memory means the two peaks are about equal.
// 2. Library: in a child `node --expose-gc`, createTagger() once, then 10,000 tag() calls on random
//    strings (seeded; hostile pieces mixed with software terms). Heap used after a forced GC at
//    1k, 2k, ... 10k calls; growth = heap(10k) - heap(1k).
// 3. Properties: test/unit/properties.test.ts with SERTAG_PROPERTY_RUNS (default 20000).
// 4. One huge JSONL record (--huge-mb N[,N…], default 15 and 60 MB of text in one {"id","text"} line)
//    and the same text as one plain-text line, each tagged as in 1., peak RSS against the record's
//    size (issue 27.7: a 15 MB record peaked at 1.23 GB, a 60 MB one at 4.87 GB). `--only=huge` runs
//    only this case and updates its part of the results.
// Writes benchmarks/results/robustness.{md,json}.
import { execFileSync, spawn, spawnSync } from 'node:child_process';
import { createWriteStream, existsSync, mkdirSync, mkdtempSync, readFileSync, rmSync, statSync, writeFileSync } from 'node:fs';
import { cpus, loadavg, tmpdir, totalmem } from 'node:os';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';

const here = dirname(fileURLToPath(import.meta.url));
const root = join(here, '..');
const bin = join(root, 'dist', 'bin', 'sertag.js');
const devPath = join(root, '..', 'shared', 'data', 'wikiser', 'dev.txt');

function option(name, fallback) {
  const i = process.argv.indexOf(`--${name}`);
  return i >= 0 ? Number(process.argv[i + 1]) : fallback;
}
const DOCS = option('docs', 1_000_000);
const CALLS = option('calls', 10_000);
const RUNS = option('runs', 20_000);
const SKIP_PROPERTIES = process.argv.includes('--skip-properties');
const HUGE_SIZES = (process.argv.includes('--huge-mb') ? process.argv[process.argv.indexOf('--huge-mb') + 1] : '15,60').split(',').map(Number);
const ONLY_HUGE = process.argv.includes('--only=huge');

if (!existsSync(bin)) throw new Error('dist/ is missing: run `npm run build` first');

/** Sentences of the dev set as running text (tokens joined by spaces). */
function devSentences() {
  const out = [];
  let tokens = [];
  for (const line of readFileSync(devPath, 'utf8').split('\n')) {
    if (line === '<s>') tokens = [];
    else if (line === '</s>') out.push(tokens.join(' '));
    else if (line.trim() !== '') tokens.push(line.split('\t')[0]);
  }
  return out;
}

async function writeDocs(path, count, sentences) {
  const stream = createWriteStream(path);
  let batch = '';
  for (let i = 0; i < count; i++) {
    batch += JSON.stringify({ id: `doc-${i}`, text: sentences[i % sentences.length] }) + '\n';
    if (batch.length > 1 << 20) {
      if (!stream.write(batch)) await new Promise((r) => stream.once('drain', r));
      batch = '';
    }
  }
  stream.write(batch);
  await new Promise((r) => stream.end(r));
}

function rssOf(pid) {
  try {
    const status = readFileSync(`/proc/${pid}/status`, 'utf8');
    return Number(/VmRSS:\s+(\d+) kB/.exec(status)?.[1] ?? 0) * 1024;
  } catch {
    return 0;
  }
}

/** Runs the CLI on `input` (read as `inputFormat`) under /usr/bin/time -v, sampling the node process's RSS. */
async function streamRun(input, output, inputFormat = 'jsonl') {
  const started = process.hrtime.bigint();
  const child = spawn('/usr/bin/time', ['-v', process.execPath, bin, 'tag', '-q', '--input', inputFormat, '--format', 'jsonl', '-o', output, input], { stdio: ['ignore', 'ignore', 'pipe'] });
  let stderr = '';
  child.stderr.on('data', (c) => (stderr += c));
  const samples = [];
  const timer = setInterval(() => {
    // /usr/bin/time's child is node: find it through /proc/<time pid>/task/*/children.
    try {
      const kids = readFileSync(`/proc/${child.pid}/task/${child.pid}/children`, 'utf8').trim().split(/\s+/).filter(Boolean);
      for (const k of kids) samples.push({ t: Number(process.hrtime.bigint() - started) / 1e9, rss: rssOf(Number(k)) });
    } catch {
      // Finished between two samples.
    }
  }, 250);
  const code = await new Promise((r) => child.on('exit', r));
  clearInterval(timer);
  const seconds = Number(process.hrtime.bigint() - started) / 1e9;
  if (code !== 0) throw new Error(`sertag tag failed (${code}):\n${stderr}`);
  const peakKb = Number(/Maximum resident set size \(kbytes\): (\d+)/.exec(stderr)?.[1]);
  return { seconds, peakRssMB: peakKb / 1024, samples };
}

function countLines(path) {
  const out = execFileSync('wc', ['-l', path], { encoding: 'utf8' });
  return Number(out.trim().split(/\s+/)[0]);
}

const LIBRARY_CHILD = `
import { createTagger } from ${JSON.stringify(join(root, 'dist', 'index.js'))};
const CALLS = ${CALLS};
let seed = 20261125;
const random = () => ((seed = (seed * 1103515245 + 12345) >>> 0) / 2 ** 32);
const PIECES = ['Python', 'C++', 'Node.js', 'Stackless Python', 'Linux', 'TCP/IP', 'GPL', 'hash table', 'quicksort', 'x86-64',
  '\\u0000', '\\ud800', '\\u0301', 'שלום', '👩‍💻', '\\r\\n', '\\n\\n', '"', '(', '...', 'https://example.com/a?b=1', 'e.g.', '<script>'];
function randomText() {
  const n = Math.floor(random() * 60);
  let s = '';
  for (let i = 0; i < n; i++) {
    if (random() < 0.3) { let w = ''; const m = 1 + Math.floor(random() * 8); for (let k = 0; k < m; k++) w += String.fromCharCode(Math.floor(random() * 0x3000)); s += w; }
    else s += PIECES[Math.floor(random() * PIECES.length)];
    s += random() < 0.8 ? ' ' : '';
  }
  return s;
}
const tagger = createTagger();
const heap = [];
let entities = 0;
for (let i = 1; i <= CALLS; i++) {
  entities += tagger.tag(randomText()).entities.length;
  if (i % 1000 === 0) { globalThis.gc(); globalThis.gc(); heap.push({ calls: i, heapUsedMB: process.memoryUsage().heapUsed / 2 ** 20, rssMB: process.memoryUsage().rss / 2 ** 20 }); }
}
process.stdout.write(JSON.stringify({ heap, entities }));
`;

function libraryRun() {
  const dir = mkdtempSync(join(tmpdir(), 'sertag-lib-'));
  const script = join(dir, 'calls.mjs');
  writeFileSync(script, LIBRARY_CHILD);
  const started = process.hrtime.bigint();
  try {
    const out = execFileSync(process.execPath, ['--expose-gc', script], { encoding: 'utf8', maxBuffer: 1 << 24 });
    return { seconds: Number(process.hrtime.bigint() - started) / 1e9, ...JSON.parse(out) };
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }
}

function propertyRun() {
  const started = process.hrtime.bigint();
  const result = spawnSync(process.execPath, [join(root, 'node_modules', 'vitest', 'vitest.mjs'), 'run', 'test/unit/properties.test.ts'], {
    cwd: root,
    env: { ...process.env, SERTAG_PROPERTY_RUNS: String(RUNS), NO_COLOR: '1' },
    encoding: 'utf8',
    maxBuffer: 1 << 26,
  });
  const seconds = Number(process.hrtime.bigint() - started) / 1e9;
  const output = result.stdout + result.stderr;
  const passed = Number(/Tests\s+(\d+) passed/.exec(output)?.[1] ?? 0);
  const failed = Number(/(\d+) failed/.exec(output)?.[1] ?? 0);
  return { runsPerProperty: RUNS, properties: passed + failed, passed, failed, seconds, exitCode: result.status };
}

/**
 * One record of `mb` MB of running text (dev sentences, one paragraph), tagged as JSONL, and the
 * same text as one plain-text line: peak RSS of each, and its ratio to the text's size.
 */
async function hugeRecordRuns(dir, sizes, sentences) {
  const runs = [];
  for (const mb of sizes) runs.push(await hugeRecordRun(dir, mb, sentences));
  return { runs, date: new Date().toISOString().slice(0, 16).replace('T', ' ') + ' UTC', loadAverage: loadavg()[0] };
}

async function hugeRecordRun(dir, mb, sentences) {
  const parts = [];
  let size = 0;
  for (let i = 0; size < mb * 2 ** 20; i++) {
    const s = sentences[i % sentences.length];
    parts.push(s);
    size += s.length + 1;
  }
  const text = parts.join(' ');
  const jsonl = join(dir, 'huge.jsonl');
  const plain = join(dir, 'huge.txt');
  writeFileSync(jsonl, JSON.stringify({ id: 'huge', text }) + '\n');
  writeFileSync(plain, text + '\n');
  const out = {};
  for (const [name, input, format] of [['jsonlRecord', jsonl, 'jsonl'], ['textLine', plain, 'text']]) {
    const output = join(dir, `huge-out-${name}.jsonl`);
    console.error(`one ${mb} MB ${name === 'jsonlRecord' ? 'JSONL record' : 'plain-text line'}…`);
    const run = await streamRun(input, output, format);
    out[name] = { inputMB: +(statSync(input).size / 2 ** 20).toFixed(1), outputMB: +(statSync(output).size / 2 ** 20).toFixed(1), seconds: +run.seconds.toFixed(1), peakRssMB: +run.peakRssMB.toFixed(0), peakOverInput: +(run.peakRssMB / (statSync(input).size / 2 ** 20)).toFixed(1) };
    rmSync(output, { force: true });
    console.error(JSON.stringify(out[name]));
  }
  rmSync(jsonl, { force: true });
  rmSync(plain, { force: true });
  return { textMB: +(text.length / 2 ** 20).toFixed(1), ...out };
}

function hugeMarkdown(h) {
  const row = (name, r) => `| ${name} | ${r.inputMB} MB | ${r.outputMB} MB | ${r.seconds} s | ${r.peakRssMB} MB | ×${r.peakOverInput} |`;
  return `## One huge document

One paragraph of WikiSER dev sentences (${h.runs.map((r) => `${r.textMB} MB`).join(', ')} of text), tagged by \`sertag tag -q --format jsonl -o OUT\`:
as one JSONL record (\`{"id","text"}\`, tagged and written a part of at most 1 MiB characters at a time) and as one line
of plain text (cut into documents of at most 1 MiB characters); peak RSS from \`/usr/bin/time -v\` (${h.date}, load average
${h.loadAverage.toFixed(1)}). A text with any character beyond Latin-1 takes two bytes a character in memory.

| input | size | output | wall time | peak RSS | peak ÷ input size |
| --- | ---: | ---: | ---: | ---: | ---: |
${h.runs.flatMap((r) => [row('one JSONL record', r.jsonlRecord), row('one plain-text line', r.textLine)]).join('\n')}
`;
}

if (ONLY_HUGE) {
  const dir = mkdtempSync(join(tmpdir(), 'sertag-robustness-'));
  try {
    const huge = await hugeRecordRuns(dir, HUGE_SIZES, devSentences());
    const jsonPath = join(here, 'results', 'robustness.json');
    const mdPath = join(here, 'results', 'robustness.md');
    const json = existsSync(jsonPath) ? JSON.parse(readFileSync(jsonPath, 'utf8')) : {};
    json.hugeDocument = huge;
    writeFileSync(jsonPath, JSON.stringify(json, null, 2) + '\n');
    const md = existsSync(mdPath) ? readFileSync(mdPath, 'utf8').replace(/\n## One huge document\n[\s\S]*?(?=\n## |$)/, '\n') : '';
    writeFileSync(mdPath, md.trimEnd() + '\n\n' + hugeMarkdown(huge));
    console.log(hugeMarkdown(huge));
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }
  process.exit(0);
}

const dir = mkdtempSync(join(tmpdir(), 'sertag-robustness-'));
const results = {
  date: new Date().toISOString().slice(0, 10),
  machine: { cpu: cpus()[0]?.model ?? 'unknown', cores: cpus().length, memoryGB: +(totalmem() / 2 ** 30).toFixed(1), node: process.version, loadavgAtStart: loadavg().map((x) => +x.toFixed(2)) },
};
try {
  const sentences = devSentences();
  const small = Math.max(1, Math.round(DOCS / 10));
  for (const [name, count] of [['baseline', small], ['full', DOCS]]) {
    const input = join(dir, `docs-${count}.jsonl`);
    await writeDocs(input, count, sentences);
    const output = join(dir, `out-${count}.jsonl`);
    console.error(`streaming ${count.toLocaleString('en')} documents (${(statSync(input).size / 2 ** 20).toFixed(0)} MB)…`);
    const run = await streamRun(input, output);
    const written = countLines(output);
    if (written !== count) throw new Error(`expected ${count} output lines, got ${written}`);
    const rss = run.samples.map((s) => s.rss / 2 ** 20);
    const tenth = (k) => rss[Math.min(rss.length - 1, Math.floor((rss.length * k) / 10))] ?? 0;
    results[`stream_${name}`] = {
      documents: count,
      inputMB: +(statSync(input).size / 2 ** 20).toFixed(1),
      outputMB: +(statSync(output).size / 2 ** 20).toFixed(1),
      seconds: +run.seconds.toFixed(1),
      docsPerSecond: Math.round(count / run.seconds),
      peakRssMB: +run.peakRssMB.toFixed(1),
      rssAtTenthsMB: [1, 3, 5, 7, 9].map((k) => +tenth(k).toFixed(0)),
      samples: rss.length,
    };
    rmSync(input, { force: true });
    rmSync(output, { force: true });
    console.error(JSON.stringify(results[`stream_${name}`]));
  }
  console.error(`library: ${CALLS} tag() calls…`);
  const lib = libraryRun();
  const first = lib.heap[0];
  const last = lib.heap[lib.heap.length - 1];
  results.library = { calls: CALLS, seconds: +lib.seconds.toFixed(1), entities: lib.entities, heapUsedMB: lib.heap.map((h) => ({ calls: h.calls, heapUsedMB: +h.heapUsedMB.toFixed(2), rssMB: +h.rssMB.toFixed(1) })), growthMB: +(last.heapUsedMB - first.heapUsedMB).toFixed(2) };
  console.error(JSON.stringify(results.library));
  results.hugeDocument = await hugeRecordRuns(dir, HUGE_SIZES, sentences);
  if (!SKIP_PROPERTIES) {
    console.error(`properties: ${RUNS} runs each…`);
    results.properties = propertyRun();
    console.error(JSON.stringify(results.properties));
  }
} finally {
  rmSync(dir, { recursive: true, force: true });
}

mkdirSync(join(here, 'results'), { recursive: true });
writeFileSync(join(here, 'results', 'robustness.json'), JSON.stringify(results, null, 2) + '\n');

const s = results.stream_full;
const b = results.stream_baseline;
const l = results.library;
const p = results.properties;
const md = `# Robustness under load — sertag

Machine: ${results.machine.cpu}, ${results.machine.cores} cores (shared), ${results.machine.memoryGB} GB, Node ${results.machine.node}; ${results.date}.
Produced by \`node benchmarks/robustness.mjs\`${DOCS !== 1_000_000 ? ` --docs ${DOCS}` : ''}.

## Streaming JSONL through \`sertag tag\`

\`node dist/bin/sertag.js tag -q --input jsonl --format jsonl -o OUT docs.jsonl\`, documents are WikiSER dev
sentences (as running text) with ids; peak RSS from \`/usr/bin/time -v\`, RSS sampled every 250 ms.

| documents | input | output | wall time | docs/s | peak RSS | RSS at 10/30/50/70/90 % of the run |
| ---: | ---: | ---: | ---: | ---: | ---: | --- |
| ${b.documents.toLocaleString('en')} | ${b.inputMB} MB | ${b.outputMB} MB | ${b.seconds} s | ${b.docsPerSecond.toLocaleString('en')} | ${b.peakRssMB} MB | ${b.rssAtTenthsMB.join(' / ')} MB |
| ${s.documents.toLocaleString('en')} | ${s.inputMB} MB | ${s.outputMB} MB | ${s.seconds} s | ${s.docsPerSecond.toLocaleString('en')} | ${s.peakRssMB} MB | ${s.rssAtTenthsMB.join(' / ')} MB |

Every input document came out (line counts checked). Ten times the documents: peak RSS ×${(s.peakRssMB / b.peakRssMB).toFixed(2)}${s.peakRssMB < 1.5 * b.peakRssMB ? ' — memory does not grow with the input' : ' — memory grows with the input: investigate'}.

## ${l.calls.toLocaleString('en')} \`tag()\` calls in one process

createTagger() once (bundled gazetteers and rules), then ${l.calls.toLocaleString('en')} calls on seeded random strings (software terms,
NUL, lone surrogates, combining marks, RTL, emoji, CRLF, random BMP characters); ${l.entities.toLocaleString('en')} entities found; ${l.seconds} s.
Heap used after a forced GC:

| calls | ${l.heapUsedMB.map((h) => h.calls.toLocaleString('en')).join(' | ')} |
| --- | ${l.heapUsedMB.map(() => '---:').join(' | ')} |
| heap MB | ${l.heapUsedMB.map((h) => h.heapUsedMB).join(' | ')} |
| RSS MB | ${l.heapUsedMB.map((h) => h.rssMB).join(' | ')} |

Growth from 1k to ${l.calls / 1000}k calls: **${l.growthMB} MB**.
${p ? `
## Long property run

\`SERTAG_PROPERTY_RUNS=${p.runsPerProperty} npx vitest run test/unit/properties.test.ts\`: ${p.properties} properties × ${p.runsPerProperty.toLocaleString('en')} runs,
${p.passed} passed, ${p.failed} failed, ${p.seconds.toFixed(0)} s.
` : ''}
${hugeMarkdown(results.hugeDocument)}`;
writeFileSync(join(here, 'results', 'robustness.md'), md);
console.log(md);
