// Writes the measured figures into the docs from benchmarks/results/*, so no figure is copied by hand.
// A page marks each generated part with a pair of comments; the text between them is replaced:
//   <!-- bench:NAME -->            (what NAME renders is in BLOCKS below)
//   …generated, never edited by hand…
//   <!-- /bench:NAME -->
//   node scripts/docs-bench.mjs          rewrite the generated parts of README.md and docs/*.md
//   node scripts/docs-bench.mjs --check  exit 1 when a generated part differs from the results (test/e2e/readme.test.ts)
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

/** The gold corpora the quality report scores on, by the short name the report gives them. */
const CORPORA = { so: 'Stack Overflow', github: 'GitHub issues', wikiser: 'WikiSER' };
/** The corpus a transfer row's gold file belongs to (`softner/train.txt + dev.txt` → so). */
function corpusOfGold(gold) {
  const folder = String(gold).split('/')[0];
  const corpus = { softner: 'so', github: 'github', wikiser: 'wikiser' }[folder];
  return need(corpus, `quality.json transfer: a corpus for gold "${gold}"`);
}
/** How a corpus was folded, shortly: "5 folds by repository owner" out of "5 folds by repository owner (66 owners); every issue one document". */
const foldsOf = (corpus) => String(need(corpus.folds, `quality.json corpus ${corpus.short} folds`)).split(';')[0].replace(/ \(.*\)$/, '');

/**
 * Every bundled profile's micro-F1 on every gold corpus: cross-validated on its own gold (`own`,
 * with how it was folded), and the shipped profile on the other profile's gold.
 */
function profileScores() {
  const q = quality();
  const profiles = need(q.profiles, 'quality.json profiles');
  const scores = {};
  for (const [name, p] of Object.entries(profiles)) {
    scores[name] = {};
    if (p.cv?.microF1 !== undefined) {
      // A profile with one gold corpus (wikipedia: WikiSER dev) reports one figure and its folds.
      scores[name].wikiser = { f1: p.cv.microF1, own: true, folds: `5 ${need(p.primary, `quality.json profiles.${name}.primary`)} folds` };
    } else {
      for (const corpus of need(p.corpora, `quality.json profiles.${name}.corpora`)) {
        const f1 = need(p.cv?.[corpus.short]?.f1, `quality.json profiles.${name}.cv.${corpus.short}.f1`);
        scores[name][corpus.short] = { f1, own: true, folds: foldsOf(corpus) };
      }
    }
  }
  for (const t of need(q.transfer, 'quality.json transfer')) {
    need(scores[t.profile], `quality.json profiles.${t.profile} (named by transfer)`)[corpusOfGold(t.gold)] = { f1: need(t.micro?.f1, 'quality.json transfer micro.f1'), own: false };
  }
  return scores;
}

/** Each generated part: a name used in the marker, and what it renders (Markdown, no trailing newline). */
export const BLOCKS = {
  // README and docs/profiles.md: how good each profile is, on each kind of text.
  'profiles-summary': () => {
    const scores = profileScores();
    const corpora = Object.keys(CORPORA).filter((c) => Object.values(scores).some((s) => s[c]));
    const cellOf = (s) => (s === undefined ? '—' : s.own ? `**${f3(s.f1)}** (CV, ${s.folds})` : f3(s.f1));
    const rows = Object.entries(scores).map(([name, s]) => [`\`${name}\``, ...corpora.map((c) => cellOf(s[c]))]);
    return [
      table(['profile', ...corpora.map((c) => CORPORA[c])], rows, ['l', ...corpora.map(() => 'r')]),
      '',
      `Strict micro-F1. In bold, cross-validated on the profile's own gold (no fold is scored on what it learned from); the others, the shipped`,
      `profile on gold annotated the other way — choose by the text, not by the topic. (${day(quality().generated)}, \`npm run bench:quality\`; [details](${ROOT}docs/profiles.md#how-well-each-profile-does).)`,
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

  // docs/profiles.md: the stackoverflow profile's figures on each of its corpora, per type, and what each part adds.
  'quality-stackoverflow': () => {
    const q = quality();
    const p = need(q.profiles?.stackoverflow, 'quality.json profiles.stackoverflow');
    const corpora = need(p.corpora, 'quality.json profiles.stackoverflow.corpora');
    const cvOf = (c) => need(p.cv?.[c.short], `quality.json profiles.stackoverflow.cv.${c.short}`);
    const label = (c) => CORPORA[c.short] ?? c.name;
    const lines = corpora.map((c) => {
      const cv = cvOf(c);
      const folds = need(cv.perFold, `quality.json profiles.stackoverflow.cv.${c.short}.perFold`);
      return `- **${c.name}**, ${int(c.sentences)} sentences in ${int(c.documents)} documents, ${c.folds}: micro-F1 **${f3(cv.f1)}** (precision ${f3(cv.precision)}, recall ${f3(cv.recall)}; per fold ${f3(Math.min(...folds))}–${f3(Math.max(...folds))}).`;
    });
    const types = [...new Set(corpora.flatMap((c) => Object.keys(need(cvOf(c).types, `quality.json profiles.stackoverflow.cv.${c.short}.types`))))].sort();
    const typeCells = (c, t) => {
      const v = cvOf(c).types[t];
      return v === undefined ? ['', '', '', '0'] : [f3(v.precision), f3(v.recall), f3(v.f1), int(v.support)];
    };
    const microCells = (c) => {
      const cv = cvOf(c);
      const support = Object.values(cv.types).reduce((sum, v) => sum + v.support, 0);
      return [f3(cv.precision), f3(cv.recall), `**${f3(cv.f1)}**`, int(support)];
    };
    const typeRows = [...types.map((t) => [t, ...corpora.flatMap((c) => typeCells(c, t))]), ['**micro**', ...corpora.flatMap(microCells)]];
    const unseen = corpora.filter((c) => cvOf(c).unseen).map((c) => `${Math.round(cvOf(c).unseen.share * 100)} % on ${label(c)}`);
    const mean = (r) => corpora.reduce((sum, c) => sum + need(r.contribution?.[c.short], `quality.json leaveOneOut ${r.part} contribution.${c.short}`), 0) / corpora.length;
    const parts = [...need(p.leaveOneOut, 'quality.json profiles.stackoverflow.leaveOneOut')].sort((a, b) => mean(b) - mean(a));
    return [
      `Cross-validated with the manifest's learner options (\`${JSON.stringify(p.learnOptions ?? {})}\`); in every fold the learned gazetteer and blocks come from the other folds plus all of the other corpus, never from the held-out fold:`,
      '',
      ...lines,
      '',
      table(['type', ...corpora.flatMap((c) => [`${label(c)} P`, 'R', 'F1', 'gold entities'])], typeRows, ['l', ...corpora.flatMap(() => ['r', 'r', 'r', 'r'])]),
      '',
      unseen.length > 0 ? `Gold entities whose string was never a gold entity in the training folds: ${unseen.join(', ')}.` : '',
      '',
      'What each list and rule group adds (micro-F1 of the whole profile minus micro-F1 without it):',
      '',
      table(['part', ...corpora.map(label)], parts.map((r) => [r.part, ...corpora.map((c) => signed(r.contribution[c.short]))]), ['l', ...corpora.map(() => 'r')]),
      '',
      source('quality.json', ` (${day(q.generated)}), detailed in [\`quality.md\`](@root/benchmarks/results/quality.md)`),
    ].filter((line, i, all) => line !== '' || all[i - 1] !== '').join('\n');
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

  // docs/server.md: the server against clients that misbehave (bench:serve -- --only=hostile).
  'serve-hostile': () => {
    const h = need(result('serve.json').hostile, 'serve.json hostile');
    const gone = need(h.disconnectMidUpload, 'serve.json hostile.disconnectMidUpload');
    const left = need(h.leaveBigRequests, 'serve.json hostile.leaveBigRequests');
    const stalled = need(h.stalledStream, 'serve.json hostile.stalledStream');
    const whole = need(h.wholeBodyFirst, 'serve.json hostile.wholeBodyFirst');
    const term = need(h.sigtermUnderLoad, 'serve.json hostile.sigtermUnderLoad');
    const big = need(h.bigDocument, 'serve.json hostile.bigDocument');
    const errors = Object.entries(term.errors ?? {}).map(([code, n]) => `${n} ${code}`).join(', ') || 'no';
    const rows = [
      [`${gone.clients} clients upload ${gone.bodyMb} MB of NDJSON and leave without reading (\`--queue ${gone.queue}\`)`, `every place free ${int(gone.slotsFreedMs)} ms after the last left; the next request answered ${gone.nextStatus} in ${int(gone.nextMs)} ms; ${gone.stackTraces} stack traces logged`],
      [`${left.clients} clients send ${Math.round(left.bodyMb)} MB of \`{"texts"}\` each (about ${left.batches} batches) and leave once admitted`, `the next request answered ${left.nextStatus} in ${int(left.nextMs)} ms (their batches still waiting were dropped)`],
      [`a stalled NDJSON stream, one line every ${stalled.lineEveryMs} ms (\`--timeout ${stalled.timeoutMs}\`)`, `answered and closed after ${int(stalled.closedMs)} ms: ${stalled.documentsAnswered} documents, then a \`${stalled.lastLineCode}\` line`],
      [`${whole.bodyMb} MB of NDJSON sent whole before the answer is read`, `${int(whole.answered)} of ${int(whole.documents)} documents answered`],
      [`SIGTERM with ${term.requests} requests in progress`, `${term.truncated} answers cut short (${term.answered200} whole 200 answers, ${errors} errors, ${term.refused} connections refused); exit ${term.exitCode}`],
      [`one document of ${big.textMb.toFixed(1)} M characters`, `${big.status}, an answer of ${Math.round(big.answerMb)} MB; peak RSS ${mb(big.rssPeakMb)} MB; 9 M characters: ${big.nineMbStatus} ${big.nineMbCode}`],
      ...(h.longDocuments ? [[`${h.longDocuments.requests} documents of 8 M characters at once (\`--document-limit 10000000\`)`, `${h.longDocuments.statuses.join(', ')}, answers of ${Math.round(h.longDocuments.answerMb)} MB each (streamed); peak RSS ${mb(h.longDocuments.rssPeakMb)} MB, ${mb(h.longDocuments.rssAfterMb)} MB a second later`]] : []),
    ];
    return [
      `Measured ${day(h.date)} at load average ${h.loadAverage} (each case its own server, \`--jobs 1\`):`,
      '',
      table(['client', 'what happened'], rows, ['l', 'l']),
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
      // One huge document: one JSONL record (tagged and written in parts) and the same text as one plain-text line.
      ...(r.hugeDocument?.runs ?? []).flatMap((h) => [
        [`one JSONL record of ${h.jsonlRecord.inputMB} MB (×${h.jsonlRecord.peakOverInput} its size at the peak)`, `${h.jsonlRecord.seconds} s`, mb(h.jsonlRecord.peakRssMB)],
        [`the same text as one plain-text line (×${h.textLine.peakOverInput})`, `${h.textLine.seconds} s`, mb(h.textLine.peakRssMB)],
      ]),
    ];
    return [
      `Measured ${r.date}${r.hugeDocument?.runs ? ` (the huge documents ${r.hugeDocument.date.slice(0, 10)})` : ''} (${r.machine.cores} cores, Node ${r.machine.node}):`,
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
