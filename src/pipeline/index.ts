export { tagText, sentenceDocument } from './document.js';
export { cutPoint, PART_CHARS, partedDocument, type PartCounts } from './parts.js';
export { BATCH_CHARS, BATCH_DOCUMENTS, Batcher, batchesOf, jsonlBlocks, PARTIAL_BYTES, tagBatch, textPayload } from './batch.js';
export type { BatchOptions, BatchPayload, BatchResult, DocumentBatch, DocumentInput, TaggedText } from './batch.js';
export { InOrder } from './in-order.js';
export { BatchPipeline, BATCHES_IN_FLIGHT } from './pipeline.js';
export { BatchFailed, TagPool, usefulJobs, type TagPoolOptions } from './pool.js';
export type { PipelineProfile, ProfileDescription, WorkerAnswer, WorkerJob, WorkerSetup } from './protocol.js';
export { tagStream, type StreamDocument, type TagStreamOptions } from './stream.js';
