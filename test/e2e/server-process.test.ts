import { execFileSync } from 'node:child_process';
import { existsSync } from 'node:fs';
import { createServer } from 'node:net';
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
