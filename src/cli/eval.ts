import { existsSync, readdirSync, statSync } from 'node:fs';
import { basename, dirname, join, resolve } from 'node:path';
import { SCHEME_ALIASES, TAG_SCHEMES, type SchemeName } from '../bio/index.js';
import { describeErrno, SertagError } from '../errors.js';
import { EVAL_MODES, type DocumentPair, type EvalMode } from '../evaluate/count.js';
import { evaluatePairs, readGoldStream, readGoldText, readSentenceFile } from '../evaluate/evaluate.js';
import { formatConllevalReport } from '../evaluate/report-conlleval.js';
import { detectFormat, readSentences } from '../formats/detect.js';
import type { Sentence } from '../formats/sentence.js';
import { formatHtmlReport } from '../evaluate/report-html.js';
import { formatJsonReport } from '../evaluate/report-json.js';
import { formatMarkdownReport } from '../evaluate/report-markdown.js';
import { formatTextReport } from '../evaluate/report-text.js';
import type { FormatName } from '../formats/sentence.js';
import { FORMAT_NAMES, formatNamed } from '../formats/table.js';
import { choiceOption, parseCommandArgs, usageError, wholeNumberOption } from './args.js';
import { realOrResolved, writeAtomically } from './output.js';
import type { CliIO, CommandModule } from './io.js';

const HELP = `sertag eval — score predictions against gold (conlleval-exact by default)

Usage: sertag eval GOLD PRED [options]
       sertag eval FILE [options]         (conlleval's layout: token, gold tag, predicted tag)

GOLD and PRED are files, or folders whose files are paired by name; \`-\` reads one of them from
standard input. Both must hold the same sentences and tokens. A single FILE holds both, as the
conlleval script reads them. Formats (detected from the content unless forced): WikiSER (<s> … </s>,
token<TAB>tag), CoNLL (blank-line separated, tag in the last column), JSONL spans
({"text", "spans": [{"start", "end", "label"}]}, doccano, Prodigy and spaCy exports).

Span files on both sides (JSONL, doccano, Prodigy, spaCy) must hold the same texts; where a
document has no tokens of its own on either side, or the two sides' tokens differ, its entities are
compared by character offsets (as spaCy's scorer does). Otherwise, and whenever one side is a token
format (WikiSER, CoNLL), entities are compared on tokens, and the tokens must be the same.

Options:
  --format F       force the input format: ${FORMAT_NAMES.join(', ')};
                   conlleval also prints the report exactly as the conlleval script does
  --tag-column N   CoNLL: the 1-based column holding the tag (default: the last)
  --scheme S       tag scheme: ${[...Object.keys(TAG_SCHEMES), ...Object.keys(SCHEME_ALIASES)].join(', ')} (default IOB2)
  --mode M         conlleval (default): exact spans, ill-formed tags interpreted as conlleval does
                   strict: exact spans; ill-formed tag sequences are reported as errors
                   partial: SemEval-2013 partial (type ignored, overlap earns half)
                   type: SemEval-2013 type (any overlap with the right type counts)
  --types T1,T2    score only these types (others are dropped from both sides)
  --top N          how many top false positives / negatives to list (default 10)
  --json           print the result as JSON (fractions in [0, 1])
  --markdown       print a Markdown table instead of the terminal table
  --html FILE      also write a self-contained HTML report to FILE
  -h, --help       show this help

Examples:
  sertag eval gold.txt predicted.txt
  sertag eval gold/ predicted/ --mode strict
  sertag eval gold.conll pred.conll --types Language,Library --json
  sertag eval gold.jsonl pred.jsonl --html report.html
  sertag eval --format conlleval output.txt
  sertag tag --input wikiser gold.txt | sertag eval gold.txt -

Exit codes: 0 scored, 1 bad data (unreadable files, mismatched tokens, ill-formed tags in
strict mode), 2 usage error.`;

function usage(message: string): SertagError {
  return usageError('eval', message);
}

const OPTIONS = {
    format: { type: 'string' },
    'tag-column': { type: 'string' },
    scheme: { type: 'string' },
    mode: { type: 'string' },
    types: { type: 'string' },
    top: { type: 'string' },
    json: { type: 'boolean' },
    markdown: { type: 'boolean' },
    html: { type: 'string' },
  } as const;

function kind(path: string, shown: string): 'file' | 'folder' {
  let isDirectory: boolean;
  try {
    isDirectory = statSync(path).isDirectory();
  } catch (error) {
    // GOLD and PRED may be files or folders, so a missing path is named as either.
    const why = (error as NodeJS.ErrnoException).code === 'ENOENT' ? 'no such file or folder' : describeErrno(error);
    throw new SertagError((error as NodeJS.ErrnoException).code === 'ENOENT' ? 'MISSING_FILE' : 'UNREADABLE', `${shown}: ${why}`);
  }
  return isDirectory ? 'folder' : 'file';
}

/** Pairs gold and prediction files: file with file, file with the same name in a folder, or folder with folder by name. */
function pairFiles(cwd: string, goldArg: string, predArg: string): { gold: string; pred: string; goldShown: string; predShown: string }[] {
  const goldPath = resolve(cwd, goldArg);
  const predPath = resolve(cwd, predArg);
  const goldKind = kind(goldPath, goldArg);
  const predKind = kind(predPath, predArg);
  if (goldKind === 'file' && predKind === 'file') return [{ gold: goldPath, pred: predPath, goldShown: goldArg, predShown: predArg }];
  if (goldKind === 'file') {
    const name = basename(goldPath);
    const pred = join(predPath, name);
    if (!existsSync(pred)) throw new SertagError('NO_PARTNER', `no prediction for ${goldArg}: ${join(predArg, name)} does not exist`, []);
    return [{ gold: goldPath, pred, goldShown: goldArg, predShown: join(predArg, name) }];
  }
  if (predKind === 'file') throw usage(`GOLD ${goldArg} is a folder but PRED ${predArg} is a file; give two folders or two files`);
  const list = (dir: string): string[] =>
    readdirSync(dir, { withFileTypes: true })
      .filter((e) => e.isFile() && !e.name.startsWith('.'))
      .map((e) => e.name)
      .sort();
  const goldNames = list(goldPath);
  const predNames = new Set(list(predPath));
  if (goldNames.length === 0) throw new SertagError('EMPTY_FOLDER', `${goldArg}: folder holds no gold files`, []);
  const missing = goldNames.filter((n) => !predNames.has(n));
  if (missing.length > 0) throw new SertagError('NO_PARTNER', `no prediction in ${predArg} for ${missing.length} gold file${missing.length === 1 ? '' : 's'}: ${missing.slice(0, 5).join(', ')}${missing.length > 5 ? ', …' : ''}`, []);
  const extra = [...predNames].filter((n) => !goldNames.includes(n));
  if (extra.length > 0) throw new SertagError('NO_PARTNER', `no gold file in ${goldArg} for prediction${extra.length === 1 ? '' : 's'} ${extra.slice(0, 5).join(', ')}${extra.length > 5 ? ', …' : ''}`, []);
  return goldNames.map((n) => ({ gold: join(goldPath, n), pred: join(predPath, n), goldShown: join(goldArg, n), predShown: join(predArg, n) }));
}

async function run(argv: string[], io: CliIO): Promise<number> {
  const { values, positionals } = parseCommandArgs('eval', argv, OPTIONS);
  if (positionals.length < 1 || positionals.length > 2) {
    throw usage(`expected GOLD and PRED, or one file in conlleval's layout (token, gold tag, predicted tag); got ${positionals.length} paths`);
  }
  if (positionals.filter((p) => p === '-').length > 1) throw usage('standard input (`-`) can be read only once');
  if (values.json && values.markdown) throw usage('--json and --markdown are exclusive');
  const format = choiceOption('eval', values, 'format', FORMAT_NAMES);
  const mode = choiceOption('eval', values, 'mode', EVAL_MODES, 'conlleval');
  const schemeNames = [...Object.keys(TAG_SCHEMES), ...Object.keys(SCHEME_ALIASES)];
  const schemeGiven = choiceOption('eval', values, 'scheme', schemeNames);
  const scheme: SchemeName = schemeGiven === undefined ? 'IOB2' : (SCHEME_ALIASES[schemeGiven] ?? (schemeGiven as SchemeName));
  const top = wholeNumberOption('eval', values, 'top') ?? 10;
  const tagColumn = wholeNumberOption('eval', values, 'tag-column');
  const types = values.types?.split(',').map((t) => t.trim()).filter((t) => t !== '');
  if (types !== undefined && types.length === 0) throw usage('--types needs at least one type name');
  const readOptions = { format, scheme, tagColumn };
  const shown = (arg: string): string => (arg === '-' ? '<stdin>' : arg);

  let pairs: DocumentPair[];
  let inputs: string[];
  if (positionals.length === 1) {
    // One file holding both sides, as conlleval reads it.
    const [arg] = positionals as [string];
    const reader = formatNamed(format ?? 'conlleval')?.read;
    if (!reader?.pair) throw usage(`--format ${format} holds one side only; give GOLD and PRED as two files`);
    const path = resolve(io.cwd, arg);
    if (arg !== '-' && kind(path, arg) === 'folder') throw usage(`${arg} is a folder; a single-file evaluation reads one file in conlleval's layout`);
    const text = arg === '-' ? await readGoldStream(io.stdin) : readGoldText(path, arg);
    const detected = format === undefined ? detectFormat(text) : format;
    if (format === undefined && detected !== undefined && detected !== 'conll') {
      throw usage(`expected GOLD and PRED, or one file in conlleval's layout (token, gold tag, predicted tag); ${shown(arg)} is a ${detected} file, which holds one side`);
    }
    const { gold, pred } = reader.pair(text, shown(arg), { scheme });
    pairs = [{ goldFile: shown(arg), predFile: shown(arg), gold, pred }];
    inputs = arg === '-' ? [] : [path];
  } else {
    if (format !== undefined && formatNamed(format)?.read?.pair) throw usage(`--format ${format} reads one file holding both tags; give that file alone`);
    const [goldArg, predArg] = positionals as [string, string];
    if (goldArg === '-' || predArg === '-') {
      const read = async (arg: string): Promise<Sentence[]> =>
        readSentences(arg === '-' ? await readGoldStream(io.stdin) : readGoldText(resolve(io.cwd, arg), arg), shown(arg), readOptions).sentences;
      for (const arg of [goldArg, predArg]) if (arg !== '-' && kind(resolve(io.cwd, arg), arg) === 'folder') throw usage(`${arg} is a folder; with standard input give two files`);
      pairs = [{ goldFile: shown(goldArg), predFile: shown(predArg), gold: await read(goldArg), pred: await read(predArg) }];
      inputs = [goldArg, predArg].filter((a) => a !== '-').map((a) => resolve(io.cwd, a));
    } else {
      const files = pairFiles(io.cwd, goldArg, predArg);
      inputs = files.flatMap((f) => [f.gold, f.pred]);
      pairs = files.map((f) => ({
        goldFile: f.goldShown,
        predFile: f.predShown,
        gold: readSentenceFile(f.gold, readOptions, f.goldShown),
        pred: readSentenceFile(f.pred, readOptions, f.predShown),
      }));
    }
  }
  const htmlPath = values.html === undefined ? undefined : resolve(io.cwd, values.html);
  if (htmlPath !== undefined) {
    const clash = inputs.find((input) => realOrResolved(input) === realOrResolved(htmlPath));
    if (clash) throw usage(`--html ${values.html} would overwrite the input file ${clash}; choose another name`);
    if (existsSync(htmlPath) && statSync(htmlPath).isDirectory()) throw usage(`--html ${values.html} is a folder; give a file name`);
    if (!existsSync(dirname(htmlPath))) throw new SertagError('BAD_OUTPUT', `cannot write --html ${values.html}: the folder ${dirname(values.html!)} does not exist; create it first`);
  }
  const result = evaluatePairs(pairs, { mode, scheme, types, top });
  if (types) {
    const absent = types.filter((t) => (result.types[t]?.support ?? 0) === 0 && (result.types[t]?.predicted ?? 0) === 0);
    if (absent.length > 0) io.stderr.write(`sertag eval: warning: no gold or predicted entity of type ${absent.join(', ')}\n`);
  }
  const title = pairs.length === 1 ? `${pairs[0]!.goldFile} vs ${pairs[0]!.predFile}` : positionals.join(' vs ');
  if (htmlPath !== undefined) writeAtomically(htmlPath, formatHtmlReport(result, `sertag eval — ${title}`));
  const conllevalLayout = format === 'conlleval';
  io.stdout.write(values.json ? formatJsonReport(result) : values.markdown ? formatMarkdownReport(result) : conllevalLayout ? formatConllevalReport(result) : formatTextReport(result));
  return 0;
}

/** The `eval` command (see `COMMANDS` in ./commands.ts). */
export const command: CommandModule = { help: HELP, run };
