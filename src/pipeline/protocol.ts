import type { TaggerOptions } from '../tagger.js';
import type { BatchResult, DocumentBatch } from './batch.js';

/** A tagger a worker keeps warm: the name batches call it by, and how to build it. */
export interface PipelineProfile {
  name: string;
  /** Shown by `GET /v1/profiles`. */
  description?: string;
  taggerOptions: TaggerOptions;
}

/** What each worker is started with. */
export interface WorkerSetup {
  profiles: PipelineProfile[];
  /**
   * `throw`: a failure kills the worker (a CLI run stops with its error); `report`: the batch is
   * answered `failed` and the worker lives on (a server answers that request with a 500).
   */
  failures: 'throw' | 'report';
}

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

/** A job for a worker: a batch to tag, or a profile to describe. */
export type WorkerJob = DocumentBatch | { seq: number; kind: 'describe'; profile: string };

/** A worker's answer: a batch's result, a description, or a failure (with `failures: 'report'`). */
export type WorkerAnswer = BatchResult | { seq: number; description: ProfileDescription } | { seq: number; failed: string };
