import { execFileSync } from 'node:child_process';
import { createHash } from 'node:crypto';
import { existsSync, mkdirSync, mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { Readable } from 'node:stream';
import type { FastifyInstance } from 'fastify';
import fc from 'fast-check';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { buildApp, type AppOptions } from '../../src/server/app.js';
import { servedProfiles } from '../../src/server/profiles.js';
import { TaggingService, type TaggingLimits } from '../../src/server/tagging.js';
import type { ServedProfile } from '../../src/server/protocol.js';
import { runCli } from '../helpers.js';

/**
 * The CLI's output for `text` read as plain text, without the `offset` its documents carry (where a
 * paragraph starts in its file): the text of a request is a document of its own.
 */
async function cliOnText(argv: string[], text: string): Promise<Awaited<ReturnType<typeof runCli>>> {
  const run = await runCli(argv, process.cwd(), text);
  return { ...run, stdout: run.stdout.replace(/"offset":0,|,"offset":0(?=[,}])/g, '') };
}

// The server's workers run dist/pipeline/worker.js, so these tests need the build.
beforeAll(() => {
  if (!existsSync('dist/pipeline/worker.js')) execFileSync(process.execPath, ['node_modules/typescript/bin/tsc', '-p', '.'], { stdio: 'inherit' });
});

const SENTENCE = 'Stackless Python runs on Linux and uses green threads instead of the C call stack.';
const MiB = 1024 * 1024;

/** A small profile of its own, for the tests that are about limits rather than about tagging. */
const TINY: ServedProfile = {
  name: 'tiny',
  description: 'two terms',
  taggerOptions: {
    defaultGazetteers: false,
    defaultRules: false,
    gazetteers: [{ type: 'Language', entries: ['Python', { term: 'C++' }] }],
  },
};

async function startApp(limits: Partial<TaggingLimits> = {}, options: Partial<AppOptions> = {}, profiles: ServedProfile[] = [...servedProfiles(undefined, process.cwd()).profiles, TINY]) {
  const defaultProfile = profiles.some((p) => p.name === 'wikipedia') ? 'wikipedia' : profiles[0]!.name;
  const service = new TaggingService(profiles, defaultProfile, { jobs: 2, queue: 64, timeoutMs: 30_000, ...limits });
  return buildApp(service, { bodyLimit: 10 * MiB, version: '0.0.0-test', ...options });
}

function post(app: FastifyInstance, body: unknown, contentType = 'application/json', url = '/v1/tag') {
  const payload = typeof body === 'string' || Buffer.isBuffer(body) || body instanceof Readable ? body : JSON.stringify(body);
  return app.inject({ method: 'POST', url, headers: { 'content-type': contentType }, payload: payload as string });
}

/** An error response: its status, and a body that is exactly `{"error": {"code", "message"}}` with no stack trace in it. */
function expectError(response: { statusCode: number; body: string; headers: Record<string, unknown> }, status: number, code: string): string {
  expect(response.statusCode).toBe(status);
  expect(response.headers['content-type']).toMatch(/^application\/json/);
  const body = JSON.parse(response.body) as { error: { code: string; message: string } };
  expect(Object.keys(body)).toEqual(['error']);
  expect(Object.keys(body.error).sort()).toEqual(['code', 'message']);
  expect(body.error.code).toBe(code);
  expect(body.error.message).not.toMatch(/\n\s+at |\.ts:\d|node_modules/);
  return body.error.message;
}

describe('sertag serve: POST /v1/tag', () => {
  let app: FastifyInstance;
  beforeAll(async () => {
    app = await startApp();
  });
  afterAll(() => app.close());

  it('answers one text with the same JSON as `sertag tag --format jsonl`', async () => {
    const cli = await cliOnText(['tag', '--format', 'jsonl'], SENTENCE + '\n');
    expect(cli.code).toBe(0);
    const response = await post(app, { text: SENTENCE, id: 'stdin#1' });
    expect(response.statusCode).toBe(200);
    expect(response.headers['content-type']).toMatch(/^application\/json/);
    expect(response.body + '\n').toBe(cli.stdout);
    const doc = JSON.parse(response.body);
    expect(doc.entities.map((e: { text: string; type: string }) => `${e.text}/${e.type}`)).toContain('Stackless Python/Operating_System');
  });

  it('numbers documents without an id request#1, request#2, … and keeps given ids', async () => {
    const response = await post(app, { texts: ['I write Python.', { id: 7, text: 'C++ too.' }, { text: 'Nothing here.' }], profile: 'tiny' });
    expect(response.statusCode).toBe(200);
    const { documents } = JSON.parse(response.body);
    expect(documents.map((d: { id: unknown }) => d.id)).toEqual(['request#1', 7, 'request#3']);
    expect(documents[0].entities).toEqual([{ start: 8, end: 14, type: 'Language', text: 'Python', source: { kind: 'gazetteer', file: '(gazetteer object)', line: 1, entry: 'Python' } }]);
    expect(documents[1].entities.map((e: { text: string }) => e.text)).toEqual(['C++']);
    expect(documents[2].entities).toEqual([]);
  });

  it('explains each entity as `sertag tag --explain --format jsonl` does, and keeps only the types asked for', async () => {
    const explained = await cliOnText(['tag', '--format', 'jsonl', '--explain'], SENTENCE + '\n');
    const response = await post(app, { text: SENTENCE, id: 'stdin#1', explain: true });
    expect(response.body + '\n').toBe(explained.stdout);
    expect(JSON.parse(response.body).entities[0].why).toMatch(/^gazetteer gazetteers\/.*:\d+ entry "/);

    const onlyLanguages = await cliOnText(['tag', '--format', 'jsonl', '--types', 'Language,General_Concept'], SENTENCE + '\n');
    const filtered = await post(app, { text: SENTENCE, id: 'stdin#1', types: ['Language', 'General_Concept'] });
    expect(filtered.body + '\n').toBe(onlyLanguages.stdout);
    expect(JSON.parse(filtered.body).entities.map((e: { type: string }) => e.type)).toEqual(['Language', 'General_Concept']);
  });

  it('answers in the other per-document formats of `sertag tag` (prodigy, doccano, spacy) when asked', async () => {
    for (const format of ['prodigy', 'doccano', 'spacy']) {
      const cli = await cliOnText(['tag', '--format', format], SENTENCE + '\n');
      expect(cli.code).toBe(0);
      const one = await post(app, { text: SENTENCE, id: 'stdin#1', format });
      expect(one.body + '\n').toBe(cli.stdout);
      const many = JSON.parse((await post(app, { texts: [SENTENCE, SENTENCE], format })).body);
      expect(many.documents).toHaveLength(2);
      const streamed = await post(app, `{"id": "stdin#1", "text": ${JSON.stringify(SENTENCE)}}\n`, 'application/x-ndjson', `/v1/tag?format=${format}`);
      expect(streamed.body).toBe(cli.stdout);
    }
    // The message lists the values there are (issue 26), as the NDJSON query's does.
    expect(expectError(await post(app, { text: 'x', format: 'html' }), 400, 'BAD_REQUEST')).toBe('body.format must be one of jsonl, prodigy, doccano, spacy, not "html"');
    expect(expectError(await post(app, 'x', 'application/x-ndjson', '/v1/tag?format=bio'), 400, 'BAD_REQUEST')).toBe('format must be one of jsonl, prodigy, doccano, spacy, not "bio"');
    expect(expectError(await post(app, 'x', 'application/x-ndjson', '/v1/tag?types=Language&types=Device'), 400, 'BAD_REQUEST')).toBe('give the query parameter types once');
  });

  it('tags 1,000 texts in one request, in order, as the CLI tags the same JSONL corpus', async () => {
    const texts = Array.from({ length: 1000 }, (_, i) => ({ id: `doc-${i}`, text: `${['Python runs on Linux.', 'We moved from C++ to Rust.', 'Nothing to see.'][i % 3]} Paragraph ${i} of a corpus about TCP/IP.` }));
    const cli = await runCli(['tag', '--input', 'jsonl', '--format', 'jsonl'], process.cwd(), texts.map((t) => JSON.stringify(t)).join('\n') + '\n');
    const response = await post(app, { texts });
    expect(response.statusCode).toBe(200);
    const { documents } = JSON.parse(response.body);
    expect(documents).toHaveLength(1000);
    expect(documents.map((d: unknown) => JSON.stringify(d) + '\n').join('')).toBe(cli.stdout);
  });

  it('peels Markdown or not per request, as `sertag tag --markdown` / `--no-markdown` do; the profile decides when it is not said', async () => {
    const text = '**Python** runs `pandas` on *Linux*.';
    const peeled = await cliOnText(['tag', '--format', 'jsonl'], text + '\n');
    const raw = await cliOnText(['tag', '--format', 'jsonl', '--no-markdown'], text + '\n');
    expect(raw.stdout).not.toBe(peeled.stdout);
    expect((await post(app, { text, id: 'stdin#1' })).body + '\n').toBe(peeled.stdout);
    expect((await post(app, { text, id: 'stdin#1', markdown: true })).body + '\n').toBe(peeled.stdout);
    expect((await post(app, { text, id: 'stdin#1', markdown: false })).body + '\n').toBe(raw.stdout);
    const ndjson = JSON.stringify({ id: 'stdin#1', text }) + '\n';
    expect((await post(app, ndjson, 'application/x-ndjson', '/v1/tag?markdown=false')).body).toBe(raw.stdout);
    expect((await post(app, ndjson, 'application/x-ndjson', '/v1/tag')).body).toBe(peeled.stdout);
    const plain = await post(app, text, 'text/plain; charset=utf-8', '/v1/tag?markdown=0');
    expect(JSON.parse(plain.body).entities).toEqual(JSON.parse(raw.stdout).entities);
    expectError(await post(app, text, 'text/plain; charset=utf-8', '/v1/tag?markdown=maybe'), 400, 'BAD_REQUEST');
    expectError(await post(app, { text, markdown: 'no' }), 400, 'BAD_REQUEST');
  });

  it('streams an NDJSON body back line by line, in order, as the CLI tags it', async () => {
    // ~1.4 MB: more than the batches the server keeps in flight, so output starts before the input ends.
    const lines = Array.from({ length: 12_000 }, (_, i) => JSON.stringify({ id: i, text: `Line ${i}: Stackless Python and C++ on Windows, over HTTP. ${'x'.repeat(i % 50)}` }));
    const corpus = lines.join('\n') + '\n';
    const cli = await runCli(['tag', '--input', 'jsonl', '--format', 'jsonl', '--explain'], process.cwd(), corpus);
    const chunks = Array.from({ length: 40 }, (_, k) => Buffer.from(corpus.slice((k * corpus.length) / 40, ((k + 1) * corpus.length) / 40)));
    const response = await post(app, Readable.from(chunks), 'application/x-ndjson', '/v1/tag?explain=true');
    expect(response.statusCode).toBe(200);
    expect(response.headers['content-type']).toMatch(/^application\/x-ndjson/);
    expect(response.body).toBe(cli.stdout);
  });

  it('tags a text/plain body as one document, as {"text"} is, with the options in the query string', async () => {
    const plain = await post(app, SENTENCE, 'text/plain; charset=utf-8', '/v1/tag?explain=true&format=spacy');
    const json = await post(app, { text: SENTENCE, explain: true, format: 'spacy' });
    expect(plain.statusCode).toBe(200);
    expect(plain.headers['content-type']).toMatch(/^application\/json/);
    expect(plain.body).toBe(json.body);
    expect(expectError(await post(app, Buffer.from([0x50, 0xff]), 'text/plain'), 400, 'INVALID_UTF8')).toBe('the body is not valid UTF-8');
  });

  it('ends an NDJSON answer at a bad line with an {"error"} line, after the documents before it (as the CLI does)', async () => {
    const early = await post(app, '{"text": "Python"}\nnot json\n{"text": "never tagged"}\n', 'application/x-ndjson');
    expect(early.statusCode).toBe(200);
    const [first, error, ...rest] = early.body.trim().split('\n').map((l) => JSON.parse(l));
    expect(first.id).toBe('request#1');
    expect(error.error.code).toBe('BAD_LINE');
    expect(error.error.message).toMatch(/^request body:2: expected one JSON object/);
    expect(rest).toEqual([]);

    const good = Array.from({ length: 8000 }, (_, i) => JSON.stringify({ id: i, text: `Python and C++ on Linux, line ${i}, ${'y'.repeat(40)}` }));
    const chunks = [...good.map((l) => Buffer.from(l + '\n')), Buffer.from('{"id": "last", "txt": "typo"}\n{"text": "after"}\n')];
    const late = await post(app, Readable.from(chunks), 'application/x-ndjson');
    expect(late.statusCode).toBe(200);
    const out = late.body.trim().split('\n').map((l) => JSON.parse(l));
    expect(out).toHaveLength(8001);
    expect(out.slice(0, 8000).map((d) => d.id)).toEqual(good.map((_, i) => i));
    expect(out[8000]).toEqual({ error: { code: 'BAD_LINE', message: 'request body:8001: expected a JSON object with a "text" string (and optionally an "id")' } });
  });

  it('refuses malformed JSON, a wrong shape and a wrong content type with a clear 4xx', async () => {
    expect(expectError(await post(app, '{"text": "Python"'), 400, 'BAD_JSON')).toMatch(/^the body is not valid JSON/);
    expectError(await post(app, ''), 400, 'BAD_JSON');
    expect(expectError(await post(app, { text: 42 }), 400, 'BAD_REQUEST')).toBe('body/text must be string');
    expect(expectError(await post(app, { txt: 'Python' }), 400, 'BAD_REQUEST')).toMatch(/additional properties/);
    expect(expectError(await post(app, { text: 'a', texts: ['b'] }), 400, 'BAD_REQUEST')).toMatch(/either "text".*or "texts"/);
    expectError(await post(app, {}), 400, 'BAD_REQUEST');
    expectError(await post(app, ['Python']), 400, 'BAD_REQUEST');
    expectError(await post(app, { texts: [1, 2] }), 400, 'BAD_REQUEST');
    expectError(await post(app, { text: 'x', explain: 'yes' }), 400, 'BAD_REQUEST');
    expect(expectError(await post(app, 'Python', 'application/xml'), 415, 'UNSUPPORTED_MEDIA_TYPE')).toMatch(/application\/json, application\/x-ndjson or text\/plain/);
    expectError(await post(app, '<a>Python</a>', 'application/xml'), 415, 'UNSUPPORTED_MEDIA_TYPE');
    expectError(await app.inject({ method: 'POST', url: '/v1/tag', payload: 'Python' }), 415, 'UNSUPPORTED_MEDIA_TYPE');
  });

  it('chooses profiles by name only, and checks the types against the profile', async () => {
    expect(expectError(await post(app, { text: 'x', profile: 'nope' }), 400, 'UNKNOWN_PROFILE')).toMatch(/this server has stackoverflow, wikipedia, tiny/);
    expectError(await post(app, { text: 'x', profile: '../gazetteers/learned-wikiser.yaml' }), 400, 'UNKNOWN_PROFILE');
    expectError(await post(app, { text: 'x', profile: '/etc/passwd' }), 400, 'UNKNOWN_PROFILE');
    expect(expectError(await post(app, { text: 'x', types: ['Language', 'Framework'] }), 400, 'UNKNOWN_TYPE')).toMatch(/"Framework" in "types"; profile wikipedia knows Algorithm, /);
    const stackOverflowText = 'How do I install numpy for python3 on ubuntu 18.04 with pip?';
    const cli = await cliOnText(['tag', '--format', 'jsonl', '--profile', 'stackoverflow'], stackOverflowText + '\n');
    expect((await post(app, { text: stackOverflowText, id: 'stdin#1', profile: 'stackoverflow' })).body + '\n').toBe(cli.stdout);
    const tiny = JSON.parse((await post(app, { text: 'Python', profile: 'tiny' })).body);
    expect(tiny.entities[0].source.file).toBe('(gazetteer object)');
  });

  it('refuses a 50 MB body with 413, and invalid UTF-8 with 400', async () => {
    const huge = Buffer.alloc(50 * MiB, 'a');
    huge.write('{"text": "', 0);
    huge.write('"}', huge.length - 2);
    expect(expectError(await post(app, huge), 413, 'BODY_TOO_LARGE')).toMatch(/larger than this server's limit of 10485760 bytes/);
    expectError(await post(app, huge, 'application/x-ndjson'), 413, 'BODY_TOO_LARGE');
    // Without a Content-Length (chunked), the limit is found while reading: the answer ends with the error.
    const chunked = await post(app, Readable.from([Buffer.from('{"text": "Python"}\n'), Buffer.alloc(11 * MiB, ' ')]), 'application/x-ndjson');
    const lines = chunked.body.trim().split('\n').map((l) => JSON.parse(l));
    expect(lines.at(-1).error.code).toBe('BODY_TOO_LARGE');
    expect(lines.slice(0, -1).every((d) => d.text === 'Python')).toBe(true);

    const badUtf8 = Buffer.concat([Buffer.from('{"text": "caf'), Buffer.from([0xc3, 0x28]), Buffer.from('"}')]);
    expect(expectError(await post(app, badUtf8), 400, 'INVALID_UTF8')).toBe('the body is not valid UTF-8');
    const badLine = await post(app, Buffer.concat([Buffer.from('{"text": "a"}\n{"text": "'), Buffer.from([0xff]), Buffer.from('"}\n')]), 'application/x-ndjson');
    expect(badLine.body.trim().split('\n').map((l) => JSON.parse(l).error?.code)).toEqual(['INVALID_UTF8']);
    const cutShort = await post(app, Buffer.concat([Buffer.from('{"text": "a"}\n{"text": "'), Buffer.from([0xe2, 0x82])]), 'application/x-ndjson');
    expect(cutShort.body.trim().split('\n').map((l) => JSON.parse(l).error?.message)).toEqual([undefined, 'the body is not valid UTF-8 (line 2)']);
  });

  it('answers 404 in JSON for other paths and methods', async () => {
    expect(expectError(await app.inject({ method: 'GET', url: '/v1/nothing?x=1' }), 404, 'NOT_FOUND')).toBe('no GET /v1/nothing here; the API is described at /v1/openapi.json');
    expectError(await app.inject({ method: 'GET', url: '/v1/tag' }), 404, 'NOT_FOUND');
    expectError(await app.inject({ method: 'DELETE', url: '/v1/profiles' }), 404, 'NOT_FOUND');
  });

  it('never crashes nor leaks a stack trace on random bodies, and answers normally afterwards', async () => {
    const bodies = fc.oneof(
      fc.uint8Array({ maxLength: 200 }).map((b) => Buffer.from(b)),
      fc.json().map((j) => Buffer.from(j)),
      fc.anything().map((v) => Buffer.from(JSON.stringify({ text: v, texts: v, explain: v, types: v, profile: v }) ?? 'null')),
    );
    const types = fc.constantFrom('application/json', 'application/x-ndjson', 'text/plain', 'application/json; charset=utf-8');
    await fc.assert(
      fc.asyncProperty(bodies, types, async (body, type) => {
        const response = await post(app, body, type);
        expect(response.statusCode).not.toBe(500);
        if (response.statusCode !== 200) expectError(response, response.statusCode, JSON.parse(response.body).error.code);
      }),
      { numRuns: 300, seed: 16 },
    );
    expect((await post(app, { text: 'Python' })).statusCode).toBe(200);
  });
});

describe('sertag serve: other endpoints and the page', () => {
  let app: FastifyInstance;
  beforeAll(async () => {
    app = await startApp();
  });
  afterAll(() => app.close());

  it('reports health, the profiles with their sources, and an OpenAPI description', async () => {
    const health = await app.inject({ method: 'GET', url: '/v1/health' });
    expect(health.statusCode).toBe(200);
    expect(JSON.parse(health.body)).toEqual({ status: 'ok', version: '0.0.0-test', workers: 2, inProgress: 0, queueLimit: 64, defaultProfile: 'wikipedia' });

    const { default: chosen, profiles } = JSON.parse((await app.inject({ method: 'GET', url: '/v1/profiles' })).body);
    expect(chosen).toBe('wikipedia');
    expect(profiles.map((p: { name: string }) => p.name)).toEqual(['stackoverflow', 'wikipedia', 'tiny']);
    const wikipedia = profiles[1];
    expect(wikipedia.types).toContain('Operating_System');
    expect(wikipedia.entries).toBeGreaterThan(10_000);
    expect(wikipedia.sources).toContainEqual({ file: 'gazetteers/learned-wikiser.yaml', sha256: expect.stringMatching(/^[0-9a-f]{12}$/) });
    expect(profiles[2]).toMatchObject({ name: 'tiny', description: 'two terms', entries: 2, rules: 0 });

    const openapi = JSON.parse((await app.inject({ method: 'GET', url: '/v1/openapi.json' })).body);
    expect(openapi.openapi).toBe('3.1.0');
    expect(Object.keys(openapi.paths)).toEqual(['/v1/tag', '/v1/health', '/v1/profiles', '/v1/openapi.json']);
    expect(Object.keys(openapi.paths['/v1/tag'].post.responses)).toEqual(['200', '400', '413', '415', '503']);
  });

  it('serves a self-contained page under a Content-Security-Policy that forbids inline code', async () => {
    const page = await app.inject({ method: 'GET', url: '/' });
    expect(page.statusCode).toBe(200);
    expect(page.headers['content-type']).toBe('text/html; charset=utf-8');
    const csp = String(page.headers['content-security-policy']);
    expect(csp).toContain("default-src 'none'");
    expect(csp).toContain("script-src 'self'");
    expect(csp).not.toContain('unsafe-inline');
    expect(page.body).toContain('<script src="/page.js" defer></script>');
    expect(page.body).not.toMatch(/<script>|<style>| style=| on[a-z]+=/);
    for (const asset of ['/', '/page.js', '/page.css']) {
      const body = (await app.inject({ method: 'GET', url: asset })).body;
      // No CDN, no font service: nothing on the page names another host.
      expect(body).not.toMatch(/https?:\/\//);
    }
    const script = (await app.inject({ method: 'GET', url: '/page.js' })).body;
    expect(script).not.toMatch(/innerHTML|outerHTML|insertAdjacentHTML|document\.write|eval\(/);
  });

  it('sends no CORS header unless an origin is allowed', async () => {
    const response = await app.inject({ method: 'POST', url: '/v1/tag', headers: { 'content-type': 'application/json', origin: 'http://elsewhere.example' }, payload: '{"text": "x"}' });
    expect(response.statusCode).toBe(200);
    expect(response.headers['access-control-allow-origin']).toBeUndefined();
    const preflight = await app.inject({ method: 'OPTIONS', url: '/v1/tag', headers: { origin: 'http://elsewhere.example', 'access-control-request-method': 'POST' } });
    expect(preflight.headers['access-control-allow-origin']).toBeUndefined();

    const open = await startApp({}, { corsOrigin: 'http://localhost:3000' }, [TINY]);
    try {
      const allowed = await open.inject({ method: 'OPTIONS', url: '/v1/tag', headers: { origin: 'http://localhost:3000', 'access-control-request-method': 'POST', 'access-control-request-headers': 'content-type' } });
      expect(allowed.statusCode).toBe(204);
      expect(allowed.headers['access-control-allow-origin']).toBe('http://localhost:3000');
      const other = await open.inject({ method: 'POST', url: '/v1/tag', headers: { 'content-type': 'application/json', origin: 'http://evil.example' }, payload: '{"text": "x"}' });
      expect(other.headers['access-control-allow-origin']).not.toBe('http://evil.example');
    } finally {
      await open.close();
    }
  });
});

describe('sertag serve: profiles', () => {
  it("serves the bundled profiles and the operator's own manifest, each by its name only", async () => {
    const dir = mkdtempSync(join(tmpdir(), 'sertag-serve-profile-'));
    writeFileSync(join(dir, 'terms.yaml'), 'type: Library\nentries:\n  - NumPy\n  - pandas\n');
    writeFileSync(join(dir, 'mine.yaml'), 'profile: mine\ndescription: data science notes\ngazetteers: [terms.yaml]\nrules: []\n');
    const { profiles, defaultProfile } = servedProfiles('mine.yaml', dir);
    expect(defaultProfile).toBe('mine');
    expect(profiles.map((p) => p.name)).toEqual(['stackoverflow', 'wikipedia', 'mine']);
    const service = new TaggingService(profiles, defaultProfile, { jobs: 1, queue: 8, timeoutMs: 30_000 });
    const app = await buildApp(service, { bodyLimit: MiB, version: '0' });
    try {
      const mine = JSON.parse((await post(app, { text: 'NumPy and pandas in Python.' })).body);
      expect(mine.entities.map((e: { text: string; type: string }) => `${e.text}/${e.type}`)).toEqual(['NumPy/Library', 'pandas/Library']);
      expect(mine.entities[0].source.file).toBe('terms.yaml');
      const wikipedia = JSON.parse((await post(app, { text: 'NumPy and pandas in Python.', profile: 'wikipedia' })).body);
      expect(wikipedia.entities.map((e: { text: string }) => e.text)).toContain('Python');
      expectError(await post(app, { text: 'x', profile: join(dir, 'mine.yaml') }), 400, 'UNKNOWN_PROFILE');
      expectError(await post(app, { text: 'x', profile: 'mine.yaml' }), 400, 'UNKNOWN_PROFILE');
      const listed = JSON.parse((await app.inject({ method: 'GET', url: '/v1/profiles' })).body);
      expect(listed.default).toBe('mine');
      expect(listed.profiles[2]).toMatchObject({ name: 'mine', description: 'data science notes', entries: 2, sources: [{ file: 'terms.yaml', sha256: expect.stringMatching(/^[0-9a-f]{12}$/) }] });
    } finally {
      await app.close();
    }
  });
});

describe('sertag serve: profile sources', () => {
  it("gives the version of the operator's own file, even when it is named like a bundled one", async () => {
    const dir = mkdtempSync(join(tmpdir(), 'sertag-serve-decoy-'));
    mkdirSync(join(dir, 'gazetteers'));
    const decoy = 'type: Library\nentries:\n  - NumPy\n';
    writeFileSync(join(dir, 'gazetteers', 'learned-wikiser.yaml'), decoy);
    writeFileSync(join(dir, 'decoy.yaml'), 'profile: decoy\ndescription: a file named like a bundled one\ngazetteers: [gazetteers/learned-wikiser.yaml]\nrules: []\n');
    const { profiles, defaultProfile } = servedProfiles('decoy.yaml', dir);
    const service = new TaggingService(profiles, defaultProfile, { jobs: 1, queue: 8, timeoutMs: 30_000 });
    const app = await buildApp(service, { bodyLimit: MiB, version: '0' });
    try {
      const listed = JSON.parse((await app.inject({ method: 'GET', url: '/v1/profiles' })).body);
      const described = listed.profiles.find((p: { name: string }) => p.name === 'decoy');
      expect(described.entries).toBe(1);
      expect(described.sources).toEqual([{ file: 'gazetteers/learned-wikiser.yaml', sha256: createHash('sha256').update(decoy).digest('hex').slice(0, 12) }]);
    } finally {
      await app.close();
    }
  });
});

describe('sertag serve: limits', () => {
  const big = { text: 'Stackless Python and C++ on Linux over TCP/IP. '.repeat(40_000) };

  it('answers 503 with Retry-After when the queue is full, and serves again once it is not', async () => {
    const app = await startApp({ jobs: 1, queue: 1 }, { documentLimit: 4 * MiB }, [TINY]);
    try {
      const [first, second] = await Promise.all([post(app, big), post(app, big)]);
      expect(first.statusCode).toBe(200);
      expect(expectError(second, 503, 'BUSY')).toMatch(/the limit is 1/);
      expect(second.headers['retry-after']).toBe('1');
      expect((await post(app, { text: 'Python' })).statusCode).toBe(200);
    } finally {
      await app.close();
    }
  });

  it('refuses a document longer than --document-limit with 413, as JSON and as an NDJSON line', async () => {
    const app = await startApp({ jobs: 1 }, { documentLimit: 1000 }, [TINY]);
    try {
      expect(expectError(await post(app, { text: 'x'.repeat(1001) }), 413, 'DOCUMENT_TOO_LARGE')).toMatch(/^"text" is longer than this server's limit of 1000 characters per document/);
      expect(expectError(await post(app, { texts: ['ok', 'x'.repeat(1001)] }), 413, 'DOCUMENT_TOO_LARGE')).toMatch(/^document 2 of "texts"/);
      const lines = (await post(app, ['{"text":"Python"}', JSON.stringify({ text: 'x'.repeat(1001) })].join('\n'), 'application/x-ndjson')).body.trim().split('\n');
      expect(lines).toHaveLength(2);
      expect(JSON.parse(lines[1]!).error.code).toBe('DOCUMENT_TOO_LARGE');
    } finally {
      await app.close();
    }
  });

  it('answers 503 with Retry-After when a request takes longer than the time limit', async () => {
    const app = await startApp({ jobs: 1, timeoutMs: 5 }, { documentLimit: 4 * MiB }, [TINY]);
    try {
      const late = await post(app, { texts: Array.from({ length: 4 }, () => big.text) });
      expect(expectError(late, 503, 'TIMEOUT')).toMatch(/time limit of 5 ms/);
      expect(late.headers['retry-after']).toBe('1');
    } finally {
      await app.close();
    }
  });
});
