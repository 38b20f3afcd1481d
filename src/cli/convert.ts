import { existsSync } from 'node:fs';
import { dirname, resolve } from 'node:path';
import { SCHEME_ALIASES, spansFromTags, tagsFromSpans, TAG_SCHEMES, type SchemeName } from '../bio/index.js';
import { SertagError } from '../errors.js';
import { readGoldStream, readGoldText } from '../evaluate/evaluate.js';
import { detectFormat, readSentences } from '../formats/detect.js';
import type { Sentence } from '../formats/sentence.js';
import { FORMATS, formatNamed } from '../formats/table.js';
import { choiceOption, parseCommandArgs, usageError, wholeNumberOption, type ParsedArgs } from './args.js';
import type { CliIO, CommandModule } from './io.js';
import { assertNotAnInput, writeAtomically } from './output.js';

const READABLE = FORMATS.filter((f) => f.read && !f.read.pair).map((f) => f.name);
const WRITABLE = FORMATS.filter((f) => f.write).map((f) => f.name);

const SCHEME_NAMES = [...Object.keys(TAG_SCHEMES), ...Object.keys(SCHEME_ALIASES)];

const HELP = `Usage: sertag convert --to FORMAT [options] [FILE]

Converts a gold file between annotation formats, keeping its tokens and entities exactly: reading
the output back gives the same tokens and tags. Reads standard input when no FILE is given, or for
\`-\`. Offsets in JSON formats count code points, as Python, Prodigy, doccano and spaCy do.

Formats: ${WRITABLE.join(', ')}
  wikiser   <s>, token<TAB>tag lines, </s>
  conll     token<TAB>tag, a blank line between sentences (read: the tag from any column)
  jsonl     {"text", "tokens", "spans": [{"start", "end", "label"}]}
  prodigy   {"text", "tokens", "spans", "answer"}; records answered reject or ignore are skipped
  doccano   {"text", "label": [[start, end, label]]}; also read: "entities" with start_offset/end_offset
  spacy     spaCy's Doc.to_json() per line: {"text", "ents", "tokens"}

Options:
  --to FORMAT        the format to write (required)
  --from FORMAT      the input's format (default: detected from the content)
  --tag-column N     CoNLL input: the 1-based column holding the tag (default: the last)
  --scheme S         the input's tag scheme: ${SCHEME_NAMES.join(', ')} (default IOB2)
  --to-scheme S      the tag scheme written to wikiser or conll (default IOB2)
  -o, --output FILE  write to FILE (atomically; never over the input)
  -h, --help         this help

Examples:
  sertag convert --to prodigy gold.txt > gold.prodigy.jsonl
  sertag convert --from prodigy --to wikiser annotations.jsonl -o gold.txt
  sertag convert --to conll --to-scheme BIOES --tag-column 4 train.conll`;

const OPTIONS = {
  to: { type: 'string' },
  from: { type: 'string' },
  'tag-column': { type: 'string' },
  scheme: { type: 'string' },
  'to-scheme': { type: 'string' },
  output: { type: 'string', short: 'o' },
} as const;

function usage(message: string): SertagError {
  return usageError('convert', message);
}

function schemeOf(values: ParsedArgs['values'], option: string): SchemeName {
  const name = choiceOption('convert', values, option, SCHEME_NAMES);
  return name === undefined ? 'IOB2' : (SCHEME_ALIASES[name] ?? (name as SchemeName));
}

/**
 * Converts sentences for writing in `to`: entities decoded with the input's scheme, then written as
 * tags in `toScheme` (column formats) or IOB2 (the JSON writers, which turn them into spans).
 */
export function convertSentences(sentences: readonly Sentence[], from: SchemeName, to: SchemeName): Sentence[] {
  return sentences.map((s) => ({ ...s, tags: tagsFromSpans(spansFromTags(s.tags, from), s.tokens.length, to) }));
}

async function run(argv: string[], io: CliIO): Promise<number> {
  const { values, positionals } = parseCommandArgs('convert', argv, OPTIONS);
  if (values.to === undefined) throw usage(`--to is required: one of ${WRITABLE.join(', ')}`);
  const to = choiceOption('convert', values, 'to', WRITABLE)!;
  const from = choiceOption('convert', values, 'from', READABLE);
  if (positionals.length > 1) throw usage(`expected one input file, got ${positionals.length}`);
  const inputScheme = schemeOf(values, 'scheme');
  const outputScheme = schemeOf(values, 'to-scheme');
  const target = formatNamed(to)!;
  if (values['to-scheme'] !== undefined && !target.read?.lines) throw usage(`--to-scheme applies to formats whose tags are text (wikiser, conll), not ${to}, which writes spans`);
  const tagColumn = wholeNumberOption('convert', values, 'tag-column', 2);

  const arg = positionals[0] ?? '-';
  const shown = arg === '-' ? '<stdin>' : arg;
  const inputPath = arg === '-' ? undefined : resolve(io.cwd, arg);
  const outputArg = values.output;
  const outputPath = outputArg === undefined || outputArg === '-' ? undefined : resolve(io.cwd, outputArg);
  if (outputArg === '') throw usage('-o needs a file name');
  if (outputPath && inputPath) assertNotAnInput(outputPath, [inputPath], arg);
  if (outputPath && !existsSync(dirname(outputPath))) throw new SertagError('BAD_OUTPUT', `cannot write ${outputArg}: the folder ${dirname(outputArg!)} does not exist; create it first`);

  const text = inputPath ? readGoldText(inputPath, arg) : await readGoldStream(io.stdin);
  const format = from ?? detectFormat(text);
  const document = readSentences(text, shown, { ...(format ? { format } : {}), scheme: inputScheme, ...(tagColumn ? { tagColumn } : {}) });
  const sentences = convertSentences(document.sentences, inputScheme, target.read?.lines ? outputScheme : 'IOB2');
  const out = target.write!(sentences);
  if (outputPath) writeAtomically(outputPath, out);
  else io.stdout.write(out);
  return 0;
}

/** The `convert` command (see `COMMANDS` in ./commands.ts). */
export const command: CommandModule = { help: HELP, run };
