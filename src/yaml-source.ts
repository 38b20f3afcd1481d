import { createRequire } from 'node:module';
import type { Document, LineCounter, Node, Scalar, YAMLMap, YAMLSeq } from 'yaml';
import { lineText, type ErrorCode, type Problem } from './errors.js';

type YamlLibrary = typeof import('yaml');
let library: YamlLibrary | undefined;

/**
 * The `yaml` package, loaded on first use. Importing it is a noticeable part of a start, and a
 * tagger started from the compiled cache (see `src/cache`) reads no YAML at all.
 */
export function yaml(): YamlLibrary {
  return (library ??= createRequire(import.meta.url)('yaml') as YamlLibrary);
}

export function isMap(node: unknown): node is YAMLMap {
  return yaml().isMap(node);
}

export function isSeq(node: unknown): node is YAMLSeq {
  return yaml().isSeq(node);
}

export function isScalar(node: unknown): node is Scalar {
  return yaml().isScalar(node);
}

/**
 * A parsed YAML file that remembers where every node came from, so that each problem in a
 * gazetteer or rule file is reported as `file:line:col` with the offending line.
 */
export class YamlSource {
  readonly doc: Document.Parsed;
  readonly problems: Problem[] = [];
  private readonly lineCounter: LineCounter = new (yaml().LineCounter)();

  /** Set for a source made from a JavaScript value (`fromValue`): node ranges hold item numbers, not offsets. */
  private readonly itemNumbers: boolean = false;

  /**
   * A source made from a value instead of text (a rules object passed by a JavaScript caller): the
   * same checks run on it, and a problem is placed at the number (1-based) of the item of the
   * value's `list` key it is in — there are no lines to point at.
   */
  static fromValue(value: unknown, file: string, list: string): YamlSource {
    const src = new YamlSource('', file, value);
    const items = isMap(src.doc.contents) ? src.doc.contents.get(list, true) : undefined;
    if (isSeq(items)) {
      items.items.forEach((item, index) => {
        yaml().visit(item as Node, (_key, node) => {
          if (yaml().isNode(node)) node.range = [index + 1, index + 1, index + 1];
        });
      });
    }
    return src;
  }

  constructor(
    readonly text: string,
    readonly file: string,
    value?: unknown,
  ) {
    if (value !== undefined) {
      this.doc = new (yaml().Document)(value) as unknown as Document.Parsed;
      this.itemNumbers = true;
      return;
    }
    const source = text.replace(/^\uFEFF/, '');
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
      if (opener !== undefined) this.problemAt(opener, `YAML_${error.code}`, `${message}; the \`${closer === '}' ? '{' : '['}\` opened here is never closed`);
      else if (error.pos[0] >= contentEnd && contentEnd > 0) this.problemAt(contentEnd, `YAML_${error.code}`, `${message} (found at the end of the file)`);
      else this.problemAt(error.pos[0], `YAML_${error.code}`, message);
    }
  }

  /** Whether the YAML itself parsed (structural checks are pointless otherwise). */
  get parsed(): boolean {
    return this.doc.errors.length === 0;
  }

  /** 1-based line of a node (or of the document start when the node has no range). */
  lineOf(node: unknown): number {
    return this.positionOf(node).line;
  }

  positionOf(node: unknown): { line: number; col: number } {
    const offset = (node as Node | undefined)?.range?.[0] ?? 0;
    if (this.itemNumbers) return { line: offset, col: 0 };
    const pos = this.lineCounter.linePos(offset);
    return { line: pos.line, col: pos.col };
  }

  /** Records a problem located at `node`. */
  problem(node: unknown, code: ErrorCode, message: string, severity: Problem['severity'] = 'error'): void {
    this.problemAt((node as Node | undefined)?.range?.[0] ?? 0, code, message, severity);
  }

  private problemAt(offset: number, code: ErrorCode, message: string, severity: Problem['severity'] = 'error'): void {
    if (this.itemNumbers) {
      this.problems.push({ file: this.file, line: offset, col: 0, code, message, severity });
      return;
    }
    const { line, col } = this.lineCounter.linePos(offset);
    this.problems.push({ file: this.file, line, col, code, message, severity, excerpt: lineText(this.text, line) });
  }
}

/** Reads a scalar node as a string; records a problem and returns undefined otherwise. */
export function scalarString(src: YamlSource, node: unknown, what: string): string | undefined {
  if (isScalar(node) && (typeof node.value === 'string' || typeof node.value === 'number')) return String(node.value);
  src.problem(node, 'WRONG_SHAPE', `${what} must be a string`);
  return undefined;
}

/** Reads a string or a list of strings (e.g. `lower: [tree, trees]`). */
export function stringList(src: YamlSource, node: unknown, what: string): string[] | undefined {
  if (isSeq(node)) {
    const out: string[] = [];
    for (const item of node.items) {
      const s = scalarString(src, item, `each item of ${what}`);
      if (s !== undefined) out.push(s);
    }
    return out;
  }
  const s = scalarString(src, node, `${what} (a string or a list of strings)`);
  return s === undefined ? undefined : [s];
}

/** Iterates the key/value pairs of a map node, with the key as a string. */
export function* mapPairs(node: unknown): Generator<{ key: string; keyNode: unknown; value: unknown }> {
  if (!isMap(node)) return;
  for (const pair of node.items) {
    const keyNode = pair.key;
    const key = isScalar(keyNode) ? String(keyNode.value) : String(keyNode);
    yield { key, keyNode, value: pair.value };
  }
}

/** Whether a map node has `key` (whatever its value, even null). */
export function mapHasKey(node: unknown, key: string): boolean {
  for (const pair of mapPairs(node)) if (pair.key === key) return true;
  return false;
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
