/**
 * Interns tokens: each distinct token text gets a small integer id, and `facts(token)` is computed
 * once per id. The tagger's hot path looks tokens up by their offsets in the text, so a token seen
 * before costs one hash over its characters and one probe of an open-addressing table, with no
 * string or object created. Text is Zipf-distributed: a few thousand distinct tokens make up most
 * of any corpus, and the table and its character pool stay in the CPU caches.
 *
 * Memory stays flat on any input: `makeRoom` starts over when more than `limit` ids are in use,
 * and tokens longer than `maxLength` (URLs, blobs: rarely repeated) get a fresh id each time
 * without entering the table. Ids are only valid until the next `makeRoom`.
 */
export class Vocabulary<F> {
  /** Facts per id (`compute` receives the token's text: facts that need it keep it). */
  readonly facts: F[] = [];
  /**
   * Open addressing, linear probing. Slot `s` is four numbers at `4s`: the token's hash, its id + 1
   * (0 = empty), where its characters start in `pool`, and its length. A lookup reads one cache line
   * of the table and, on a hash hit, the token's characters.
   */
  private slots: Int32Array;
  private mask: number;
  private pool = new Uint16Array(1 << 16);
  private poolUsed = 0;
  /** Ids in the table (long tokens are not). */
  private interned = 0;

  constructor(
    private readonly compute: (token: string) => F,
    /** Most ids in use before `makeRoom` starts over. */
    private readonly limit = 1 << 17,
    /** Longer tokens are not interned. */
    private readonly maxLength = 48,
  ) {
    this.slots = new Int32Array(4 << 12);
    this.mask = (1 << 12) - 1;
  }

  /** Number of ids in use. */
  get size(): number {
    return this.facts.length;
  }

  /**
   * Call before looking up tokens whose ids are used together (the tagger's sentences): forgets
   * every id when the vocabulary is full.
   */
  makeRoom(): void {
    if (this.facts.length > this.limit) this.reset();
  }

  /** Forgets every id. */
  reset(): void {
    this.slots.fill(0);
    this.facts.length = 0;
    this.poolUsed = 0;
    this.interned = 0;
  }

  /** The id of the token `text[start, end)`, interned now if it is new. */
  id(text: string, start: number, end: number): number {
    // Its own copy: a slice would keep the whole text alive for as long as the id is in use.
    if (end - start > this.maxLength) return this.add(ownCopy(text.slice(start, end)));
    const found = this.probe(text, start, end);
    return found >= 0 ? found : this.intern(text, start, end, -found - 1);
  }

  /** The token's id, or, when it is not in the table, -(the free slot where it would go) - 1. */
  private probe(text: string, start: number, end: number): number {
    const length = end - start;
    const hash = hashOf(text, start, end);
    const mask = this.mask;
    const slots = this.slots;
    let slot = hash & mask;
    for (;;) {
      const at = slot * 4;
      const found = slots[at + 1]! - 1;
      if (found < 0) return -slot - 1;
      if (slots[at] === hash && slots[at + 3] === length && this.samePoolCharacters(slots[at + 2]!, text, start, length)) return found;
      slot = (slot + 1) & mask;
    }
  }

  private samePoolCharacters(at: number, text: string, start: number, length: number): boolean {
    const pool = this.pool;
    for (let k = 0; k < length; k++) if (pool[at + k] !== text.charCodeAt(start + k)) return false;
    return true;
  }

  private intern(text: string, start: number, end: number, slot: number): number {
    const length = end - start;
    // A slice of a longer text may share its memory (V8 keeps longer slices as views into the
    // parent): copy it so the vocabulary never holds whole documents.
    const token = length >= 13 ? ownCopy(text.slice(start, end)) : text.slice(start, end);
    const id = this.add(token);
    if (this.poolUsed + length > this.pool.length) this.pool = grow(this.pool, this.poolUsed + length);
    const at = slot * 4;
    this.slots[at] = hashOf(text, start, end);
    this.slots[at + 1] = id + 1;
    this.slots[at + 2] = this.poolUsed;
    this.slots[at + 3] = length;
    for (let i = start; i < end; i++) this.pool[this.poolUsed++] = text.charCodeAt(i);
    // Keep the table at most half full.
    if (++this.interned * 2 > this.mask + 1) this.rehash();
    return id;
  }

  private add(token: string): number {
    const id = this.facts.length;
    this.facts.push(this.compute(token));
    return id;
  }

  private rehash(): void {
    const old = this.slots;
    this.slots = new Int32Array(old.length * 2);
    this.mask = this.slots.length / 4 - 1;
    for (let from = 0; from < old.length; from += 4) {
      if (old[from + 1] === 0) continue;
      let slot = old[from]! & this.mask;
      while (this.slots[slot * 4 + 1] !== 0) slot = (slot + 1) & this.mask;
      for (let k = 0; k < 4; k++) this.slots[slot * 4 + k] = old[from + k]!;
    }
  }
}

/** FNV-1a over the UTF-16 code units of `text[start, end)`. */
function hashOf(text: string, start: number, end: number): number {
  let hash = 0x811c9dc5 | 0;
  for (let i = start; i < end; i++) hash = Math.imul(hash ^ text.charCodeAt(i), 0x01000193);
  return hash;
}

function grow(array: Uint16Array<ArrayBuffer>, atLeast: number): Uint16Array<ArrayBuffer> {
  let size = array.length * 2;
  while (size < atLeast) size *= 2;
  const grown = new Uint16Array(size);
  grown.set(array);
  return grown;
}

/** A string with the same content that does not refer to a larger string. */
function ownCopy(s: string): string {
  // Concatenating and re-slicing makes V8 write the characters into a new flat string.
  return (' ' + s).slice(1);
}
