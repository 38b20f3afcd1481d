/**
 * A bounded memo of per-token facts (lower-cased form, trie node, …), keyed by the token's text.
 * Text is Zipf-distributed: a few thousand distinct tokens make up most of any corpus, so one hash
 * lookup of the token replaces lower-casing it and every further lookup keyed by it. Bounded so
 * memory stays flat on any input: long tokens are not kept, and the memo starts over when full.
 *
 * Looking a token up in a map of tens of thousands of entries is slow mostly for the memory it
 * touches; tokens found often are moved into a small map that stays in the CPU caches.
 */
export class TokenMemo<T> {
  private readonly all = new Map<string, Entry<T>>();
  private readonly hot = new Map<string, T>();
  /**
   * Tokens of one or two ASCII characters (`,`, `.`, `a`, `of`, `in`: a third of running text),
   * by character codes: an array index instead of hashing.
   */
  private readonly short: Array<T | undefined> = new Array<T | undefined>(SHORT_SLOTS).fill(undefined);

  constructor(
    private readonly compute: (token: string) => T,
    /** Most distinct tokens kept before the memo is cleared. */
    private readonly limit = 1 << 17,
    /** Longer tokens are computed every time (URLs, blobs: rarely repeated). */
    private readonly maxLength = 48,
    /** Size of the map of frequent tokens. */
    private readonly hotLimit = 2048,
  ) {}

  get(token: string): T {
    const length = token.length;
    if (length === 1 || length === 2) {
      const first = token.charCodeAt(0);
      const second = length === 2 ? token.charCodeAt(1) : 0;
      if (first < 128 && second < 128) {
        const slot = length === 1 ? first : 128 + first * 128 + second;
        let value = this.short[slot];
        if (value === undefined) this.short[slot] = value = this.compute(token);
        return value;
      }
    }
    const hot = this.hot.get(token);
    if (hot !== undefined) return hot;
    let entry = this.all.get(token);
    if (entry === undefined) {
      if (token.length > this.maxLength) return this.compute(token);
      if (this.all.size >= this.limit) this.all.clear();
      // A token sliced out of a document may share the document's memory (V8 keeps longer slices
      // as views into their parent): keep a copy of its own so the memo never holds whole documents.
      const key = token.length >= 13 ? ownCopy(token) : token;
      entry = { key, value: this.compute(key), hits: 0 };
      this.all.set(key, entry);
    } else if (++entry.hits === HOT_AFTER && this.hot.size < this.hotLimit) {
      this.hot.set(entry.key, entry.value);
    }
    return entry.value;
  }

  get size(): number {
    return this.all.size;
  }
}

/** Slots of `TokenMemo.short`: 128 one-character tokens, then 128 × 128 two-character ones. */
const SHORT_SLOTS = 128 + 128 * 128;

/** A token seen this many more times moves to the small map (while there is room). */
const HOT_AFTER = 8;

interface Entry<T> {
  key: string;
  value: T;
  hits: number;
}

/** A string with the same content that does not refer to a larger string. */
function ownCopy(s: string): string {
  // Concatenating and re-slicing makes V8 write the characters into a new flat string.
  return (' ' + s).slice(1);
}
