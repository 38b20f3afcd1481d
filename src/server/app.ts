import { Ajv, type ErrorObject, type ValidateFunction } from 'ajv';
import type { Duplex } from 'node:stream';
import Fastify, { type FastifyInstance, type FastifyReply, type FastifyRequest } from 'fastify';
import { PassThrough, type Readable } from 'node:stream';
import { once } from 'node:events';
import { SertagError } from '../errors.js';
import { jsonlDocument } from '../formats/jsonl.js';
import { errorBody, HttpError, type HttpErrorCode } from './errors.js';
import { MAX_TEXTS, openApiDocument, TAG_BODY_SCHEMA } from './openapi.js';
import { DOCUMENT_FORMATS } from './protocol.js';
import { PAGE_CSS, PAGE_HTML, PAGE_SCRIPT, PAGE_SECURITY_POLICY } from './page.js';
import { BatchPipeline, PARTIAL_BYTES, type DocumentInput } from '../pipeline/index.js';
import { RequestGuard, RequestStopped } from './guard.js';
import { timeoutError, type TaggingService, type TagOptions } from './tagging.js';

/** How the HTTP side behaves. */
export interface AppOptions {
  /** Largest request body accepted, in bytes (413 beyond). */
  bodyLimit: number;
  /**
   * Longest document accepted, in characters (413 beyond, or an error line in NDJSON). A JSON
   * answer of STREAM_BYTES or more is streamed as the workers send it, in pieces, so raising the
   * limit does not mean building answers whole. Default DEFAULT_DOCUMENT_LIMIT.
   */
  documentLimit?: number;
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
  markdown?: boolean;
  profile?: string;
  types?: string[];
}

/** Messages for Fastify's own errors, in the words of this API. */
function describeFastifyError(error: { code?: string; statusCode?: number; message: string; validation?: unknown }, bodyLimit: number): HttpError | undefined {
  if (error.validation) return new HttpError(400, 'BAD_REQUEST', error.message);
  switch (error.code) {
    case 'FST_ERR_CTP_BODY_TOO_LARGE':
      return new HttpError(413, 'BODY_TOO_LARGE', `the request body is larger than this server's limit of ${bodyLimit} bytes (sertag serve --body-limit); send NDJSON in several requests`);
    case 'FST_ERR_CTP_INVALID_MEDIA_TYPE':
      return new HttpError(415, 'UNSUPPORTED_MEDIA_TYPE', 'send the body as application/json, application/x-ndjson or text/plain');
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

/** The longest document a server takes by default, in characters (1 MiB). */
export const DEFAULT_DOCUMENT_LIMIT = 1024 * 1024;

/** The answer to a document longer than the server takes. */
function documentTooLarge(limit: number, which: string): HttpError {
  return new HttpError(413, 'DOCUMENT_TOO_LARGE', `${which} is longer than this server's limit of ${limit} characters per document (sertag serve --document-limit); split it into paragraphs and send them as "texts" or NDJSON lines, or tag it with the sertag tag command`);
}

/** Strict UTF-8: a request with bad bytes is refused rather than tagged with U+FFFD in place of them. */
const strictUtf8 = new TextDecoder('utf-8', { fatal: true });

function decodeUtf8(body: Buffer): string {
  try {
    return strictUtf8.decode(body);
  } catch {
    throw new HttpError(400, 'INVALID_UTF8', 'the body is not valid UTF-8');
  }
}

/** A text/plain request body: one document. */
class PlainText {
  constructor(readonly text: string) {}
}

/** The first problem ajv found, in words; an `enum` names the values it allows. */
function describeValidationError(ajv: Ajv, errors: ErrorObject[] | null | undefined, data: unknown): string {
  const first = errors?.[0];
  if (first?.keyword === 'enum') {
    let value: unknown = data;
    for (const key of first.instancePath.split('/').slice(1)) value = (value as Record<string, unknown> | undefined)?.[key.replaceAll('~1', '/').replaceAll('~0', '~')];
    return `body${first.instancePath.replaceAll('/', '.')} must be one of ${(first.params as { allowedValues: unknown[] }).allowedValues.join(', ')}, not ${JSON.stringify(value)}`;
  }
  return ajv.errorsText(errors, { dataVar: 'body' });
}

/**
 * Answers an error of the HTTP parser (before any route runs) as `{"error": {"code", "message"}}`,
 * then closes the connection: the request could not be read, so nothing after it can be either.
 */
function answerClientError(error: Error & { code?: string }, socket: Duplex): void {
  if (error.code === 'ECONNRESET' || !socket.writable) {
    socket.destroy();
    return;
  }
  const [status, reason, code, message]: [number, string, HttpErrorCode, string] =
    error.code === 'HPE_HEADER_OVERFLOW'
      ? [431, 'Request Header Fields Too Large', 'HEADERS_TOO_LARGE', 'the request headers are larger than this server takes (16 KiB)']
      : error.code === 'ERR_HTTP_REQUEST_TIMEOUT'
        ? [408, 'Request Timeout', 'TIMEOUT', 'the request was not received within the server\'s time limit (sertag serve --timeout)']
        : [400, 'Bad Request', 'BAD_REQUEST', `the request is not valid HTTP (${error.code ?? 'parse error'}); check its headers (one Content-Length, or chunked encoding)`];
  const body = JSON.stringify(errorBody(code, message));
  socket.end(`HTTP/1.1 ${status} ${reason}\r\ncontent-type: application/json\r\ncontent-length: ${Buffer.byteLength(body)}\r\nconnection: close\r\n\r\n${body}`);
}

function parseJsonBody(body: Buffer): unknown {
  const text = decodeUtf8(body);
  try {
    return JSON.parse(text);
  } catch (error) {
    throw new HttpError(400, 'BAD_JSON', `the body is not valid JSON: ${(error as Error).message}`);
  }
}

/** The documents of a JSON body, with ids (`request#N` by default, as `stdin#N` in the CLI). */
function documentsOf(body: TagBody): DocumentInput[] {
  if ((body.text === undefined) === (body.texts === undefined)) {
    throw new HttpError(400, 'BAD_REQUEST', 'give either "text" (one document) or "texts" (an array of documents), not both or neither');
  }
  if (body.text !== undefined) return [{ id: body.id ?? 'request#1', text: body.text }];
  if (body.id !== undefined) throw new HttpError(400, 'BAD_REQUEST', '"id" goes with "text"; with "texts", give each document its own {"id", "text"}');
  return body.texts!.map((t, i) => (typeof t === 'string' ? { id: `request#${i + 1}`, text: t } : { id: t.id ?? `request#${i + 1}`, text: t.text }));
}

/** Options of an NDJSON request, from its query string (its body holds only documents). */
function queryOptions(query: Record<string, string | undefined>): { explain: boolean; markdown: boolean | undefined; profile: string | undefined; format: string; types: string[] | null } {
  for (const [name, value] of Object.entries(query)) {
    if (typeof value !== 'string') throw new HttpError(400, 'BAD_REQUEST', `give the query parameter ${name} once`);
  }
  const types = query.types === undefined ? null : query.types.split(',').map((t) => t.trim()).filter((t) => t !== '');
  const format = query.format ?? 'jsonl';
  if (!(DOCUMENT_FORMATS as readonly string[]).includes(format)) throw new HttpError(400, 'BAD_REQUEST', `format must be one of ${DOCUMENT_FORMATS.join(', ')}, not ${JSON.stringify(format)}`);
  return { explain: queryFlag(query, 'explain') ?? false, markdown: queryFlag(query, 'markdown'), profile: query.profile, format, types };
}

/** A true/false query parameter (`true`, `1` or present without a value; `false`, `0`), or undefined when absent. */
function queryFlag(query: Record<string, string | undefined>, name: string): boolean | undefined {
  const flag = query[name];
  if (flag === undefined) return undefined;
  if (!['true', 'false', '1', '0', ''].includes(flag)) throw new HttpError(400, 'BAD_REQUEST', `${name} must be true or false, not ${JSON.stringify(flag)}`);
  return flag === 'true' || flag === '1' || flag === '';
}

/**
 * Builds the HTTP app of `sertag serve` on a tagging service: the JSON API under `/v1/`, and the
 * page at `/`. Every failure is answered as `{"error": {"code", "message"}}` with its status; a
 * bug is a 500 whose details go to the server's stderr, never to the client.
 */
export async function buildApp(service: TaggingService, appOptions: AppOptions): Promise<FastifyInstance> {
  const options = { ...appOptions, documentLimit: appOptions.documentLimit ?? DEFAULT_DOCUMENT_LIMIT };
  const app = Fastify({
    logger: false,
    bodyLimit: options.bodyLimit,
    // Also the time a client may take to send its request, so a slow sender cannot hold a connection.
    requestTimeout: service.limits.timeoutMs,
    // Answered by the onRequest hook below, in this API's error shape (Fastify's own is {"error": "Service Unavailable", …}).
    return503OnClosing: false,
    // Errors the HTTP parser finds before Fastify sees a request (two Content-Lengths, headers too
    // large, a body that never comes), in this API's error shape too.
    clientErrorHandler: answerClientError,
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
      return { error: new HttpError(400, 'BAD_REQUEST', describeValidationError(ajv, validate.errors, data)) };
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
  // A plain-text body is one document (what `curl --data-binary @notes.txt` sends); options in the query string, as for NDJSON.
  app.addContentTypeParser('text/plain', { parseAs: 'buffer' }, (_request, body, done) => {
    try {
      done(null, new PlainText(decodeUtf8(body as Buffer)));
    } catch (error) {
      done(error as Error, undefined);
    }
  });

  if (options.corsOrigin) {
    const { default: cors } = await import('@fastify/cors');
    await app.register(cors, { origin: options.corsOrigin, methods: ['GET', 'POST'] });
  }

  // Draining from SIGTERM on (`service.draining`, set before the answers in progress are waited
  // for), or from app.close().
  let closing = false;
  app.addHook('preClose', async () => {
    closing = true;
  });
  const isDraining = (): boolean => closing || service.draining;
  app.addHook('onRequest', async (request) => {
    // Closing: requests still arriving on open connections are refused (health says so itself).
    if (isDraining() && request.url !== '/v1/health') throw new HttpError(503, 'SHUTTING_DOWN', 'the server is shutting down; retry shortly (or on another instance)', 1);
  });
  app.addHook('onSend', async (_request, reply) => {
    // Closing: a kept-alive connection would keep the server open after its last answer.
    if (isDraining()) reply.header('connection', 'close');
    reply.header('x-content-type-options', 'nosniff');
    reply.header('referrer-policy', 'no-referrer');
    if (!reply.hasHeader('cache-control')) reply.header('cache-control', 'no-store');
  });

  app.setErrorHandler((error: Error & { code?: string; statusCode?: number; validation?: unknown }, request, reply) => {
    // The client left while its answer was streaming: there is no one to answer, nor anything to report (the guard has said it).
    if (reply.raw.destroyed || error.code === 'ERR_STREAM_PREMATURE_CLOSE') return reply;
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
    const draining = isDraining();
    const status = { status: draining ? 'draining' : 'ok', version: options.version, workers: service.limits.jobs, inProgress: service.inProgress, queueLimit: service.limits.queue, defaultProfile: service.defaultProfile };
    return reply.code(draining ? 503 : 200).send(status);
  });

  app.get('/v1/profiles', async () => ({
    default: service.defaultProfile,
    profiles: await Promise.all(service.profiles.map((p) => service.describe(p.name))),
  }));

  app.post('/v1/tag', { schema: { body: { content: { 'application/json': { schema: TAG_BODY_SCHEMA } } } } }, async (request, reply) => {
    // From here the request holds a queue slot, which its guard gives back when the answer is written or the client is gone.
    const guard = new RequestGuard(request.raw, reply.raw, service.limits.timeoutMs, service.admit());
    try {
      if (isStream(request.body)) return await tagNdjson(service, request, reply, request.body, guard, options);
      const body = request.body instanceof PlainText ? plainTextBody(request.body, request.query as Record<string, string | undefined>) : (request.body as TagBody);
      const docs = documentsOf(body);
      const tooLong = docs.findIndex((d) => d.text.length > options.documentLimit);
      if (tooLong >= 0) throw documentTooLarge(options.documentLimit, body.text !== undefined ? '"text"' : `document ${tooLong + 1} of "texts"`);
      const tagOptions: TagOptions = { profile: service.profile(body.profile), explain: body.explain === true, format: body.format ?? 'jsonl', types: body.types ?? null, ...(body.markdown === undefined ? {} : { markdown: body.markdown }) };
      if (tagOptions.types) await service.checkTypes(tagOptions.profile, tagOptions.types);
      const answer = service.tag(docs, tagOptions, guard.deadline, guard.signal);
      return await sendAnswer(request, reply, body.text !== undefined ? answer : framed(answer), guard, service.limits.timeoutMs);
    } catch (error) {
      if (!(error instanceof RequestStopped)) throw error;
      if (error.reason === 'deadline') throw timeoutError(service.limits.timeoutMs);
      // The client left: nobody to answer; the guard has given the slot back.
      reply.hijack();
      reply.raw.destroy();
      return reply;
    }
  });

  app.addHook('onClose', async () => {
    await service.close();
  });
  return app;
}

/** A text/plain request as the JSON body it stands for: the text, and the options of the query string. */
function plainTextBody(body: PlainText, query: Record<string, string | undefined>): TagBody {
  const { explain, markdown, profile, format, types } = queryOptions(query);
  return { text: body.text, explain, format, ...(markdown !== undefined ? { markdown } : {}), ...(profile !== undefined ? { profile } : {}), ...(types ? { types } : {}) };
}

function isStream(body: unknown): body is Readable {
  return typeof body === 'object' && body !== null && typeof (body as Readable).pipe === 'function';
}

/** The answer to `{"texts"}`: its documents as the items of `{"documents": […]}`. */
async function* framed(documents: AsyncIterable<Uint8Array>): AsyncGenerator<Uint8Array, void, undefined> {
  yield Buffer.from('{"documents":[');
  yield* documents;
  yield Buffer.from(']}');
}

/**
 * Below this many bytes an answer is sent whole, as one body with its length, once it is all
 * tagged: most answers are small, and an error found before anything is sent (a batch over the
 * time limit, a failed tagger) is then an ordinary error response. An answer that reaches it (a
 * long document, or many) is streamed instead (see `streamAnswer`).
 */
const STREAM_BYTES = PARTIAL_BYTES;

/**
 * Sends a JSON answer given in pieces: whole when it ends below STREAM_BYTES, else streamed from
 * there on. Errors before the response starts are thrown, for the error handler to answer.
 */
async function sendAnswer(request: FastifyRequest, reply: FastifyReply, answer: AsyncIterable<Uint8Array>, guard: RequestGuard, timeoutMs: number): Promise<FastifyReply> {
  const pieces = answer[Symbol.asyncIterator]();
  const held: Uint8Array[] = [];
  let bytes = 0;
  while (bytes < STREAM_BYTES) {
    const next = await guard.race(pieces.next());
    if (next.done) return reply.type('application/json').send(Buffer.concat(held, bytes));
    held.push(next.value);
    bytes += next.value.length;
  }
  return streamAnswer(request, reply, held, pieces, guard, timeoutMs);
}

/**
 * Streams a big answer: what was held first, then each piece as it comes, waiting for the client
 * to read when the socket is full. The status (200) and headers are sent with the first bytes, so
 * a failure after them (a batch over the time limit, a failed tagger, a lost worker) cannot become
 * an error response: the connection is closed with the answer cut short (the chunked body never
 * ends, so the client sees an incomplete response and the JSON does not parse), and the server
 * log says why in one line. A client that leaves stops it all, as before the first byte.
 */
async function streamAnswer(request: FastifyRequest, reply: FastifyReply, held: Uint8Array[], pieces: AsyncIterator<Uint8Array>, guard: RequestGuard, timeoutMs: number): Promise<FastifyReply> {
  const output = new PassThrough();
  void reply.type('application/json').send(output);
  let sent = 0;
  const write = async (piece: Uint8Array): Promise<void> => {
    sent += piece.length;
    if (!output.write(piece)) await guard.drained(output);
  };
  try {
    for (let piece = held.shift(); piece; piece = held.shift()) await write(piece);
    for (let next = await guard.race(pieces.next()); !next.done; next = await guard.race(pieces.next())) await write(next.value);
    output.end();
  } catch (error) {
    void pieces.return?.();
    const stopped = error instanceof RequestStopped;
    if (stopped && error.reason === 'disconnect') {
      process.stderr.write(`sertag serve: ${request.method} ${request.url}: the client disconnected before the answer was complete; stopped\n`);
    } else {
      const known = error instanceof HttpError ? error : stopped ? timeoutError(timeoutMs) : undefined;
      const why = known ? `${known.code}: ${known.message}` : `internal error: ${(error as Error).message}`;
      process.stderr.write(`sertag serve: ${request.method} ${request.url}: the answer was cut short after ${sent} bytes (${why}); the connection was closed\n`);
    }
    output.destroy();
    reply.raw.destroy();
  }
  return reply;
}

/**
 * Tags an NDJSON body as it arrives: lines are cut into batches, a few batches are with the
 * workers at once, and each batch's lines are written back in order as soon as it is tagged. What
 * can be checked before reading (the profile, the types, a declared length over the limit) is an
 * ordinary error response. A problem inside the body (a bad line, invalid UTF-8, the body growing
 * past the limit, a batch over the time limit) is answered as the CLI does: the documents before
 * it, then one `{"error": …}` line, whenever it is found, so the answer never depends on timing.
 *
 * The body is read on its own, ahead of the tagging: a client that sends its whole body before
 * reading the answer (most do) would otherwise wait on us to read while we wait on it to read.
 * What is read ahead is bounded by the body limit. When the request's time is up, reading stops:
 * the documents read so far are answered, then a TIMEOUT line, and the connection is closed. When
 * the client leaves, everything stops and its slot is free at once.
 */
async function tagNdjson(service: TaggingService, request: FastifyRequest, reply: FastifyReply, body: Readable, guard: RequestGuard, options: AppOptions & { documentLimit: number }): Promise<FastifyReply> {
  const query = queryOptions(request.query as Record<string, string | undefined>);
  const tagOptions: TagOptions = { profile: service.profile(query.profile), explain: query.explain, format: query.format, types: query.types, ...(query.markdown === undefined ? {} : { markdown: query.markdown }) };
  if (tagOptions.types) await service.checkTypes(tagOptions.profile, tagOptions.types);
  const declared = Number(request.headers['content-length']);
  if (declared > options.bodyLimit) throw describeFastifyError({ code: 'FST_ERR_CTP_BODY_TOO_LARGE', message: '' }, options.bodyLimit)!;

  const output = new PassThrough();
  void reply.type('application/x-ndjson').send(output);
  // Each batch gets the time limit from when it is sent; its output is written as soon as it and those before it are tagged.
  const pipeline = new BatchPipeline(
    (payload) => service.tagPayload(payload, tagOptions, '\n', Date.now() + service.limits.timeoutMs, guard.signal),
    async (result) => {
      if (!output.write(result.output)) await guard.drained(output);
    },
  );
  const reading = readNdjson(body, guard, options);
  let failure: unknown;
  try {
    for (;;) {
      const docs = await reading.next();
      if (docs === undefined) break;
      for (const doc of docs) await guard.race(pipeline.add(doc));
    }
    // The documents before a bad line (or before the time ran out) are tagged and written, as by `sertag tag`.
    await guard.race(pipeline.finish());
    failure = reading.failure;
  } catch (error) {
    // A batch failed (time limit, lost worker), or the client left: what came before was written; nothing after it is.
    failure = error;
    pipeline.abandon();
  }
  reading.stop();
  if (failure instanceof RequestStopped && failure.reason === 'disconnect') {
    process.stderr.write(`sertag serve: ${request.method} ${request.url}: the client disconnected before the answer was complete; stopped\n`);
    output.destroy();
    return reply;
  }
  if (failure !== undefined) {
    const known = failure instanceof HttpError ? failure : failure instanceof RequestStopped ? timeoutError(service.limits.timeoutMs) : new HttpError(500, 'INTERNAL', 'internal error; the server log has the details');
    if (!(failure instanceof HttpError) && !(failure instanceof RequestStopped)) process.stderr.write(`sertag serve: internal error in an NDJSON stream: ${(failure as Error).stack}\n`);
    output.write(JSON.stringify(errorBody(known.code, known.message)) + '\n');
  }
  // Reading stopped at the time limit: the rest of the body may never come, so the connection ends with the answer.
  if (failure instanceof RequestStopped) reply.raw.once('finish', () => request.raw.socket?.end());
  output.end();
  return reply;
}

/**
 * Reads an NDJSON body into documents, on its own, ahead of the tagging (see `tagNdjson`): `next`
 * gives the documents read since the last call, or undefined at the end. A problem in the body (a
 * bad line, invalid UTF-8, over the body limit) or the deadline ends the reading: `failure` says
 * which, and the documents before it are still given out.
 */
function readNdjson(body: Readable, guard: RequestGuard, options: AppOptions & { documentLimit: number }) {
  const decoder = new TextDecoder('utf-8', { fatal: true });
  let partial = '';
  let line = 0;
  let docs: DocumentInput[] = [];
  let ended = false;
  let complete = false;
  let failure: unknown;
  let wake: (() => void) | undefined;
  const notify = (): void => {
    wake?.();
    wake = undefined;
  };
  /** Takes the documents of the complete lines of `text` (all of it when `last`); throws an HttpError for a bad line. */
  const take = (text: string, last: boolean): void => {
    const lines = (partial + text).split('\n');
    partial = last ? '' : lines.pop()!;
    if (partial.length > options.documentLimit * 6) throw documentTooLarge(options.documentLimit, `line ${line + 1}`);
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
      if (doc.text.length > options.documentLimit) throw documentTooLarge(options.documentLimit, `line ${line}`);
      docs.push({ id: doc.id, text: doc.text });
    }
  };
  const decode = (chunk?: Buffer): string => {
    try {
      return chunk ? decoder.decode(chunk, { stream: true }) : decoder.decode();
    } catch {
      throw new HttpError(400, 'INVALID_UTF8', `the body is not valid UTF-8 (line ${line + 1})`);
    }
  };
  const run = async (): Promise<void> => {
    let bytes = 0;
    try {
      // Not destroyed when reading stops early: the answer goes out on a live connection.
      for await (const chunk of guard.raceIterable(body.iterator({ destroyOnReturn: false }) as AsyncIterable<Buffer>)) {
        bytes += chunk.length;
        if (bytes > options.bodyLimit) throw describeFastifyError({ code: 'FST_ERR_CTP_BODY_TOO_LARGE', message: '' }, options.bodyLimit)!;
        take(decode(chunk), false);
        notify();
      }
      take(decode(), true);
      complete = true;
    } catch (error) {
      failure = error;
      // The client leaving shows as an error of the body stream ('aborted', ECONNRESET): the guard's to report, without a stack.
      if (!(error instanceof HttpError) && !(error instanceof RequestStopped) && (body.destroyed || (error as NodeJS.ErrnoException).code === 'ECONNRESET' || (error as Error).message === 'aborted')) {
        guard.halt('disconnect');
        failure = new RequestStopped('disconnect');
      }
    }
    ended = true;
    notify();
  };
  void run();
  return {
    async next(): Promise<DocumentInput[] | undefined> {
      while (docs.length === 0 && !ended) await new Promise<void>((resolve) => (wake = resolve));
      if (docs.length === 0) return undefined;
      const taken = docs;
      docs = [];
      return taken;
    },
    get failure(): unknown {
      return failure;
    },
    get complete(): boolean {
      return complete;
    },
    /** Stops reading (what is still coming is dropped). */
    stop(): void {
      if (!complete) body.resume();
    },
  };
}
