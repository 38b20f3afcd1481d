import type { Source } from '../types.js';

/** How an entry's letters must match the text: `exact` (as written) or `ignore` (any case). */
export type CasePolicy = 'exact' | 'ignore';

/** Extra surface forms generated for an entry: its plural, or its singular (last token inflected). */
export type Variant = 'plural' | 'singular';

/** Context conditions on the tokens right next to a match, compared lower-cased. */
export interface EntryContext {
  /** The match is dropped when the next token is one of these. */
  notNext?: ReadonlySet<string>;
  /** The match is dropped when the previous token is one of these. */
  notPrev?: ReadonlySet<string>;
  /** The match is kept only when the next token is one of these. */
  next?: ReadonlySet<string>;
  /** The match is kept only when the previous token is one of these. */
  prev?: ReadonlySet<string>;
}

/** One surface form, compiled: what the trie stores. */
export interface GazetteerEntry {
  /** The surface form as written (or generated as a variant). */
  term: string;
  /** The form's tokens, as the tokenizer splits it. */
  tokens: string[];
  type: string;
  case: CasePolicy;
  priority: number;
  /** Always present (undefined when there is none): entries keep one shape for the hot matching loop. */
  context: EntryContext | undefined;
  source: Source & { kind: 'gazetteer' };
}

/** An entry as a person writes it in YAML or passes it as an object. */
export interface GazetteerEntryInput {
  term: string;
  type?: string;
  case?: CasePolicy;
  aliases?: string[];
  variants?: Variant[];
  priority?: number;
  not_next?: string[];
  not_prev?: string[];
  next?: string[];
  prev?: string[];
}

/** A gazetteer passed as an object instead of a file. */
export interface GazetteerInput {
  /** Shown as the file in sources and messages (default `(gazetteer object)`). */
  name?: string;
  type?: string;
  case?: CasePolicy;
  variants?: Variant[];
  priority?: number;
  entries: Array<string | GazetteerEntryInput>;
}
