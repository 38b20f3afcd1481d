import type { PipelineProfile } from '../pipeline/index.js';

export type { ProfileDescription } from '../pipeline/index.js';

/** A profile the server can tag with: its name (the only thing a request may name) and how to build its tagger. */
export interface ServedProfile extends PipelineProfile {
  description: string;
}

/** The formats of the table that write one JSON object per document: what `/v1/tag` can answer in. */
export const DOCUMENT_FORMATS = ['jsonl', 'prodigy', 'doccano', 'spacy'] as const;
