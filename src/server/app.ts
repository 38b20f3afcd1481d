import { Ajv, type ValidateFunction } from 'ajv';
import Fastify, { type FastifyInstance, type FastifyReply, type FastifyRequest } from 'fastify';
import { PassThrough, type Readable } from 'node:stream';
import { once } from 'node:events';
import { SertagError } from '../errors.js';
import { jsonlDocument } from '../formats/jsonl.js';
import { errorBody, HttpError } from './errors.js';
import { MAX_TEXTS, openApiDocument, TAG_BODY_SCHEMA } from './openapi.js';
import { DOCUMENT_FORMATS } from './protocol.js';
import { PAGE_CSS, PAGE_HTML, PAGE_SCRIPT, PAGE_SECURITY_POLICY } from './page.js';
import { BATCH_CHARS, BATCH_DOCUMENTS, type RequestDocument, type TaggingService, type TagOptions } from './tagging.js';

/** How the HTTP side behaves. */
export interface AppOptions {
  /** Largest request body accepted, in bytes (413 beyond). */
  bodyLimit: number;
  /** The one origin allowed to call the API from a browser, or none (no CORS headers at all). */
  corsOrigin?: string;
  /** The package version, for `/v1/health` and the OpenAPI description. */
  version: string;
}

interface TagBody {
  format?: string;
  text?: string;
  id?: string | number;
  texts?: Array<string | { id?: string | number; text: string }>;
  explain?: boolean;
  profile?: string;
  types?: string[];
}

/** NDJSON: how many batches of one request may be with the workers before its output is written. */
const NDJSON_IN_FLIGHT = 4;

/** Messages for Fastify's own errors, in the words of this API. */
function describeFastifyError(error: { code?: string; statusCode?: number; message: string; validation?: unknown }, bodyLimit: number): HttpError | undefined {
  if (error.validation) return new HttpError(400, 'BAD_REQUEST', error.message);
  switch (error.code) {
    case 'FST_ERR_CTP_BODY_TOO_LARGE':
      return new HttpError(413, 'BODY_TOO_LARGE', `the request body is larger than this server's limit of ${bodyLimit} bytes (sertag serve --body-limit); send NDJSON in several requests`);
    case 'FST_ERR_CTP_INVALID_MEDIA_TYPE':
      return new HttpError(415, 'UNSUPPORTED_MEDIA_TYPE', 'send the body as application/json or application/x-ndjson');
    case 'FST_ERR_CTP_EMPTY_JSON_BODY':
      return new HttpError(400, 'BAD_JSON', 'the body is empty; expected a JSON object such as {"text": "…"}');
    case 'FST_ERR_CTP_INVALID_CONTENT_LENGTH':
      return new HttpError(400, 'BAD_REQUEST', 'the Content-Length header does not match the body');
    default:
      // Fastify's other client errors carry their own status and a plain message, never a stack.
      if (error.statusCode !== undefined && error.statusCode >= 400 && error.statusCode < 500) return new HttpError(error.statusCode, 'BAD_REQUEST', error.message);
      return undefined;
  }
}

/** Strict UTF-8: a request with bad bytes is refused rather than tagged with U+FFFD in place of them. */
const strictUtf8 = new TextDecoder('utf-8', { fatal: true });

function parseJsonBody(body: Buffer): unknown {
  let text: string;
  try {
    text = strictUtf8.decode(body);
  } catch {
    throw new HttpError(400, 'INVALID_UTF8', 'the body is not valid UTF-8');
  }
  try {
    return JSON.parse(text);
  } catch (error) {
    throw new HttpError(400, 'BAD_JSON', `the body is not valid JSON: ${(error as Error).message}`);
  }
}

/** The documents of a JSON body, with ids (`request#N` by default, as `stdin#N` in the CLI). */
function documentsOf(body: TagBody): RequestDocument[] {
  if ((body.text === undefined) === (body.texts === undefined)) {
    throw new HttpError(400, 'BAD_REQUEST', 'give either "text" (one document) or "texts" (an array of documents), not both or neither');
  }
  if (body.text !== undefined) return [{ id: body.id ?? 'request#1', text: body.text }];
  if (body.id !== undefined) throw new HttpError(400, 'BAD_REQUEST', '"id" goes with "text"; with "texts", give each document its own {"id", "text"}');
  return body.texts!.map((t, i) => (typeof t === 'string' ? { id: `request#${i + 1}`, text: t } : { id: t.id ?? `request#${i + 1}`, text: t.text }));
}

/** Options of an NDJSON request, from its query string (its body holds only documents). */
function queryOptions(query: Record<string, string | undefined>): { explain: boolean; profile: string | undefined; format: string; types: string[] | null } {
  for (const [name, value] of Object.entries(query)) {
    if (typeof value !== 'string') throw new HttpError(400, 'BAD_REQUEST', `give the query parameter ${name} once`);
  }
  const flag = query.explain;
  if (flag !== undefined && !['true', 'false', '1', '0', ''].includes(flag)) throw new HttpError(400, 'BAD_REQUEST', `explain must be true or false, not ${JSON.stringify(flag)}`);
  const types = query.types === undefined ? null : query.types.split(',').map((t) => t.trim()).filter((t) => t !== '');
  const format = query.format ?? 'jsonl';
  if (!(DOCUMENT_FORMATS as readonly string[]).includes(format)) throw new HttpError(400, 'BAD_REQUEST', `format must be one of ${DOCUMENT_FORMATS.join(', ')}, not ${JSON.stringify(format)}`);
  return { explain: flag === 'true' || flag === '1' || flag === '', profile: query.profile, format, types };
}

/**
 * Builds the HTTP app of `sertag serve` on a tagging service: the JSON API under `/v1/`, and the
 * page at `/`. Every failure is answered as `{"error": {"code", "message"}}` with its status; a
 * bug is a 500 whose details go to the server's stderr, never to the client.
 */
export async function buildApp(service: TaggingService, options: AppOptions): Promise<FastifyInstance> {
  const app = Fastify({
    logger: false,
    bodyLimit: options.bodyLimit,
    // Also the time a client may take to send its request, so a slow sender cannot hold a connection.
    requestTimeout: service.limits.timeoutMs,
    return503OnClosing: true,
  });

  // The body's shape is checked exactly: no type coercion, no silently dropped properties. Each
  // schema is compiled when first used rather than when the server starts: compiling is a sizeable
  // part of a start's CPU, which the first request spends anyway waiting for the workers' taggers.
  const ajv = new Ajv({ coerceTypes: false, removeAdditional: false, allErrors: false, allowUnionTypes: true });
  app.setValidatorCompiler(({ schema }) => {
    let validate: ValidateFunction | undefined;
    return (data: unknown) => {
      validate ??= ajv.compile(schema);
      if (validate(data)) return { value: data };
      return { error: new HttpError(400, 'BAD_REQUEST', ajv.errorsText(validate.errors, { dataVar: 'body' })) };
    };
  });

  app.removeAllContentTypeParsers();
  app.addContentTypeParser('application/json', { parseAs: 'buffer' }, (_request, body, done) => {
    try {
      done(null, parseJsonBody(body as Buffer));
    } catch (error) {
      done(error as Error, undefined);
    }
  });
  // NDJSON is read as a stream, line by line, while earlier lines are being tagged.
  app.addContentTypeParser('application/x-ndjson', (_request, payload, done) => done(null, payload));

  if (options.corsOrigin) {
    const { default: cors } = await import('@fastify/cors');
    await app.register(cors, { origin: options.corsOrigin, methods: ['GET', 'POST'] });
  }

  let draining = false;
  app.addHook('preClose', async () => {
    draining = true;
  });
  app.addHook('onSend', async (_request, reply) => {
    // Closing: a kept-alive connection would keep the server open after its last answer.
    if (draining) reply.header('connection', 'close');
    reply.header('x-content-type-options', 'nosniff');
    reply.header('referrer-policy', 'no-referrer');
    if (!reply.hasHeader('cache-control')) reply.header('cache-control', 'no-store');
  });

  app.setErrorHandler((error: Error & { code?: string; statusCode?: number; validation?: unknown }, request, reply) => {
    const known = error instanceof HttpError ? error : describeFastifyError(error, options.bodyLimit);
    if (!known) {
      process.stderr.write(`sertag serve: internal error on ${request.method} ${request.url}: ${error.stack ?? error.message}\n`);
      return reply.code(500).type('application/json').send(errorBody('INTERNAL', 'internal error; the server log has the details'));
    }
    if (known.retryAfter !== undefined) reply.header('retry-after', String(known.retryAfter));
    return reply.code(known.status).type('application/json').send(errorBody(known.code, known.message));
  });

  app.setNotFoundHandler((request, reply) =>
    reply.code(404).type('application/json').send(errorBody('NOT_FOUND', `no ${request.method} ${request.url.split('?')[0]} here; the API is described at /v1/openapi.json`)),
  );

  const page = (type: string, body: string) => (_request: FastifyRequest, reply: FastifyReply) =>
    reply.type(type).header('content-security-policy', PAGE_SECURITY_POLICY).header('cache-control', 'no-cache').send(body);
  app.get('/', page('text/html; charset=utf-8', PAGE_HTML));
  app.get('/page.js', page('text/javascript; charset=utf-8', PAGE_SCRIPT));
  app.get('/page.css', page('text/css; charset=utf-8', PAGE_CSS));

  const openApi = JSON.stringify(openApiDocument(options.version));
  app.get('/v1/openapi.json', (_request, reply) => reply.type('application/json').send(openApi));

  app.get('/v1/health', (_request, reply) => {
    const status = { status: draining ? 'draining' : 'ok', version: options.version, workers: service.limits.jobs, inProgress: service.inProgress, queueLimit: service.limits.queue, defaultProfile: service.defaultProfile };
    return reply.code(draining ? 503 : 200).send(status);
  });

  app.get('/v1/profiles', async () => ({
    default: service.defaultProfile,
    profiles: await Promise.all(service.profiles.map((p) => service.describe(p.name))),
  }));

  app.post('/v1/tag', { schema: { body: { content: { 'application/json': { schema: TAG_BODY_SCHEMA } } } } }, async (request, reply) => {
    const release = service.admit();
    const deadline = Date.now() + service.limits.timeoutMs;
    try {
      if (isStream(request.body)) return await tagNdjson(service, request, reply, request.body, release, options.bodyLimit);
      const body = request.body as TagBody;
      const docs = documentsOf(body);
      const tagOptions: TagOptions = { profile: service.profile(body.profile), explain: body.explain === true, format: body.format ?? 'jsonl', types: body.types ?? null };
      if (tagOptions.types) await service.checkTypes(tagOptions.profile, tagOptions.types);
      const batches = await Promise.all(service.tag(docs, tagOptions, ',', deadline));
      const json = body.text !== undefined ? batches : [Buffer.from('{"documents":['), ...interleave(batches, Buffer.from(',')), Buffer.from(']}')];
      release();
      return reply.type('application/json').send(Buffer.concat(json));
    } catch (error) {
      release();
      throw error;
    }
  });

  app.addHook('onClose', async () => {
    await service.close();
  });
  return app;
}

function isStream(body: unknown): body is Readable {
  return typeof body === 'object' && body !== null && typeof (body as Readable).pipe === 'function';
}

function interleave(parts: Uint8Array[], separator: Uint8Array): Uint8Array[] {
  return parts.flatMap((part, i) => (i === 0 ? [part] : [separator, part]));
}

/**
 * Tags an NDJSON body as it arrives: lines are cut into batches, a few batches are with the
 * workers at once, and each batch's lines are written back in order as soon as it is tagged. What
 * can be checked before reading (the profile, the types, a declared length over the limit) is an
 * ordinary error response. A problem inside the body (a bad line, invalid UTF-8, the body growing
 * past the limit, a batch over the time limit) is answered as the CLI does: the documents before
 * it, then one `{"error": …}` line, whenever it is found, so the answer never depends on timing.
 */
async function tagNdjson(service: TaggingService, request: FastifyRequest, reply: FastifyReply, body: Readable, release: () => void, bodyLimit: number): Promise<FastifyReply> {
  const query = queryOptions(request.query as Record<string, string | undefined>);
  const tagOptions: TagOptions = { profile: service.profile(query.profile), explain: query.explain, format: query.format, types: query.types };
  if (tagOptions.types) await service.checkTypes(tagOptions.profile, tagOptions.types);
  const declared = Number(request.headers['content-length']);
  if (declared > bodyLimit) throw describeFastifyError({ code: 'FST_ERR_CTP_BODY_TOO_LARGE', message: '' }, bodyLimit)!;

  const output = new PassThrough();
  void reply.type('application/x-ndjson').send(output);
  const inFlight: Array<Promise<Uint8Array>> = [];
  let batch: RequestDocument[] = [];
  let batchChars = 0;
  const send = (): void => {
    if (batch.length === 0) return;
    const result = service.tagBatch(batch, tagOptions, '\n', Date.now() + service.limits.timeoutMs);
    // Awaited in order below; this keeps an early failure from counting as unhandled meanwhile.
    result.catch(() => undefined);
    inFlight.push(result);
    batch = [];
    batchChars = 0;
  };
  const writeOldest = async (): Promise<void> => {
    const bytes = await inFlight.shift()!;
    if (!output.write(bytes)) await once(output, 'drain');
  };

  const decoder = new TextDecoder('utf-8', { fatal: true });
  let partial = '';
  let line = 0;
  /** Takes the complete lines of `text` (all of it when `last`) into batches; throws an HttpError for a bad line. */
  const take = (text: string, last: boolean): void => {
    const lines = (partial + text).split('\n');
    partial = last ? '' : lines.pop()!;
    for (const raw of lines) {
      line++;
      let doc;
      try {
        doc = jsonlDocument(raw.endsWith('\r') ? raw.slice(0, -1) : raw, line, 'request', 'request body');
      } catch (error) {
        if (error instanceof SertagError) throw new HttpError(400, 'BAD_LINE', error.message);
        throw error;
      }
      if (!doc) continue;
      batch.push(doc);
      batchChars += doc.text.length;
      if (batchChars >= BATCH_CHARS || batch.length >= BATCH_DOCUMENTS) send();
    }
  };
  const decode = (chunk?: Buffer): string => {
    try {
      return chunk ? decoder.decode(chunk, { stream: true }) : decoder.decode();
    } catch {
      throw new HttpError(400, 'INVALID_UTF8', `the body is not valid UTF-8 (line ${line + 1})`);
    }
  };

  let failure: unknown;
  try {
    let bytes = 0;
    let inputFailure: unknown;
    // Not destroyed when reading stops early: the rest is read and dropped, and the answer goes out on a live connection.
    for await (const chunk of body.iterator({ destroyOnReturn: false }) as AsyncIterable<Buffer>) {
      bytes += chunk.length;
      try {
        if (bytes > bodyLimit) throw describeFastifyError({ code: 'FST_ERR_CTP_BODY_TOO_LARGE', message: '' }, bodyLimit)!;
        take(decode(chunk), false);
      } catch (error) {
        inputFailure = error;
        break;
      }
      while (inFlight.length > NDJSON_IN_FLIGHT) await writeOldest();
    }
    if (inputFailure !== undefined) body.resume();
    else {
      try {
        take(decode(), true);
      } catch (error) {
        inputFailure = error;
      }
    }
    // The documents before a bad line are tagged and written, as by `sertag tag`.
    send();
    while (inFlight.length > 0) await writeOldest();
    failure = inputFailure;
  } catch (error) {
    // A batch failed (time limit, lost worker): what came before it was written; nothing after it is.
    failure = error;
    for (const pending of inFlight) pending.catch(() => undefined);
  }
  if (failure !== undefined) {
    const known = failure instanceof HttpError ? failure : new HttpError(500, 'INTERNAL', 'internal error; the server log has the details');
    if (!(failure instanceof HttpError)) process.stderr.write(`sertag serve: internal error in an NDJSON stream: ${(failure as Error).stack}\n`);
    output.write(JSON.stringify(errorBody(known.code, known.message)) + '\n');
  }
  release();
  output.end();
  return reply;
}
