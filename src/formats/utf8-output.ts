/**
 * Output encoded to UTF-8 as it is produced, into one reused, growing byte buffer. A formatter that
 * writes bytes (`Formatter.write`) puts numbers, JSON strings and cached pieces straight into it:
 * no string is built for a document, and nothing is encoded twice. Formatters that build strings
 * `push` them; encoding each document at once is still cheaper than concatenating a whole batch
 * into one string, which V8 must flatten (a walk over a deep tree of pieces) before encoding it.
 */
export class Utf8Output {
  private bytes = Buffer.allocUnsafe(1 << 16);
  /** Bytes written since the last `take`. */
  length = 0;
  /** Buffers given back after `lend`, to write into next. */
  private readonly spare: Array<Buffer<ArrayBuffer>> = [];

  /** Appends `text` encoded as UTF-8 (a lone surrogate becomes U+FFFD, as `Buffer.from` does). */
  push(text: string): void {
    // UTF-8 takes at most 3 bytes per UTF-16 code unit (a surrogate pair: 4 bytes for 2 units).
    this.room(text.length * 3);
    this.length += this.bytes.write(text, this.length, 'utf8');
  }

  /** Appends bytes as they are. */
  pushBytes(bytes: Uint8Array): void {
    this.room(bytes.length);
    this.bytes.set(bytes, this.length);
    this.length += bytes.length;
  }

  /** Appends a string known to be ASCII (JSON punctuation, keys): one byte per character. */
  ascii(text: string): void {
    const n = text.length;
    this.room(n);
    const bytes = this.bytes;
    let at = this.length;
    for (let i = 0; i < n; i++) bytes[at++] = text.charCodeAt(i);
    this.length = at;
  }

  /** Appends one byte (an ASCII character code). */
  byte(code: number): void {
    this.room(1);
    this.bytes[this.length++] = code;
  }

  /** Appends a non-negative integer in decimal, as `String(n)` writes it. */
  uint(n: number): void {
    if (!(n >= 0 && n <= MAX_UINT32) || n !== Math.floor(n)) return this.ascii(String(n));
    this.room(10);
    this.length = writeUint(this.bytes, this.length, n);
  }

  /**
   * Appends the first `count` pairs of `values` (pair `k` at `2k`, `2k + 1`: non-negative integers)
   * as JSON arrays joined by commas, `[a,b],[c,d]`: the offsets of a million tokens in one loop.
   */
  uintPairs(values: ArrayLike<number>, count: number): void {
    for (let k = 0; k < 2 * count; k++) {
      const v = values[k]!;
      if (!(v >= 0 && v <= MAX_UINT32) || v !== Math.floor(v)) throw new RangeError(`uintPairs: ${v} is not an integer from 0 to 2^32 - 1`);
    }
    // `[`, `,`, `]`, a comma before, and at most ten digits twice.
    this.room(24 * count);
    const bytes = this.bytes;
    let at = this.length;
    for (let k = 0; k < count; k++) {
      if (k > 0) bytes[at++] = 44;
      bytes[at++] = 91;
      at = writeUint(bytes, at, values[2 * k]!);
      bytes[at++] = 44;
      at = writeUint(bytes, at, values[2 * k + 1]!);
      bytes[at++] = 93;
    }
    this.length = at;
  }

  /**
   * Appends `text` as a JSON string, quotes included, byte for byte what `JSON.stringify(text)`
   * encoded as UTF-8 gives (lone surrogates come out as `\udxxx` escapes, so the encoding is exact).
   * Plain ASCII, which almost every entity text and type is, is copied in one loop; a string with
   * anything else goes through `JSON.stringify`. (One loop that also escapes and encodes was
   * deoptimized hundreds of times a run, at each branch it had not yet seen.)
   */
  jsonString(text: string): void {
    this.byte(34);
    this.jsonStringBody(text);
    this.byte(34);
  }

  /** Appends `text` as the inside of a JSON string, as `JSON.stringify` writes it between the quotes. */
  jsonStringBody(text: string): void {
    const n = text.length;
    this.room(n);
    const bytes = this.bytes;
    const start = this.length;
    let at = start;
    for (let i = 0; i < n; i++) {
      const c = text.charCodeAt(i);
      if (c >= 0x80 || JSON_PLAIN[c] === 0) {
        this.length = start;
        const json = JSON.stringify(text);
        return this.push(json.slice(1, -1));
      }
      bytes[at++] = c;
    }
    this.length = at;
  }

  /** The bytes written since the last call, in an array of their own (the buffer is reused). */
  take(): Uint8Array<ArrayBuffer> {
    const out = new Uint8Array(this.length);
    out.set(this.bytes.subarray(0, this.length));
    this.length = 0;
    return out;
  }

  /**
   * The bytes written since the last call, without a copy: a view of the buffer itself, which is
   * the caller's until it hands it back with `giveBack` (writing goes on in a spare buffer). A
   * writer that lends each document's bytes to a stream and takes them back once written keeps
   * two buffers alive, where copying every document out would leave a trail of them for the
   * garbage collector.
   */
  lend(): Uint8Array<ArrayBuffer> {
    const lent = this.bytes.subarray(0, this.length);
    this.bytes = this.spare.pop() ?? Buffer.allocUnsafe(this.bytes.length);
    this.length = 0;
    return lent;
  }

  /** Takes back a buffer that `lend` returned, once nothing reads it any more. */
  giveBack(lent: Uint8Array<ArrayBuffer>): void {
    // Buffers of 64 KB and more own their memory: the view's ArrayBuffer is the whole buffer.
    if (this.spare.length < 2) this.spare.push(Buffer.from(lent.buffer, 0, lent.buffer.byteLength));
  }

  /** Makes room for `n` more bytes. */
  private room(n: number): void {
    if (this.bytes.length - this.length < n) this.grow(this.length + n);
  }

  private grow(atLeast: number): void {
    let size = this.bytes.length * 2;
    while (size < atLeast) size *= 2;
    const grown = Buffer.allocUnsafe(size);
    this.bytes.copy(grown, 0, 0, this.length);
    this.bytes = grown;
  }
}

const MAX_UINT32 = 0xffffffff;

/** Writes `n` (an integer from 0 to 2^32 - 1) in decimal at `bytes[at]`; returns the offset after it. */
function writeUint(bytes: Uint8Array, at: number, n: number): number {
  if (n < 10) {
    bytes[at] = 48 + n;
    return at + 1;
  }
  const digits = n < 100 ? 2 : n < 1000 ? 3 : n < 10000 ? 4 : n < 100000 ? 5 : n < 1000000 ? 6 : n < 10000000 ? 7 : n < 100000000 ? 8 : n < 1000000000 ? 9 : 10;
  const end = at + digits;
  let i = end;
  while (n >= 10) {
    const q = (n / 10) >>> 0;
    bytes[--i] = 48 + (n - q * 10);
    n = q;
  }
  bytes[--i] = 48 + n;
  return end;
}

/** Per ASCII code: 1 when JSON writes the character as it is (not `"`, `\\` or a control character). */
const JSON_PLAIN: Uint8Array = (() => {
  const table = new Uint8Array(128).fill(1);
  for (let c = 0; c < 0x20; c++) table[c] = 0;
  table[34] = 0;
  table[92] = 0;
  return table;
})();
