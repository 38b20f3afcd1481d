// Writes the measured figures into the docs from benchmarks/results/*, so no figure is copied by hand.
// A page marks each generated part with a pair of comments; the text between them is replaced:
//   <!-- bench:NAME -->            (what NAME renders is in BLOCKS below)
//   …generated, never edited by hand…
//   <!-- /bench:NAME -->
//   node scripts/docs-bench.mjs          rewrite the generated parts of README.md and docs/*.md
//   node scripts/docs-bench.mjs --check  exit 1 when a generated part differs from the results (test/readme.test.ts)
import { readdirSync, readFileSync, writeFileSync } from 'node:fs';
import { fileURLToPath } from 'node:url';

const root = fileURLToPath(new URL('..', import.meta.url));
const RESULTS = `${root}benchmarks/results/`;
const MARKED = /<!-- bench:([\w-]+) -->\n[\s\S]*?<!-- \/bench:\1 -->/g;

/** The pages that may hold generated parts: the README and every page of docs/ (not docs/api or drafts). */
export function docPages() {
  const pages = readdirSync(`${root}docs`).filter((name) => name.endsWith('.md')).map((name) => `docs/${name}`);
  return ['README.md', ...pages.sort()];
}

const cache = new Map();
/** A results file, parsed once per run; a missing file is a clear error naming the benchmark that writes it. */
function result(name) {
  if (!cache.has(name)) {
    const path = `${RESULTS}${name}`;
    let text;
    try {
      text = readFileSync(path, 'utf8');
    } catch {
      throw new Error(`docs-bench: ${path} is missing; run the benchmark that writes it (see docs/performance.md)`);
    }
    cache.set(name, name.endsWith('.json') ? JSON.parse(text) : text);
  }
  return cache.get(name);
}

/** A field that must be there: a results file of another shape fails loudly instead of printing `undefined`. */
function need(value, what) {
  if (value === undefined || value === null) throw new Error(`docs-bench: ${what} not found in benchmarks/results (has the benchmark's output changed shape?)`);
  return value;
}

const int = (n) => Math.round(n).toLocaleString('en-US');
const f3 = (n) => n.toFixed(3);
const pct = (n) => `${n.toFixed(2)} %`;
const times = (n) => `${n.toFixed(2)}×`;
const kilo = (n) => (n >= 1e6 ? `${(n / 1e6).toFixed(1)}M` : `${Math.round(n / 1e3)}k`);
const mb = (n) => `${Math.round(n)}`;
const day = (iso) => String(iso).slice(0, 10);
/** A bar inside a cell (`tr A-Z a-z | grep`) would end the cell: escaped, as GitHub's tables want it even in code. */
const cell = (text) => String(text).replace(/(?<!\\)\|/g, '\\|');
const table = (head, rows, align) =>
  [`| ${head.join(' | ')} |`, `| ${align.map((a) => (a === 'r' ? '---:' : '---')).join(' | ')} |`, ...rows.map((r) => `| ${r.map(cell).join(' | ')} |`)].join('\n');
/** Links in a block are written from the repository root after this mark; `render` makes them relative to the page. */
const ROOT = '@root/';
const source = (file, extra = '') => `_Generated from [\`benchmarks/results/${file}\`](${ROOT}benchmarks/results/${file})${extra} by \`npm run docs:bench\`; do not edit by hand._`;

function quality() {
  return result('quality.json');
}
/** The micro-F1 a profile's report leads with (its primary folds) and how its gold was folded. */
function profileFigure(name) {
  const q = quality();
  const p = need(q.profiles?.[name], `quality.json profiles.${name}`);
  const f1 = need(p.cv?.microF1, `quality.json profiles.${name}.cv.microF1`);
  return { f1, folds: p.primary ?? 'interleaved' };
}

/** Each generated part: a name used in the marker, and what it renders (Markdown, no trailing newline). */
export const BLOCKS = {
  // README and docs/profiles.md: the one-line answer to "how good is each profile".
  'profiles-summary': () => {
    const w = profileFigure('wikipedia');
    const s = profileFigure('stackoverflow');
    // Every profile scored on gold it was not built for, whatever gold the report has.
    const transfer = need(quality().transfer, 'quality.json transfer').map((t) => `\`${t.profile}\` on ${t.gold} ${f3(t.micro.f1)}`);
    return [
      `Cross-validated strict micro-F1 on each profile's own gold: \`wikipedia\` **${f3(w.f1)}** (WikiSER dev, ${w.folds} folds),`,
      `\`stackoverflow\` **${f3(s.f1)}** (SoftNER dev, ${s.folds} folds). On gold of the other kind: ${transfer.join(', ')} —`,
      `choose by the text. (${day(quality().generated)}, \`npm run bench:quality\`; [details](${ROOT}docs/profiles.md#how-well-each-profile-does).)`,
    ].join('\n');
  },

  // docs/profiles.md: the wikipedia profile's cross-validated figures.
  'quality-wikipedia': () => {
    const q = quality();
    const cv = need(q.cv, 'quality.json cv');
    const stages = need(q.ablation, 'quality.json ablation');
    const folds = need(cv.perFold, 'quality.json cv.perFold');
    const types = Object.entries(need(cv.types, 'quality.json cv.types'));
    const lines = [
      `5-fold cross-validation on WikiSER \`dev.txt\` (${int(q.data.sentences)} sentences; folds: ${q.folds}; each fold learns its own gazetteer):`,
      `micro-F1 **${f3(cv.micro.f1)}** (precision ${f3(cv.micro.precision)}, recall ${f3(cv.micro.recall)}), macro-F1 ${f3(cv.macro.f1)},`,
      `per fold ${f3(Math.min(...folds))}–${f3(Math.max(...folds))}. The naive lexicon (every string tagged in training, its majority type) scores ${f3(q.naive.f1)};`,
    ];
    if (q.contiguous) lines.push(`with contiguous folds (whole articles held out, as for text from elsewhere) the shipped profile scores ${f3(q.contiguous.shipped.f1)} (naive ${f3(q.contiguous.naive.f1)}).`);
    lines.push('', table(['part', 'precision', 'recall', 'micro-F1'], stages.map((a) => [a.name, f3(a.precision), f3(a.recall), f3(a.f1)]), ['l', 'r', 'r', 'r']));
    lines.push('', table(['type', 'precision', 'recall', 'F1', 'gold entities'], types.map(([t, v]) => [t, f3(v.precision), f3(v.recall), f3(v.f1), int(v.support)]), ['l', 'r', 'r', 'r', 'r']));
    lines.push('', source('quality.json', ` (${day(q.generated)})`));
    return lines.join('\n');
  },

  // docs/profiles.md: the stackoverflow profile's figures, both ways of folding, and what each list adds.
  'quality-stackoverflow': () => {
    const q = quality();
    const p = need(q.profiles?.stackoverflow, 'quality.json profiles.stackoverflow');
    const cv = need(p.cv, 'quality.json profiles.stackoverflow.cv');
    const parts = [...need(p.leaveOneOut, 'quality.json profiles.stackoverflow.leaveOneOut')].sort((a, b) => b.contribution.contiguous - a.contribution.contiguous);
    const lines = [
      `5-fold cross-validation on SoftNER \`dev.txt\` (${int(p.sentences)} sentences; each fold learns its own gazetteer and blocks):`,
      `micro-F1 **${f3(cv.contiguous.micro.f1)}** with contiguous folds (whole posts held out: the figure to expect on new posts),`,
      `${f3(cv.interleaved.micro.f1)} with interleaved folds (which share posts with their training folds).`,
      '',
      'What each list and rule group adds (micro-F1 without it subtracted from the whole profile\'s):',
      '',
      table(['part', 'contiguous folds', 'interleaved folds'], parts.map((r) => [r.part, signed(r.contribution.contiguous), signed(r.contribution.interleaved)]), ['l', 'r', 'r']),
      '',
      source('quality.json', ` (${day(q.generated)})`),
    ];
    return lines.join('\n');
  },

  // docs/design.md: how often the tokenizer agrees with the gold tokens.
  tokenizer: () => {
    const t = result('tokenizer.json');
    const dev = need(t.agreements?.find((a) => a.file === 'dev.txt'), 'tokenizer.json agreements for dev.txt');
    const spaced = dev.mismatchCategories?.find((c) => c.category.startsWith('gold token contains a space'))?.count ?? 0;
    return [
      `Every WikiSER \`dev.txt\` sentence turned back into prose and tokenized again (\`npm run bench:tokenizer\`): **${pct(dev.identicalPercent)}**`,
      `of the ${int(dev.sentences)} sentences come back with exactly the gold tokens (token precision ${pct(dev.tokenPrecision)}, recall ${pct(dev.tokenRecall)});`,
      `${int(spaced)} sentences hold gold tokens with a space inside, which no tokenizer can produce.`,
      '',
      source('tokenizer.json', ', detailed in [`tokenizer.md`](@root/benchmarks/results/tokenizer.md)'),
    ].join('\n');
  },

  // docs/cli.md: the sentence splitter against the libraries' on the gold boundaries.
  sentences: () => {
    const s = result('sentences.json');
    const rows = need(s.results, 'sentences.json results').map((r) => [r.splitter, r.dev.precision.toFixed(1), r.dev.recall.toFixed(1), r.dev.f1.toFixed(1)]);
    return [
      table(['splitter', 'precision', 'recall', 'F1 (sentence boundaries, WikiSER dev)'], rows, ['l', 'r', 'r', 'r']),
      '',
      source('sentences.json', ', detailed in [`sentences.md`](@root/benchmarks/results/sentences.md)'),
    ].join('\n');
  },

  // docs/evaluation.md: the example report, as `eval` printed it (the top-5 lists cut).
  'eval-example': () => {
    const text = result('eval-example.txt');
    const cut = text.indexOf('\nTop confusions');
    return ['```text', (cut >= 0 ? text.slice(0, cut) : text).trimEnd(), '```', '', source('eval-example.txt', ' (`bash benchmarks/eval-example.sh`)')].join('\n');
  },

  // docs/performance.md: the whole process against the peers.
  'speed-whole': () => {
    const s = result('speed.json');
    const w = need(s.wholeProcess, 'speed.json wholeProcess');
    const rows = need(w.rows, 'speed.json wholeProcess.rows').map((r) => [
      r.name,
      kilo(r.tokens),
      `**${int(r.tokensPerS)}**`,
      r.sertagTimes === undefined ? '—' : `${times(r.sertagTimes)} (${r.sertagTimesRange.map((x) => x.toFixed(2)).join('–')})`,
      mb(r.rssMb),
    ]);
    return [
      `Measured ${s.ranOn?.whole ?? s.machine.date} (${s.machine.cores} cores, Node ${s.machine.node}); ${w.rounds} rounds, ${int(w.terms)} surface forms.`,
      '',
      table(['system', 'text (tokens)', 'median tokens/s', 'sertag ÷ it (range)', 'peak RSS MB'], rows, ['l', 'r', 'r', 'r', 'r']),
      '',
      source('speed.json', ', detailed in [`speed.md`](@root/benchmarks/results/speed.md)'),
    ].join('\n');
  },

  // docs/performance.md and docs/cli.md: how long a start takes, per way of calling sertag.
  'speed-cold-cli': () => {
    const s = result('speed.json');
    const rows = need(s.cliColdStart, 'speed.json cliColdStart').map((r) => [r.name, `**${int(r.medianMs)}**`, `${int(r.minMs)}–${int(r.maxMs)}`]);
    return [
      `One-line input, warm cache, ${s.ranOn?.cliCold ?? s.machine.date}:`,
      '',
      table(['command', 'median ms', 'range ms'], rows, ['l', 'r', 'r']),
      '',
      source('speed.json'),
    ].join('\n');
  },

  // docs/performance.md and docs/cli.md: what --jobs 2 gains.
  'speed-jobs': () => {
    const s = result('speed.json');
    const jobs = need(s.jobs, 'speed.json jobs');
    const ratio = need(s.ratios?.jobs2VsJobs1, 'speed.json ratios.jobs2VsJobs1');
    return [
      `\`sertag tag --jobs N\` on a JSONL corpus of ${int(jobs[0].tokens)} tokens, ${s.ranOn?.jobs ?? s.machine.date} (${s.machine.cores} cores):`,
      '',
      table(['jobs', 'median wall s', 'tokens/s'], jobs.map((j) => [String(j.jobs), j.wallS.toFixed(2), int(j.tokensPerS)]), ['r', 'r', 'r']),
      '',
      `Speed-up with 2 jobs (median over alternating pairs of runs): **${times(ratio)}**.`,
      '',
      source('speed.json'),
    ].join('\n');
  },

  // docs/performance.md: the library inside one process, and its cold start.
  'speed-inprocess': () => {
    const s = result('speed.json');
    const rows = Object.values(need(s.results, 'speed.json results')).map((r) => [r.name, int(r.tokens), `**${int(r.median)}**`, r.maxRssMb === undefined ? '' : mb(r.maxRssMb)]);
    const cold = need(s.coldStart, 'speed.json coldStart').map((c) => [c.label, int(c.entries), int(c.importMs), int(c.createMs), int(c.readyMs), mb(c.maxRssMb)]);
    return [
      `Each scenario in its own process, median of the timed runs, ${s.ranOn?.inProcess ?? s.machine.date}:`,
      '',
      table(['scenario', 'tokens', 'median tokens/s', 'peak RSS MB'], rows, ['l', 'r', 'r', 'r']),
      '',
      `Starting a tagger in the library (${s.ranOn?.libCold ?? s.machine.date}):`,
      '',
      table(['configuration', 'entries', 'import ms', 'createTagger ms', 'ready ms after process start', 'peak RSS MB'], cold, ['l', 'r', 'r', 'r', 'r', 'r']),
      '',
      source('speed.json', ', detailed in [`speed.md`](@root/benchmarks/results/speed.md)'),
    ].join('\n');
  },

  // docs/server.md and docs/performance.md: the server under load.
  'serve-load': () => {
    const v = result('serve.json');
    const levels = need(v.levels, 'serve.json levels').map((l) => [String(l.connections), int(l.requestsPerS), int(l.tokensPerS), String(l.p50Ms), String(l.p99Ms), String(l.errors), String(l.lost)]);
    const soak = need(v.soak, 'serve.json soak');
    const first = soak.samples[0];
    const last = soak.samples[soak.samples.length - 1];
    const start = need(v.startup, 'serve.json startup');
    return [
      `Measured ${day(v.date)} (${v.machine.cpus} cores, Node ${v.machine.node}, ${v.workers} workers), one WikiSER paragraph (~${Math.round(v.meanTokens)} tokens) per request:`,
      '',
      table(['connections', 'req/s', 'tokens/s', 'p50 ms', 'p99 ms', 'errors', 'lost'], levels, ['r', 'r', 'r', 'r', 'r', 'r', 'r']),
      '',
      `The best level is ${times(v.ratio.serverOverCli1)} the rate of \`sertag tag --jobs 1\` on the same paragraphs (${times(v.ratio.serverOverCli2)} of \`--jobs 2\`):`,
      'one request per paragraph costs more than the command line\'s batches, so send `texts` or NDJSON for bulk work.',
      `A soak of ${int(soak.sent)} requests at ${soak.connections} connections: ${int(soak.errors)} errors, ${int(soak.lost)} lost, RSS ${mb(first.rssMb)} MB at the start and ${mb(last.rssMb)} MB at the end.`,
      `Start-up with a warm cache: \`node dist/bin/sertag.js serve\` listens after ${int(start.node.listeningMs)} ms and answers its first request after ${int(start.node.answerMs)} ms`
        + (start.npx ? `; through \`npx sertag serve\`, ${int(start.npx.listeningMs)} and ${int(start.npx.answerMs)} ms.` : '.'),
      '',
      source('serve.json', ', detailed in [`serve.md`](@root/benchmarks/results/serve.md)'),
    ].join('\n');
  },

  // docs/performance.md: memory on large inputs and the property runs.
  robustness: () => {
    const r = result('robustness.json');
    const full = need(r.stream_full, 'robustness.json stream_full');
    const lib = need(r.library, 'robustness.json library');
    const heap = lib.heapUsedMB;
    const rows = [
      [`\`sertag tag --input jsonl --format jsonl\`, ${int(r.stream_baseline.documents)} documents (${r.stream_baseline.inputMB} MB)`, `${r.stream_baseline.seconds} s`, mb(r.stream_baseline.peakRssMB)],
      [`the same, ${int(full.documents)} documents (${full.inputMB} MB)`, `${full.seconds} s`, mb(full.peakRssMB)],
    ];
    return [
      `Measured ${r.date} (${r.machine.cores} cores, Node ${r.machine.node}):`,
      '',
      table(['run', 'time', 'peak RSS MB'], rows, ['l', 'r', 'r']),
      '',
      `${int(lib.calls)} \`tag()\` calls on random strings in one process: heap after GC ${heap[0].heapUsedMB} MB after ${int(heap[0].calls)} calls, ${heap[heap.length - 1].heapUsedMB} MB after ${int(heap[heap.length - 1].calls)}.`,
      r.properties ? `Property tests at ${int(r.properties.runsPerProperty)} runs each: ${r.properties.passed} of ${r.properties.properties} passed.` : '',
      '',
      source('robustness.json', ', detailed in [`robustness.md`](@root/benchmarks/results/robustness.md)'),
    ].filter((line, i, all) => line !== '' || all[i - 1] !== '').join('\n');
  },
};

function signed(n) {
  return `${n >= 0 ? '+' : '−'}${Math.abs(n).toFixed(4)}`;
}

/** A page with every generated part rendered afresh, its links relative to the page. */
export function render(page, text) {
  return text.replace(MARKED, (_, name) => {
    const block = BLOCKS[name];
    if (!block) throw new Error(`docs-bench: ${page} marks an unknown part "${name}" (known: ${Object.keys(BLOCKS).join(', ')})`);
    let body = block();
    body = page === 'README.md' ? body.replaceAll(`](${ROOT}`, '](') : body.replaceAll(`](${ROOT}docs/`, '](').replaceAll(`](${ROOT}`, '](../');
    return `<!-- bench:${name} -->\n${body}\n<!-- /bench:${name} -->`;
  });
}

/** Every page with its text now and as it should be. */
export function pages() {
  return docPages().map((page) => {
    const current = readFileSync(`${root}${page}`, 'utf8');
    return { page, current, expected: render(page, current) };
  });
}

if (process.argv[1] === fileURLToPath(import.meta.url)) {
  const all = pages();
  if (process.argv.includes('--check')) {
    const stale = all.filter((p) => p.current !== p.expected);
    for (const p of stale) console.error(`${p.page}: generated figures out of date (run npm run docs:bench)`);
    process.exit(stale.length > 0 ? 1 : 0);
  }
  for (const p of all) if (p.current !== p.expected) {
    writeFileSync(`${root}${p.page}`, p.expected);
    console.log(`docs-bench: wrote ${p.page}`);
  }
}
