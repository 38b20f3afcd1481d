import type { Candidate } from '../types.js';

/** One token as components see it: as written, and lower-cased. */
export interface ComponentToken {
  readonly text: string;
  readonly lower: string;
}

/** The sentence a component is working on. */
export interface SentenceContext {
  /** The sentence's tokens; candidates' `start`/`end` index into them. */
  readonly tokens: readonly ComponentToken[];
  /** Which sentence of the document this is (0-based). */
  readonly index: number;
}

/**
 * The document being tagged: one `tag(text)` call, one `tagTokens` call, or the sentences given to
 * one `tagSentences` call. Made anew for every call, so nothing a component learns in one document
 * reaches the next, and one tagger can serve interleaved calls.
 */
export interface DocumentContext {
  /** How many sentences the document has. */
  readonly sentenceCount: number;
  /**
   * The tokens of sentence `index`, known before the first sentence is tagged (a component may scan
   * the whole document in `start`). Made on demand: a component that never asks costs nothing.
   */
  sentence(index: number): readonly ComponentToken[];
  /** What the resolver kept in each sentence tagged so far, by sentence index. */
  readonly kept: ReadonlyArray<readonly Candidate[]>;
}

/**
 * A stage between tokens and the resolver. Every component sees, sentence by sentence, the
 * candidates the components before it returned, and returns the candidates the next one sees
 * (filtered, re-scored, retyped or added to); the resolver then decides overlaps once, among
 * whatever the last component returned. `State` is the component's own per-document state: made by
 * `start` at the beginning of every call and handed back to `candidates` and `observe`; a component
 * keeps nothing in itself between calls.
 *
 * The minimal component is `{ name, candidates: (candidates, sentence) => candidates.filter(…) }`.
 */
export interface Component<State = unknown> {
  /** Shown in `--explain` for the candidates it adds; unique within a tagger. */
  readonly name: string;
  /** Makes the per-document state (called once per document, before its first sentence). */
  start?(document: DocumentContext): State;
  /**
   * The candidates of one sentence after this component: return a new array, or change `candidates`
   * in place and return nothing. Candidates it adds without an `entry`, `rule` or `by` are
   * recorded as this component's (`Source.kind` `component`).
   */
  candidates?(candidates: Candidate[], sentence: SentenceContext, document: DocumentContext, state: State): Candidate[] | void;
  /** Sees what the resolver kept in a sentence, to use it in later sentences of the document. */
  observe?(kept: readonly Candidate[], sentence: SentenceContext, document: DocumentContext, state: State): void;
}

/**
 * What `createTagger({ components })` takes: components appended after the built-in ones, or a
 * function that receives the built-in list (gazetteer, rules, acronyms, document-names — those the
 * profile switches on) and returns the list to run, to reorder, drop or insert.
 */
export type ComponentsOption = readonly Component<any>[] | ((builtIn: readonly Component<any>[]) => readonly Component<any>[]);
