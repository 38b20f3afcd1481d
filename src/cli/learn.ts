import { resolve } from 'node:path';
import { SertagError } from '../errors.js';
import { readSentenceFile } from '../evaluate/evaluate.js';
import type { Sentence } from '../formats/sentence.js';
import { DEFAULT_LEARN_OPTIONS, learnGazetteer, type LearnOptions } from '../learn/index.js';
import { parseCommandArgs, usageError } from './args.js';
import { realOrResolved, writeAtomically } from './output.js';
import { registerCommand } from './index.js';
import type { CliIO } from './io.js';

const HELP = `sertag learn — induce a gazetteer from gold files

Usage: sertag learn GOLD… -o FILE.yaml [options]

For every string tagged somewhere in GOLD, counts how often it occurs and how often it is tagged
there as a whole entity (its keyphraseness), per type, merging case and plural variants; keeps
the strings whose majority type clears the thresholds. The output is a gazetteer YAML file with
the counts as comments, for people to review and edit. Gold formats are detected from the
content (WikiSER, CoNLL, JSONL spans).

Options:
  -o, --output FILE        where to write the gazetteer (required; never one of the inputs)
  --blocks FILE            also write veto rules for strings seen often and rarely tagged, so that
                           no other gazetteer (curated lists) tags them either
  --min-count N            keep a string tagged at least N times with its type (default ${DEFAULT_LEARN_OPTIONS.minCount})
  --min-keyphraseness X    keep a string tagged in at least this fraction of its occurrences (default ${DEFAULT_LEARN_OPTIONS.minKeyphraseness})
  --max-tokens N           longest string learned, in tokens (default ${DEFAULT_LEARN_OPTIONS.maxTokens})
  --case M                 auto (default): case-insensitive unless a case variant is rarely tagged
                           (then the well-tagged spellings, exact, plus the unseen lower-case one
                           when no word of it is a common English word: iOS → ios);
                           exact or ignore force one policy for every entry
  --no-plurals             keep singular and plural forms apart
  -h, --help               show this help

Example:
  sertag learn ../shared/data/wikiser/dev.txt ../shared/data/wikiser/stackless-python.txt \\
    -o gazetteers/learned-wikiser.yaml --blocks rules/learned-blocks.yaml

Exit codes: 0 written, 1 bad data, 2 usage error.`;

function usage(message: string): SertagError {
  return usageError('learn', message);
}

const OPTIONS = {
    output: { type: 'string', short: 'o' },
    blocks: { type: 'string' },
    'min-count': { type: 'string' },
    'min-keyphraseness': { type: 'string' },
    'max-tokens': { type: 'string' },
    case: { type: 'string' },
    'no-plurals': { type: 'boolean' },
  } as const;

function wholeNumber(value: string | undefined, option: string, min: number): number | undefined {
  if (value === undefined) return undefined;
  if (!/^\d+$/.test(value) || Number(value) < min) throw usage(`--${option} must be a whole number ≥ ${min}, not '${value}'`);
  return Number(value);
}

function fraction(value: string | undefined, option: string): number | undefined {
  if (value === undefined) return undefined;
  const n = Number(value);
  if (value.trim() === '' || !Number.isFinite(n) || n < 0 || n > 1) throw usage(`--${option} must be a number from 0 to 1, not '${value}'`);
  return n;
}

async function run(argv: string[], io: CliIO): Promise<number> {
  const { values, positionals } = parseCommandArgs('learn', argv, OPTIONS);
  if (positionals.length === 0) throw usage('give at least one gold file');
  if (values.output === undefined) throw usage('give the output file with -o FILE.yaml');
  const caseMode = values.case;
  if (caseMode !== undefined && caseMode !== 'auto' && caseMode !== 'exact' && caseMode !== 'ignore') throw usage(`--case must be auto, exact or ignore, not '${caseMode}'`);
  const output = resolve(io.cwd, values.output);
  const blocksOutput = values.blocks === undefined ? undefined : resolve(io.cwd, values.blocks);
  if (blocksOutput !== undefined && realOrResolved(blocksOutput) === realOrResolved(output)) throw usage('--blocks and -o must be different files');
  for (const input of positionals) {
    const inputReal = realOrResolved(resolve(io.cwd, input));
    if (inputReal === realOrResolved(output)) throw usage(`refusing to overwrite the input file ${input}; choose another -o`);
    if (blocksOutput !== undefined && inputReal === realOrResolved(blocksOutput)) throw usage(`refusing to overwrite the input file ${input}; choose another --blocks`);
  }
  const sentences: Sentence[] = [];
  for (const input of positionals) sentences.push(...readSentenceFile(resolve(io.cwd, input), {}, input));
  const options: LearnOptions = {
    minCount: wholeNumber(values['min-count'], 'min-count', 1),
    minKeyphraseness: fraction(values['min-keyphraseness'], 'min-keyphraseness'),
    maxTokens: wholeNumber(values['max-tokens'], 'max-tokens', 1),
    caseMode,
    mergePlurals: values['no-plurals'] ? false : undefined,
    name: values.output,
    header: [
      `Learned from ${positionals.join(', ')} (${sentences.length} sentences).`,
      `Re-run: sertag learn ${argv.join(' ')}`,
    ],
  };
  const result = learnGazetteer(sentences, options);
  writeAtomically(output, result.yaml);
  io.stderr.write(`sertag learn: wrote ${result.entries.length} entries to ${values.output} (${result.rejected.length} strings below the thresholds)\n`);
  if (blocksOutput !== undefined) {
    writeAtomically(blocksOutput, result.blockYaml);
    io.stderr.write(`sertag learn: wrote ${result.blocked.length} blocked spellings to ${values.blocks}\n`);
  }
  return 0;
}

registerCommand({ name: 'learn', summary: 'induce a gazetteer (YAML, counts as comments) from gold files', help: HELP, run });
