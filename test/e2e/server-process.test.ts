import { execFileSync } from 'node:child_process';
import { existsSync, mkdtempSync, writeFileSync } from 'node:fs';
import { request as httpRequest } from 'node:http';
import { createServer } from 'node:net';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { once } from 'node:events';
import { beforeAll, describe, expect, it } from 'vitest';
import { runCli, startServer } from '../helpers.js';

// The server runs its workers from dist/, and the signal test runs the built bin.
const BIN = 'dist/bin/sertag.js';
beforeAll(() => {
  if (!existsSync(BIN) || !existsSync('dist/pipeline/worker.js')) execFileSync(process.execPath, ['node_modules/typescript/bin/tsc', '-p', '.'], { stdio: 'inherit' });
});


describe('sertag serve: the command', () => {
  it.each([
    { args: ['--port', 'http'], message: '--port takes a whole number from 0 to 65535, not `http`' },
    { args: ['--port', '70000'], message: '--port takes a whole number from 0 to 65535' },
    { args: ['--jobs', '0'], message: '--jobs takes a whole number from 1 to 256, not `0`' },
    { args: ['--profile', 'nope'], message: 'unknown profile `nope`; bundled profiles: stackoverflow, wikipedia' },
    { args: ['--body-limit', '10G'], message: '--body-limit takes a size from 1k to 1024M' },
    { args: ['--cors', '*'], message: '--cors takes one origin such as http://localhost:3000' },
    { args: ['--cors', 'http://a.example/path'], message: '--cors takes one origin' },
    { args: ['notes.txt'], message: 'serve takes no file arguments (got `notes.txt`)' },
    { args: ['--listen', 'x'], message: "Unknown option '--listen'" },
  ])('refuses $args with a usage error (exit 2)', async ({ args, message }) => {
    const { code, stdout, stderr } = await runCli(['serve', ...args], process.cwd());
    expect(code).toBe(2);
    expect(stdout).toBe('');
    expect(stderr).toContain(message);
    expect(stderr).not.toMatch(/\n\s+at /);
  });

  it('says so when the port is taken (exit 1)', async () => {
    const blocker = createServer();
    blocker.listen(0, '127.0.0.1');
    await once(blocker, 'listening');
    const port = (blocker.address() as { port: number }).port;
    try {
      const { code, stderr } = await runCli(['serve', '--port', String(port), '--jobs', '1'], process.cwd());
      expect(code).toBe(1);
      expect(stderr).toBe(`sertag serve: cannot listen on 127.0.0.1:${port}: port ${port} is in use (choose another with --port)\n`);
    } finally {
      blocker.close();
    }
  });

  it('listens on 127.0.0.1 by default, and on SIGTERM answers the request in progress, then exits 0', async () => {
    const { child, url, stderr } = await startServer(['--jobs', '1']);
    expect(url).toMatch(/^http:\/\/127\.0\.0\.1:\d+$/);
    const text = 'Stackless Python and C++ on Linux over TCP/IP. '.repeat(20_000);
    const inProgress = fetch(`${url}/v1/tag`, { method: 'POST', headers: { 'content-type': 'application/json' }, body: JSON.stringify({ text }) });
    // Wait until the server holds the request (health is answered by the main thread, not a worker).
    for (let i = 0; i < 200; i++) {
      const health = (await (await fetch(`${url}/v1/health`)).json()) as { inProgress: number };
      if (health.inProgress > 0) break;
      await new Promise((r) => setTimeout(r, 20));
    }
    const exited = once(child, 'exit');
    child.kill('SIGTERM');
    const response = await inProgress;
    expect(response.status).toBe(200);
    const doc = (await response.json()) as { text: string; entities: unknown[] };
    expect(doc.text).toBe(text);
    expect(doc.entities.length).toBeGreaterThan(20_000);
    const [code, signal] = await exited;
    expect({ code, signal }).toEqual({ code: 0, signal: null });
    expect(stderr()).toMatch(/SIGTERM: finishing 1 request in progress, then stopping\nsertag serve: stopped\n$/);
    await expect(fetch(`${url}/v1/health`)).rejects.toThrow();
  });
});

/** Lines of running text with entities, `chars` characters in all (a document raised past the default --document-limit). */
function longText(chars: number): string {
  const lines: string[] = [];
  let size = 0;
  for (let i = 0; size < chars; i++) {
    const line = `Stackless Python ${i} and C++ on Linux talk TCP/IP to PostgreSQL; see numpy.\n`;
    lines.push(line);
    size += line.length;
  }
  return lines.join('').slice(0, chars);
}

/** Posts a JSON body over HTTP/1.1 and collects the answer: status, headers, body, and when its first and last bytes came. */
function postJson(url: string, body: string): Promise<{ status: number; headers: Record<string, string | string[] | undefined>; body: Buffer; chunks: number; firstMs: number; lastMs: number; error?: string }> {
  return new Promise((resolve, reject) => {
    const sent = Date.now();
    const request = httpRequest(`${url}/v1/tag`, { method: 'POST', headers: { 'content-type': 'application/json' } }, (response) => {
      const chunks: Buffer[] = [];
      let firstMs = -1;
      let lastMs = -1;
      const done = (error?: string): void => resolve({ status: response.statusCode!, headers: response.headers, body: Buffer.concat(chunks), chunks: chunks.length, firstMs, lastMs, ...(error ? { error } : {}) });
      response.on('data', (chunk: Buffer) => {
        if (firstMs < 0) firstMs = Date.now() - sent;
        lastMs = Date.now() - sent;
        chunks.push(chunk);
      });
      response.on('end', () => done());
      response.on('error', (error) => done(error.message));
    });
    request.on('error', reject);
    request.end(body);
  });
}

describe('sertag serve: big answers stream (issue 27.5)', () => {
  it('sends the start of a long document\'s answer while the rest is tagged, and the answer is what sertag tag writes', async () => {
    const server = await startServer(['--jobs', '1', '--document-limit', '4000000']);
    try {
      // The worker builds its taggers first: not part of the answer's time.
      await postJson(server.url, '{"text":"Python."}');
      const text = longText(3_000_000);
      const answer = await postJson(server.url, JSON.stringify({ text }));
      expect(answer.status).toBe(200);
      expect(answer.headers['content-type']).toBe('application/json');
      // Streamed: the first bytes come while the rest is tagged, most of the answer's time before
      // the last (an answer built whole came in one burst at the end: 7% of the time between them).
      expect(answer.chunks).toBeGreaterThan(10);
      expect(answer.lastMs - answer.firstMs).toBeGreaterThan(0.5 * answer.lastMs);
      // The same record as sertag tag --format jsonl writes for that text as one JSONL record (the
      // server leaves out the line break: a {"texts"} answer puts records in a JSON array).
      const dir = mkdtempSync(join(tmpdir(), 'sertag-stream-'));
      writeFileSync(join(dir, 'one.jsonl'), JSON.stringify({ id: 'request#1', text }) + '\n');
      const cli = await runCli(['tag', '-q', '--format', 'jsonl', join(dir, 'one.jsonl')], process.cwd());
      expect(cli.code).toBe(0);
      expect(answer.body.toString('utf8') + '\n').toBe(cli.stdout);
      // {"texts"}: the same record as the first item of {"documents": […]}, then the next.
      const texts = await postJson(server.url, JSON.stringify({ texts: [text, 'numpy on Linux.'] }));
      expect(texts.status).toBe(200);
      expect(texts.chunks).toBeGreaterThan(10);
      const parsed = JSON.parse(texts.body.toString('utf8')) as { documents: Array<{ id: string }> };
      expect(parsed.documents.map((d) => d.id)).toEqual(['request#1', 'request#2']);
      expect(texts.body.subarray('{"documents":['.length, '{"documents":['.length + answer.body.length).equals(answer.body)).toBe(true);
    } finally {
      server.child.kill('SIGKILL');
    }
  }, 180_000);

  it('cuts the connection when the time limit passes after the answer has started, and logs one line', async () => {
    const server = await startServer(['--jobs', '1', '--document-limit', '9000000', '--timeout', '1000']);
    try {
      await postJson(server.url, '{"text":"Python."}');
      // Its text goes out at once; tagging its 9 parts takes longer than the time limit.
      const answer = await postJson(server.url, JSON.stringify({ text: longText(9_000_000) }));
      expect(answer.status).toBe(200);
      expect(answer.body.length).toBeGreaterThan(1 << 20);
      expect(answer.error).toBe('aborted');
      expect(() => JSON.parse(answer.body.toString('utf8'))).toThrow();
      await new Promise((r) => setTimeout(r, 200));
      expect(server.stderr()).toMatch(/sertag serve: POST \/v1\/tag: the answer was cut short after \d+ bytes \(TIMEOUT: the request was not tagged within the server's time limit of 1000 ms; send less text per request, or retry\); the connection was closed\n/);
      expect(server.stderr()).not.toMatch(/\n\s+at /);
      // The server goes on (once its worker, stopped a second past the time limit, is replaced and warm).
      let next = 0;
      for (let i = 0; i < 60 && next !== 200; i++) next = (await postJson(server.url, '{"text":"Python."}')).status;
      expect(next).toBe(200);
    } finally {
      server.child.kill('SIGKILL');
    }
  }, 120_000);
});
