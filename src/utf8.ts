/**
 * Strict decoding of files people hand us (gazetteers, rules, gold files). `readFileSync(…, 'utf8')`
 * silently turns bad bytes into U+FFFD, which would corrupt terms and tokens without a word; here a
 * binary file or invalid UTF-8 is reported with the line and column of the first bad byte instead.
 */

import type { Problem } from './errors.js';

/** Why a file's bytes are not UTF-8 text, and where (1-based line and byte column): a problem, once the caller names the file. */
export type NotText = Pick<Problem, 'message' | 'line' | 'col'> & { code: 'BINARY_FILE' | 'INVALID_UTF8' };

function position(bytes: Uint8Array, offset: number): { line: number; col: number } {
  let line = 1;
  let lineStart = 0;
  for (let i = 0; i < offset; i++) {
    if (bytes[i] === 10) {
      line++;
      lineStart = i + 1;
    }
  }
  return { line, col: offset - lineStart + 1 };
}

/** Offset of the first byte that does not belong to a well-formed UTF-8 sequence. */
function firstInvalidByte(bytes: Uint8Array): number {
  let i = 0;
  while (i < bytes.length) {
    const b = bytes[i]!;
    if (b < 0x80) {
      i++;
      continue;
    }
    const need = b >= 0xc2 && b <= 0xdf ? 1 : b >= 0xe0 && b <= 0xef ? 2 : b >= 0xf0 && b <= 0xf4 ? 3 : 0;
    if (need === 0) return i;
    let cp = b & (0x3f >> need);
    for (let k = 1; k <= need; k++) {
      const c = bytes[i + k];
      if (c === undefined || (c & 0xc0) !== 0x80) return i;
      cp = (cp << 6) | (c & 0x3f);
    }
    const min = need === 1 ? 0x80 : need === 2 ? 0x800 : 0x10000;
    if (cp < min || cp > 0x10ffff || (cp >= 0xd800 && cp <= 0xdfff)) return i;
    i += need + 1;
  }
  return bytes.length;
}

/**
 * Decodes bytes as UTF-8 text (a leading BOM is dropped). Returns the text, or why it is not text:
 * a NUL byte (binary, or UTF-16) or a byte sequence that is not UTF-8.
 */
export function decodeUtf8(bytes: Uint8Array): { text: string } | { error: NotText } {
  const nul = bytes.indexOf(0);
  if (nul >= 0) {
    const utf16 = bytes.length >= 2 && ((bytes[0] === 0xff && bytes[1] === 0xfe) || (bytes[0] === 0xfe && bytes[1] === 0xff));
    const at = position(bytes, nul);
    return {
      error: {
        code: 'BINARY_FILE',
        message: utf16 ? 'looks like UTF-16 text; sertag reads UTF-8 (convert it, e.g. `iconv -f UTF-16 -t UTF-8`)' : `looks like a binary file (NUL byte at byte ${nul}); expected UTF-8 text`,
        ...(utf16 ? { line: 1, col: 1 } : at),
      },
    };
  }
  try {
    return { text: new TextDecoder('utf-8', { fatal: true }).decode(bytes) };
  } catch {
    const bad = firstInvalidByte(bytes);
    return { error: { code: 'INVALID_UTF8', message: `invalid UTF-8 at byte ${bad}; expected UTF-8 text`, ...position(bytes, bad) } };
  }
}
