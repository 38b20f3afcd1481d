// Load on `sertag serve`, on loopback only, bounded in requests and in time.
//
// usage: npm run build && npm run bench:serve [-- --quick] [--no-write] [--only=hostile]
// Starts the built server (`node dist/bin/sertag.js serve --port 0`, default --jobs) and drives it
// with autocannon at 1, 8 and 64 connections: each request is one paragraph of WikiSER prose
// ({"text": …}); every response is checked (status 200, the id of the paragraph sent), so a lost or
// wrong response counts as an error. Then a soak of 100,000 requests samples the server's RSS.
// The same paragraphs go through `sertag tag --input jsonl --format jsonl` (1 and 2 jobs) for the
// ratio. Start-up is timed to the "listening" line and to the first tagged answer, for `node
// dist/bin/sertag.js serve` and `npx sertag serve`. Then hostile clients (lib/serve-hostile.mjs:
// leaving mid-upload, a stalled stream, a body sent whole before reading, SIGTERM under load, one
// document at the size limit); `--only=hostile` runs only these and updates their part of the
// results. Results: benchmarks/results/serve.{md,json}.
import { spawnSync } from 'node:child_process';
import { once } from 'node:events';
import { readFileSync, writeFileSync, mkdirSync } from 'node:fs';
import { cpus, totalmem, availableParallelism, loadavg } from 'node:os';
import { join } from 'node:path';
import { performance } from 'node:perf_hooks';
import autocannon from 'autocannon';
import { tokenize } from '../dist/index.js';
import { DEV, WORK, detokenize, fmtInt, median, repo } from './lib/speed-util.mjs';
import { hostileMarkdown, runHostile, spawnServer } from './lib/serve-hostile.mjs';

const quick = process.argv.includes('--quick');
// The machine may be shared: its load is recorded with the results, which are to be read with it.
const loadAverageAtStart = loadavg()[0];
const noWrite = process.argv.includes('--no-write');
const log = (s) => process.stderr.write(s + '\n');
const BIN = join(repo, 'dist', 'bin', 'sertag.js');
const LEVELS = quick ? [{ connections: 1, amount: 500 }, { connections: 8, amount: 2000 }, { connections: 64, amount: 4000 }] : [{ connections: 1, amount: 3000 }, { connections: 8, amount: 15000 }, { connections: 64, amount: 30000 }];
const SOAK = quick ? 10_000 : 100_000;
/** No phase may run longer than this, whatever happens. */
const PHASE_LIMIT_MS = quick ? 60_000 : 300_000;

// One paragraph per request: three consecutive WikiSER sentences, as prose.
if (process.argv.includes('--only=hostile')) {
  log('hostile clients:');
  const hostile = await runHostile({ bin: BIN, cwd: repo, log, rss: rssMb });
  const jsonPath = join(repo, 'benchmarks', 'results', 'serve.json');
  const mdPath = join(repo, 'benchmarks', 'results', 'serve.md');
  const section = hostileMarkdown({ ...hostile, date: new Date().toISOString(), loadAverage: loadavg()[0] });
  const dated = section.replace('## Hostile clients\n', `## Hostile clients\n\n${new Date().toISOString().slice(0, 16).replace('T', ' ')} UTC, load average ${loadavg()[0].toFixed(1)} (run on its own; the sections above are from their own run).\n`);
  process.stdout.write(dated);
  if (!noWrite) {
    const json = JSON.parse(readFileSync(jsonPath, 'utf8'));
    json.hostile = { date: new Date().toISOString(), loadAverage: loadavg()[0], ...hostile };
    writeFileSync(jsonPath, JSON.stringify(json, null, 2) + '\n');
    const md = readFileSync(mdPath, 'utf8').replace(/\n## Hostile clients\n[\s\S]*$/, '\n');
    writeFileSync(mdPath, md.trimEnd() + '\n\n' + dated);
  }
  process.exit(0);
}

const sentences = detokenize(DEV);
const paragraphs = [];
for (let i = 0; i + 3 <= sentences.length && paragraphs.length < 2000; i += 3) paragraphs.push(sentences.slice(i, i + 3).join(' '));
const tokensOf = paragraphs.map((p) => tokenize(p).length);
const meanTokens = tokensOf.reduce((a, b) => a + b, 0) / paragraphs.length;
log(`${paragraphs.length} paragraphs of WikiSER dev prose, ${meanTokens.toFixed(1)} tokens each on average`);

/** Starts the server; resolves once it says where it listens, with how long that took. */
async function startServer(command, args) {
  const t0 = performance.now();
  const server = await spawnServer(command, args, repo);
  const listeningMs = performance.now() - t0;
  return { ...server, listeningMs, listeningCpuMs: cpuMs(server.child.pid), t0 };
}

async function stopServer(server) {
  const exited = once(server.child, 'exit');
  server.child.kill('SIGTERM');
  const [code] = await exited;
  return code;
}

async function firstAnswer(server) {
  const response = await fetch(`${server.url}/v1/tag`, { method: 'POST', headers: { 'content-type': 'application/json' }, body: JSON.stringify({ text: paragraphs[0] }) });
  await response.text();
  if (response.status !== 200) throw new Error(`first answer: ${response.status}`);
  return performance.now() - server.t0;
}

/** CPU time (user + system, all threads) a process has used so far, in ms: what start-up costs whatever else the machine runs. */
function cpuMs(pid) {
  try {
    const fields = readFileSync(`/proc/${pid}/stat`, 'utf8').split(') ')[1].split(' ');
    return ((Number(fields[11]) + Number(fields[12])) * 1000) / 100;
  } catch {
    return NaN;
  }
}

function rssMb(pid) {
  const status = readFileSync(`/proc/${pid}/status`, 'utf8');
  return Number(/VmRSS:\s+(\d+)/.exec(status)[1]) / 1024;
}

/** One autocannon run of `amount` requests; every answer is checked for its status and the paragraph's id. */
async function load(url, connections, amount, onProgress) {
  let wrong = 0;
  let checked = 0;
  let tokens = 0;
  const requests = paragraphs.map((text, k) => ({
    method: 'POST',
    path: '/v1/tag',
    headers: { 'content-type': 'application/json' },
    body: JSON.stringify({ text, id: k }),
    onResponse(status, body) {
      checked++;
      // `{"id":K,` starts every answer: a cheap check that this is the paragraph's own answer.
      if (status !== 200 || !body.startsWith(`{"id":${k},`)) wrong++;
      else tokens += tokensOf[k];
      onProgress?.(checked);
    },
  }));
  const t0 = performance.now();
  const instance = autocannon({ url, connections, amount, requests, timeout: 30, pipelining: 1 });
  const watchdog = setTimeout(() => instance.stop(), PHASE_LIMIT_MS);
  const result = await instance;
  clearTimeout(watchdog);
  const seconds = (performance.now() - t0) / 1000;
  const errors = result.errors + result.timeouts + result.non2xx + wrong;
  return {
    connections,
    sent: amount,
    answered: checked,
    lost: amount - checked,
    errors,
    seconds,
    requestsPerS: checked / seconds,
    tokensPerS: tokens / seconds,
    p50Ms: result.latency.p50,
    p99Ms: result.latency.p99,
  };
}

function cliRun(jobs, file) {
  const t0 = performance.now();
  const r = spawnSync(process.execPath, [BIN, 'tag', '--input', 'jsonl', '--format', 'jsonl', '--jobs', String(jobs), '-o', join(WORK, 'serve-cli-out.jsonl'), file], { cwd: repo, encoding: 'utf8' });
  if (r.status !== 0) throw new Error(`sertag tag: ${r.stderr}`);
  return (performance.now() - t0) / 1000;
}

// Start-up, five times each: to the listening line, and to the first tagged answer.
const startups = { node: [], npx: [] };
for (let i = 0; i < (quick ? 2 : 5); i++) {
  for (const [name, command, args] of [['node', process.execPath, [BIN, 'serve', '--port', '0']], ['npx', 'npx', ['sertag', 'serve', '--port', '0']]]) {
    const server = await startServer(command, args);
    const answerMs = await firstAnswer(server);
    const answerCpuMs = cpuMs(server.child.pid);
    await stopServer(server);
    startups[name].push({ listeningMs: server.listeningMs, answerMs, listeningCpuMs: server.listeningCpuMs, answerCpuMs });
  }
}
const startup = Object.fromEntries(
  Object.entries(startups).map(([k, runs]) => [k, { listeningMs: median(runs.map((r) => r.listeningMs)), answerMs: median(runs.map((r) => r.answerMs)), listeningCpuMs: median(runs.map((r) => r.listeningCpuMs)), answerCpuMs: median(runs.map((r) => r.answerCpuMs)), runs }]),
);
log(`start-up (median): node ${startup.node.listeningMs.toFixed(0)} ms to listening, ${startup.node.answerMs.toFixed(0)} ms to the first answer; npx ${startup.npx.listeningMs.toFixed(0)} / ${startup.npx.answerMs.toFixed(0)} ms`);

const server = await startServer(process.execPath, [BIN, 'serve', '--port', '0']);
await firstAnswer(server);
const workers = availableParallelism();
const levels = [];
// A short warm-up at 8 connections, not recorded.
await load(server.url, 8, quick ? 500 : 2000);
for (const { connections, amount } of LEVELS) {
  const r = await load(server.url, connections, amount);
  levels.push(r);
  log(`  ${String(connections).padStart(2)} connections: ${fmtInt(r.requestsPerS)} req/s, ${fmtInt(r.tokensPerS)} tokens/s, p50 ${r.p50Ms} ms, p99 ${r.p99Ms} ms, ${r.errors} errors, ${r.lost} lost`);
}

// Soak: RSS sampled as the requests go.
const samples = [{ requests: 0, rssMb: rssMb(server.child.pid) }];
const every = SOAK / 20;
const soak = await load(server.url, 8, SOAK, (done) => {
  if (done % every === 0) samples.push({ requests: done, rssMb: rssMb(server.child.pid) });
});
log(`  soak: ${fmtInt(soak.answered)} requests at 8 connections, ${soak.errors} errors, ${soak.lost} lost; RSS ${samples.map((s) => s.rssMb.toFixed(0)).join(' ')} MB`);
const exitCode = await stopServer(server);

// The CLI on the same paragraphs, as many as the 64-connection run tagged.
mkdirSync(WORK, { recursive: true });
const cliFile = join(WORK, 'serve-cli-in.jsonl');
const cliDocs = LEVELS.at(-1).amount;
writeFileSync(cliFile, Array.from({ length: cliDocs }, (_, i) => JSON.stringify({ id: i, text: paragraphs[i % paragraphs.length] })).join('\n') + '\n');
const cliTokens = Array.from({ length: cliDocs }, (_, i) => tokensOf[i % paragraphs.length]).reduce((a, b) => a + b, 0);
const cli = {};
for (const jobs of [1, 2]) {
  const seconds = median(Array.from({ length: quick ? 1 : 3 }, () => cliRun(jobs, cliFile)));
  cli[jobs] = { seconds, tokensPerS: cliTokens / seconds, docsPerS: cliDocs / seconds };
  log(`  sertag tag --jobs ${jobs}: ${fmtInt(cli[jobs].tokensPerS)} tokens/s (${fmtInt(cli[jobs].docsPerS)} docs/s)`);
}

log('hostile clients:');
const hostile = await runHostile({ bin: BIN, cwd: repo, log, rss: rssMb });

const best = levels.reduce((a, b) => (b.tokensPerS > a.tokensPerS ? b : a));
const rss = samples.map((s) => s.rssMb);
const results = {
  date: new Date().toISOString(),
  machine: { cpus: cpus().length, cpu: cpus()[0]?.model, memGb: Math.round(totalmem() / 2 ** 30), node: process.version, loadAverageAtStart, loadAverageAtEnd: loadavg()[0] },
  paragraphs: paragraphs.length,
  meanTokens,
  workers,
  startup,
  levels,
  soak: { ...soak, samples, rssFirstMb: rss[1], rssLastMb: rss.at(-1), rssMinMb: Math.min(...rss.slice(1)), rssMaxMb: Math.max(...rss.slice(1)) },
  cli,
  ratio: { serverOverCli1: best.tokensPerS / cli[1].tokensPerS, serverOverCli2: best.tokensPerS / cli[2].tokensPerS },
  exitCode,
  hostile,
};

const f0 = (x) => fmtInt(Math.round(x));
const md = [
  '# `sertag serve` under load',
  '',
  `${results.date.slice(0, 16).replace('T', ' ')} UTC · ${results.machine.cpus} × ${results.machine.cpu} · ${results.machine.memGb} GB · Node ${results.machine.node} · load average ${results.machine.loadAverageAtStart.toFixed(1)} at the start, ${results.machine.loadAverageAtEnd.toFixed(1)} at the end · \`npm run bench:serve${quick ? ' -- --quick' : ''}\``,
  '',
  `The built server (\`sertag serve\`, ${workers} worker threads, the default profile) on 127.0.0.1, driven by autocannon from the same machine (the client shares the ${results.machine.cpus} cores with the server).`,
  `Each request is one paragraph of WikiSER dev prose (three sentences, ${meanTokens.toFixed(1)} tokens on average, ${paragraphs.length} different ones in turn) as \`{"text": …}\`; every answer is checked (status 200 and the paragraph's own id).`,
  '',
  '| connections | requests | req/s | tokens/s | p50 ms | p99 ms | errors | lost |',
  '| ---: | ---: | ---: | ---: | ---: | ---: | ---: | ---: |',
  ...levels.map((r) => `| ${r.connections} | ${fmtInt(r.sent)} | ${f0(r.requestsPerS)} | ${f0(r.tokensPerS)} | ${r.p50Ms} | ${r.p99Ms} | ${r.errors} | ${r.lost} |`),
  '',
  `**Against \`sertag tag\`** on the same paragraphs (${fmtInt(cliDocs)} JSONL records, \`--input jsonl --format jsonl\`, median of ${quick ? 1 : 3} runs, process start included): ` +
    `--jobs 1 ${f0(cli[1].tokensPerS)} tokens/s, --jobs 2 ${f0(cli[2].tokensPerS)} tokens/s. The server's best (${best.connections} connections) is **${results.ratio.serverOverCli1.toFixed(2)}×** the first and **${results.ratio.serverOverCli2.toFixed(2)}×** the second. The server pays an HTTP request, a JSON parse and a worker round trip per paragraph (~${Math.round(meanTokens)} tokens), and shares the cores with its load generator; the CLI pays its process start and reads 64 KB batches.`,
  '',
  `**Memory over ${fmtInt(soak.answered)} requests** (8 connections, ${soak.errors} errors, ${soak.lost} lost; ${f0(soak.requestsPerS)} req/s): RSS of the server process (main thread and workers) ` +
    `${samples[1].rssMb.toFixed(0)} MB after ${fmtInt(samples[1].requests)} requests, ${rss.at(-1).toFixed(0)} MB after ${fmtInt(samples.at(-1).requests)}; between ${results.soak.rssMinMb.toFixed(0)} and ${results.soak.rssMaxMb.toFixed(0)} MB throughout (${rss[0].toFixed(0)} MB before the soak).`,
  '',
  `| requests | ${samples.map((s) => fmtInt(s.requests)).join(' | ')} |`,
  `| --- | ${samples.map(() => '---:').join(' | ')} |`,
  `| RSS MB | ${samples.map((s) => s.rssMb.toFixed(0)).join(' | ')} |`,
  '',
  `**Start-up** (median of ${startup.node.runs.length}, warm compiled cache): \`node dist/bin/sertag.js serve\` listens after ${f0(startup.node.listeningMs)} ms and answers its first request after ${f0(startup.node.answerMs)} ms (the workers build their taggers meanwhile); \`npx sertag serve\` ${f0(startup.npx.listeningMs)} ms and ${f0(startup.npx.answerMs)} ms. ` +
    `CPU time the server process had used by then (all threads; what start-up costs whatever else the machine runs): ${f0(startup.node.listeningCpuMs)} ms when listening, ${f0(startup.node.answerCpuMs)} ms at the first answer.`,
  '',
  `SIGTERM after the soak: exit code ${exitCode}.`,
  '',
  hostileMarkdown(hostile),
].join('\n');

process.stdout.write(md);
if (!noWrite) {
  writeFileSync(join(repo, 'benchmarks', 'results', 'serve.md'), md);
  writeFileSync(join(repo, 'benchmarks', 'results', 'serve.json'), JSON.stringify(results, null, 2) + '\n');
}
// autocannon's agents may keep the event loop alive; the run is over.
process.exit(0);
