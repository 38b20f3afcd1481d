/**
 * Results of work sent off in order (batches to the workers), taken back in the same order
 * whenever each finishes, with at most `limit` outstanding: `push` waits while more are. Each is
 * handed to `consume` (written out, yielded) in order.
 */
export class InOrder<T> {
  private readonly queue: Array<Promise<T>> = [];

  constructor(
    private readonly limit: number,
    private readonly consume: (result: T) => Promise<void> | void,
  ) {}

  /** Results sent off and not consumed yet. */
  get size(): number {
    return this.queue.length;
  }

  /** Queues a result; consumes the oldest ones while more than `limit` are outstanding. */
  async push(result: Promise<T>): Promise<void> {
    // Awaited in order below; this only keeps a failure from being reported as unhandled first.
    result.catch(() => undefined);
    this.queue.push(result);
    while (this.queue.length > this.limit) await this.consumeOldest();
  }

  /** Consumes everything still outstanding, in order. */
  async drain(): Promise<void> {
    while (this.queue.length > 0) await this.consumeOldest();
  }

  /** Forgets what is outstanding (after a failure: nothing after it is wanted). */
  abandon(): void {
    this.queue.length = 0;
  }

  private async consumeOldest(): Promise<void> {
    await this.consume(await this.queue.shift()!);
  }
}
