import { extname } from 'node:path';
import { SertagError } from '../errors.js';
import { createFormatter, OUTPUT_FORMATS, type Formatter, type OutputFormat, type TaggedDocument } from '../output/index.js';
import { createTagger, type Tagger } from '../tagger.js';
import { choiceOption, parseCommandArgs, SOURCE_OPTIONS, SOURCE_OPTIONS_HELP, taggerOptionsFrom, usageError } from './args.js';
import { lineBatches, paragraphs, readText, resolveInputs, type InputSource, type ReadProgress } from './input.js';
import type { CliIO, CommandModule } from './io.js';
import { AtomicFile, assertNotAnInput, BatchedWriter, OutputClosed } from './output.js';
import { JobPool, type BatchResult } from './jobs.js';
import { jsonlDocument, lineError } from './jsonl-record.js';
import { Progress } from './progress.js';
import { tagSentence, tagText } from './tag-document.js';
import { resolve } from 'node:path';

type InputFormat = 'auto' | 'text' | 'jsonl' | 'wikiser' | 'conll';
const INPUT_FORMATS: readonly InputFormat[] = ['auto', 'text', 'jsonl', 'wikiser', 'conll'];

const HELP = `Usage: sertag tag [options] [FILE…]

Tags software entities in raw UTF-8 text (or pre-tokenized gold files) and writes them in one of
several formats. Reads standard input when no FILE is given, or for \`-\`. Plain text is split into
documents at blank lines and into sentences by sertag's sentence splitter.

Options:
  -f, --format FORMAT      bio (default for text), wikiser, conll, jsonl, inline, html
  -i, --input FORMAT       text, jsonl ({"id","text"} per line), wikiser or conll (pre-tokenized:
                           tokens and sentences are kept, existing tags ignored, and the output
                           defaults to the same format); default: jsonl for *.jsonl files, else text
  -o, --output FILE        write to FILE (atomically: a temporary file renamed at the end)
  --explain                list each entity with its source: gazetteer file:line and entry, or
                           rule id and the condition that fired (with jsonl: adds a "why" field)
${SOURCE_OPTIONS_HELP.join('\n')}
  -j, --jobs N             tag running text and JSONL with N worker threads (output order is
                           kept; default 1, i.e. no workers; pre-tokenized input uses one thread)
  -q, --quiet              no progress line on stderr
  -h, --help               this help

Examples:
  echo "Stackless Python uses green threads." | sertag tag
  sertag tag --format inline notes.txt
  sertag tag --format html -o page.html article.txt
  sertag tag --input wikiser gold.txt > pred.txt && sertag eval gold.txt pred.txt
  sertag tag --format jsonl corpus.jsonl | head
  sertag tag --no-default-gazetteers --gazetteers my-terms.yaml --types Library notes.txt`;

/** How many tokens of pre-tokenized input are tagged per formatter call. */
const OPTIONS = {
  ...SOURCE_OPTIONS,
  format: { type: 'string', short: 'f' },
  input: { type: 'string', short: 'i' },
  output: { type: 'string', short: 'o' },
  explain: { type: 'boolean' },
  quiet: { type: 'boolean', short: 'q' },
  jobs: { type: 'string', short: 'j' },
} as const;

/** With --jobs: documents are sent to workers in batches of about this many characters. */
const BATCH_CHARS = 256 * 1024;

/** Where a run of `tag` is: counts for progress, and the output. */
interface RunState {
  writer: BatchedWriter;
  formatter: Formatter;
  /** Set for `--input conll --format conll`: lines are copied with the tag column replaced. */
  conllPassthrough: boolean;
  documents: number;
  tokens: number;
  progress: Progress | undefined;
  read: ReadProgress;
  bytesBefore: number;
  /** With --jobs: the worker pool, the batch being filled and the batches in flight, in order. */
  pool: JobPool | undefined;
  batch: Array<{ id: string | number; text: string }>;
  batchChars: number;
  inFlight: Array<Promise<BatchResult>>;
  /** A worker found a bad line: the batches after it hold later input and are not written. */
  batchFailed: boolean;
}

function inputFormatOf(source: InputSource, chosen: InputFormat): Exclude<InputFormat, 'auto'> {
  if (chosen !== 'auto') return chosen;
  const ext = source.path ? extname(source.path).toLowerCase() : '';
  return ext === '.jsonl' || ext === '.ndjson' ? 'jsonl' : 'text';
}

/** Tags one document of running text, here or (with --jobs) in a worker. */
async function addText(tagger: Tagger, state: RunState, id: string | number, text: string): Promise<void> {
  if (!state.pool) return emit(state, tagText(tagger, id, text));
  state.batch.push({ id, text });
  state.batchChars += text.length;
  if (state.batchChars >= BATCH_CHARS) await sendBatch(state);
}

/** Sends the batch being filled to the pool. */
async function sendBatch(state: RunState): Promise<void> {
  const docs = state.batch;
  state.batch = [];
  state.batchChars = 0;
  if (docs.length > 0) await queueBatch(state, state.pool!.run(docs));
}

/** Queues a batch's result; writes finished batches in order, keeping a bounded number in flight. */
async function queueBatch(state: RunState, result: Promise<BatchResult>): Promise<void> {
  // Awaited in order below; this only keeps a worker failure from being reported as unhandled first.
  result.catch(() => undefined);
  state.inFlight.push(result);
  while (state.inFlight.length > 4) await writeBatch(state, await state.inFlight.shift()!);
}

async function writeBatch(state: RunState, result: BatchResult): Promise<void> {
  state.writer.pushBytes(result.output);
  state.documents += result.documents;
  state.tokens += result.tokens;
  // The documents before the bad line are written, as without --jobs.
  if (result.error) {
    state.batchFailed = true;
    throw new SertagError(result.error.code, result.error.message, [], result.error.exitCode);
  }
  await state.writer.flushIfFull();
  state.progress?.update(state.documents, state.tokens, state.bytesBefore + state.read.bytes);
}

/** Writes everything still with the workers (before pre-tokenized input, and at the end). */
async function drainBatches(state: RunState): Promise<void> {
  if (!state.pool) return;
  await sendBatch(state);
  while (state.inFlight.length > 0) await writeBatch(state, await state.inFlight.shift()!);
}

async function emit(state: RunState, doc: TaggedDocument): Promise<void> {
  state.writer.push(state.formatter.document(doc));
  state.documents++;
  state.tokens += doc.result.tokenCount;
  await state.writer.flushIfFull();
  state.progress?.update(state.documents, state.tokens, state.bytesBefore + state.read.bytes);
}

async function tagPlainText(tagger: Tagger, source: InputSource, chunks: AsyncIterable<string>, state: RunState): Promise<void> {
  const base = source.path === undefined ? 'stdin' : source.name;
  let n = 0;
  for await (const block of paragraphs(chunks)) await addText(tagger, state, `${base}#${++n}`, block.text);
}

async function tagJsonl(tagger: Tagger, source: InputSource, chunks: AsyncIterable<string>, state: RunState): Promise<void> {
  const base = source.path === undefined ? 'stdin' : source.name;
  if (state.pool) return sendJsonl(state, chunks, base, source.name);
  for await (const { lines, lineNumber } of lineBatches(chunks)) {
    for (let i = 0; i < lines.length; i++) {
      const doc = jsonlDocument(lines[i]!, lineNumber + i, base, source.name);
      if (doc) await emit(state, tagText(tagger, doc.id, doc.text));
    }
  }
}

/**
 * With --jobs, JSONL goes to the workers as whole lines in blocks of about BATCH_CHARS, and the
 * workers parse the records too: the main thread only cuts the text at line breaks.
 */
async function sendJsonl(state: RunState, chunks: AsyncIterable<string>, base: string, name: string): Promise<void> {
  await sendBatch(state);
  let partial = '';
  let line = 1;
  for await (const chunk of chunks) {
    const text = partial + chunk;
    const cut = text.lastIndexOf('\n');
    if (cut < 0) {
      partial = text;
      continue;
    }
    partial = text.slice(cut + 1);
    line = await sendJsonlLines(state, text.slice(0, cut), line, base, name);
  }
  if (partial !== '') await sendJsonlLines(state, partial, line, base, name);
}

/** Sends `lines` (lines joined by `\n`, the first being line `line`) in blocks; returns the next line number. */
async function sendJsonlLines(state: RunState, lines: string, line: number, base: string, name: string): Promise<number> {
  let from = 0;
  for (;;) {
    let to = lines.length;
    if (to - from > BATCH_CHARS) {
      to = lines.lastIndexOf('\n', from + BATCH_CHARS);
      if (to < from) to = lines.indexOf('\n', from + BATCH_CHARS);
      if (to < 0) to = lines.length;
    }
    const block = lines.slice(from, to);
    await queueBatch(state, state.pool!.runJsonl(block, line, base, name));
    for (let at = block.indexOf('\n'); at >= 0; at = block.indexOf('\n', at + 1)) line++;
    line++;
    if (to === lines.length) return line;
    from = to + 1;
  }
}

async function tagWikiser(tagger: Tagger, source: InputSource, chunks: AsyncIterable<string>, state: RunState): Promise<void> {
  const base = source.path === undefined ? 'stdin' : source.name;
  let tokens: string[] | undefined;
  let openedAt = 0;
  let n = 0;
  for await (const { lines, lineNumber } of lineBatches(chunks)) {
    for (let i = 0; i < lines.length; i++) {
      const line = lines[i]!;
      if (line === '<s>') {
        if (tokens) throw lineError(source.name, lineNumber + i, `'<s>' inside the sentence opened on line ${openedAt}; expected '</s>' first`);
        tokens = [];
        openedAt = lineNumber + i;
      } else if (line === '</s>') {
        if (!tokens) throw lineError(source.name, lineNumber + i, `'</s>' without an opening '<s>'`);
        await emit(state, tagSentence(tagger, `${base}#${++n}`, tokens));
        tokens = undefined;
      } else if (line.trim() !== '') {
        if (!tokens) throw lineError(source.name, lineNumber + i, `token line outside a sentence; expected '<s>' before it (is this a WikiSER file?)`);
        const tab = line.indexOf('\t');
        tokens.push(tab < 0 ? line : line.slice(0, tab));
      }
    }
  }
  if (tokens) throw lineError(source.name, openedAt, `the sentence opened here is never closed; expected '</s>'`);
}

/** A CoNLL line with its last column replaced by `tag` (or `tag` appended as a new column). */
function withTag(line: string, tag: string, tabSeparated: boolean, replaceLast: boolean): string {
  if (tabSeparated) {
    const cut = line.lastIndexOf('\t');
    return (replaceLast && cut >= 0 ? line.slice(0, cut + 1) : line + '\t') + tag + '\n';
  }
  const trimmed = line.trimEnd();
  const cut = trimmed.lastIndexOf(' ');
  return (replaceLast && cut >= 0 ? trimmed.slice(0, cut + 1) : trimmed + ' ') + tag + '\n';
}

async function tagConll(tagger: Tagger, source: InputSource, chunks: AsyncIterable<string>, state: RunState): Promise<void> {
  const base = source.path === undefined ? 'stdin' : source.name;
  let tabSeparated: boolean | undefined;
  let columns = 0;
  let tokens: string[] = [];
  let raw: string[] = [];
  let n = 0;
  const close = async (): Promise<void> => {
    if (tokens.length === 0) return;
    const doc = tagSentence(tagger, `${base}#${++n}`, tokens);
    if (state.conllPassthrough) {
      // Keep every column but the last (the tag), which is replaced; a one-column file gets one added.
      let out = '';
      const tags = doc.result.tags;
      for (let k = 0; k < raw.length; k++) out += withTag(raw[k]!, tags[k]!, tabSeparated === true, columns > 1);
      state.writer.push(out + '\n');
      state.documents++;
      state.tokens += tokens.length;
      await state.writer.flushIfFull();
      state.progress?.update(state.documents, state.tokens, state.bytesBefore + state.read.bytes);
    } else await emit(state, doc);
    tokens = [];
    raw = [];
  };
  for await (const { lines } of lineBatches(chunks)) {
    for (const line of lines) {
      if (line.trim() === '') {
        await close();
        continue;
      }
      if (line.startsWith('-DOCSTART-')) {
        await close();
        if (state.conllPassthrough) state.writer.push(line + '\n\n');
        continue;
      }
      tabSeparated ??= line.includes('\t');
      const fields = tabSeparated ? line.split('\t') : line.trim().split(/ +/);
      if (columns === 0) columns = fields.length;
      const token = fields[0]!;
      tokens.push(token);
      raw.push(line);
    }
  }
  await close();
}

/** Rule id → `why`, for `--explain`. */
async function run(argv: string[], io: CliIO): Promise<number> {
  const { values, positionals } = parseCommandArgs('tag', argv, OPTIONS);
  const chosenInput = choiceOption('tag', values, 'input', INPUT_FORMATS, 'auto');
  const explain = values.explain === true;
  const formats = OUTPUT_FORMATS.filter((f) => f !== 'explain');
  const explicitFormat = values.format === undefined ? undefined : choiceOption('tag', values, 'format', formats, 'bio');
  if (explain && explicitFormat && explicitFormat !== 'jsonl' && explicitFormat !== 'html') {
    throw usageError('tag', `--explain writes its own listing; it combines only with --format jsonl or html, not ${explicitFormat}`);
  }
  const inputs = await resolveInputs(positionals, io.cwd);
  const stdinCount = inputs.filter((i) => i.path === undefined).length;
  if (stdinCount > 1) throw usageError('tag', 'standard input (`-`) can be read only once');
  const firstKind = inputFormatOf(inputs[0]!, chosenInput);
  const format: OutputFormat = explain && !explicitFormat ? 'explain' : explicitFormat ?? (firstKind === 'wikiser' || firstKind === 'conll' || firstKind === 'jsonl' ? firstKind : 'bio');

  const outputArg = typeof values.output === 'string' ? values.output : undefined;
  if (outputArg === '') throw usageError('tag', '-o needs a file name');
  const outputPath = outputArg === undefined || outputArg === '-' ? undefined : resolve(io.cwd, outputArg);
  if (outputPath) assertNotAnInput(outputPath, inputs.flatMap((i) => (i.path ? [i.path] : [])), outputArg!);

  const jobs = values.jobs === undefined ? 1 : Number(values.jobs);
  if (!Number.isInteger(jobs) || jobs < 1 || jobs > 256) throw usageError('tag', `--jobs takes a whole number from 1 to 256, not \`${String(values.jobs)}\``);

  const taggerOptions = taggerOptionsFrom(values, io.cwd);
  const tagger = createTagger(taggerOptions);
  const types = taggerOptions.types ?? [...tagger.types];
  const ruleWhy = explain ? tagger.ruleWhy : undefined;
  const formatter = createFormatter(format, { types, explain, ...(ruleWhy ? { ruleWhy } : {}) });
  const pool = jobs > 1 ? new JobPool(jobs, { taggerOptions, format, types, explain }) : undefined;

  const file = outputPath ? new AtomicFile(outputPath, outputArg!) : undefined;
  const onSigint = (): void => {
    file?.abort();
    process.off('SIGINT', onSigint);
    process.kill(process.pid, 'SIGINT');
  };
  if (file) {
    process.on('SIGINT', onSigint);
    await file.opened(outputArg!);
  }
  const writer = new BatchedWriter(file ? file.stream : io.stdout);
  const showProgress = io.stderrIsTTY && values.quiet !== true && inputs.every((i) => i.path !== undefined);
  const totalBytes = inputs.every((i) => i.size !== undefined) ? inputs.reduce((sum, i) => sum + (i.size ?? 0), 0) : undefined;
  const read: ReadProgress = { bytes: 0 };
  const state: RunState = {
    writer,
    formatter,
    conllPassthrough: false,
    documents: 0,
    tokens: 0,
    progress: showProgress ? new Progress(io.stderr, totalBytes) : undefined,
    read,
    bytesBefore: 0,
    pool,
    batch: [],
    batchChars: 0,
    inFlight: [],
    batchFailed: false,
  };
  try {
    writer.push(formatter.start());
    for (const source of inputs) {
      const kind = inputFormatOf(source, chosenInput);
      state.conllPassthrough = kind === 'conll' && format === 'conll';
      read.bytes = 0;
      const chunks = readText(source, io.stdin, read);
      if (kind === 'text') await tagPlainText(tagger, source, chunks, state);
      else if (kind === 'jsonl') await tagJsonl(tagger, source, chunks, state);
      else {
        await drainBatches(state);
        if (kind === 'wikiser') await tagWikiser(tagger, source, chunks, state);
        else await tagConll(tagger, source, chunks, state);
      }
      state.bytesBefore += read.bytes;
    }
    await drainBatches(state);
    writer.push(formatter.end());
    await writer.end();
    state.progress?.done();
    if (file) await file.commit();
    return 0;
  } catch (thrown) {
    let error = thrown;
    state.progress?.done();
    // On standard output, what was read before a bad input line still goes out, whole documents only.
    if (error instanceof SertagError && !file) {
      // With --jobs, the documents read before bad input may still be with the workers: they go out
      // too, as without --jobs, unless a worker already found a bad line (the rest came after it). A
      // bad line that a worker finds now came before the bad input, and is the error to report.
      if (pool && !state.batchFailed) {
        try {
          await drainBatches(state);
        } catch (earlier) {
          if (earlier instanceof SertagError) error = earlier;
        }
      }
      await writer.end().catch(() => undefined);
    }
    file?.abort();
    if (error instanceof OutputClosed) return 0;
    throw error;
  } finally {
    writer.detach();
    process.off('SIGINT', onSigint);
    await pool?.close();
  }
}

/** The `tag` command (see `COMMANDS` in ./commands.ts). */
export const command: CommandModule = { help: HELP, run };
