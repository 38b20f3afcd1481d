import { execFile, execFileSync, spawnSync } from 'node:child_process';
import { promisify } from 'node:util';
import { existsSync, readFileSync } from 'node:fs';
import type { FastifyInstance } from 'fastify';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { buildApp } from '../src/server/app.js';
import { servedProfiles } from '../src/server/profiles.js';
import { TaggingService } from '../src/server/tagging.js';

// docs/server.md shows a curl call and a Python client with their output: both run here against a
// real server (on a free port instead of 8080), so the page stays true.
const section = readFileSync('docs/server.md', 'utf8');

function block(language: string, after = 0): { code: string; end: number } {
  const found = new RegExp('```' + language + '\\n([\\s\\S]*?)```', 'g');
  found.lastIndex = after;
  const m = found.exec(section);
  if (!m) throw new Error(`no \`\`\`${language} block in docs/server.md`);
  return { code: m[1]!, end: found.lastIndex };
}

// Asynchronously: the server answering them runs in this very process.
const run = promisify(execFile);

const hasPython = spawnSync('python3', ['--version']).status === 0;
const hasCurl = spawnSync('curl', ['--version']).status === 0;

describe('docs/server.md', () => {
  let app: FastifyInstance;
  let port: string;
  beforeAll(async () => {
    if (!existsSync('dist/pipeline/worker.js')) execFileSync(process.execPath, ['node_modules/typescript/bin/tsc', '-p', '.'], { stdio: 'inherit' });
    const { profiles, defaultProfile } = servedProfiles(undefined, process.cwd());
    app = await buildApp(new TaggingService(profiles, defaultProfile, { jobs: 1, queue: 16, timeoutMs: 30_000 }), { bodyLimit: 1024 * 1024, version: '0' });
    port = new URL(await app.listen({ host: '127.0.0.1', port: 0 })).port;
  });
  afterAll(() => app?.close());

  it.skipIf(!hasCurl)('the curl call prints what docs/server.md shows', async () => {
    const curl = block('sh');
    const shown = block('json', curl.end).code;
    expect(curl.code).toContain('localhost:8080');
    const { stdout: output } = await run('bash', ['-c', curl.code.replace('localhost:8080', `127.0.0.1:${port}`)], { encoding: 'utf8' });
    expect(output + '\n').toBe(shown);
  });

  it.skipIf(!hasPython)('the Python client is 10 lines and prints what docs/server.md shows', async () => {
    const client = block('python');
    const shown = block('text', client.end).code;
    expect(client.code.trimEnd().split('\n')).toHaveLength(10);
    expect(client.code).toContain('http://127.0.0.1:8080/v1/tag');
    const { stdout: output } = await run('python3', ['-c', client.code.replace('127.0.0.1:8080', `127.0.0.1:${port}`)], { encoding: 'utf8' });
    expect(output).toBe(shown);
  });
});
