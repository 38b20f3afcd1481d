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
    if (n < 10) {
      this.room(1);
      this.bytes[this.length++] = 48 + n;
      return;
    }
    if (!(n <= 0xffffffff) || n !== Math.floor(n)) return this.ascii(String(n));
    let digits = 2;
    for (let limit = 100; n >= limit && digits < 10; limit *= 10) digits++;
    this.room(digits);
    const bytes = this.bytes;
    let at = this.length + digits;
    this.length = at;
    while (n >= 10) {
      const q = Math.floor(n / 10);
      bytes[--at] = 48 + (n - q * 10);
      n = q;
    }
    bytes[--at] = 48 + n;
  }

  /**
   * Appends `text` as a JSON string, quotes included, byte for byte what `JSON.stringify(text)`
   * encoded as UTF-8 gives: `"` and `\` escaped, `\b \f \n \r \t` short, other control characters
   * and lone surrogates as `\u00xx` / `\udxxx`, everything else as its UTF-8 bytes.
   */
  jsonString(text: string): void {
    const n = text.length;
    // Worst case: six bytes (`\u00xx`) per code unit, and the quotes.
    this.room(6 * n + 2);
    const bytes = this.bytes;
    let at = this.length;
    bytes[at++] = 34;
    for (let i = 0; i < n; i++) {
      const c = text.charCodeAt(i);
      if (c < 0x80) {
        const escape = JSON_ESCAPE[c]!;
        if (escape === 0) bytes[at++] = c;
        else if (escape === 1) {
          bytes[at++] = 92;
          bytes[at++] = 117;
          bytes[at++] = 48;
          bytes[at++] = 48;
          bytes[at++] = HEX[c >> 4]!;
          bytes[at++] = HEX[c & 15]!;
        } else {
          bytes[at++] = 92;
          bytes[at++] = escape;
        }
      } else if (c < 0x800) {
        bytes[at++] = 0xc0 | (c >> 6);
        bytes[at++] = 0x80 | (c & 63);
      } else if (c < 0xd800 || c > 0xdfff) {
        bytes[at++] = 0xe0 | (c >> 12);
        bytes[at++] = 0x80 | ((c >> 6) & 63);
        bytes[at++] = 0x80 | (c & 63);
      } else {
        const next = i + 1 < n ? text.charCodeAt(i + 1) : 0;
        if (c <= 0xdbff && next >= 0xdc00 && next <= 0xdfff) {
          const cp = 0x10000 + ((c - 0xd800) << 10) + (next - 0xdc00);
          bytes[at++] = 0xf0 | (cp >> 18);
          bytes[at++] = 0x80 | ((cp >> 12) & 63);
          bytes[at++] = 0x80 | ((cp >> 6) & 63);
          bytes[at++] = 0x80 | (cp & 63);
          i++;
        } else {
          // A lone surrogate: JSON.stringify writes it as an escape (well-formed JSON.stringify).
          bytes[at++] = 92;
          bytes[at++] = 117;
          bytes[at++] = HEX[c >> 12]!;
          bytes[at++] = HEX[(c >> 8) & 15]!;
          bytes[at++] = HEX[(c >> 4) & 15]!;
          bytes[at++] = HEX[c & 15]!;
        }
      }
    }
    bytes[at++] = 34;
    this.length = at;
  }

  /** The bytes written since the last call, in an array of their own (the buffer is reused). */
  take(): Uint8Array<ArrayBuffer> {
    const out = new Uint8Array(this.length);
    out.set(this.bytes.subarray(0, this.length));
    this.length = 0;
    return out;
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

/** Lower-case hex digits as ASCII codes. */
const HEX = new Uint8Array([...'0123456789abcdef'].map((c) => c.charCodeAt(0)));

/** Per ASCII code: 0 written as is, 1 as `\u00xx`, else the letter after a backslash. */
const JSON_ESCAPE: Uint8Array = (() => {
  const table = new Uint8Array(128);
  for (let c = 0; c < 0x20; c++) table[c] = 1;
  const short: Record<string, string> = { '"': '"', '\\': '\\', '\b': 'b', '\f': 'f', '\n': 'n', '\r': 'r', '\t': 't' };
  for (const [ch, letter] of Object.entries(short)) table[ch.charCodeAt(0)] = letter.charCodeAt(0);
  return table;
})();
