import { randomBytes } from 'node:crypto';
import { renameSync, unlinkSync, writeFileSync } from 'node:fs';
import { basename, dirname, join } from 'node:path';
import { SertagError } from './errors.js';

// The one safe-write path: every file sertag replaces (tag -o, learn, convert -o, eval --html, the
// cache) is written to an unpredictable temporary name opened with O_EXCL, renamed into place, and
// removed on failure or on a terminating signal; a failure names the file and says why.

/** What a failed write's error code means, in words. */
const WRITE_ERRORS: Readonly<Record<string, string>> = {
  ENOSPC: 'no space left on the device',
  EDQUOT: 'the disk quota is used up',
  EFBIG: 'the file is larger than this file system allows',
  EACCES: 'permission denied',
  EPERM: 'operation not permitted',
  EROFS: 'the file system is read-only',
  EIO: 'an input/output error on the device',
  EISDIR: 'it is a directory',
  ENOENT: 'its folder does not exist',
  EEXIST: 'a file of the temporary name appeared meanwhile',
};

/**
 * A failed write as the one error users see: which file (or standard output) and why, by name
 * (`cannot write out.txt: no space left on the device (ENOSPC)`), never a stack trace.
 */
export function writeFailed(shownAs: string, error: unknown): SertagError {
  if (error instanceof SertagError) return error;
  const code = (error as NodeJS.ErrnoException).code;
  const why = code ? `${WRITE_ERRORS[code] ?? 'the system refused the write'} (${code})` : (error as Error).message;
  return new SertagError('WRITE_FAILED', `cannot write ${shownAs}: ${why}`, []);
}

/**
 * The temporary files being written now, removed when the process is stopped by a signal
 * (SIGTERM, SIGHUP, SIGINT) before they are renamed into place: a stopped run leaves nothing
 * behind. The handlers are installed only while there is a temporary file, and re-raise the
 * signal once the files are gone, so the process ends as it would have.
 */
const temporaries = new Set<string>();
const CLEANUP_SIGNALS: readonly NodeJS.Signals[] = ['SIGTERM', 'SIGHUP', 'SIGINT'];

function removeTemporariesAndStop(signal: NodeJS.Signals): void {
  for (const path of temporaries) {
    try {
      unlinkSync(path);
    } catch {
      // Already gone.
    }
  }
  temporaries.clear();
  for (const s of CLEANUP_SIGNALS) process.off(s, removeTemporariesAndStop);
  process.kill(process.pid, signal);
}

/** Marks a temporary file as being written: removed if a signal stops the process. */
export function trackTemporary(path: string): void {
  if (temporaries.size === 0) for (const s of CLEANUP_SIGNALS) process.on(s, removeTemporariesAndStop);
  temporaries.add(path);
}

/** The temporary file was renamed into place or removed. */
export function untrackTemporary(path: string): void {
  temporaries.delete(path);
  if (temporaries.size === 0) for (const s of CLEANUP_SIGNALS) process.off(s, removeTemporariesAndStop);
}

/**
 * A name for the temporary file of `path`, in the same folder (so the rename is atomic), that no
 * one can guess: 64 random bits. It is always created with O_EXCL (`wx`), so a file or a symbolic
 * link planted under that name makes the write fail instead of writing through the link.
 */
export function temporaryPathFor(path: string): string {
  return join(dirname(path), `.${basename(path)}.${randomBytes(8).toString('hex')}.tmp`);
}

/**
 * Writes `bytes` to `path` through a fresh temporary file and a rename: the one safe way sertag
 * replaces a file (learned lists, converted files, reports, cache entries). Throws a WRITE_FAILED
 * SertagError naming `shownAs`.
 */
export function replaceFile(path: string, bytes: string | Uint8Array, shownAs: string = path): void {
  const temporary = temporaryPathFor(path);
  try {
    writeFileSync(temporary, bytes, { flag: 'wx' });
    renameSync(temporary, path);
  } catch (error) {
    try {
      unlinkSync(temporary);
    } catch {
      // The temporary file was never created, or is already gone.
    }
    throw writeFailed(shownAs, error);
  }
}

