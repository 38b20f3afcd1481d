/**
 * Output text encoded to UTF-8 as it is produced, into one reused, growing byte buffer. Formatters
 * build each document from many small pieces; encoding every document at once is cheaper than
 * concatenating a whole batch into one string first, which V8 must then flatten (a walk over a deep
 * tree of pieces) before encoding it: formatting and encoding the JSONL output of a batch took ~30 %
 * less time this way (`benchmarks/results/speed.md`).
 */
export class Utf8Output {
  private bytes = Buffer.allocUnsafe(1 << 16);
  /** Bytes written since the last `take`. */
  length = 0;

  push(text: string): void {
    // UTF-8 takes at most 3 bytes per UTF-16 code unit (a surrogate pair: 4 bytes for 2 units).
    if (this.bytes.length - this.length < text.length * 3) this.grow(this.length + text.length * 3);
    this.length += this.bytes.write(text, this.length, 'utf8');
  }

  /** The bytes written since the last call, in an array of their own (the buffer is reused). */
  take(): Uint8Array<ArrayBuffer> {
    const out = new Uint8Array(this.length);
    out.set(this.bytes.subarray(0, this.length));
    this.length = 0;
    return out;
  }

  private grow(atLeast: number): void {
    let size = this.bytes.length * 2;
    while (size < atLeast) size *= 2;
    const grown = Buffer.allocUnsafe(size);
    this.bytes.copy(grown, 0, 0, this.length);
    this.bytes = grown;
  }
}
