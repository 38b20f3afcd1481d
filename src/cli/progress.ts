import type { Writable } from 'node:stream';

/** How often the progress line is redrawn. */
const INTERVAL_MS = 250;

function compact(n: number): string {
  if (n >= 1e9) return `${(n / 1e9).toFixed(1)}G`;
  if (n >= 1e6) return `${(n / 1e6).toFixed(1)}M`;
  if (n >= 1e4) return `${(n / 1e3).toFixed(0)}k`;
  return String(Math.round(n));
}

function duration(seconds: number): string {
  const s = Math.max(0, Math.round(seconds));
  const m = Math.floor(s / 60);
  return m >= 60 ? `${Math.floor(m / 60)}h${String(m % 60).padStart(2, '0')}m` : `${m}:${String(s % 60).padStart(2, '0')}`;
}

/**
 * A one-line progress report on stderr (documents, tokens, tokens/s and, for files, percent and
 * ETA). Only created when stderr is a terminal and the input is a file; `--quiet` turns it off.
 */
export class Progress {
  private readonly started = performance.now();
  private lastDraw = 0;
  private drawn = false;

  constructor(
    private readonly stderr: Writable,
    /** Total input bytes, when every input is a regular file. */
    private readonly totalBytes: number | undefined,
  ) {}

  /** Redraws the line at most every INTERVAL_MS. */
  update(documents: number, tokens: number, bytes: number): void {
    const now = performance.now();
    if (now - this.lastDraw < INTERVAL_MS) return;
    this.lastDraw = now;
    const seconds = (now - this.started) / 1000;
    const rate = seconds > 0 ? tokens / seconds : 0;
    let line = `sertag tag: ${compact(documents)} document${documents === 1 ? '' : 's'}, ${compact(tokens)} tokens, ${compact(rate)} tokens/s`;
    if (this.totalBytes && this.totalBytes > 0 && bytes > 0) {
      const done = Math.min(1, bytes / this.totalBytes);
      const eta = done > 0 ? (seconds / done) * (1 - done) : 0;
      line += `, ${(done * 100).toFixed(0)}%, ETA ${duration(eta)}`;
    }
    this.stderr.write(`\r\x1b[2K${line}`);
    this.drawn = true;
  }

  /** At the end of a successful run: the progress line becomes a summary of the whole run. */
  summary(documents: number, tokens: number, entities: number): void {
    const seconds = (performance.now() - this.started) / 1000;
    const n = (count: number, one: string, many: string): string => `${count.toLocaleString('en-US')} ${count === 1 ? one : many}`;
    this.stderr.write(`\r\x1b[2Ksertag tag: ${n(documents, 'document', 'documents')}, ${n(tokens, 'token', 'tokens')}, ${n(entities, 'entity', 'entities')} in ${seconds.toFixed(1)} s\n`);
    this.drawn = false;
  }

  /** Clears the line so the shell prompt (or an error) starts clean. */
  done(): void {
    if (this.drawn) this.stderr.write('\r\x1b[2K');
    this.drawn = false;
  }
}
