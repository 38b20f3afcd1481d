import { readFileSync, statSync } from 'node:fs';
import { resolve } from 'node:path';
import { formatProblems, lineStarts, lineTextAt, notAFile, type Problem } from '../errors.js';
import type { GazetteerEntry } from '../gazetteer/types.js';
import { hideOutsideContent, loadSources } from '../load.js';
import { abbreviationsWith, DEFAULT_ABBREVIATIONS, type Abbreviations } from '../tokenize/abbreviations.js';
import { sentenceRanges, tokenize } from '../tokenize/index.js';
import { parseCommandArgs, SOURCE_OPTIONS, SOURCE_OPTIONS_HELP, taggerOptionsFrom } from './args.js';
import type { CliIO, CommandModule } from './io.js';

const HELP = `Usage: sertag lint [options] [PATH…]

Validates gazetteer and rule files and lists every problem as \`file:line:col [CODE] message\`.
Also warns about gazetteer entries that can never match because the tokenizer splits them
differently in running text from how they are written. Checks the bundled gazetteers and rules,
or each PATH instead (a file or a folder of .yaml files; a file with a top-level \`rules:\` key is a
rule file, anything else a gazetteer) and the --gazetteers / --rules options: given a PATH, lint
checks only what it is given unless --with-defaults.

Options:
${SOURCE_OPTIONS_HELP.filter((l) => !l.includes('--types')).join('\n')}
  --with-defaults          with PATHs, check the bundled gazetteers and rules too
  --strict                 exit 1 on warnings too
  --all                    print every problem (by default, after 20 of one kind in one
                           file the rest are counted in one line)
  -q, --quiet              print only problems, no summary line
  -h, --help               this help

Exit codes: 0 no errors, 1 errors (or warnings with --strict), 2 usage error.

Examples:
  sertag lint
  sertag lint my-terms.yaml my-rules.yaml
  sertag lint --no-default-gazetteers --no-default-rules --gazetteers gazetteers/`;

const OPTIONS = {
  ...SOURCE_OPTIONS,
  strict: { type: 'boolean' },
  all: { type: 'boolean' },
  'with-defaults': { type: 'boolean' },
  quiet: { type: 'boolean', short: 'q' },
} as const;


function sameTokens(a: readonly string[], b: readonly string[]): boolean {
  return a.length === b.length && a.every((t, i) => t === b[i]);
}

/**
 * Problems with entries the tagger can never find in running text: a term that running text
 * tokenizes differently from the term alone, or one inside which the sentence splitter ends a
 * sentence (matches never cross sentences). `abbreviations`: the profile's, as the tagger uses them.
 */
export function tokenizationWarnings(entries: readonly GazetteerEntry[], abbreviations: Abbreviations = DEFAULT_ABBREVIATIONS): Problem[] {
  const problems: Problem[] = [];
  const seen = new Set<string>();
  for (const entry of entries) {
    const key = `${entry.source.file}:${entry.source.line}:${entry.term}`;
    if (seen.has(key)) continue;
    seen.add(key);
    const at = { file: entry.source.file, line: entry.source.line, col: 1, severity: 'warning' as const };
    const shown = entry.tokens.map((t) => `\`${t}\``).join(' ');
    const running = `x ${entry.term} x`;
    const inTextTokens = tokenize(running, abbreviations);
    const inText = inTextTokens.map((t) => t.text);
    const middle = inText.slice(1, -1);
    if (inText[0] !== 'x' || inText[inText.length - 1] !== 'x' || !sameTokens(middle, entry.tokens)) {
      problems.push({ ...at, code: 'TOKENIZER_SPLIT', message: `\`${entry.term}\` can never match running text: alone it is tokenized as ${shown}, but in running text as ${middle.map((t) => `\`${t}\``).join(' ')}` });
      continue;
    }
    // Matches never cross sentences; in running text, the splitter may end one inside the term.
    const cut = sentenceRanges(inTextTokens, running, abbreviations).find((r) => r.end > 1 && r.end < inText.length - 1);
    if (cut) {
      problems.push({ ...at, code: 'NEVER_MATCHES', message: `\`${entry.term}\` can never match running text: the sentence splitter ends a sentence after \`${inText[cut.end - 1]}\` inside it (pre-tokenized input, one sentence at a time, still matches)` });
    }
  }
  return problems;
}

/** Rule files have a top-level `rules:` key; everything else is treated as a gazetteer (and a device or pipe is refused there, unread). */
function isRuleFile(path: string): boolean {
  try {
    if (notAFile(statSync(path), path) !== undefined) return false;
    return /^rules\s*:/m.test(readFileSync(path, 'utf8'));
  } catch {
    return false;
  }
}

async function run(argv: string[], io: CliIO): Promise<number> {
  const { values, positionals } = parseCommandArgs('lint', argv, OPTIONS);
  const options = taggerOptionsFrom(values, io.cwd);
  if (positionals.length > 0 && values['with-defaults'] !== true) {
    options.defaultGazetteers = false;
    options.defaultRules = false;
  }
  for (const path of positionals) {
    const full = resolve(io.cwd, path);
    let isDir = false;
    try {
      isDir = statSync(full).isDirectory();
    } catch {
      // A missing path is reported by loadSources as MISSING_FILE.
    }
    if (isDir || !isRuleFile(full)) options.gazetteers!.push(path);
    else options.rules!.push(path);
  }
  const loaded = loadSources(options);
  const abbreviations = abbreviationsWith(loaded.profile.tokenizer.abbreviations);
  // A file the profile reached outside its manifest's folder is never quoted: not its terms, not its lines.
  const problems = [...(loaded.profile.warnings ?? []), ...loaded.problems, ...hideOutsideContent(tokenizationWarnings(loaded.entries, abbreviations), loaded.outside)];
  // Each file is read and its lines indexed once, however many problems it has.
  const texts = new Map<string, { text: string; starts: number[] } | undefined>();
  const excerpt = (p: Problem): Problem => {
    if (p.excerpt !== undefined || p.line === 0 || loaded.outside.has(p.file)) return p;
    if (!texts.has(p.file)) {
      try {
        const text = readFileSync(loaded.paths.get(p.file) ?? resolve(io.cwd, p.file), 'utf8');
        texts.set(p.file, { text, starts: lineStarts(text) });
      } catch {
        texts.set(p.file, undefined);
      }
    }
    const source = texts.get(p.file);
    return source === undefined ? p : { ...p, excerpt: lineTextAt(source.text, source.starts, p.line) };
  };
  problems.sort((a, b) => (a.file < b.file ? -1 : a.file > b.file ? 1 : a.line - b.line || a.col - b.col));
  let out = '';
  for (const line of formatProblems(problems, values.all === true ? Infinity : undefined, excerpt)) out += line + '\n';
  io.stdout.write(out);
  const errors = problems.filter((p) => p.severity === 'error').length;
  const warnings = problems.length - errors;
  if (values.quiet !== true) {
    const files = loaded.files.length;
    io.stderr.write(`sertag lint: ${files} file${files === 1 ? '' : 's'}, ${loaded.entries.length} surface forms, ${loaded.rules.length} rules: ${errors} error${errors === 1 ? '' : 's'}, ${warnings} warning${warnings === 1 ? '' : 's'}\n`);
  }
  return errors > 0 || (values.strict === true && warnings > 0) ? 1 : 0;
}

/** The `lint` command (see `COMMANDS` in ./commands.ts). */
export const command: CommandModule = { help: HELP, run };
