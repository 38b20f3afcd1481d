import { createRequire } from 'node:module';
import type { Document, LineCounter, Node, Scalar, YAMLMap, YAMLSeq } from 'yaml';
import type { ErrorCode, Problem } from './errors.js';
import { schemaProblems, type PathSegment, type SchemaKind, type SchemaProblem } from './schema/index.js';

type YamlLibrary = typeof import('yaml');
let library: YamlLibrary | undefined;

/**
 * The `yaml` package, loaded on first use. Importing it is a noticeable part of a start, and a
 * tagger started from the compiled cache (see `src/cache`) reads no YAML at all.
 */
export function yaml(): YamlLibrary {
  return (library ??= createRequire(import.meta.url)('yaml') as YamlLibrary);
}

function isMap(node: unknown): node is YAMLMap {
  return yaml().isMap(node);
}

function isSeq(node: unknown): node is YAMLSeq {
  return yaml().isSeq(node);
}

function isScalar(node: unknown): node is Scalar {
  return yaml().isScalar(node);
}

/**
 * A user's file or object as plain data (what the schema checks), and a way to place a problem at
 * any path in it: `file:line:col` with the line for a YAML file, the item number for an object.
 */
export abstract class CheckedSource {
  readonly problems: Problem[] = [];

  constructor(readonly file: string) {}

  /** Whether there is data to check (a YAML file that does not parse has none). */
  abstract get parsed(): boolean;

  /** The content as plain data: mappings as objects, lists as arrays (YAML aliases expanded). */
  abstract get value(): unknown;

  /** Where the value at `path` is (`at: 'key'`: its key), with the source line for the caret excerpt. */
  abstract positionAt(path: readonly PathSegment[], at?: SchemaProblem['at']): { line: number; col: number; excerpt?: string };

  /** 1-based line of the value at `path` (its item number for an object). */
  lineAt(path: readonly PathSegment[]): number {
    return this.positionAt(path).line;
  }

  /** Records a problem at the value (or key) at `path`. */
  problemAt(path: readonly PathSegment[], code: ErrorCode, message: string, severity: Problem['severity'] = 'error', at: SchemaProblem['at'] = 'value'): void {
    const { line, col, excerpt } = this.positionAt(path, at);
    const problem: Problem = { file: this.file, line, col, code, message: this.messageAt(path, message), severity };
    if (excerpt !== undefined) problem.excerpt = excerpt;
    this.problems.push(problem);
  }

  /** Puts the problems in the order of the file (the schema's are found before the loader's), stable among equals. */
  sortProblems(): void {
    this.problems.sort((a, b) => a.line - b.line || a.col - b.col);
  }

  /** A message as placed at `path` (an object's item number may prefix it). */
  protected messageAt(_path: readonly PathSegment[], message: string): string {
    return message;
  }

  /**
   * Checks the value against the schema of `kind` and records each problem, except those `skip`
   * says to leave out; `prefix` may name the item a problem is in (`rule \`x\`: `). Returns the
   * problems found, so a loader can leave out what they concern. Nothing is checked when the
   * file did not parse.
   */
  checkSchema(kind: SchemaKind, options: { prefix?: (problem: SchemaProblem) => string; skip?: (problem: SchemaProblem) => boolean } = {}): SchemaProblem[] {
    if (!this.parsed) return [];
    const found = schemaProblems(kind, this.value);
    for (const p of found) {
      if (options.skip?.(p)) continue;
      this.problemAt(p.path, p.code, (options.prefix?.(p) ?? '') + p.message, 'error', p.at);
    }
    return found;
  }
}

/**
 * The most values YAML aliases may add to a file when expanded. Real files alias a short list
 * (`not_next: *common`); an alias bomb (`b: [*a, *a, …]` nested) would expand to billions.
 */
export const MAX_ALIAS_EXPANSION = 100_000;

/**
 * A parsed YAML file that remembers where every node came from, so that each problem in a
 * gazetteer, rule or profile file is reported as `file:line:col` with the offending line.
 */
export class YamlSource extends CheckedSource {
  readonly doc: Document.Parsed;
  private readonly lineCounter: LineCounter = new (yaml().LineCounter)();
  /** The text parsed: `text` without its byte order mark (node offsets count from here). */
  private readonly source: string;
  private converted: { value: unknown } | undefined;
  /** Set when an alias is unknown or expands too far: the file is refused as a whole. */
  private refused = false;

  constructor(
    readonly text: string,
    file: string,
  ) {
    super(file);
    const source = text.replace(/^\uFEFF/, '');
    this.source = source;
    this.doc = yaml().parseDocument(source, { lineCounter: this.lineCounter, prettyErrors: false, uniqueKeys: true });
    // An unclosed quote or bracket is found at the end of the file, after the last newline: point
    // just past the last character instead, on a line the user can see.
    const contentEnd = source.trimEnd().length;
    for (const error of this.doc.errors) {
      const message = error.message.split('\n')[0] ?? error.message;
      // "… must be sufficiently indented and end with a }": the parser notices where the next item
      // starts; the mistake is the bracket left open, so point there.
      const closer = /end with an? ([}\]])/.exec(message)?.[1];
      const opener = closer === undefined ? undefined : unclosedBracket(source, error.pos[0], closer === '}' ? '{' : '[');
      if (opener !== undefined) this.problemAtOffset(opener, `YAML_${error.code}`, `${message}; the \`${closer === '}' ? '{' : '['}\` opened here is never closed`);
      else if (error.pos[0] >= contentEnd && contentEnd > 0) this.problemAtOffset(contentEnd, `YAML_${error.code}`, `${message} (found at the end of the file)`);
      else this.problemAtOffset(error.pos[0], `YAML_${error.code}`, message);
    }
  }

  /** Whether the YAML itself parsed (structural checks are pointless otherwise). */
  get parsed(): boolean {
    if (this.doc.errors.length > 0) return false;
    void this.value;
    return !this.refused;
  }

  get value(): unknown {
    return (this.converted ??= { value: this.convert() }).value;
  }

  /** 1-based line of a node (or of the document start when the node has no range). */
  lineOf(node: unknown): number {
    return this.positionOf(node).line;
  }

  positionOf(node: unknown): { line: number; col: number } {
    const pos = this.lineCounter.linePos((node as Node | undefined)?.range?.[0] ?? 0);
    return { line: pos.line, col: pos.col };
  }

  positionAt(path: readonly PathSegment[], at: SchemaProblem['at'] = 'value'): { line: number; col: number; excerpt: string } {
    return this.placeOffset(this.nodeAt(path, at)?.range?.[0] ?? 0);
  }

  /** Records a problem located at `node`. */
  problem(node: unknown, code: ErrorCode, message: string, severity: Problem['severity'] = 'error'): void {
    this.problemAtOffset((node as Node | undefined)?.range?.[0] ?? 0, code, message, severity);
  }

  /**
   * The node at `path` (the key node with `at: 'key'`), through aliases; the deepest node found
   * when the path goes further than the document (a missing key is reported at its mapping).
   */
  nodeAt(path: readonly PathSegment[], at: SchemaProblem['at'] = 'value'): Node | undefined {
    let node: unknown = this.doc.contents;
    for (let i = 0; i < path.length; i++) {
      if (yaml().isAlias(node)) node = node.resolve(this.doc);
      const step = path[i]!;
      if (isMap(node)) {
        const pair = node.items.find((p) => (isScalar(p.key) ? String(p.key.value) : String(p.key)) === String(step));
        if (!pair) return node;
        // A key without a value (`term:`) has no node of its own: point at the key.
        if ((at === 'key' && i === path.length - 1) || pair.value === null || pair.value === undefined) return pair.key as Node;
        node = pair.value;
      } else if (isSeq(node)) {
        const item = node.items[Number(step)];
        if (item === undefined || item === null) return node;
        node = item;
      } else {
        return node as Node;
      }
    }
    return (node ?? undefined) as Node | undefined;
  }

  private placeOffset(offset: number): { line: number; col: number; excerpt: string } {
    const { line, col } = this.lineCounter.linePos(offset);
    return { line, col, excerpt: this.lineTextAt(line) };
  }

  /** The text of 1-based `line`, from the line starts the parser recorded (no rescan per problem). */
  private lineTextAt(line: number): string {
    const starts = this.lineCounter.lineStarts;
    const source = this.source;
    const start = starts[line - 1];
    if (start === undefined) return '';
    const end = source.indexOf('\n', start);
    return source.slice(start, end < 0 ? source.length : end).replace(/\r$/, '');
  }

  private problemAtOffset(offset: number, code: ErrorCode, message: string, severity: Problem['severity'] = 'error'): void {
    const { line, col, excerpt } = this.placeOffset(offset);
    this.problems.push({ file: this.file, line, col, code, message, severity, excerpt });
  }

  /**
   * The document as plain data. Aliases are expanded (an alias to a list works wherever the list
   * would), up to `MAX_ALIAS_EXPANSION` values in all: beyond, the file is refused at that alias.
   */
  private convert(): unknown {
    if (this.doc.errors.length > 0) return undefined;
    const sizes = new Map<unknown, number>();
    let budget = MAX_ALIAS_EXPANSION;
    let expanding = 0;
    const sizeOf = (node: unknown): number => {
      if (yaml().isAlias(node)) node = node.resolve(this.doc);
      if (isScalar(node) || node === null || node === undefined) return 1;
      const known = sizes.get(node);
      if (known !== undefined) return known;
      // A node being measured is its own alias (a cycle): count it as too large to expand.
      sizes.set(node, Infinity);
      let size = 1;
      if (isMap(node)) for (const pair of node.items) size += sizeOf(pair.value);
      else if (isSeq(node)) for (const item of node.items) size += sizeOf(item);
      sizes.set(node, size);
      return size;
    };
    const walk = (node: unknown): unknown => {
      if (this.refused) return null;
      if (yaml().isAlias(node)) {
        const target = node.resolve(this.doc);
        if (target === undefined) {
          this.refused = true;
          this.problem(node, 'YAML_ALIAS_UNKNOWN', `the alias \`*${node.source}\` names no anchor \`&${node.source}\` before it`);
          return null;
        }
        const size = expanding > 0 ? 0 : sizeOf(target);
        if (size > budget) {
          this.refused = true;
          this.problem(node, 'YAML_ALIAS_LIMIT', `the alias \`*${node.source}\` would expand the file beyond ${MAX_ALIAS_EXPANSION.toLocaleString('en-US')} values (an alias bomb?); the file is refused`);
          return null;
        }
        // The aliases inside the target are counted in its size: charge them once.
        if (expanding > 0) return walk(target);
        budget -= size;
        expanding++;
        const value = walk(target);
        expanding--;
        return value;
      }
      if (isScalar(node)) return node.value;
      if (isMap(node)) {
        const object: Record<string, unknown> = {};
        for (const pair of node.items) {
          const key = isScalar(pair.key) ? String(pair.key.value) : String(pair.key);
          // defineProperty: a key `__proto__` is data, not the object's prototype.
          Object.defineProperty(object, key, { value: walk(pair.value), enumerable: true, writable: true, configurable: true });
        }
        return object;
      }
      if (isSeq(node)) {
        const list = new Array<unknown>(node.items.length);
        for (let i = 0; i < node.items.length; i++) list[i] = walk(node.items[i]);
        return list;
      }
      return node === undefined ? undefined : null;
    };
    return walk(this.doc.contents);
  }
}

/**
 * A JavaScript caller's object (a gazetteer or rule set passed to `createTagger`), checked as a
 * file would be. There are no lines to point at: a problem inside an item of the `list` key is
 * placed at the item's number (1-based), and `itemName` (`entry`) prefixes its message.
 */
export class ValueSource extends CheckedSource {
  constructor(
    readonly value: unknown,
    file: string,
    private readonly list: string,
    private readonly itemName?: string,
  ) {
    super(file);
  }

  get parsed(): boolean {
    return true;
  }

  positionAt(path: readonly PathSegment[]): { line: number; col: number } {
    return { line: this.itemNumber(path) ?? 0, col: 0 };
  }

  protected override messageAt(path: readonly PathSegment[], message: string): string {
    const n = this.itemNumber(path);
    return n !== undefined && this.itemName !== undefined ? `${this.itemName} ${n}: ${message}` : message;
  }

  private itemNumber(path: readonly PathSegment[]): number | undefined {
    return path[0] === this.list && path.length > 1 ? Number(path[1]) + 1 : undefined;
  }
}

/**
 * The offset of the innermost `open` bracket (`{` or `[`) still unclosed at `before`, skipping quoted
 * strings and comments; undefined when every one is closed.
 */
function unclosedBracket(source: string, before: number, open: '{' | '['): number | undefined {
  const stack: Array<{ char: string; at: number }> = [];
  let quote: string | undefined;
  for (let i = 0; i < before && i < source.length; i++) {
    const c = source[i]!;
    if (quote !== undefined) {
      if (c === '\\' && quote === '"') i++;
      else if (c === quote || c === '\n') quote = undefined;
      continue;
    }
    // A quote starts a string only where a scalar can start (`Let's` in a plain scalar is no quote).
    if ((c === '"' || c === "'") && (i === 0 || /[\s[{,:]/.test(source[i - 1]!))) quote = c;
    else if (c === '#' && (i === 0 || /\s/.test(source[i - 1]!))) {
      const end = source.indexOf('\n', i);
      i = end < 0 ? source.length : end;
    } else if (c === '{' || c === '[') stack.push({ char: c, at: i });
    else if ((c === '}' || c === ']') && stack.length > 0) stack.pop();
  }
  for (let k = stack.length - 1; k >= 0; k--) if (stack[k]!.char === open) return stack[k]!.at;
  return undefined;
}
