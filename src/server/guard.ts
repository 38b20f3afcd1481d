import type { IncomingMessage, ServerResponse } from 'node:http';
import type { Writable } from 'node:stream';

/** Why a request stopped before its answer was done. */
export type StopReason = 'disconnect' | 'deadline';

/** Thrown out of a guarded wait when the request stops (the client left, or its time is up). */
export class RequestStopped extends Error {
  constructor(readonly reason: StopReason) {
    super(reason === 'disconnect' ? 'the client disconnected' : 'the request ran past its time limit');
  }
}

/**
 * One request's deadline and disconnect handler: the one place that gives its queue slot back.
 * The slot is released exactly once, when the answer is fully written or the connection closes,
 * whichever comes first, so no client can keep a slot by leaving mid-request or by not reading.
 *
 * Reading the request stops at the deadline (`raceIterable`); the work already taken on goes on
 * under each batch's own time limit, and every wait for the workers or for the client to read
 * races the client leaving (`race`, `drained`), whose batches still waiting for a worker are
 * dropped (`signal`). An answer not written by one more time limit after
 * the deadline (a client that does not read) is cut off: a request holds its slot at most twice
 * the time limit, whatever the client does.
 */
export class RequestGuard {
  /** `Date.now()` after which the request's work is no longer wanted. */
  readonly deadline: number;
  /** Why the request stopped, once it has. */
  reason: StopReason | undefined;
  /**
   * Aborts (with a RequestStopped) when the client leaves: the request's batches still waiting for
   * a worker are dropped then. Not at the deadline: each batch carries its own time limit, and
   * those of an NDJSON stream read before the deadline are still answered.
   */
  readonly signal: AbortSignal;
  private readonly aborter = new AbortController();
  /** Rejects when the client leaves; never settles otherwise. */
  private readonly left: Promise<never>;
  private leave!: (reason: RequestStopped) => void;
  /** Rejects when the deadline passes. */
  private readonly expired: Promise<never>;
  private expire!: (reason: RequestStopped) => void;
  private timer: NodeJS.Timeout;
  private released = false;

  constructor(
    request: IncomingMessage,
    private readonly response: ServerResponse,
    timeoutMs: number,
    private readonly release: () => void,
  ) {
    this.deadline = Date.now() + timeoutMs;
    this.signal = this.aborter.signal;
    this.left = new Promise<never>((_resolve, reject) => {
      this.leave = reject;
    });
    this.expired = new Promise<never>((_resolve, reject) => {
      this.expire = reject;
    });
    this.left.catch(() => undefined);
    this.expired.catch(() => undefined);
    this.timer = setTimeout(() => {
      this.halt('deadline');
      // The answer gets one more time limit to be written; a client that does not read it is cut off.
      this.timer = setTimeout(() => {
        if (!response.writableFinished) response.destroy();
      }, timeoutMs);
      this.timer.unref();
    }, timeoutMs);
    this.timer.unref();
    const onClose = (): void => {
      // The response's 'close' comes after its last byte was handed to the socket, or when the connection is lost first.
      if (!response.writableFinished) this.halt('disconnect');
      this.done();
    };
    response.once('close', onClose);
    request.once('close', () => {
      // The request's 'close' also comes after a body read to its end; only a lost socket counts.
      if (request.socket?.destroyed && !response.writableFinished) this.halt('disconnect');
    });
  }

  /** Marks the request stopped: the client left, or its time is up (a client that leaves after the deadline still counts as gone). */
  halt(reason: StopReason): void {
    if (this.reason === 'disconnect' || this.reason === reason) return;
    this.reason = reason;
    if (reason === 'disconnect') {
      this.leave(new RequestStopped(reason));
      this.aborter.abort(new RequestStopped(reason));
    }
    this.expire(new RequestStopped(reason));
  }

  /** Gives the slot back and stops the clock (idempotent); called when the answer is done either way. */
  done(): void {
    clearTimeout(this.timer);
    if (this.released) return;
    this.released = true;
    this.release();
  }

  /** Races a wait (for the workers, for the client to read) against the client leaving. */
  race<T>(wait: Promise<T>): Promise<T> {
    if (this.reason === 'disconnect') return Promise.reject(new RequestStopped('disconnect'));
    return Promise.race([wait, this.left]);
  }

  /** Reads `source` until it ends, the client leaves or the deadline passes (then throws RequestStopped). */
  async *raceIterable<T>(source: AsyncIterable<T>): AsyncGenerator<T> {
    const iterator = source[Symbol.asyncIterator]();
    try {
      for (;;) {
        if (this.reason !== undefined) throw new RequestStopped(this.reason);
        const next = await Promise.race([iterator.next(), this.expired]);
        if (next.done) return;
        yield next.value;
      }
    } finally {
      void iterator.return?.();
    }
  }

  /** Waits until `stream` accepts more (its 'drain'), or the request stops; never hangs on a stream that has closed. */
  drained(stream: Writable): Promise<void> {
    return this.race(
      new Promise<void>((resolve) => {
        const done = (): void => {
          stream.off('drain', done);
          stream.off('close', done);
          resolve();
        };
        stream.on('drain', done);
        stream.on('close', done);
      }),
    );
  }

  /** Whether the connection is still there to answer on. */
  get connected(): boolean {
    return !this.response.destroyed && this.reason !== 'disconnect';
  }
}
