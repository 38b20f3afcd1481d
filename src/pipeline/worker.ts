import { createHash } from 'node:crypto';
import { readFileSync } from 'node:fs';
import { resolve } from 'node:path';
import { parentPort, workerData } from 'node:worker_threads';
import { SertagError } from '../errors.js';
import type { Formatter } from '../formats/document.js';
import { createFormatter } from '../formats/table.js';
import { Utf8Output } from '../formats/utf8-output.js';
import { createTagger, type Tagger } from '../tagger.js';
import { READY_SEQ, type PartialMessage } from '../workers/pool.js';
import { tagBatch } from './batch.js';
import type { PipelineProfile, ProfileDescription, WorkerAnswer, WorkerJob, WorkerSetup } from './protocol.js';

// One worker of the tagging pipeline (`sertag tag --jobs N`, `sertag serve`, `tagStream`): a warm
// tagger per profile and the formatters of `sertag tag`, fed batches of documents; it returns each
// batch formatted, as UTF-8 bytes (or, for `tagStream`, as results), in pieces as it goes when the
// batch asks for them (`partialBytes`: `sertag serve`).

interface WarmProfile {
  profile: PipelineProfile;
  tagger: Tagger;
  /** By format and `explain`, made on first use. */
  formatters: Map<string, Formatter>;
}

const setup = workerData as WorkerSetup;
const warm = new Map<string, WarmProfile>();
let out = new Utf8Output();
/** After a batch whose output (or a piece of it sent ahead) was larger than this, the output buffer (grown to fit it) is let go, so one huge answer does not keep its memory for the worker's life. */
const KEEP_OUTPUT_BUFFER_BYTES = 8 * 1024 * 1024;

function warmProfile(name: string): WarmProfile {
  let ready = warm.get(name);
  if (ready) return ready;
  const profile = setup.profiles.find((p) => p.name === name);
  // The main thread only sends names it has; reaching here is a bug, not a user mistake.
  if (!profile) throw new Error(`profile ${name} is not served`);
  const tagger = createTagger(profile.taggerOptions);
  ready = { profile, tagger, formatters: new Map() };
  warm.set(name, ready);
  return ready;
}

function formatterOf(warmed: WarmProfile, format: string, explain: boolean): Formatter {
  const key = `${format}:${explain}`;
  let formatter = warmed.formatters.get(key);
  if (!formatter) {
    const types = warmed.profile.taggerOptions.types ?? [...warmed.tagger.types];
    formatter = createFormatter(format, { types, explain, ruleWhy: warmed.tagger.ruleWhy });
    warmed.formatters.set(key, formatter);
  }
  return formatter;
}

function describe(name: string): ProfileDescription {
  const { profile, tagger } = warmProfile(name);
  const cwd = profile.taggerOptions.cwd ?? process.cwd();
  const sources = tagger.stats.files.map((file) => {
    const path = tagger.sourcePaths.get(file) ?? resolve(cwd, file);
    let sha256 = '';
    try {
      sha256 = createHash('sha256').update(readFileSync(path)).digest('hex').slice(0, 12);
    } catch {
      // A file removed since the tagger was built: its version is unknown, which the empty string says.
    }
    return { file, sha256 };
  });
  return { name, description: profile.description ?? '', types: [...tagger.types], entries: tagger.stats.entries, rules: tagger.stats.rules, sources };
}

/** The largest piece of output the current job has sent ahead of its answer, in bytes. */
let largestPartial = 0;

/**
 * Sends a piece of a batch's output ahead of its answer (`partialBytes`), handed over without a
 * copy; the main thread writes it out while this worker goes on with the batch.
 */
function sendPartial(seq: number, bytes: Uint8Array): void {
  largestPartial = Math.max(largestPartial, bytes.length);
  const message: PartialMessage = { seq, partial: bytes };
  parentPort!.postMessage(message, [bytes.buffer as ArrayBuffer]);
}

function answer(job: WorkerJob): WorkerAnswer {
  if (job.kind === 'describe') return { seq: job.seq, description: describe(job.profile) };
  const warmed = warmProfile(job.profile);
  return tagBatch(warmed.tagger, formatterOf(warmed, job.format, job.explain), out, job, (bytes) => sendPartial(job.seq, bytes));
}

parentPort!.on('message', (job: WorkerJob) => {
  let result: WorkerAnswer;
  largestPartial = 0;
  try {
    result = answer(job);
  } catch (error) {
    // A CLI run stops on a failure (the pool reports the worker's error); a server answers the
    // request with a 500 and the worker lives on.
    if (setup.failures === 'throw') throw error;
    out.take(); // what the failed job had written must not lead the next one's output
    const message = error instanceof SertagError ? error.report() : error instanceof Error ? error.message : String(error);
    process.stderr.write(`sertag serve: ${message}\n`);
    result = { seq: job.seq, failed: 'the tagger failed on this request; the server log says why' };
  }
  // Encoded here, in parallel, and handed over without a copy: the main thread only writes bytes.
  const output = 'output' in result ? result.output : undefined;
  if (Math.max(output?.length ?? 0, largestPartial) > KEEP_OUTPUT_BUFFER_BYTES) out = new Utf8Output();
  parentPort!.postMessage(result, output ? [output.buffer as ArrayBuffer] : []);
});

// Build the taggers now, before the first batch, so it is tagged as fast as the rest.
for (const profile of setup.profiles) {
  try {
    warmProfile(profile.name);
  } catch (error) {
    // A server reports it, with its reason, to the request that needs this profile; a CLI run stops.
    if (setup.failures === 'throw') throw error;
  }
}
// From now on the worker is on its jobs, one after another (the pool times them from here).
parentPort!.postMessage({ seq: READY_SEQ });
