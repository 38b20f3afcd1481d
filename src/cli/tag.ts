import { extname } from 'node:path';
import { formatProblem, SertagError, type Problem } from '../errors.js';
import { DEFAULT_GAZETTEERS, DEFAULT_RULES, displayName } from '../load.js';
import { detectGoldFormat } from '../formats/detect.js';
import type { Formatter, TaggedDocument } from '../formats/document.js';
import type { FormatModule, ReportProblem } from '../formats/format.js';
import { jsonlDocument, lineError } from '../formats/jsonl.js';
import { createFormatter, FORMATS, formatNamed, OUTPUT_FORMATS, TAG_INPUT_FORMATS } from '../formats/table.js';
import { createTagger, type Tagger } from '../tagger.js';
import { choiceOption, parseCommandArgs, SOURCE_OPTIONS, SOURCE_OPTIONS_HELP, taggerOptionsFrom, usageError, wholeNumberOption } from './args.js';
import { lineBatches, paragraphs, readText, resolveInputs, type InputSource, type ReadProgress } from './input.js';
import type { CliIO, CommandModule } from './io.js';
import { AtomicFile, assertNotAnInput, BatchedWriter, OutputClosed } from './output.js';
import { Progress } from './progress.js';
import { BatchPipeline, PART_CHARS, partedDocument, sentenceDocument, tagText, TagPool, usefulJobs, type BatchOptions, type BatchResult } from '../pipeline/index.js';
import type { Sentence } from '../formats/sentence.js';
import type { TagResult } from '../types.js';
import { resolve } from 'node:path';

/** `auto`, `text` (running text), or a format of the table that `tag` reads. */
type InputFormat = string;
const INPUT_FORMATS: readonly InputFormat[] = ['auto', 'text', ...TAG_INPUT_FORMATS];

const HELP = `Usage: sertag tag [options] [FILE…]

Tags software entities in raw UTF-8 text (or pre-tokenized gold files) and writes them in one of
several formats. Reads standard input when no FILE is given, or for \`-\`. Plain text is split into
documents at blank lines and into sentences by sertag's sentence splitter.

Options:
  -f, --format FORMAT      ${OUTPUT_FORMATS.join(', ')}
                           (default: bio for text); prodigy and doccano load as pre-annotations
  -i, --input FORMAT       text, jsonl ({"id","text"} per line), wikiser or conll (pre-tokenized:
                           tokens and sentences are kept, existing tags ignored, and the output
                           defaults to the same format); default: jsonl for *.jsonl files, else text
  -o, --output FILE        write to FILE (atomically: a temporary file renamed at the end)
  --explain                list each entity with its source: gazetteer file:line and entry, or
                           rule id and the condition that fired (with jsonl: adds a "why" field)
${SOURCE_OPTIONS_HELP.join('\n')}
  --no-markdown            read plain text as it is: do not peel Markdown syntax (**bold**,
                           \`code\`, [links](…), headings, list and quote marks) before tokenizing
  --markdown               peel it even where the profile says \`markdown: false\`
  -j, --jobs N             tag running text and JSONL on N threads, the main one and N - 1
                           workers (output order is kept; pre-tokenized input uses one thread;
                           never more threads than cores, nor than 64 KB batches in the input).
                           Default 1: more jobs pay on inputs of tens of megabytes, and each
                           one holds a tagger of its own (measured: docs/performance.md)
  -q, --quiet              nothing on stderr but errors: no progress line, no warnings about
                           your own gazetteers and rules
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
  markdown: { type: 'boolean' },
  'no-markdown': { type: 'boolean' },
  jobs: { type: 'string', short: 'j' },
} as const;

/** Where a run of `tag` is: counts for progress, and the output. */
interface RunState {
  writer: BatchedWriter;
  formatter: Formatter;
  /** Input written back in its own format (`--input conll --format conll`): lines copied, tags replaced. */
  passThrough: boolean;
  documents: number;
  tokens: number;
  entities: number;
  progress: Progress | undefined;
  read: ReadProgress;
  bytesBefore: number;
  /** With --jobs: the pipeline that batches documents, sends them to the workers and takes their output back in order. */
  pipeline: BatchPipeline | undefined;
  /** A worker found a bad line: the batches after it hold later input and are not written. */
  batchFailed: boolean;
}

function inputFormatOf(source: InputSource, chosen: InputFormat): InputFormat {
  if (chosen !== 'auto') return chosen;
  const ext = source.path ? extname(source.path).toLowerCase() : '';
  return ext === '.jsonl' || ext === '.ndjson' ? 'jsonl' : 'text';
}

/** Tags one document of running text, here or (with --jobs) in a worker. */
async function addText(tagger: Tagger, state: RunState, id: string | number, text: string, offset: number): Promise<void> {
  if (!state.pipeline) return emit(state, tagText(tagger, id, text, undefined, offset));
  await state.pipeline.add({ id, text, offset });
}

async function writeBatch(state: RunState, result: BatchResult): Promise<void> {
  state.writer.pushBytes(result.output);
  state.documents += result.documents;
  state.tokens += result.tokens;
  state.entities += result.entities;
  // The documents before the bad line are written, as without --jobs.
  if (result.error) {
    state.batchFailed = true;
    throw new SertagError(result.error.code, result.error.message, [], result.error.position);
  }
  await state.writer.flushIfFull();
  state.progress?.update(state.documents, state.tokens, state.bytesBefore + state.read.bytes);
}

/** Writes everything still with the workers (before pre-tokenized input, and at the end). */
async function drainBatches(state: RunState): Promise<void> {
  await state.pipeline?.finish();
}

async function emit(state: RunState, doc: TaggedDocument): Promise<void> {
  state.writer.document(state.formatter, doc);
  state.documents++;
  state.tokens += doc.result.tokenCount;
  state.entities += doc.result.entities.length;
  await state.writer.flushIfFull();
  state.progress?.update(state.documents, state.tokens, state.bytesBefore + state.read.bytes);
}

async function tagPlainText(tagger: Tagger, source: InputSource, chunks: AsyncIterable<string>, state: RunState): Promise<void> {
  const base = source.path === undefined ? 'stdin' : source.name;
  let n = 0;
  for await (const block of paragraphs(chunks)) await addText(tagger, state, `${base}#${++n}`, block.text, block.offset);
}

async function tagJsonl(tagger: Tagger, source: InputSource, chunks: AsyncIterable<string>, state: RunState): Promise<void> {
  const base = source.path === undefined ? 'stdin' : source.name;
  const record = async (line: string, lineNumber: number): Promise<void> => {
    const doc = jsonlDocument(line, lineNumber, base, source.name);
    if (doc) await emitRecord(tagger, state, doc);
  };
  if (state.pipeline) return state.pipeline.jsonl(chunks, base, source.name, record);
  for await (const { lines, lineNumber } of lineBatches(chunks)) {
    for (let i = 0; i < lines.length; i++) await record(lines[i]!, lineNumber + i);
  }
}

/** Tags and writes one JSONL record: whole, or (longer than PART_CHARS) a part at a time, written as it goes. */
async function emitRecord(tagger: Tagger, state: RunState, doc: { id: string | number; text: string; tokens?: Array<[number, number]> }): Promise<void> {
  if (doc.text.length <= PART_CHARS) return emit(state, tagText(tagger, doc.id, doc.text, doc.tokens));
  const counts = { tokens: 0, entities: 0 };
  const parted = partedDocument(tagger, doc.id, doc.text, { ...(doc.tokens ? { tokens: doc.tokens } : {}), counts });
  const progress = (): void => state.progress?.update(state.documents, state.tokens + counts.tokens, state.bytesBefore + state.read.bytes);
  await state.writer.parts(state.formatter, parted, progress);
  state.documents++;
  state.tokens += counts.tokens;
  state.entities += counts.entities;
  await state.writer.flushIfFull();
  progress();
}

/** A streaming reader's problems stop the run at the first one, as `file:line: message`. */
function throwAtFirst(source: InputSource): ReportProblem {
  return (_code, line, message) => {
    throw lineError(source.name, line, message);
  };
}

/** Sentences of one pre-tokenized document tagged together: a longer one is tagged in parts, so memory stays bounded. */
const DOCUMENT_PART = 1000;

/**
 * Pre-tokenized input (`--input wikiser|conll`), streamed through the format's own line parser:
 * every sentence is tagged as given, one document at a time (`tagSentences`), so document-level
 * components see it whole. Documents are what the input says they are: in a CoNLL file with
 * `-DOCSTART-` lines (the CoNLL-2003 convention), one starts at each; otherwise (WikiSER files, and
 * CoNLL without them: collections of sentences, such as WikiSER dev's, shuffled from many articles)
 * each sentence is a document of its own, so nothing one sentence says carries to an unrelated
 * one. Written back in the same format, a format whose parser can `retag` keeps its lines as they
 * were, with only the tags replaced.
 */
async function tagPreTokenized(tagger: Tagger, source: InputSource, chunks: AsyncIterable<string>, state: RunState, format: FormatModule): Promise<void> {
  const base = source.path === undefined ? 'stdin' : source.name;
  const parser = format.read!.lines!(throwAtFirst(source), { tags: 'ignore', keepRaw: state.passThrough });
  const retag = state.passThrough ? parser.retag : undefined;
  let n = 0;
  let document: Sentence[] = [];
  // Whether the input marks documents (a `-DOCSTART-` line was met).
  let marked = false;
  const write = async (sentence: Sentence, result: TagResult | undefined): Promise<void> => {
    if (result === undefined) {
      // Only `-DOCSTART-` lines at the end of a CoNLL file: nothing to tag.
      if (retag) state.writer.push(retag(sentence, []));
      return;
    }
    const doc = sentenceDocument(`${base}#${++n}`, sentence.tokens, result);
    if (!retag) return emit(state, doc);
    state.writer.push(retag(sentence, result.tags));
    state.documents++;
    state.tokens += sentence.tokens.length;
    state.entities += result.entities.length;
    await state.writer.flushIfFull();
    state.progress?.update(state.documents, state.tokens, state.bytesBefore + state.read.bytes);
  };
  const flush = async (): Promise<void> => {
    const sentences = document;
    document = [];
    // Only `-DOCSTART-` lines at the end of a CoNLL file make a sentence of no tokens with docStarts.
    const onlyDocStarts = (sentence: Sentence): boolean => sentence.tokens.length === 0 && sentence.docStarts !== undefined;
    const results = tagger.tagSentences(sentences.filter((s) => !onlyDocStarts(s)).map((s) => s.tokens));
    let k = 0;
    for (const sentence of sentences) await write(sentence, onlyDocStarts(sentence) ? undefined : results[k++]);
  };
  const close = async (sentence: Sentence): Promise<void> => {
    if (sentence.docStarts !== undefined) marked = true;
    if (sentence.docStarts !== undefined || !marked || document.length >= DOCUMENT_PART) await flush();
    document.push(sentence);
  };
  for await (const { lines, lineNumber } of lineBatches(chunks)) {
    for (let i = 0; i < lines.length; i++) {
      const sentence = parser.line(lines[i]!, lineNumber + i);
      if (sentence) await close(sentence);
    }
  }
  const last = parser.end();
  if (last) await close(last);
  await flush();
}

/**
 * The load warnings about the user's own sources, each once. Those about the bundled gazetteers and
 * rules are the project's to fix (`sertag lint --with-defaults` lists them), not the user's.
 */
function ownWarnings(warnings: readonly Problem[], cwd: string): Problem[] {
  const seen = new Set<string>();
  return warnings.filter((w) => {
    const path = resolve(cwd, w.file);
    if (path.startsWith(DEFAULT_GAZETTEERS) || path.startsWith(DEFAULT_RULES)) return false;
    const key = `${w.file}:${w.line}:${w.col}:${w.code}`;
    if (seen.has(key)) return false;
    seen.add(key);
    return true;
  });
}

/** Runs `check` on the first chunk of `chunks` before passing it on. */
async function* checkFirstChunk(chunks: AsyncIterable<string>, check: (head: string) => void): AsyncGenerator<string> {
  let first = true;
  for await (const chunk of chunks) {
    if (first) check(chunk);
    first = false;
    yield chunk;
  }
}

/**
 * A gold file given as text (or in another format than \`--input\` says) would be tagged as prose,
 * \`<s>\` lines and tags included, or as tokens all \`O\`: stop and name the flag that reads it.
 */
function checkNotGold(source: InputSource, head: string, kind: InputFormat, chosen: InputFormat): void {
  if (kind === 'text' && chosen === 'text') return;
  if (formatNamed(kind)?.tagInput === 'documents') return;
  const gold = detectGoldFormat(head);
  if (!gold || gold.format === kind) return;
  if (kind === 'jsonl' && gold.format === 'jsonl') return;
  const why = gold.format === 'wikiser' ? `a '<s>' line at line ${gold.line}` : gold.format === 'jsonl' ? `a JSON record at line ${gold.line}` : `token and tag columns from line ${gold.line}`;
  const reading = kind === 'text' ? 'text' : `--input ${kind}`;
  const instead = kind === 'text' ? ', or --input text to tag it as prose anyway' : '';
  throw new SertagError('GOLD_INPUT', `${source.name} looks like a ${gold.format === 'wikiser' ? 'WikiSER' : gold.format === 'conll' ? 'CoNLL' : 'JSONL'} file (${why}), not ${reading}; tag it with --input ${gold.format}${instead}`, []);
}

/** Rule id → `why`, for `--explain`. */
async function run(argv: string[], io: CliIO): Promise<number> {
  const { values, positionals } = parseCommandArgs('tag', argv, OPTIONS);
  const chosenInput = choiceOption('tag', values, 'input', INPUT_FORMATS, 'auto');
  const explain = values.explain === true;
  const explicitFormat = values.format === undefined ? undefined : choiceOption('tag', values, 'format', OUTPUT_FORMATS, 'bio');
  if (explain && explicitFormat && !formatNamed(explicitFormat)?.explains) {
    const explaining = FORMATS.filter((f) => f.explains).map((f) => f.name);
    throw usageError('tag', `--explain writes its own listing; it combines only with --format ${explaining.join(' or ')}, not ${explicitFormat}`);
  }
  const inputs = await resolveInputs(positionals, io.cwd);
  const stdinCount = inputs.filter((i) => i.path === undefined).length;
  if (stdinCount > 1) throw usageError('tag', 'standard input (`-`) can be read only once');
  const firstKind = inputFormatOf(inputs[0]!, chosenInput);
  // Pre-tokenized input is written back in its own format unless another is asked for.
  const format = explain && !explicitFormat ? 'explain' : explicitFormat ?? (formatNamed(firstKind)?.formatter ? firstKind : 'bio');

  const outputArg = typeof values.output === 'string' ? values.output : undefined;
  if (outputArg === '') throw usageError('tag', '-o needs a file name');
  const outputPath = outputArg === undefined || outputArg === '-' ? undefined : resolve(io.cwd, outputArg);
  if (outputPath) assertNotAnInput(outputPath, inputs.flatMap((i) => (i.path ? [i.path] : [])), outputArg!, stdinCount > 0 && io.stdin === process.stdin);

  const jobs = wholeNumberOption('tag', values, 'jobs', 1, 256) ?? 1;

  if (values.markdown === true && values['no-markdown'] === true) throw usageError('tag', '--markdown and --no-markdown contradict each other');
  const markdown = values.markdown === true ? true : values['no-markdown'] === true ? false : undefined;
  const taggerOptions = { ...taggerOptionsFrom(values, io.cwd), ...(markdown === undefined ? {} : { markdown }) };
  const tagger = createTagger(taggerOptions);
  if (values.quiet !== true) for (const warning of ownWarnings(tagger.warnings, io.cwd)) io.stderr.write(`sertag tag: ${formatProblem(warning)}\n`);
  const types = taggerOptions.types ?? [...tagger.types];
  const ruleWhy = explain ? tagger.ruleWhy : undefined;
  const profile = { name: tagger.profile.name, ...(tagger.profile.file ? { manifest: displayName(tagger.profile.file, io.cwd) } : {}) };
  const formatter = createFormatter(format, { types, explain, profile, ...(ruleWhy ? { ruleWhy } : {}) });
  // --jobs N: N - 1 workers, each with the same tagger and formatter, and this thread; no more
  // threads than the cores, nor than the input has batches for.
  const inputBytes = inputs.every((i) => i.size !== undefined) ? inputs.reduce((sum, i) => sum + (i.size ?? 0), 0) : undefined;
  const threads = usefulJobs(jobs, inputBytes);
  const pool = threads > 1 ? new TagPool(threads - 1, { profiles: [{ name: 'tag', taggerOptions }], failures: 'throw' }, { local: { tagger, formatter } }) : undefined;
  const batchOptions: BatchOptions = { profile: 'tag', format, explain, only: null, separator: '\n', output: 'bytes' };

  // Its temporary file is removed if a signal stops the run (see AtomicFile).
  const file = outputPath ? new AtomicFile(outputPath, outputArg!) : undefined;
  if (file) await file.opened(outputArg!);
  const writer = new BatchedWriter(file ? file.stream : io.stdout, outputArg ?? 'standard output');
  const showProgress = io.stderrIsTTY && values.quiet !== true && inputs.every((i) => i.path !== undefined);
  const totalBytes = inputs.every((i) => i.size !== undefined) ? inputs.reduce((sum, i) => sum + (i.size ?? 0), 0) : undefined;
  const read: ReadProgress = { bytes: 0 };
  const state: RunState = {
    writer,
    formatter,
    passThrough: false,
    documents: 0,
    tokens: 0,
    entities: 0,
    progress: showProgress ? new Progress(io.stderr, totalBytes) : undefined,
    read,
    bytesBefore: 0,
    pipeline: undefined,
    batchFailed: false,
  };
  if (pool) state.pipeline = new BatchPipeline((payload) => pool.run(batchOptions, payload), (result) => writeBatch(state, result));
  try {
    writer.push(formatter.start());
    for (const source of inputs) {
      const kind = inputFormatOf(source, chosenInput);
      state.passThrough = kind === format;
      read.bytes = 0;
      const chunks = checkFirstChunk(readText(source, io.stdin, read), (head) => checkNotGold(source, head, kind, chosenInput));
      if (kind === 'text') await tagPlainText(tagger, source, chunks, state);
      else if (formatNamed(kind)?.tagInput === 'documents') await tagJsonl(tagger, source, chunks, state);
      else {
        await drainBatches(state);
        await tagPreTokenized(tagger, source, chunks, state, formatNamed(kind)!);
      }
      state.bytesBefore += read.bytes;
    }
    await drainBatches(state);
    writer.push(formatter.end());
    await writer.end();
    state.progress?.summary(state.documents, state.tokens, state.entities);
    if (file) await file.commit(outputArg);
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
    await pool?.close();
  }
}

/** The `tag` command (see `COMMANDS` in ./commands.ts). */
export const command: CommandModule = { help: HELP, run };
