// Hostile clients against `sertag serve` (issue 27), for `npm run bench:serve`: a client that
// uploads NDJSON and leaves without reading, clients that send big requests and leave, a stalled
// stream, a large body sent whole before the answer is read, SIGTERM under load, the memory of
// one document at the size limit, and of four long documents at once with the limit raised.
// Each scenario starts its own server (`--jobs 1`, small --queue and --timeout), so the figures
// are about the server's behaviour, not its throughput.
import { spawn } from 'node:child_process';
import { once } from 'node:events';
import { connect } from 'node:net';
import { performance } from 'node:perf_hooks';

const sleep = (ms) => new Promise((r) => setTimeout(r, ms));

/**
 * Spawns a server (`command args` in `cwd`) and resolves once it says where it listens: the child,
 * its base URL and port, and its stderr so far. bench:serve starts the CLI and the npx wrapper with it too.
 */
export async function spawnServer(command, args, cwd) {
  const child = spawn(command, args, { cwd, stdio: ['ignore', 'ignore', 'pipe'] });
  let stderr = '';
  const url = await new Promise((resolve, reject) => {
    child.stderr.on('data', (chunk) => {
      stderr += chunk;
      const found = /listening on (http:\/\/[^/ ]+)\//.exec(stderr);
      if (found) resolve(found[1]);
    });
    child.on('exit', (code) => reject(new Error(`server exited with ${code}: ${stderr}`)));
  });
  return { child, url, port: Number(new URL(url).port), stderr: () => stderr };
}

/** `sertag serve` on a free port, from the built bin. */
const startServer = (bin, cwd, args) => spawnServer(process.execPath, [bin, 'serve', '--port', '0', ...args], cwd);

async function stop(server) {
  if (server.child.exitCode !== null) return server.child.exitCode;
  const exited = once(server.child, 'exit');
  server.child.kill('SIGTERM');
  const [code] = await exited;
  return code;
}

async function health(server) {
  return (await fetch(`${server.url}/v1/health`)).json();
}

async function until(check, ms) {
  const t0 = performance.now();
  while (performance.now() - t0 < ms) {
    if (await check()) return performance.now() - t0;
    await sleep(50);
  }
  return undefined;
}

async function rawClient(server) {
  const socket = connect(server.port, '127.0.0.1');
  await once(socket, 'connect');
  let received = '';
  socket.on('data', (chunk) => (received += chunk.toString('latin1')));
  socket.on('error', () => undefined);
  const closed = once(socket, 'close');
  return { socket, received: () => received, closed };
}

const line = (i) => JSON.stringify({ id: i, text: `Stackless Python runs on Linux and talks TCP/IP to a C++ server, number ${i}.` });
function ndjson(bytes) {
  const lines = [];
  let size = 0;
  for (let i = 0; size < bytes; i++) {
    lines.push(line(i));
    size += lines.at(-1).length + 1;
  }
  return lines.join('\n') + '\n';
}

const bodyOf = (received) => received.split('\r\n\r\n').slice(1).join('\r\n\r\n');

/** Runs every scenario; returns their figures. */
export async function runHostile({ bin, cwd, log, rss }) {
  const results = {};

  // 1. Clients that upload NDJSON and leave without reading (27.1).
  {
    const server = await startServer(bin, cwd, ['--jobs', '1', '--queue', '2', '--timeout', '20000']);
    const body = ndjson(2 * 1024 * 1024);
    const clients = 6;
    for (let i = 0; i < clients; i++) {
      const client = await rawClient(server);
      client.socket.write(`POST /v1/tag HTTP/1.1\r\nHost: x\r\nContent-Type: application/x-ndjson\r\nContent-Length: ${Buffer.byteLength(body)}\r\n\r\n`);
      client.socket.write(body);
      client.socket.pause();
      await sleep(300);
      client.socket.destroy();
    }
    const freedMs = await until(async () => (await health(server)).inProgress === 0, 30_000);
    const t0 = performance.now();
    const after = await fetch(`${server.url}/v1/tag`, { method: 'POST', headers: { 'content-type': 'application/json' }, body: JSON.stringify({ text: 'Python on Linux.' }) });
    results.disconnectMidUpload = { clients, bodyMb: 2, queue: 2, slotsFreedMs: freedMs ?? null, nextStatus: after.status, nextMs: performance.now() - t0, stackTraces: (server.stderr().match(/\n\s+at /g) ?? []).length };
    await stop(server);
    log(`  disconnect mid-upload: ${clients} clients on --queue 2; slots free ${freedMs?.toFixed(0)} ms after the last left; next request ${after.status} in ${results.disconnectMidUpload.nextMs.toFixed(0)} ms`);
  }

  // 1b. Clients that send big {"texts"} requests and leave once admitted; then a small request.
  {
    const server = await startServer(bin, cwd, ['--jobs', '1', '--queue', '8', '--timeout', '120000']);
    const texts = Array.from({ length: 6000 }, (_, i) => `${line(i)} ${'Python, Java and Linux. '.repeat(40)}`);
    const body = JSON.stringify({ types: ['Device'], texts });
    const clients = 3;
    const sockets = await Promise.all(Array.from({ length: clients }, () => rawClient(server)));
    for (const client of sockets) client.socket.write(`POST /v1/tag HTTP/1.1\r\nHost: x\r\nContent-Type: application/json\r\nContent-Length: ${Buffer.byteLength(body)}\r\n\r\n${body}`);
    await until(async () => (await health(server)).inProgress === clients, 60_000);
    for (const client of sockets) client.socket.destroy();
    await until(async () => (await health(server)).inProgress === 0, 30_000);
    const t0 = performance.now();
    const after = await fetch(`${server.url}/v1/tag`, { method: 'POST', headers: { 'content-type': 'application/json' }, body: JSON.stringify({ text: 'Python on Linux.' }) });
    await after.arrayBuffer();
    results.leaveBigRequests = { clients, bodyMb: Buffer.byteLength(body) / 2 ** 20, batches: Math.ceil(texts.join('').length / (64 * 1024)), queue: 8, nextStatus: after.status, nextMs: performance.now() - t0 };
    await stop(server);
    log(`  big requests left: ${clients} clients send ${results.leaveBigRequests.bodyMb.toFixed(0)} MB of {"texts"} and leave once admitted; next request ${after.status} in ${results.leaveBigRequests.nextMs.toFixed(0)} ms`);
  }

  // 2. A stalled NDJSON stream: one line every 200 ms (27.2).
  {
    const timeoutMs = 3000;
    const server = await startServer(bin, cwd, ['--jobs', '1', '--queue', '1', '--timeout', String(timeoutMs)]);
    const client = await rawClient(server);
    client.socket.write('POST /v1/tag HTTP/1.1\r\nHost: x\r\nContent-Type: application/x-ndjson\r\nTransfer-Encoding: chunked\r\n\r\n');
    const t0 = performance.now();
    let sent = 0;
    const trickle = setInterval(() => {
      const l = line(sent++) + '\n';
      if (!client.socket.destroyed) client.socket.write(`${Buffer.byteLength(l).toString(16)}\r\n${l}\r\n`);
    }, 200);
    await Promise.race([client.closed, sleep(60_000)]);
    clearInterval(trickle);
    const closedMs = performance.now() - t0;
    const lines = bodyOf(client.received()).split('\n').filter((l) => l.startsWith('{'));
    const last = lines.at(-1) ?? '';
    const freedMs = await until(async () => (await health(server)).inProgress === 0, 10_000);
    results.stalledStream = { timeoutMs, lineEveryMs: 200, linesSent: sent, documentsAnswered: lines.filter((l) => l.includes('"entities"')).length, lastLineCode: /"code":"(\w+)"/.exec(last)?.[1] ?? null, closedMs, slotFreeAfterCloseMs: freedMs ?? null };
    await stop(server);
    log(`  stalled stream: closed after ${closedMs.toFixed(0)} ms (--timeout ${timeoutMs}); ${results.stalledStream.documentsAnswered} of ${sent} documents answered, then ${results.stalledStream.lastLineCode}`);
  }

  // 3. A large NDJSON body sent whole before the answer is read (27.3).
  {
    const server = await startServer(bin, cwd, ['--jobs', '1', '--timeout', '300000']);
    const body = ndjson(9 * 1024 * 1024);
    const client = await rawClient(server);
    client.socket.pause();
    const t0 = performance.now();
    const written = new Promise((resolve) => client.socket.write(`POST /v1/tag HTTP/1.1\r\nHost: x\r\nContent-Type: application/x-ndjson\r\nContent-Length: ${Buffer.byteLength(body)}\r\nConnection: close\r\n\r\n${body}`, resolve));
    const sentWhole = await Promise.race([written.then(() => true), sleep(120_000).then(() => false)]);
    const sentMs = performance.now() - t0;
    client.socket.resume();
    await Promise.race([client.closed, sleep(300_000)]);
    const answered = bodyOf(client.received()).split('\n').filter((l) => l.startsWith('{"id"')).length;
    results.wholeBodyFirst = { bodyMb: 9, sentWhole, sentMs, answeredMs: performance.now() - t0, documents: body.split('\n').length - 1, answered, peakRssMb: rss(server.child.pid) };
    await stop(server);
    log(`  9 MB body sent whole first: sent in ${sentMs.toFixed(0)} ms, ${answered} of ${results.wholeBodyFirst.documents} documents answered in ${results.wholeBodyFirst.answeredMs.toFixed(0)} ms`);
  }

  // 4. SIGTERM under load (27.4).
  {
    const server = await startServer(bin, cwd, ['--jobs', '1', '--timeout', '5000']);
    const text = 'Stackless Python and C++ on Linux over TCP/IP. '.repeat(4000);
    const requests = Array.from({ length: 16 }, () =>
      fetch(`${server.url}/v1/tag`, { method: 'POST', headers: { 'content-type': 'application/json' }, body: JSON.stringify({ text }) }).then(
        async (r) => ({ status: r.status, body: await r.text() }),
        () => ({ status: 0, body: '' }),
      ),
    );
    await until(async () => (await health(server)).inProgress >= 6, 30_000);
    const t0 = performance.now();
    const exited = once(server.child, 'exit');
    server.child.kill('SIGTERM');
    const answers = await Promise.all(requests);
    const [exitCode] = await exited;
    const whole = answers.filter((a) => a.status === 200);
    const sizes = new Set(whole.map((a) => a.body.length));
    const truncated = whole.filter((a) => {
      try {
        JSON.parse(a.body);
        return false;
      } catch {
        return true;
      }
    }).length;
    const codes = {};
    for (const a of answers.filter((x) => x.status !== 200 && x.status !== 0)) {
      const code = /"code":"(\w+)"/.exec(a.body)?.[1] ?? `HTTP ${a.status}`;
      codes[code] = (codes[code] ?? 0) + 1;
    }
    results.sigtermUnderLoad = { requests: answers.length, answered200: whole.length, truncated, differentSizes: sizes.size, errors: codes, refused: answers.filter((a) => a.status === 0).length, exitCode, exitMs: performance.now() - t0 };
    log(`  SIGTERM under load: ${whole.length} whole 200s (${truncated} truncated), errors ${JSON.stringify(codes)}, ${results.sigtermUnderLoad.refused} refused; exit ${exitCode} after ${results.sigtermUnderLoad.exitMs.toFixed(0)} ms`);
  }

  // 5. Memory: one document at the default limit (1M characters) as {"text"}; one over it (27.5).
  {
    const server = await startServer(bin, cwd, ['--jobs', '1']);
    await fetch(`${server.url}/v1/tag`, { method: 'POST', headers: { 'content-type': 'application/json' }, body: JSON.stringify({ text: 'Python.' }) });
    const before = rss(server.child.pid);
    let peak = before;
    const sampler = setInterval(() => (peak = Math.max(peak, rss(server.child.pid))), 50);
    const text = 'Stackless Python and C++ on Linux over TCP/IP. '.repeat(Math.floor((1024 * 1024) / 48));
    const atLimit = await fetch(`${server.url}/v1/tag`, { method: 'POST', headers: { 'content-type': 'application/json' }, body: JSON.stringify({ text }) });
    const answerMb = (await atLimit.arrayBuffer()).byteLength / 2 ** 20;
    const over = await fetch(`${server.url}/v1/tag`, { method: 'POST', headers: { 'content-type': 'application/json' }, body: JSON.stringify({ text: text.repeat(9) }) });
    const overBody = await over.json();
    await sleep(1000);
    clearInterval(sampler);
    results.bigDocument = { textMb: text.length / 2 ** 20, status: atLimit.status, answerMb, rssBeforeMb: before, rssPeakMb: peak, rssAfterMb: rss(server.child.pid), nineMbStatus: over.status, nineMbCode: overBody.error?.code ?? null };
    await stop(server);
    log(`  one 1 MB {"text"}: answer ${answerMb.toFixed(0)} MB; RSS ${before.toFixed(0)} → peak ${peak.toFixed(0)} → ${results.bigDocument.rssAfterMb.toFixed(0)} MB; 9 MB: ${over.status} ${results.bigDocument.nineMbCode}`);
  }

  // 6. Memory: 4 {"text"} of 8M characters at once, the document limit raised (27.5: big answers stream).
  {
    const server = await startServer(bin, cwd, ['--jobs', '1', '--document-limit', '10000000', '--timeout', '300000']);
    await fetch(`${server.url}/v1/tag`, { method: 'POST', headers: { 'content-type': 'application/json' }, body: JSON.stringify({ text: 'Python.' }) });
    const before = rss(server.child.pid);
    let peak = before;
    const sampler = setInterval(() => (peak = Math.max(peak, rss(server.child.pid))), 25);
    const body = JSON.stringify({ text: 'Stackless Python and C++ on Linux over TCP/IP. '.repeat(Math.ceil(8e6 / 48)).slice(0, 8e6) });
    const t0 = performance.now();
    const answers = await Promise.all(
      Array.from({ length: 4 }, async () => {
        const response = await fetch(`${server.url}/v1/tag`, { method: 'POST', headers: { 'content-type': 'application/json' }, body });
        let bytes = 0;
        for await (const chunk of response.body) bytes += chunk.length;
        return { status: response.status, bytes };
      }),
    );
    const ms = performance.now() - t0;
    await sleep(1000);
    clearInterval(sampler);
    results.longDocuments = { requests: answers.length, textMb: 8e6 / 2 ** 20, statuses: answers.map((a) => a.status), answerMb: answers[0].bytes / 2 ** 20, ms, rssBeforeMb: before, rssPeakMb: peak, rssAfterMb: rss(server.child.pid) };
    await stop(server);
    const l = results.longDocuments;
    log(`  4 {"text"} of 8M characters at once: ${l.statuses.join(' ')}, answers of ${l.answerMb.toFixed(0)} MB in ${(ms / 1000).toFixed(1)} s; RSS ${before.toFixed(0)} → peak ${peak.toFixed(0)} → ${l.rssAfterMb.toFixed(0)} MB`);
  }
  return results;
}

/** The Markdown section of the figures. */
export function hostileMarkdown(h) {
  const f = (x) => (x === null || x === undefined ? '—' : Math.round(x).toLocaleString('en-US'));
  const d = h.disconnectMidUpload;
  const l = h.leaveBigRequests;
  const s = h.stalledStream;
  const w = h.wholeBodyFirst;
  const t = h.sigtermUnderLoad;
  const b = h.bigDocument;
  return [
    '## Hostile clients',
    '',
    'Each scenario starts its own server with `--jobs 1` (issue 27; `npm run bench:serve -- --only=hostile` runs these alone).',
    '',
    '| scenario | what happened |',
    '| --- | --- |',
    `| ${d.clients} clients upload ${d.bodyMb} MB of NDJSON and leave without reading (\`--queue ${d.queue}\`) | every slot free ${f(d.slotsFreedMs)} ms after the last left; the next request: ${d.nextStatus} in ${f(d.nextMs)} ms; ${d.stackTraces} stack traces logged |`,
    ...(l ? [`| ${l.clients} clients send ${l.bodyMb.toFixed(0)} MB of {"texts"} (about ${l.batches} batches each) and leave once admitted (\`--queue ${l.queue}\`) | the next request: ${l.nextStatus} in ${f(l.nextMs)} ms |`] : []),
    `| a stalled NDJSON stream, one line every ${s.lineEveryMs} ms (\`--timeout ${s.timeoutMs}\`) | answered and closed after ${f(s.closedMs)} ms: ${s.documentsAnswered} of the ${s.linesSent} lines sent, then a \`${s.lastLineCode}\` line; the slot free ${f(s.slotFreeAfterCloseMs)} ms later |`,
    `| ${w.bodyMb} MB of NDJSON sent whole before reading the answer | ${w.sentWhole ? `sent in ${f(w.sentMs)} ms` : 'the upload stalled'}; ${f(w.answered)} of ${f(w.documents)} documents answered after ${f(w.answeredMs)} ms |`,
    `| SIGTERM with ${t.requests} requests of 190 KB of text in progress (\`--timeout 5000\`) | ${t.answered200} whole 200 answers (${t.truncated} cut short), errors ${JSON.stringify(t.errors)}, ${t.refused} connections refused; exit ${t.exitCode} after ${f(t.exitMs)} ms |`,
    `| one {"text"} of ${b.textMb.toFixed(1)} M characters (the default --document-limit) | ${b.status}, an answer of ${b.answerMb.toFixed(0)} MB; server RSS ${f(b.rssBeforeMb)} → peak ${f(b.rssPeakMb)} → ${f(b.rssAfterMb)} MB a second later; 9 M characters: ${b.nineMbStatus} ${b.nineMbCode} |`,
    ...(h.longDocuments ? [`| ${h.longDocuments.requests} {"text"} of 8M characters at once (\`--document-limit 10000000\`) | ${h.longDocuments.statuses.join(', ')}, answers of ${h.longDocuments.answerMb.toFixed(0)} MB each in ${(h.longDocuments.ms / 1000).toFixed(1)} s; server RSS ${f(h.longDocuments.rssBeforeMb)} → peak ${f(h.longDocuments.rssPeakMb)} → ${f(h.longDocuments.rssAfterMb)} MB a second later |`] : []),
    '',
  ].join('\n');
}
