import { createWriteStream, fstatSync, realpathSync, statSync, unlinkSync, renameSync, writeFileSync, type WriteStream } from 'node:fs';
import { dirname, resolve } from 'node:path';
import { replaceFile, temporaryPathFor, trackTemporary, untrackTemporary, writeFailed } from '../safe-write.js';
import type { Writable } from 'node:stream';
import { SertagError } from '../errors.js';
import { writeDocument, type Formatter, type PartedDocument, type TaggedDocument } from '../formats/document.js';
import { Utf8Output } from '../formats/utf8-output.js';

/** Output is collected into about this many bytes before each write. */
const BATCH_BYTES = 64 * 1024;

/** Thrown inside the pipeline when the reader of our output went away (EPIPE): a normal end. */
export class OutputClosed extends Error {
  constructor() {
    super('output closed');
  }
}

/**
 * Batches output into large writes and respects backpressure: `flushIfFull` awaits 'drain' when the
 * stream's buffer is full, so memory stays flat however fast the tagger produces text. A closed
 * pipe (EPIPE) turns into OutputClosed, which the command treats as a clean exit.
 */
export class BatchedWriter {
  /** Text pushed since the last write, already encoded. */
  private readonly text = new Utf8Output();
  /** Byte blocks waiting to be written, in order (the text before a block goes in first). */
  private blocks: Uint8Array[] = [];
  private blockBytes = 0;
  private failure: Error | undefined;
  private closed = false;

  constructor(
    private readonly stream: Writable,
    /** How the output is named in an error: the file as given, or `standard output`. */
    private readonly shownAs = 'standard output',
  ) {
    stream.on('error', this.onError);
  }

  private readonly onError = (error: NodeJS.ErrnoException): void => {
    if (error.code === 'EPIPE' || error.code === 'ERR_STREAM_DESTROYED') this.closed = true;
    else this.failure ??= writeFailed(this.shownAs, error);
  };

  /** Appends text to the current batch. */
  push(text: string): void {
    this.text.push(text);
  }

  /** Appends one formatted document to the current batch. */
  document(formatter: Formatter, doc: TaggedDocument): void {
    writeDocument(formatter, doc, this.text);
  }

  /**
   * Writes a document too long to tag at once, a part at a time (`Formatter.writeParts`), flushing
   * as it goes so its output never sits in memory whole; `step` is called after each piece.
   */
  async parts(formatter: Formatter, doc: PartedDocument, step?: () => void): Promise<void> {
    const writing = formatter.writeParts(doc, this.text);
    for (let next = writing.next(); !next.done; next = writing.next()) {
      step?.();
      await this.flushIfFull();
    }
  }

  /** Appends text already encoded as UTF-8 (by a worker thread, so the main thread need not). */
  pushBytes(bytes: Uint8Array): void {
    this.takeText();
    this.blocks.push(bytes);
    this.blockBytes += bytes.length;
  }

  private takeText(): void {
    if (this.text.length === 0) return;
    const bytes = this.text.take();
    this.blocks.push(bytes);
    this.blockBytes += bytes.length;
  }

  /** Writes the batch when it is large enough. */
  async flushIfFull(): Promise<void> {
    if (this.blockBytes + this.text.length >= BATCH_BYTES) await this.flush();
  }

  /** Writes the current batch and waits for the stream to accept more. */
  async flush(): Promise<void> {
    this.check();
    if (this.blocks.length === 0) {
      // Only text of our own: the stream writes it from the output buffer, which it gives back once written.
      if (this.text.length === 0) return;
      const lent = this.text.lend();
      const more = this.stream.write(lent, () => this.text.giveBack(lent));
      if (!more) await this.drained();
      this.check();
      return;
    }
    this.takeText();
    if (this.blockBytes === 0) return;
    const blocks = this.blocks;
    const bytes = blocks.length === 1 ? blocks[0]! : Buffer.concat(blocks, this.blockBytes);
    this.blocks = [];
    this.blockBytes = 0;
    const more = this.stream.write(bytes);
    if (!more) await this.drained();
    this.check();
  }

  private check(): void {
    if (this.failure) throw this.failure;
    if (this.closed || this.stream.destroyed) throw new OutputClosed();
  }

  private drained(): Promise<void> {
    return new Promise((resolveDrain) => {
      const done = (): void => {
        this.stream.off('drain', done);
        this.stream.off('close', done);
        this.stream.off('error', done);
        resolveDrain();
      };
      this.stream.on('drain', done);
      this.stream.on('close', done);
      this.stream.on('error', done);
    });
  }

  /** Flushes what is left; the stream itself stays open (stdout belongs to the caller). */
  async end(): Promise<void> {
    await this.flush();
  }

  detach(): void {
    this.stream.off('error', this.onError);
  }
}

/** `ino:dev` of a path when it exists, to compare files whatever path names them. */
function identity(path: string): string | undefined {
  try {
    const s = statSync(path);
    return `${s.dev}:${s.ino}`;
  } catch {
    return undefined;
  }
}

/**
 * Refuses (exit 2) an output path that names one of the inputs, however it is spelled; with
 * `readsStdin`, also the file standard input was redirected from (`tag -o in.txt < in.txt`).
 */
export function assertNotAnInput(outputPath: string, inputPaths: readonly string[], shownAs: string, readsStdin = false): void {
  const out = identity(outputPath);
  const outReal = realOrResolved(outputPath);
  if (readsStdin && out !== undefined) {
    let stdin: string | undefined;
    try {
      const s = fstatSync(0);
      if (s.isFile()) stdin = `${s.dev}:${s.ino}`;
    } catch {
      // No standard input (closed): nothing to compare.
    }
    if (stdin === out) throw new SertagError('OUTPUT_IS_INPUT', `refusing to write the output over ${shownAs}, which is also standard input; choose another -o path`, []);
  }
  for (const input of inputPaths) {
    if ((out !== undefined && identity(input) === out) || realOrResolved(input) === outReal) {
      throw new SertagError('OUTPUT_IS_INPUT', `refusing to write the output over the input file ${shownAs}; choose another -o path`, []);
    }
  }
}

/** The real path of a file (links resolved), or its resolved path when it does not exist yet. */
export function realOrResolved(path: string): string {
  try {
    return realpathSync(path);
  } catch {
    return resolve(path);
  }
}

/**
 * What an output path is when it exists: a regular file (followed through symbolic links) is
 * replaced atomically; anything else — `/dev/null`, `/dev/stdout`, a named pipe, a terminal — is
 * written to as it is. Renaming a temporary file over a device would replace the device itself with
 * a plain file (as root, `-o /dev/null` once did exactly that).
 */
function outputTarget(path: string): { path: string; direct: boolean } {
  const real = realOrResolved(path);
  try {
    const info = statSync(real);
    return { path: real, direct: !info.isFile() && !info.isDirectory() };
  } catch {
    // Not there yet: a new file.
    return { path, direct: false };
  }
}

/**
 * Writes a whole file through a temporary file in the same folder and a rename, so a reader never
 * sees half of it (for outputs built in memory; streamed outputs use `AtomicFile`). A device or a
 * pipe is written to directly, and a symbolic link's target is what gets replaced.
 */
export function writeAtomically(given: string, text: string): void {
  const { path, direct } = outputTarget(given);
  if (direct) {
    try {
      writeFileSync(path, text);
      return;
    } catch (error) {
      throw writeFailed(given, error);
    }
  }
  replaceFile(path, text, given);
}

/**
 * An output file written atomically: everything goes to a temporary file in the same folder, which
 * is renamed over the target only when `commit` is called. `abort` (on failure or Ctrl-C) removes
 * the temporary file, so a partial output file never exists under the target name. A symbolic link
 * is followed (its target is replaced, the link stays); a device or a named pipe is written to
 * directly, as there is no file to replace.
 */
export class AtomicFile {
  readonly stream: WriteStream;
  /** The temporary file, or undefined when writing directly to a device or a pipe. */
  readonly tempPath: string | undefined;
  readonly path: string;
  private finished = false;

  constructor(given: string, shownAs: string) {
    const { path, direct } = outputTarget(given);
    this.path = path;
    if (direct) {
      this.tempPath = undefined;
      this.stream = createWriteStream(path, { flags: 'w', highWaterMark: 1 << 20 });
      return;
    }
    const dir = dirname(path);
    let info;
    try {
      info = statSync(dir);
    } catch {
      throw new SertagError('BAD_OUTPUT', `cannot write ${shownAs}: the folder ${dir} does not exist`, []);
    }
    if (!info.isDirectory()) throw new SertagError('BAD_OUTPUT', `cannot write ${shownAs}: ${dir} is not a folder`, []);
    if (identity(path) !== undefined && statSync(path).isDirectory()) throw new SertagError('BAD_OUTPUT', `cannot write ${shownAs}: it is a directory`, []);
    this.tempPath = temporaryPathFor(path);
    trackTemporary(this.tempPath);
    this.stream = createWriteStream(this.tempPath, { flags: 'wx', highWaterMark: 1 << 20 });
  }

  /** Waits until the temporary file is open, turning a failure into one clear error. */
  async opened(shownAs: string): Promise<void> {
    await new Promise<void>((resolveOpen, reject) => {
      const onError = (error: NodeJS.ErrnoException): void => {
        this.abort();
        reject(new SertagError('BAD_OUTPUT', `cannot write ${shownAs}: ${error.code === 'EACCES' ? 'permission denied' : error.code ?? error.message}`, []));
      };
      this.stream.once('ready', () => {
        this.stream.off('error', onError);
        resolveOpen();
      });
      this.stream.once('error', onError);
    });
  }

  /** Closes the temporary file and renames it over the target; a failure is a WRITE_FAILED naming `shownAs` (the temporary file is removed). */
  async commit(shownAs: string = this.path): Promise<void> {
    try {
      await new Promise<void>((resolveEnd, reject) => {
        // A write that failed before this point has already errored the stream.
        if (this.stream.errored) return reject(this.stream.errored);
        this.stream.once('error', reject);
        this.stream.end((error?: Error | null) => (error ? reject(error) : resolveEnd()));
      });
      if (this.tempPath !== undefined) renameSync(this.tempPath, this.path);
    } catch (error) {
      this.abort();
      throw writeFailed(shownAs, error);
    }
    this.finished = true;
    if (this.tempPath !== undefined) untrackTemporary(this.tempPath);
  }

  /** Removes the temporary file (synchronously, so it also works from a signal handler). */
  abort(): void {
    if (this.finished) return;
    this.finished = true;
    this.stream.destroy();
    if (this.tempPath === undefined) return;
    untrackTemporary(this.tempPath);
    try {
      unlinkSync(this.tempPath);
    } catch {
      // Already gone, or never created.
    }
  }
}
