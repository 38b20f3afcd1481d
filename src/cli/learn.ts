import { closeSync, openSync, readSync, statSync } from 'node:fs';
import { relative, resolve } from 'node:path';
import { loadProfile } from '../profile/index.js';
import { formatProblem, SertagError, type Problem } from '../errors.js';
import { readSentenceFile } from '../evaluate/evaluate.js';
import type { Sentence } from '../formats/sentence.js';
import { DEFAULT_LEARN_OPTIONS, DEFAULT_TUNE_GRID, learnGazetteer, tuneLearner, type LearnOptions, type TuneRow } from '../learn/index.js';
import { choiceOption, fractionOption, parseCommandArgs, usageError, wholeNumberOption } from './args.js';
import { realOrResolved, writeAtomically } from './output.js';
import { withSchemaModeline } from '../schema/index.js';
import type { CliIO, CommandModule } from './io.js';

const HELP = `sertag learn — induce a gazetteer from gold files

Usage: sertag learn GOLD… -o FILE.yaml [options]
       sertag learn GOLD… --profile NAME|FILE   (writes the profile's learned gazetteer and blocks)

For every string tagged somewhere in GOLD, counts how often it occurs and how often it is tagged
there as a whole entity (its keyphraseness), per type, merging case and plural variants; keeps
the strings whose majority type clears the thresholds. The output is a gazetteer YAML file with
the counts as comments, for people to review and edit. Gold formats are detected from the
content (WikiSER, CoNLL, JSONL spans).

Options:
  -o, --output FILE        where to write the gazetteer (required without --profile; never one of the inputs)
  --profile NAME|FILE      write the files the profile's \`learned:\` section names (unless -o/--blocks
                           say otherwise), with its learner options as defaults (options given here win)
  --blocks FILE            also write veto rules for strings seen often and rarely tagged, so that
                           no other gazetteer (curated lists) tags them either
  --min-count N            keep a string tagged at least N times with its type (default ${DEFAULT_LEARN_OPTIONS.minCount})
  --min-keyphraseness X    keep a string tagged in at least this fraction of its occurrences (default ${DEFAULT_LEARN_OPTIONS.minKeyphraseness})
  --min-context-evidence N a neighbouring word seen N times next to a kept string that is rarely
                           tagged there becomes a not_prev/not_next veto (default ${DEFAULT_LEARN_OPTIONS.minContextEvidence}; 0: none)
  --tune                   choose --min-keyphraseness and --min-context-evidence by k-fold
                           cross-validation on GOLD itself (${DEFAULT_TUNE_GRID.length} settings; prints the table); the
                           defaults were chosen this way on WikiSER, your gold may want others
  --folds N                folds for --tune (default 5)
  --max-tokens N           longest string learned, in tokens (default ${DEFAULT_LEARN_OPTIONS.maxTokens})
  --case M                 auto (default): case-insensitive unless a case variant is rarely tagged
                           (then the well-tagged spellings, exact, plus the unseen lower-case one
                           when no word of it is a common English word: iOS → ios);
                           exact or ignore force one policy for every entry
  --no-plurals             keep singular and plural forms apart
  --force                  replace -o / --blocks even when sertag learn did not write them (by
                           default it refuses: a file's generated header says who wrote it)
  -h, --help               show this help

Examples:
  sertag learn ../shared/data/wikiser/dev.txt ../shared/data/wikiser/stackless-python.txt \\
    -o gazetteers/learned-wikiser.yaml --blocks rules/learned-blocks.yaml
  sertag learn my-gold.conll --tune -o gazetteers/mine.yaml

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
    'min-context-evidence': { type: 'string' },
    tune: { type: 'boolean' },
    folds: { type: 'string' },
    profile: { type: 'string' },
    force: { type: 'boolean' },
  } as const;

/** How far into a file its generated header is looked for. */
const HEADER_BYTES = 4096;

/**
 * Refuses to replace a file that `sertag learn` did not write (its generated header, in the first
 * lines, says `learned by \`sertag learn`), unless `--force`: a profile manifest, or a mistyped -o,
 * must not make `learn` overwrite a user's own file. A missing or empty file is fine.
 */
function assertLearnedFile(path: string, shownAs: string, option: string, force: boolean): void {
  if (force) return;
  let head: string;
  try {
    const info = statSync(path);
    if (info.isFile() && info.size === 0) return;
    if (!info.isFile()) throw new SertagError('BAD_OUTPUT', `refusing to write ${option} ${shownAs}: it is not a regular file`, []);
    const fd = openSync(path, 'r');
    try {
      const buffer = Buffer.alloc(HEADER_BYTES);
      head = buffer.subarray(0, readSync(fd, buffer, 0, HEADER_BYTES, 0)).toString('utf8');
    } finally {
      closeSync(fd);
    }
  } catch (error) {
    if ((error as NodeJS.ErrnoException).code === 'ENOENT') return;
    if (error instanceof SertagError) throw error;
    throw new SertagError('BAD_OUTPUT', `cannot read ${shownAs} to check it is a file sertag learn wrote: ${(error as NodeJS.ErrnoException).code ?? (error as Error).message}`, []);
  }
  if (/^# (?:Blocks )?[Ll]earned by `sertag learn/m.test(head)) return;
  throw new SertagError('BAD_OUTPUT', `refusing to overwrite ${shownAs} (${option}): sertag learn did not write it (its header does not say \`Learned by sertag learn\`); choose another file, or give --force to replace it`, []);
}

async function run(argv: string[], io: CliIO): Promise<number> {
  const { values, positionals } = parseCommandArgs('learn', argv, OPTIONS);
  if (positionals.length === 0) throw usage('give at least one gold file');
  const learned = values.profile === undefined ? undefined : learnedListsOf(values.profile, io.cwd);
  // The manifest's own warnings (a file to write outside its folder), as tag and lint print them.
  for (const warning of learned?.warnings ?? []) io.stderr.write(`sertag learn: ${formatProblem(warning)}\n`);
  values.output ??= learned?.gazetteer;
  values.blocks ??= learned?.blocks;
  if (values.output === undefined) throw usage('give the output file with -o FILE.yaml (or --profile NAME)');
  const caseMode = choiceOption('learn', values, 'case', ['auto', 'exact', 'ignore'] as const);
  const output = resolve(io.cwd, values.output);
  const blocksOutput = values.blocks === undefined ? undefined : resolve(io.cwd, values.blocks);
  if (blocksOutput !== undefined && realOrResolved(blocksOutput) === realOrResolved(output)) throw usage('--blocks and -o must be different files');
  for (const input of positionals) {
    const inputReal = realOrResolved(resolve(io.cwd, input));
    if (inputReal === realOrResolved(output)) throw usage(`refusing to overwrite the input file ${input}; choose another -o`);
    if (blocksOutput !== undefined && inputReal === realOrResolved(blocksOutput)) throw usage(`refusing to overwrite the input file ${input}; choose another --blocks`);
  }
  if (values.tune) {
    for (const chosen of ['min-keyphraseness', 'min-context-evidence'] as const) {
      if (values[chosen] !== undefined) throw usage(`--tune chooses --${chosen} itself; give one or the other`);
    }
  } else if (values.folds !== undefined) {
    throw usage('--folds goes with --tune');
  }
  const folds = wholeNumberOption('learn', values, 'folds', 2) ?? 5;
  // Checked before the (long) learning, and again by the rename's target being what was checked.
  assertLearnedFile(output, values.output, values.profile !== undefined && learned?.gazetteer === values.output ? `the gazetteer of profile ${values.profile}` : '-o', values.force === true);
  if (blocksOutput !== undefined) assertLearnedFile(blocksOutput, values.blocks!, '--blocks', values.force === true);
  const given: LearnOptions = {
    minCount: wholeNumberOption('learn', values, 'min-count', 1),
    minKeyphraseness: fractionOption('learn', values, 'min-keyphraseness'),
    minContextEvidence: wholeNumberOption('learn', values, 'min-context-evidence', 0),
    maxTokens: wholeNumberOption('learn', values, 'max-tokens', 1),
    caseMode,
    mergePlurals: values['no-plurals'] ? false : undefined,
  };
  // The profile's learner options are defaults; what the command line gives wins.
  const options: LearnOptions = { ...learned?.options };
  for (const [key, value] of Object.entries(given)) if (value !== undefined) (options as Record<string, unknown>)[key] = value;
  const sentences: Sentence[] = [];
  for (const input of positionals) {
    // A loop, not push(...spread): spreading a file of ~125k+ sentences overflows the call stack.
    for (const sentence of readSentenceFile(resolve(io.cwd, input), {}, input)) sentences.push(sentence);
  }
  const header = [`Learned from ${positionals.join(', ')} (${sentences.length} sentences).`, `Re-run: sertag learn ${argv.join(' ')}`];
  if (values.tune) {
    if (sentences.length < folds * 2) throw new SertagError('TOO_LITTLE_GOLD', `--tune needs at least ${folds * 2} sentences for ${folds} folds; the gold files hold ${sentences.length}`, []);
    const best = tune(sentences, options, folds, io);
    Object.assign(options, best.options);
    header.push(`Thresholds chosen by ${folds}-fold cross-validation on these files: ${settingText(best)} (micro-F1 ${best.f1.toFixed(3)}).`);
  }
  const result = learnGazetteer(sentences, { ...options, name: values.output, header });
  writeAtomically(output, withSchemaModeline('gazetteer', output, result.yaml));
  io.stderr.write(`sertag learn: wrote ${result.entries.length} entries to ${values.output} (${result.rejected.length} strings below the thresholds)\n`);
  if (blocksOutput !== undefined) {
    writeAtomically(blocksOutput, withSchemaModeline('rules', blocksOutput, result.blockYaml));
    io.stderr.write(`sertag learn: wrote ${result.blocked.length} blocked spellings to ${values.blocks}\n`);
  }
  return 0;
}

/** The learned lists of a profile: their files (shown relative to the cwd) and learner options. */
function learnedListsOf(name: string, cwd: string): { gazetteer: string; blocks?: string; options: LearnOptions; warnings: Problem[] } {
  const profile = loadProfile(name, cwd);
  if (!profile.learned) throw usage(`the profile \`${profile.name}\` has no \`learned:\` section naming the files to write; give -o FILE.yaml`);
  const shown = (path: string): string => relative(cwd, path) || path;
  const options: LearnOptions = {};
  for (const [key, value] of Object.entries(profile.learned.options)) {
    if (!(key in DEFAULT_LEARN_OPTIONS)) throw usage(`the profile \`${profile.name}\` sets an unknown learner option \`${key}\` in \`learned.options\`; known: ${Object.keys(DEFAULT_LEARN_OPTIONS).join(', ')}`);
    (options as Record<string, unknown>)[key] = value;
  }
  return { gazetteer: shown(profile.learned.gazetteer), ...(profile.learned.blocks ? { blocks: shown(profile.learned.blocks) } : {}), options, warnings: profile.warnings ?? [] };
}

function settingText(row: TuneRow): string {
  return `--min-keyphraseness ${row.options.minKeyphraseness} --min-context-evidence ${row.options.minContextEvidence}`;
}

/** Cross-validates the threshold grid, printing each setting's score as it is done. */
function tune(sentences: Sentence[], base: LearnOptions, folds: number, io: CliIO): TuneRow {
  io.stderr.write(`sertag learn: tuning on ${sentences.length} sentences, ${folds} folds, ${DEFAULT_TUNE_GRID.length} settings (strict span micro P/R/F1)\n`);
  const { best } = tuneLearner(sentences, {
    folds,
    base,
    onRow: (row, done, total) => {
      const f = (x: number) => x.toFixed(3);
      io.stderr.write(`  ${String(done).padStart(String(total).length)}/${total}  ${settingText(row).padEnd(52)} P ${f(row.precision)}  R ${f(row.recall)}  F1 ${f(row.f1)}\n`);
    },
  });
  io.stderr.write(`sertag learn: chose ${settingText(best)} (CV micro-F1 ${best.f1.toFixed(3)})\n`);
  return best;
}

/** The `learn` command (see `COMMANDS` in ./commands.ts). */
export const command: CommandModule = { help: HELP, run };
