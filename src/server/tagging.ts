import { BatchFailed, batchesOf, TagPool, textPayload, type BatchPayload, type BatchResult, type DocumentInput, type ProfileDescription } from '../pipeline/index.js';
import { JobExpired } from '../workers/pool.js';
import { HttpError } from './errors.js';
import type { ServedProfile } from './protocol.js';

/** One document to tag. */
export type RequestDocument = DocumentInput;

/** What a request asks for besides its documents. */
export interface TagOptions {
  profile: string;
  explain: boolean;
  /** One of DOCUMENT_FORMATS. */
  format: string;
  types: string[] | null;
  /** Peel Markdown or not; absent: as the profile says (on for every bundled profile). */
  markdown?: boolean;
}

/** How much work the service takes on. */
export interface TaggingLimits {
  /** Worker threads. */
  jobs: number;
  /** Requests being tagged or waiting at once; one more is refused with 503 and `Retry-After`. */
  queue: number;
  /** How long a request may wait and be tagged before it is answered with 503. */
  timeoutMs: number;
}

/**
 * The tagging side of `sertag serve`: a pool of worker threads, each with a warm tagger per
 * profile (the same pool as `sertag tag --jobs`), a bound on the requests in progress, and a
 * deadline per request. The HTTP layer turns its HttpErrors into JSON error responses.
 */
export class TaggingService {
  private workers: TagPool | undefined;
  private readonly descriptions = new Map<string, Promise<ProfileDescription>>();
  private active = 0;
  /** Shutting down: new requests are refused (503 SHUTTING_DOWN) while those in progress finish. */
  draining = false;

  constructor(
    readonly profiles: readonly ServedProfile[],
    readonly defaultProfile: string,
    readonly limits: TaggingLimits,
  ) {}

  /**
   * Starts the workers (each builds its taggers as it starts). Done on first use, or earlier by
   * calling this: `sertag serve` calls it once it listens, so that starting the workers does not
   * compete for the cores with getting the server up.
   */
  start(): void {
    this.workers ??= new TagPool(this.limits.jobs, { profiles: [...this.profiles], failures: 'report' }, { onLoss: 'restart' });
  }

  private get pool(): TagPool {
    this.start();
    return this.workers!;
  }

  /** Requests being tagged or waiting now. */
  get inProgress(): number {
    return this.active;
  }

  /** The served profile called `name`, or a 400 naming the ones there are (never a path: names are looked up, not opened). */
  profile(name: string | undefined): string {
    const wanted = name ?? this.defaultProfile;
    if (this.profiles.some((p) => p.name === wanted)) return wanted;
    throw new HttpError(400, 'UNKNOWN_PROFILE', `unknown profile ${JSON.stringify(wanted)}; this server has ${this.profiles.map((p) => p.name).join(', ')} (profiles are chosen by name; GET /v1/profiles lists them)`);
  }

  /**
   * Takes on one request, or refuses it with 503 when `queue` requests are already in progress.
   * The returned function gives its place back; call it once, when the response is done.
   */
  admit(): () => void {
    if (this.active >= this.limits.queue) {
      throw new HttpError(503, 'BUSY', `the server is busy (${this.active} requests in progress, the limit is ${this.limits.queue}); retry shortly`, 1);
    }
    this.active++;
    let released = false;
    return () => {
      if (!released) this.active--;
      released = true;
    };
  }

  /**
   * Tags documents and formats each as its `sertag tag --format jsonl` line, comma-separated (the
   * items of a JSON array): the answer's bytes in order, in pieces as the workers send them (a
   * batch with a big output comes in several, ahead of its result; see AnswerPieces). Iterating
   * throws an HttpError (503 when the deadline passes first) as soon as a batch fails, or the
   * reason of `signal` when it aborts first (the request's batches still waiting are dropped then).
   */
  tag(docs: readonly RequestDocument[], options: TagOptions, deadline: number, signal?: AbortSignal): AnswerPieces {
    const batches = batchesOf(docs);
    const answer = new AnswerPieces(batches.length, COMMA);
    // A request that stops keeps no pieces: those of a batch still on a worker are dropped as they come.
    signal?.addEventListener('abort', () => answer.fail(signal.reason instanceof Error ? signal.reason : new Error('the request was aborted')), { once: true });
    batches.forEach((batch, i) => {
      const tagged = this.tagPayload(textPayload(batch), options, ',', deadline, signal, (bytes) => answer.add(i, bytes));
      tagged.then(
        (result) => answer.finish(i, result.output),
        (error: Error) => answer.fail(error),
      );
    });
    return answer;
  }

  /**
   * Tags one batch (as the pipeline packs it) in a worker; rejects with an HttpError (503 past the
   * deadline), or with the reason of `signal` (its request: batches of one take turns with those
   * of others) when it aborts before a worker takes the batch. With `onPartial`, the output comes
   * in pieces ahead of the result, which holds the rest (TagPool.run).
   */
  tagPayload(payload: BatchPayload, options: TagOptions, separator: '\n' | ',', deadline: number, signal?: AbortSignal, onPartial?: (bytes: Uint8Array) => void): Promise<BatchResult> {
    const batch = { profile: options.profile, format: options.format, explain: options.explain, only: options.types, separator, output: 'bytes' as const, deadline, ...(options.markdown === undefined ? {} : { markdown: options.markdown }) };
    const answer = this.pool.run(batch, payload, signal, onPartial);
    return withDeadline(answer, deadline, this.limits.timeoutMs, signal).then((result) => {
      if (result.expired) throw timeoutError(this.limits.timeoutMs);
      return result;
    });
  }

  /** Refuses types that the profile's tagger does not know (400), before any document is tagged. */
  async checkTypes(profile: string, types: readonly string[]): Promise<void> {
    const known = new Set((await this.describe(profile)).types);
    const unknown = types.filter((t) => !known.has(t));
    if (unknown.length > 0) throw unknownTypes(unknown, profile, [...known]);
  }

  /** What a profile's tagger is made of (asked of a worker once, then kept). */
  describe(name: string): Promise<ProfileDescription> {
    let description = this.descriptions.get(name);
    if (!description) {
      description = this.pool.describe(name).catch((error: Error) => {
        throw error instanceof BatchFailed ? new HttpError(500, 'TAGGER_FAILED', error.message) : error;
      });
      description.catch(() => this.descriptions.delete(name));
      this.descriptions.set(name, description);
    }
    return description;
  }

  async close(): Promise<void> {
    await this.workers?.close();
  }
}

const COMMA = new Uint8Array([44]);

/**
 * A request's answer as it comes from the workers: each batch's pieces (those sent ahead, then
 * the rest with its result), batch after batch, with `between` before each batch but the first,
 * whatever order the workers send them in. Pieces of a batch whose turn has not come wait here;
 * those of the current batch are given out as they arrive, so a client gets the start of a big
 * answer while the rest is being tagged. The first batch to fail ends the answer: iterating throws
 * its error, and pieces still coming are dropped.
 */
export class AnswerPieces implements AsyncIterable<Uint8Array> {
  /** Each batch's pieces not given out yet. */
  private readonly pieces: Uint8Array[][];
  private readonly finished: boolean[];
  private failure: Error | undefined;
  private wake: (() => void) | undefined;

  constructor(
    readonly batches: number,
    private readonly between: Uint8Array,
  ) {
    this.pieces = Array.from({ length: batches }, () => []);
    this.finished = new Array<boolean>(batches).fill(false);
  }

  /** A piece of batch `batch`'s output, sent ahead of its result. */
  add(batch: number, bytes: Uint8Array): void {
    if (this.failure || bytes.length === 0) return;
    this.pieces[batch]!.push(bytes);
    this.notify();
  }

  /** The rest of batch `batch`'s output, with its result: the batch is complete. */
  finish(batch: number, bytes: Uint8Array): void {
    this.add(batch, bytes);
    this.finished[batch] = true;
    this.notify();
  }

  /** A batch failed: the answer ends with `error` (the first failure counts). */
  fail(error: Error): void {
    this.failure ??= error;
    for (const pieces of this.pieces) pieces.length = 0;
    this.notify();
  }

  private notify(): void {
    this.wake?.();
    this.wake = undefined;
  }

  async *[Symbol.asyncIterator](): AsyncGenerator<Uint8Array, void, undefined> {
    for (let batch = 0; batch < this.batches; batch++) {
      if (batch > 0) yield this.between;
      for (;;) {
        if (this.failure) throw this.failure;
        const piece = this.pieces[batch]!.shift();
        if (piece) yield piece;
        else if (this.finished[batch]) break;
        else await new Promise<void>((resolve) => (this.wake = resolve));
      }
    }
    if (this.failure) throw this.failure;
  }
}

/** The answer to types a profile does not know. */
export function unknownTypes(unknown: readonly string[], profile: string, known: readonly string[]): HttpError {
  return new HttpError(400, 'UNKNOWN_TYPE', `unknown type${unknown.length > 1 ? 's' : ''} ${unknown.map((t) => JSON.stringify(t)).join(', ')} in "types"; profile ${profile} knows ${known.join(', ')}`);
}

/** The answer to a request (or a batch of it) not tagged within the time limit. */
export function timeoutError(timeoutMs: number): HttpError {
  return new HttpError(503, 'TIMEOUT', `the request was not tagged within the server's time limit of ${timeoutMs} ms; send less text per request, or retry`, 1);
}

/**
 * The worker's answer, or a 503 once the deadline passes (whether the batch was still waiting for a
 * worker or on one); a lost worker is a 503 too (a new one takes its place). A batch dropped because
 * its request stopped rejects with the signal's reason, for the request's handler.
 */
function withDeadline(answer: Promise<BatchResult>, deadline: number, timeoutMs: number, signal: AbortSignal | undefined): Promise<BatchResult> {
  return new Promise((resolve, reject) => {
    const timer = setTimeout(() => reject(timeoutError(timeoutMs)), Math.max(0, deadline - Date.now()));
    answer.then(
      (result) => {
        clearTimeout(timer);
        resolve(result);
      },
      (error: Error) => {
        clearTimeout(timer);
        if (error instanceof BatchFailed) return reject(new HttpError(500, 'TAGGER_FAILED', error.message));
        if (error instanceof JobExpired) return reject(timeoutError(timeoutMs));
        if (signal?.aborted && error === signal.reason) return reject(error);
        process.stderr.write(`sertag serve: ${error.message}\n`);
        reject(new HttpError(503, 'WORKER_LOST', 'a tagging worker stopped while tagging this request; it has been replaced, retry', 1));
      },
    );
  });
}
