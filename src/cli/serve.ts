import { availableParallelism } from 'node:os';
import { readFileSync } from 'node:fs';
import { isIP, type Socket } from 'node:net';
import { SertagError } from '../errors.js';
import { buildApp } from '../server/app.js';
import { servedProfiles } from '../server/profiles.js';
import { TaggingService } from '../server/tagging.js';
import { byteSizeOption, parseCommandArgs, usageError, wholeNumberOption } from './args.js';
import type { CliIO, CommandModule } from './io.js';

const HELP = `Usage: sertag serve [options]

Serves the tagger over HTTP: a JSON API under /v1/ and a page at / to paste text into and see
what is tagged and why. Tagging runs in worker threads, each with a warm tagger per profile.
Stops on SIGTERM or Ctrl-C after answering the requests in progress (exit 0). No client can hold
a place in the queue: one that leaves frees it at once, and every request ends within twice the
time limit (reading stops at --timeout; an answer the client does not read is cut off one time
limit later).

Options:
  --host HOST            address to listen on (default 127.0.0.1: this machine only)
  --port PORT            port (default 8080; 0 picks a free one)
  --profile NAME|FILE    the profile used when a request names none (default wikipedia); a
                         manifest .yaml is served under its own name, next to the bundled ones
  -j, --jobs N           worker threads (default: the number of cores)
  --queue N              requests in progress at once; more are answered 503 + Retry-After (default 256)
  --timeout MS           time limit per request, waiting included (default 30000); over it: 503
                         TIMEOUT (an NDJSON stream: the documents read so far, then a TIMEOUT line)
  --body-limit BYTES     largest request body (default 10485760, i.e. 10 MiB; suffixes k, M); over it: 413
  --document-limit CHARS longest document (default 1M = 1048576 characters); over it: 413
                         DOCUMENT_TOO_LARGE. A big answer is sent as it is tagged, never built whole
  --cors ORIGIN          let pages from ORIGIN (e.g. http://localhost:3000) call the API; default: no CORS
  -h, --help             this help

API:
  POST /v1/tag           {"text": "…"} or {"texts": ["…", {"id": 7, "text": "…"}]}, optional "explain",
                         "profile", "types", "markdown", "format" (jsonl, prodigy, doccano, spacy); or
                         application/x-ndjson {"id","text"} lines, answered line by line; or text/plain
                         (one document); for these two, options in the query string. Entities as
                         sertag tag --format jsonl.
  GET  /v1/health, GET /v1/profiles, GET /v1/openapi.json

Examples:
  sertag serve
  curl -s localhost:8080/v1/tag -H 'content-type: application/json' -d '{"text": "Stackless Python runs on Linux."}'
  sertag serve --port 9000 --jobs 4 --cors http://localhost:3000`;

const OPTIONS = {
  host: { type: 'string' },
  port: { type: 'string' },
  profile: { type: 'string' },
  jobs: { type: 'string', short: 'j' },
  queue: { type: 'string' },
  timeout: { type: 'string' },
  'body-limit': { type: 'string' },
  'document-limit': { type: 'string' },
  cors: { type: 'string' },
} as const;

function version(): string {
  return (JSON.parse(readFileSync(new URL('../../package.json', import.meta.url), 'utf8')) as { version: string }).version;
}

function isLoopback(host: string): boolean {
  return host === 'localhost' || host === '::1' || (isIP(host) === 4 && host.startsWith('127.'));
}

async function run(argv: string[], io: CliIO): Promise<number> {
  const { values, positionals } = parseCommandArgs('serve', argv, OPTIONS);
  if (positionals.length > 0) throw usageError('serve', `serve takes no file arguments (got \`${positionals[0]}\`)`);
  const host = values.host ?? '127.0.0.1';
  const port = wholeNumberOption('serve', values, 'port', 0, 65535) ?? 8080;
  const jobs = wholeNumberOption('serve', values, 'jobs', 1, 256) ?? availableParallelism();
  const queue = wholeNumberOption('serve', values, 'queue', 1, 1_000_000) ?? 256;
  const timeoutMs = wholeNumberOption('serve', values, 'timeout', 1, 3_600_000) ?? 30_000;
  const bodyLimit = byteSizeOption('serve', values, 'body-limit') ?? 10 * 1024 * 1024;
  const documentLimit = byteSizeOption('serve', values, 'document-limit', 'characters') ?? 1024 * 1024;
  const cors = values.cors;
  if (cors !== undefined && !/^https?:\/\/[^/\s]+$/.test(cors)) throw usageError('serve', `--cors takes one origin such as http://localhost:3000 (scheme, host and port, no path), not \`${cors}\``);

  // The bundled profiles, and the one --profile names (a manifest path is fine here: it is the
  // operator's choice at start-up; requests can only name what is served).
  const { profiles, defaultProfile } = servedProfiles(values.profile, io.cwd);

  const service = new TaggingService(profiles, defaultProfile, { jobs, queue, timeoutMs });
  const app = await buildApp(service, { bodyLimit, documentLimit, version: version(), ...(cors ? { corsOrigin: cors } : {}) });
  // The open connections, to wait at shutdown until each has sent all it was given.
  const sockets = new Set<Socket>();
  app.server.on('connection', (socket: Socket) => {
    sockets.add(socket);
    socket.once('close', () => sockets.delete(socket));
  });
  let address: string;
  try {
    address = await app.listen({ host, port });
  } catch (error) {
    await app.close();
    const code = (error as NodeJS.ErrnoException).code;
    const why = code === 'EADDRINUSE' ? `port ${port} is in use (choose another with --port)` : code === 'EADDRNOTAVAIL' || code === 'ENOTFOUND' ? `${host} is not an address of this machine` : code === 'EACCES' ? `no permission to listen on port ${port}` : (error as Error).message;
    throw new SertagError('LISTEN_FAILED', `cannot listen on ${host}:${port}: ${why}`);
  }
  service.start();
  io.stderr.write(`sertag serve: listening on ${address}/ (${jobs} worker${jobs === 1 ? '' : 's'}; profiles ${profiles.map((p) => p.name).join(', ')}; default ${defaultProfile})\n`);
  if (!isLoopback(host)) io.stderr.write(`sertag serve: warning: ${host} is reachable from other machines, and the API has no authentication\n`);

  // SIGTERM (or Ctrl-C): stop accepting, answer what is in progress, then exit 0.
  await new Promise<void>((resolve) => {
    const stop = (signal: NodeJS.Signals): void => {
      process.off('SIGTERM', stop);
      process.off('SIGINT', stop);
      io.stderr.write(`sertag serve: ${signal}: finishing ${service.inProgress} request${service.inProgress === 1 ? '' : 's'} in progress, then stopping\n`);
      resolve();
    };
    process.on('SIGTERM', stop);
    process.on('SIGINT', stop);
  });
  // Every request ends by itself within twice the time limit (reading stops at the limit, and an
  // answer not taken by the client within one more is cut off: see RequestGuard). Answers are
  // waited for until their last byte has left the process: closing the server closes every
  // connection without a request in progress, and one whose answer is written, for HTTP, but still
  // queued in the socket, would lose its end (an answer cut at 3.9 of 7.4 MB).
  service.draining = true;
  const hardStop = Date.now() + 2 * timeoutMs + 2000;
  while (Date.now() < hardStop && (service.inProgress > 0 || [...sockets].some((s) => !s.destroyed && s.writableLength > 0))) {
    await new Promise((r) => setTimeout(r, 50));
  }
  const cutOff = setTimeout(() => app.server.closeAllConnections(), Math.max(0, hardStop - Date.now()));
  await app.close();
  clearTimeout(cutOff);
  io.stderr.write('sertag serve: stopped\n');
  return 0;
}

export const command: CommandModule = { help: HELP, run };
