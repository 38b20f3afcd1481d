import { createHash } from 'node:crypto';
import { readFileSync } from 'node:fs';
import { resolve } from 'node:path';
import { parentPort, workerData } from 'node:worker_threads';
import { SertagError } from '../errors.js';
import { writeDocument, type Formatter } from '../formats/document.js';
import { createFormatter } from '../formats/table.js';
import { createTagger, type Tagger } from '../tagger.js';
import { tagText } from '../cli/tag-document.js';
import { Utf8Output } from '../formats/utf8-output.js';
import type { ProfileDescription, ServedProfile, ServerJob, ServerJobResult, ServerWorkerSetup } from './protocol.js';

// One worker of `sertag serve`: a warm tagger per profile and the formatters of `sertag tag`
// (`--format jsonl` by default, with and without `why`), fed one request's documents at a time.

interface WarmProfile {
  profile: ServedProfile;
  tagger: Tagger;
  /** By format and `explain`, made on first use. */
  formatters: Map<string, Formatter>;
}

const setup = workerData as ServerWorkerSetup;
const warm = new Map<string, WarmProfile>();
const out = new Utf8Output();

function warmProfile(name: string): WarmProfile {
  let ready = warm.get(name);
  if (ready) return ready;
  const profile = setup.profiles.find((p) => p.name === name);
  // The main thread only sends names it serves; reaching here is a bug, not a user mistake.
  if (!profile) throw new Error(`profile ${name} is not served`);
  const tagger = createTagger(profile.taggerOptions);
  ready = { profile, tagger, formatters: new Map() };
  warm.set(name, ready);
  return ready;
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
  return { name, description: profile.description, types: [...tagger.types], entries: tagger.stats.entries, rules: tagger.stats.rules, sources };
}

function tag(job: Extract<ServerJob, { kind: 'tag' }>): ServerJobResult {
  if (Date.now() > job.deadline) return { seq: job.seq, expired: true };
  const warmed = warmProfile(job.profile);
  const tagger = warmed.tagger;
  const key = `${job.format}:${job.explain}`;
  let formatter = warmed.formatters.get(key);
  if (!formatter) {
    formatter = createFormatter(job.format, { types: [...tagger.types], explain: job.explain, ruleWhy: tagger.ruleWhy });
    warmed.formatters.set(key, formatter);
  }
  // The main thread has checked the types against this profile (TaggingService.checkTypes).
  const wanted = job.types ? new Set(job.types) : undefined;
  let tokens = 0;
  for (let i = 0; i < job.texts.length; i++) {
    const doc = tagText(tagger, job.ids[i]!, job.texts[i]!);
    tokens += doc.result.tokenCount;
    // The tagger drops unwanted types after resolving overlaps (as `--types` does), so filtering here gives the same entities.
    if (wanted) doc.result.entities = doc.result.entities.filter((e) => wanted.has(e.type));
    if (job.separator !== '\n' && i > 0) out.byte(44 /* , */);
    writeDocument(formatter, doc, out);
    // Inside a JSON array, each document without its line break.
    if (job.separator !== '\n') out.length--;
  }
  const output = out.take();
  return { seq: job.seq, output, documents: job.texts.length, tokens };
}

parentPort!.on('message', (job: ServerJob) => {
  let result: ServerJobResult;
  try {
    result = job.kind === 'tag' ? tag(job) : { seq: job.seq, description: describe(job.profile) };
  } catch (error) {
    // A profile whose sources are broken is a server-side problem: the request gets a 500, the worker lives on.
    out.take(); // what the failed job had written must not lead the next one's output
    const message = error instanceof SertagError ? error.report() : error instanceof Error ? error.message : String(error);
    process.stderr.write(`sertag serve: ${message}\n`);
    result = { seq: job.seq, error: { status: 500, code: 'TAGGER_FAILED', message: 'the tagger failed on this request; the server log says why' } };
  }
  parentPort!.postMessage(result, result.output ? [result.output.buffer as ArrayBuffer] : []);
});

// Build the taggers now, before the first request, so it is answered as fast as the rest.
for (const profile of setup.profiles) {
  try {
    warmProfile(profile.name);
  } catch {
    // Reported, with its reason, to the request that needs this profile.
  }
}
