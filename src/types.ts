import type { GazetteerEntry } from './gazetteer/types.js';

/** A token as the tokenizer makes it: `[start, end)` in UTF-16 code units, for slicing in JavaScript. */
export interface Utf16Token {
  text: string;
  start: number;
  end: number;
}

/**
 * A token with its half-open range `[start, end)` in the source text, in code points (what Python
 * slicing, spaCy, Prodigy and doccano count), and the same range in UTF-16 code units (what
 * JavaScript's `String.prototype.slice` takes).
 */
export interface Token {
  text: string;
  start: number;
  end: number;
  startUtf16: number;
  endUtf16: number;
}

/** Where an entity came from: a gazetteer entry or a rule. Kept so `--explain` can say why. */
export type Source =
  | { kind: 'gazetteer'; file: string; line: number; entry: string }
  | { kind: 'rule'; file: string; line: number; rule: string; detail?: string }
  | { kind: 'component'; component: string; detail?: string };

/** A half-open token range `[start, end)` with an entity type. The currency of every stage but `bio`. */
export interface Span {
  start: number;
  end: number;
  type: string;
}

/**
 * A tagged entity: character offsets and token offsets (both half-open), its type and its source.
 * `start`/`end` count code points (`text == doc[start:end]` in Python); `startUtf16`/`endUtf16`
 * are the same offsets in UTF-16 code units (`text === doc.slice(startUtf16, endUtf16)` in JavaScript).
 */
export interface Entity {
  text: string;
  type: string;
  start: number;
  end: number;
  startUtf16: number;
  endUtf16: number;
  tokenStart: number;
  tokenEnd: number;
  source: Source;
}

/** The result of tagging one text or one pre-tokenized sentence. */
export interface TagResult {
  tokens: Token[];
  /** `tokens.length`, without making the token objects (which `tag` makes on first use). */
  readonly tokenCount: number;
  entities: Entity[];
  /** IOB2 tags, one per token. */
  tags: string[];
  /** The sentences the text was tagged in, as half-open token ranges (one for `tagTokens`). */
  readonly sentences: ReadonlyArray<{ start: number; end: number }>;
}

/** A possible entity before resolution: a token range, a type, and what proposed it. */
export interface Candidate {
  start: number;
  end: number;
  type: string;
  priority: number;
  /**
   * How sure the component that proposed it is (higher is surer; absent counts as 0). The resolver
   * prefers the higher score among candidates of equal priority, before length.
   */
  score?: number;
  /** The gazetteer entry behind it, the rule that added it, or the component (kept for `--explain`). */
  entry?: GazetteerEntry;
  rule?: RuleRef;
  by?: ComponentRef;
}

/** The component behind a candidate, and what it saw, for `--explain`. */
export interface ComponentRef {
  component: string;
  detail?: string;
}

/** The rule behind a candidate, and the condition that fired, for `--explain`. */
export interface RuleRef {
  id: string;
  file: string;
  line: number;
  detail?: string;
}
