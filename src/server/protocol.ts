import type { HttpErrorCode } from './errors.js';
import type { TaggerOptions } from '../tagger.js';

/** A profile the server can tag with: its name (the only thing a request may name) and how to build its tagger. */
export interface ServedProfile {
  name: string;
  description: string;
  taggerOptions: TaggerOptions;
}

/** The formats of the table that write one JSON object per document: what `/v1/tag` can answer in. */
export const DOCUMENT_FORMATS = ['jsonl', 'prodigy', 'doccano', 'spacy'] as const;

/** What each server worker is started with. */
export interface ServerWorkerSetup {
  profiles: ServedProfile[];
}

/**
 * A job for a server worker: tag `texts` with one profile and format each as a line of
 * `sertag tag --format jsonl`, joined by `separator` (`\n` after every line for NDJSON, `,`
 * between documents for a JSON array); or describe a profile's tagger.
 */
export type ServerJob =
  | {
      seq: number;
      kind: 'tag';
      profile: string;
      texts: string[];
      ids: Array<string | number>;
      explain: boolean;
      /** A format of the table with one JSON object per document (`DOCUMENT_FORMATS`). */
      format: string;
      /** Emit only these types; `null` for all. */
      types: string[] | null;
      separator: '\n' | ',';
      /** `Date.now()` after which the answer is no longer wanted: the worker skips the job. */
      deadline: number;
    }
  | { seq: number; kind: 'describe'; profile: string };

/** What a profile's tagger is made of, for `GET /v1/profiles`. */
export interface ProfileDescription {
  name: string;
  description: string;
  types: string[];
  entries: number;
  rules: number;
  /** Each gazetteer and rule file, with the first 12 hex digits of its content's sha256 as its version. */
  sources: Array<{ file: string; sha256: string }>;
}

/** A worker's answer. */
export interface ServerJobResult {
  seq: number;
  /** The documents formatted, as UTF-8 (transferred, not copied). */
  output?: Uint8Array;
  documents?: number;
  tokens?: number;
  /** The deadline had passed when the worker reached the job. */
  expired?: boolean;
  description?: ProfileDescription;
  /** The tagger could not be built or failed. */
  error?: { status: number; code: HttpErrorCode; message: string };
}
