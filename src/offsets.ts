import type { Token } from './types.js';

/**
 * Offsets a user sees count code points, as Python's `str`, spaCy, Prodigy and doccano do;
 * JavaScript strings index UTF-16 code units. The two differ only after a character outside the
 * Basic Multilingual Plane (an emoji, 𝑥, most CJK extensions), which is one code point and two
 * code units. Combining marks are code points of their own in both, so they need nothing.
 */

/** A high surrogate followed by a low one: one code point written as two code units. */
const SURROGATE_PAIR = /[\uD800-\uDBFF][\uDC00-\uDFFF]/g;
const ANY_HIGH_SURROGATE = /[\uD800-\uDBFF]/;

/** The number of code points in `text.slice(from, to)` (a surrogate pair inside the range counts once). */
export function codePointCount(text: string, from = 0, to = text.length): number {
  let n = to - from;
  for (let i = from; i < to - 1; i++) {
    const c = text.charCodeAt(i);
    if (c >= 0xd800 && c <= 0xdbff) {
      const next = text.charCodeAt(i + 1);
      if (next >= 0xdc00 && next <= 0xdfff) {
        n--;
        i++;
      }
    }
  }
  return n;
}

/** How many of the ascending numbers `sorted` are below `value` (a binary search: where `value` would go). */
export function countBelow(sorted: ArrayLike<number>, value: number): number {
  let lo = 0;
  let hi = sorted.length;
  while (lo < hi) {
    const mid = (lo + hi) >> 1;
    if (sorted[mid]! < value) lo = mid + 1;
    else hi = mid;
  }
  return lo;
}

/**
 * Converts UTF-16 offsets into one text to code-point offsets. For a text without surrogate pairs
 * (almost every text) it is the identity and costs one scan of the text; otherwise each call is a
 * binary search over where the pairs are.
 */
export class CodePointOffsets {
  /** UTF-16 offset of the low half of each surrogate pair, ascending; undefined when there is none. */
  private readonly lowHalves: number[] | undefined;

  constructor(readonly text: string) {
    if (!ANY_HIGH_SURROGATE.test(text)) return;
    const lows: number[] = [];
    SURROGATE_PAIR.lastIndex = 0;
    for (let m = SURROGATE_PAIR.exec(text); m; m = SURROGATE_PAIR.exec(text)) lows.push(m.index + 1);
    if (lows.length > 0) this.lowHalves = lows;
  }

  /** True when code-point and UTF-16 offsets into this text are the same. */
  get identity(): boolean {
    return this.lowHalves === undefined;
  }

  /** The code-point offset of UTF-16 offset `utf16` (an offset inside a pair counts as after it). */
  fromUtf16(utf16: number): number {
    const lows = this.lowHalves;
    if (lows === undefined) return utf16;
    // Pairs whose low half is before `utf16` each take two code units for one code point.
    return utf16 - countBelow(lows, utf16);
  }

  /** The UTF-16 offset of code-point offset `codePoint` (past the end: the text's length plus the rest). */
  toUtf16(codePoint: number): number {
    const lows = this.lowHalves;
    if (lows === undefined) return codePoint;
    // The k-th pair (0-based) starts at code point lows[k] - 1 - k.
    let lo = 0;
    let hi = lows.length;
    while (lo < hi) {
      const mid = (lo + hi) >> 1;
      if (lows[mid]! - 1 - mid < codePoint) lo = mid + 1;
      else hi = mid;
    }
    return codePoint + lo;
  }

  /** The text's length in code points. */
  get length(): number {
    return this.fromUtf16(this.text.length);
  }
}

/** What `withCodePointOffsets` needs of an entity or a token. */
interface Offsets {
  start: number;
  end: number;
  startUtf16: number;
  endUtf16: number;
}

/**
 * Sets `start`/`end` of each item to code points from its `startUtf16`/`endUtf16` (which stay as
 * they are, for JavaScript callers who slice). Called once per tagged text; free on BMP-only text.
 */
export function withCodePointOffsets<T extends Offsets>(offsets: CodePointOffsets, items: T[]): T[] {
  if (items.length === 0 || offsets.identity) return items;
  for (const item of items) {
    item.start = offsets.fromUtf16(item.startUtf16);
    item.end = offsets.fromUtf16(item.endUtf16);
  }
  return items;
}

/**
 * The code-point offsets of the first `count` tokens whose UTF-16 offsets `data` holds (token `k`
 * at `2k`, `2k + 1`) in `offsets.text`, in the same layout: `data` itself when the two agree
 * (almost every text).
 */
export function codePointPositions(offsets: CodePointOffsets, data: Int32Array, count: number): Int32Array {
  if (offsets.identity) return data.length === 2 * count ? data : data.slice(0, 2 * count);
  const out = new Int32Array(2 * count);
  for (let i = 0; i < 2 * count; i++) out[i] = offsets.fromUtf16(data[i]!);
  return out;
}

/**
 * Token objects for the first `count` tokens whose UTF-16 offsets `data` holds (token `k` at `2k`,
 * `2k + 1`) in `offsets.text`: code-point `start`/`end`, and the UTF-16 ones beside them.
 */
export function tokensAt(offsets: CodePointOffsets, data: ArrayLike<number>, count: number): Token[] {
  const text = offsets.text;
  const tokens: Token[] = new Array(count);
  const identity = offsets.identity;
  for (let k = 0; k < count; k++) {
    const startUtf16 = data[2 * k]!;
    const endUtf16 = data[2 * k + 1]!;
    tokens[k] = {
      text: text.slice(startUtf16, endUtf16),
      start: identity ? startUtf16 : offsets.fromUtf16(startUtf16),
      end: identity ? endUtf16 : offsets.fromUtf16(endUtf16),
      startUtf16,
      endUtf16,
    };
  }
  return tokens;
}
