import { cpSync, existsSync, mkdtempSync, readdirSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { SertagError } from '../../src/errors.js';
import { createTagger, type TaggerOptions } from '../../src/tagger.js';
import { fixture, runCli, type CliRun } from '../helpers.js';

/**
 * Bad input, table-driven. Every case runs the real CLI in-process in a scratch copy of
 * test/fixtures/bad/ and checks the exit code, the exact message (which names the file, and the
 * line where there is one) and that no stack trace is printed. Fixtures that cannot be small
 * readable files — a 10 MB line, invalid UTF-8, binary and UTF-16 bytes — are generated into the
 * scratch folder by the case itself: a 10 MB file does not belong in git, and editors and git
 * filters tend to "repair" invalid bytes in checked-in text files.
 */

const BAD = fixture('bad');
/** Build the tagger from the file under test only (fast, and the message is about that file). */
const ONLY = ['--no-default-gazetteers', '--no-default-rules'];
const scratch: string[] = [];

afterAll(() => {
  for (const dir of scratch) rmSync(dir, { recursive: true, force: true });
});

function workspace(): string {
  const dir = mkdtempSync(join(tmpdir(), 'sertag-bad-'));
  scratch.push(dir);
  cpSync(BAD, dir, { recursive: true });
  return dir;
}

const run = runCli;

/** No stack frames, no "internal error", no raw JS error names: a user mistake is one clear message. */
function expectNoStackTrace(text: string): void {
  expect(text).not.toMatch(/\n\s+at /);
  expect(text).not.toContain('internal error');
  expect(text).not.toMatch(/\b(TypeError|RangeError|ReferenceError|SyntaxError)\b/);
}

interface Case {
  name: string;
  argv: string[];
  /** The checked-in file under test/fixtures/bad, or 'generated' (made by `generate`), or 'none'. */
  fixture: string;
  exitCode: 0 | 1 | 2;
  stderr: RegExp;
  /** `sertag lint` lists problems on stdout (its summary goes to stderr). */
  stdout?: RegExp;
  stdin?: string | Buffer;
  generate?: (dir: string) => void;
  /** Extra checks on the workspace afterwards (nothing lost, nothing half-written). */
  after?: (dir: string, result: CliRun) => void;
  explanation: string;
}

const lintSummary = (errors: number, warnings = 0): RegExp =>
  new RegExp(`^sertag lint: .*: ${errors} errors?, ${warnings} warnings?\\n$`);

/** Only the file's name under test: nothing else (no temporary file) is left next to it. */
function onlyFiles(dir: string, expected: string[]): void {
  const fixtures = new Set(readdirSync(BAD));
  expect(readdirSync(dir).filter((n) => !fixtures.has(n)).sort()).toEqual(expected.sort());
}

const gazetteerCases: Case[] = [
  { name: 'YAML syntax error', fixture: 'gaz-syntax.yaml', argv: ['tag', ...ONLY, '--gazetteers', 'gaz-syntax.yaml', 'ok.txt'], exitCode: 1, stderr: /^sertag tag: 1 problem in gaz-syntax\.yaml; the tagger cannot start until it is fixed:\ngaz-syntax\.yaml:4:5 \[YAML_BAD_INDENT\] Flow sequence in block collection must be sufficiently indented and end with a \]; the `\[` opened here is never closed\n {2} {2}- \[C\+\+, unclosed\n {2} {4}\^/, explanation: 'an unclosed flow list is found by the parser at the end of the file: the position is the `[` left open (line 4), not the end' },
  { name: 'tab indentation', fixture: 'gaz-tab-indent.yaml', argv: ['tag', ...ONLY, '--gazetteers', 'gaz-tab-indent.yaml', 'ok.txt'], exitCode: 1, stderr: /gaz-tab-indent\.yaml:3:1 \[YAML_TAB_AS_INDENT\] Tabs are not allowed as indentation\n {2}\t- Python\n {2}\^/, explanation: 'the offending line and a caret are shown' },
  { name: 'top level is a list', fixture: 'gaz-top-list.yaml', argv: ['tag', ...ONLY, '--gazetteers', 'gaz-top-list.yaml', 'ok.txt'], exitCode: 1, stderr: /gaz-top-list\.yaml:1:1 \[WRONG_SHAPE\] a gazetteer file must be a mapping with an `entries:` list/, explanation: 'wrong shape: a bare list of terms' },
  { name: '`entries` is a scalar', fixture: 'gaz-entries-not-list.yaml', argv: ['tag', ...ONLY, '--gazetteers', 'gaz-entries-not-list.yaml', 'ok.txt'], exitCode: 1, stderr: /gaz-entries-not-list\.yaml:2:10 \[WRONG_SHAPE\] `entries` must be a list/, explanation: 'wrong shape, pointed at the value' },
  { name: 'an entry is a list', fixture: 'gaz-entry-nested-list.yaml', argv: ['tag', ...ONLY, '--gazetteers', 'gaz-entry-nested-list.yaml', 'ok.txt'], exitCode: 1, stderr: /gaz-entry-nested-list\.yaml:4:5 \[WRONG_SHAPE\] an entry must be a term or a mapping with `term:`/, explanation: 'wrong shape inside the list' },
  { name: 'unknown file type', fixture: 'gaz-unknown-type.yaml', argv: ['tag', ...ONLY, '--gazetteers', 'gaz-unknown-type.yaml', 'ok.txt'], exitCode: 1, stderr: /gaz-unknown-type\.yaml:1:7 \[UNKNOWN_TYPE\] unknown type `Langauge`; did you mean `Language`\?/, explanation: 'unknown entity type with a suggestion' },
  { name: 'unknown entry type', fixture: 'gaz-unknown-entry-type.yaml', argv: ['tag', ...ONLY, '--gazetteers', 'gaz-unknown-entry-type.yaml', 'ok.txt'], exitCode: 1, stderr: /^sertag tag: 1 problem in gaz-unknown-entry-type\.yaml.*\ngaz-unknown-entry-type\.yaml:4:5 \[UNKNOWN_TYPE\] unknown type `Operating_Sytem`; did you mean `Operating_System`\?/, explanation: 'only the bad entry is reported; the good one is not' },
  { name: 'invalid type name', fixture: 'gaz-bad-type-name.yaml', argv: ['tag', ...ONLY, '--gazetteers', 'gaz-bad-type-name.yaml', 'ok.txt'], exitCode: 1, stderr: /gaz-bad-type-name\.yaml:1:7 \[BAD_TYPE_NAME\] `My Type` is not a valid type name/, explanation: 'type names are identifiers' },
  { name: 'duplicate key', fixture: 'gaz-duplicate-key.yaml', argv: ['tag', ...ONLY, '--gazetteers', 'gaz-duplicate-key.yaml', 'ok.txt'], exitCode: 1, stderr: /gaz-duplicate-key\.yaml:2:1 \[YAML_DUPLICATE_KEY\] Map keys must be unique\n {2}type: Library/, explanation: 'the second `type:` is an error, not a silent override' },
  { name: 'a term with two types', fixture: 'gaz-two-types.yaml', argv: ['tag', ...ONLY, '--gazetteers', 'gaz-two-types.yaml', 'ok.txt'], exitCode: 1, stderr: /gaz-two-types\.yaml:3:5 \[CONFLICTING_TYPES\] `java` is listed as Language on line 2 and as Library here/, explanation: 'case-insensitive terms collide across case' },
  { name: 'an alias with another type', fixture: 'gaz-alias-conflict.yaml', argv: ['tag', ...ONLY, '--gazetteers', 'gaz-alias-conflict.yaml', 'ok.txt'], exitCode: 1, stderr: /gaz-alias-conflict\.yaml:3:5 \[CONFLICTING_TYPES\] `postgres` is listed as Application on line 2 and as Library here/, explanation: 'aliases take part in the conflict check' },
  { name: 'empty term', fixture: 'gaz-empty-term.yaml', argv: ['tag', ...ONLY, '--gazetteers', 'gaz-empty-term.yaml', 'ok.txt'], exitCode: 1, stderr: /gaz-empty-term\.yaml:4:5 \[EMPTY_TERM\] empty term/, explanation: 'an empty string would match nothing or everything' },
  { name: 'mapping without term', fixture: 'gaz-missing-term.yaml', argv: ['tag', ...ONLY, '--gazetteers', 'gaz-missing-term.yaml', 'ok.txt'], exitCode: 1, stderr: /gaz-missing-term\.yaml:3:5 \[MISSING_TERM\] an entry mapping needs `term:`/, explanation: 'wrong shape: no term' },
  { name: 'misspelt entry key', fixture: 'gaz-unknown-entry-key.yaml', argv: ['tag', ...ONLY, '--gazetteers', 'gaz-unknown-entry-key.yaml', 'ok.txt'], exitCode: 1, stderr: /gaz-unknown-entry-key\.yaml:3:21 \[UNKNOWN_KEY\] unknown key `aliasses`; an entry has `term`/, explanation: 'a typo is not silently ignored' },
  { name: 'misspelt file key (lint)', fixture: 'gaz-unknown-file-key.yaml', argv: ['lint', ...ONLY, 'gaz-unknown-file-key.yaml'], exitCode: 1, stdout: /^gaz-unknown-file-key\.yaml:1:1 \[UNKNOWN_KEY\] unknown key `typ`[^\n]*\n {2}typ: Language\n {2}\^\ngaz-unknown-file-key\.yaml:3:5 \[MISSING_TYPE\]/, stderr: lintSummary(2), explanation: 'lint lists every problem, in line order' },
  { name: 'bad case policy (lint)', fixture: 'gaz-bad-case.yaml', argv: ['lint', ...ONLY, 'gaz-bad-case.yaml'], exitCode: 1, stdout: /^gaz-bad-case\.yaml:2:7 \[BAD_VALUE\] `case` must be exact or ignore, not `upper`/, stderr: lintSummary(1), explanation: 'enumerated values name the choices' },
  { name: 'bad variant (lint)', fixture: 'gaz-bad-variant.yaml', argv: ['lint', ...ONLY, 'gaz-bad-variant.yaml'], exitCode: 1, stdout: /^gaz-bad-variant\.yaml:2:12 \[BAD_VALUE\] unknown variant `plurals`; variants are plural, singular/, stderr: lintSummary(1), explanation: 'enumerated values name the choices' },
  { name: 'priority is not a number (lint)', fixture: 'gaz-priority-string.yaml', argv: ['lint', ...ONLY, 'gaz-priority-string.yaml'], exitCode: 1, stdout: /^gaz-priority-string\.yaml:2:11 \[WRONG_SHAPE\] `priority` must be a number/, stderr: lintSummary(1), explanation: 'wrong scalar type' },
  { name: 'no type anywhere (lint)', fixture: 'gaz-missing-type.yaml', argv: ['lint', ...ONLY, 'gaz-missing-type.yaml'], exitCode: 1, stdout: /^gaz-missing-type\.yaml:2:5 \[MISSING_TYPE\] entry `Python` has no type/, stderr: lintSummary(1), explanation: 'the entry is named' },
  { name: 'no entries (lint)', fixture: 'gaz-missing-entries.yaml', argv: ['lint', ...ONLY, 'gaz-missing-entries.yaml'], exitCode: 1, stdout: /^gaz-missing-entries\.yaml:1:1 \[MISSING_ENTRIES\] a gazetteer file needs an `entries:` list/, stderr: lintSummary(1), explanation: 'a file with only defaults' },
  { name: 'empty gazetteer file (lint)', fixture: 'gaz-empty.yaml', argv: ['lint', ...ONLY, 'gaz-empty.yaml'], exitCode: 1, stdout: /^gaz-empty\.yaml:1:1 \[WRONG_SHAPE\] a gazetteer file must be a mapping with an `entries:` list/, stderr: lintSummary(1), explanation: 'zero bytes is not a gazetteer' },
  { name: 'CRLF line ends keep line numbers (lint)', fixture: 'gaz-crlf-unknown-type.yaml', argv: ['lint', ...ONLY, 'gaz-crlf-unknown-type.yaml'], exitCode: 1, stdout: /^gaz-crlf-unknown-type\.yaml:3:5 \[UNKNOWN_TYPE\] unknown type `Aplication`; did you mean `Application`\?[^\n]*\n {4}- \{ term: Redis, type: Aplication \}\n/, stderr: lintSummary(1), explanation: 'the excerpt has no stray \\r and the line is right' },
  { name: 'BOM and CRLF are accepted', fixture: 'gaz-bom-crlf.yaml', argv: ['tag', ...ONLY, '--gazetteers', 'gaz-bom-crlf.yaml', '--format', 'jsonl'], stdin: 'I like Zig.\n', exitCode: 0, stderr: /^$/, stdout: /"text":"Zig","source":\{"kind":"gazetteer","file":"gaz-bom-crlf\.yaml","line":3,"entry":"Zig"\}/, explanation: 'a Windows editor’s file works, with the right source line' },
  { name: 'every problem at once (lint)', fixture: 'gaz-many-problems.yaml', argv: ['lint', ...ONLY, 'gaz-many-problems.yaml'], exitCode: 1, stdout: /:4:5 \[UNKNOWN_TYPE\][\s\S]*:5:5 \[EMPTY_TERM\][\s\S]*:6:5 \[CONFLICTING_TYPES\][\s\S]*:7:17 \[UNKNOWN_KEY\] unknown key `colour`/, stderr: lintSummary(4), explanation: 'four problems, one pass' },
  { name: 'missing gazetteer', fixture: 'none', argv: ['tag', ...ONLY, '--gazetteers', 'nope.yaml', 'ok.txt'], exitCode: 1, stderr: /^sertag tag: 1 problem in nope\.yaml; the tagger cannot start until it is fixed:\nnope\.yaml \[MISSING_FILE\] no such file or folder\n$/, explanation: 'a missing path is a problem, not a crash' },
  { name: 'folder without YAML (lint)', fixture: 'a-folder/', argv: ['lint', ...ONLY, 'a-folder'], exitCode: 0, stdout: /^a-folder \[NO_YAML_FILES\] warning: folder holds no \.yaml or \.yml files; nothing was loaded from it\n$/, stderr: lintSummary(0, 1), explanation: 'a wrong folder loads nothing; say so' },
  { name: 'YAML alias bomb (lint)', fixture: 'gaz-alias-bomb.yaml', argv: ['lint', ...ONLY, 'gaz-alias-bomb.yaml'], exitCode: 1, stdout: /^gaz-alias-bomb\.yaml:7:8 \[YAML_ALIAS_LIMIT\] the alias `\*e` would expand the file beyond 100,000 values \(an alias bomb\?\); the file is refused\n/, stderr: /^sertag lint: 1 file, 0 surface forms, 0 rules: 1 error, 0 warnings\n$/, explanation: 'aliases expand (an alias to a list works), but never to 9^7 terms: the file is refused at the alias that would' },
  { name: 'lists nested 20,000 deep', fixture: 'generated', generate: (d) => writeFileSync(join(d, 'gen.yaml'), `type: Language\nentries: ${'['.repeat(20_000)}${']'.repeat(20_000)}\n`), argv: ['tag', ...ONLY, '--gazetteers', 'gen.yaml', 'ok.txt'], exitCode: 1, stderr: /gen\.yaml:2:\d+ \[YAML_RESOURCE_EXHAUSTION\] Maximum call stack size exceeded/, explanation: 'the parser runs out of stack; that is reported as a problem in the file, not a crash' },
  { name: 'a device as gazetteer', fixture: 'none', argv: ['tag', ...ONLY, '--gazetteers', '/dev/zero', 'ok.txt'], exitCode: 1, stderr: /\/dev\/zero \[NOT_A_FILE\] is a device or socket, not a file; expected a YAML file or a folder of them/, explanation: '/dev/zero would be read forever' },
  { name: 'binary gazetteer', fixture: 'generated', generate: (d) => writeFileSync(join(d, 'gen.yaml'), Buffer.from('type: Language\nentries:\n  - Py\x00thon\n', 'latin1')), argv: ['tag', ...ONLY, '--gazetteers', 'gen.yaml', 'ok.txt'], exitCode: 1, stderr: /gen\.yaml:3:7 \[BINARY_FILE\] looks like a binary file \(NUL byte at byte 30\); expected UTF-8 text/, explanation: 'a NUL byte is not text' },
  { name: 'invalid UTF-8 gazetteer', fixture: 'generated', generate: (d) => writeFileSync(join(d, 'gen.yaml'), Buffer.concat([Buffer.from('type: Language\nentries:\n  - Caf'), Buffer.from([0xe9]), Buffer.from(' Script\n')])), argv: ['tag', ...ONLY, '--gazetteers', 'gen.yaml', 'ok.txt'], exitCode: 1, stderr: /gen\.yaml:3:8 \[INVALID_UTF8\] invalid UTF-8 at byte 31; expected UTF-8 text/, explanation: 'a Latin-1 é would otherwise become U+FFFD inside the term, silently' },
];

const ruleCases: Case[] = [
  { name: 'invalid regex', fixture: 'rules-bad-regex.yaml', argv: ['tag', ...ONLY, '--rules', 'rules-bad-regex.yaml', 'ok.txt'], exitCode: 1, stderr: /rules-bad-regex\.yaml:6:18 \[BAD_REGEX\] rule `broken-class`: invalid regular expression: .*Unterminated character class/, explanation: 'the engine’s reason, under the rule' },
  { name: 'nested quantifier', fixture: 'rules-nested-quantifier.yaml', argv: ['tag', ...ONLY, '--rules', 'rules-nested-quantifier.yaml', 'ok.txt'], exitCode: 1, stderr: /rules-nested-quantifier\.yaml:6:18 \[UNSAFE_REGEX\] rule `nested`: nested quantifiers near position 6 of \/\^\(\\w\+\)\+\$\/ can take exponential time/, explanation: 'catastrophic backtracking rejected' },
  { name: 'repeated alternation', fixture: 'rules-alternation.yaml', argv: ['tag', ...ONLY, '--rules', 'rules-alternation.yaml', 'ok.txt'], exitCode: 1, stderr: /rules-alternation\.yaml:6:18 \[UNSAFE_REGEX\] rule `overlap`: a repeated alternation near position 7 of \/\^\(a\|aa\)\+\$\/ can take exponential time/, explanation: '(a|aa)+ takes seconds on 35 letters; rejected' },
  { name: 'back-reference', fixture: 'rules-backref.yaml', argv: ['tag', ...ONLY, '--rules', 'rules-backref.yaml', 'ok.txt'], exitCode: 1, stderr: /rules-backref\.yaml:6:18 \[UNSAFE_REGEX\] rule `twice`: back-references are not allowed/, explanation: 'back-references rejected' },
  { name: 'unknown action (lint)', fixture: 'rules-unknown-action.yaml', argv: ['lint', ...ONLY, 'rules-unknown-action.yaml'], exitCode: 1, stdout: /^rules-unknown-action\.yaml:3:13 \[BAD_VALUE\] rule `insert-it`: `action` must be one of add, veto, retype, not `insert`/, stderr: lintSummary(1), explanation: 'enumerated values name the choices' },
  { name: 'unknown type in a rule (lint)', fixture: 'rules-unknown-type.yaml', argv: ['lint', ...ONLY, 'rules-unknown-type.yaml'], exitCode: 1, stdout: /^rules-unknown-type\.yaml:4:11 \[UNKNOWN_TYPE\] rule `proto`: unknown type `Protocl`; did you mean `Protocol`\?/, stderr: lintSummary(1), explanation: 'unknown entity type with a suggestion' },
  { name: 'rule without id (lint)', fixture: 'rules-missing-id.yaml', argv: ['lint', ...ONLY, 'rules-missing-id.yaml'], exitCode: 1, stdout: /^rules-missing-id\.yaml:2:5 \[MISSING_ID\] every rule needs an `id`/, stderr: lintSummary(1), explanation: 'ids are what --explain shows' },
  { name: 'duplicate rule id (lint)', fixture: 'rules-duplicate-id.yaml', argv: ['lint', ...ONLY, 'rules-duplicate-id.yaml'], exitCode: 1, stdout: /^rules-duplicate-id\.yaml:6:5 \[DUPLICATE_RULE_ID\] rule id `cobol` is already used at rules-duplicate-id\.yaml:2/, stderr: lintSummary(1), explanation: 'both places are named' },
  { name: '`rules` is a mapping (lint)', fixture: 'rules-not-list.yaml', argv: ['lint', ...ONLY, 'rules-not-list.yaml'], exitCode: 1, stdout: /^rules-not-list\.yaml:2:3 \[WRONG_SHAPE\] `rules` must be a list/, stderr: lintSummary(1), explanation: 'wrong shape' },
  { name: 'misspelt token test (lint)', fixture: 'rules-unknown-test.yaml', argv: ['lint', ...ONLY, 'rules-unknown-test.yaml'], exitCode: 1, stdout: /\[UNKNOWN_KEY\] rule `cobol`: unknown token test `lowercase`; tests are `text`, `lower`/, stderr: lintSummary(2), explanation: 'the typo and its consequence (an empty test) are both listed' },
  { name: 'bad op (lint)', fixture: 'rules-bad-op.yaml', argv: ['lint', ...ONLY, 'rules-bad-op.yaml'], exitCode: 1, stdout: /^rules-bad-op\.yaml:5:35 \[BAD_VALUE\] rule `many`: `op` must be one of "1", "\?", "\+", "\*"/, stderr: lintSummary(1), explanation: 'repeat counts are not supported; the choices are named' },
  { name: 'unknown POS tag (lint)', fixture: 'rules-bad-pos.yaml', argv: ['lint', ...ONLY, 'rules-bad-pos.yaml'], exitCode: 1, stdout: /^rules-bad-pos\.yaml:5:22 \[BAD_VALUE\] rule `nouns`: unknown POS tag `NOUNS`; use one of ADJ/, stderr: lintSummary(1), explanation: 'enumerated values name the choices' },
  { name: 'all-optional pattern (lint)', fixture: 'rules-all-optional.yaml', argv: ['lint', ...ONLY, 'rules-all-optional.yaml'], exitCode: 1, stdout: /^rules-all-optional\.yaml:5:14 \[EMPTY_MATCH\] rule `maybe`: every item of the pattern is optional/, stderr: lintSummary(1), explanation: 'a pattern that matches nothing would loop or tag empty spans' },
  { name: 'duplicate key in a rule (lint)', fixture: 'rules-duplicate-key.yaml', argv: ['lint', ...ONLY, 'rules-duplicate-key.yaml'], exitCode: 1, stdout: /^rules-duplicate-key\.yaml:4:5 \[YAML_DUPLICATE_KEY\] Map keys must be unique\n {2}\s*action: veto/, stderr: lintSummary(1), explanation: 'add or veto? not decided silently' },
  { name: 'missing rules file', fixture: 'none', argv: ['tag', ...ONLY, '--rules', 'nope/rules.yaml', 'ok.txt'], exitCode: 1, stderr: /^sertag tag: 1 problem in nope\/rules\.yaml; .*\nnope\/rules\.yaml \[MISSING_FILE\] no such file or folder\n$/, explanation: 'a missing path is a problem, not a crash' },
];

const evalCases: Case[] = [
  { name: 'ragged CoNLL columns', fixture: 'gold-ragged.conll', argv: ['eval', 'gold.txt', 'gold-ragged.conll'], exitCode: 1, stderr: /^sertag eval: gold-ragged\.conll is not a valid CoNLL file: 1 problem\ngold-ragged\.conll:3:1 \[RAGGED\] expected 2 space-separated columns \(as on line 1\), found 3/, explanation: 'the line and the line it disagrees with' },
  { name: 'ragged WikiSER line', fixture: 'gold-ragged.txt', argv: ['eval', 'gold.txt', 'gold-ragged.txt'], exitCode: 1, stderr: /gold-ragged\.txt:3:1 \[RAGGED\] expected 'token<TAB>tag', found 1 tab-separated field/, explanation: 'a token without its tag' },
  { name: 'unknown tag prefix', fixture: 'gold-bad-prefix.txt', argv: ['eval', 'gold.txt', 'gold-bad-prefix.txt'], exitCode: 1, stderr: /gold-bad-prefix\.txt:4:3 \[BAD_TAG\] unknown tag prefix 'X' in 'X-Language'; expected O, B-Type or I-Type/, explanation: 'the column of the tag' },
  { name: 'CRLF and BOM are accepted', fixture: 'gold-crlf-bom.txt', argv: ['eval', 'gold-crlf-bom.txt', 'gold.txt', '--json'], exitCode: 0, stderr: /^$/, stdout: /"micro": \{\s*"precision": 1,\s*"recall": 1,\s*"f1": 1\s*\}/, explanation: 'the same sentences with Windows line ends score 1.0 against LF ones' },
  { name: 'missing </s>', fixture: 'gold-missing-end.txt', argv: ['eval', 'gold.txt', 'gold-missing-end.txt'], exitCode: 1, stderr: /gold-missing-end\.txt:1:1 \[MISSING_END\] the sentence opened here is never closed; expected '<\/s>'/, explanation: 'points at the <s> that was never closed' },
  { name: 'broken JSONL line', fixture: 'gold-bad.jsonl', argv: ['eval', 'gold-bad.jsonl', 'gold-bad.jsonl'], exitCode: 1, stderr: /gold-bad\.jsonl:2:1 \[BAD_JSONL\] expected one JSON object per line/, explanation: 'the second line is not JSON' },
  { name: 'token mismatch', fixture: 'gold-token-mismatch.txt', argv: ['eval', 'gold.txt', 'gold-token-mismatch.txt'], exitCode: 1, stderr: /tokens differ in sentence 1, token 2: gold 'use' at gold\.txt:3, prediction 'used' at gold-token-mismatch\.txt:3/, explanation: 'both files, both lines, both tokens' },
  { name: 'empty gold file', fixture: 'gold-empty.txt', argv: ['eval', 'gold-empty.txt', 'gold.txt'], exitCode: 1, stderr: /^sertag eval: gold-empty\.txt: empty file, expected WikiSER, CoNLL or JSONL sentences\n$/, explanation: 'zero bytes' },
  { name: 'a folder given as the gold file', fixture: 'a-folder/', argv: ['eval', 'a-folder', 'gold.txt'], exitCode: 2, stderr: /GOLD a-folder is a folder but PRED gold\.txt is a file; give two folders or two files/, explanation: 'a directory given as a file' },
  { name: 'missing prediction file', fixture: 'none', argv: ['eval', 'gold.txt', 'missing.txt'], exitCode: 1, stderr: /^sertag eval: missing\.txt: no such file or folder/, explanation: 'a missing file' },
  { name: 'invalid UTF-8 gold', fixture: 'generated', generate: (d) => writeFileSync(join(d, 'gen.txt'), Buffer.concat([Buffer.from('<s>\nI\tO\nuse\tO\nC'), Buffer.from([0xc3]), Buffer.from('\tB-Language\n.\tO\n</s>\n')])), argv: ['eval', 'gen.txt', 'gold.txt'], exitCode: 1, stderr: /^sertag eval: gen\.txt:4:2: invalid UTF-8 at byte 15; expected UTF-8 text\n$/, explanation: 'a truncated UTF-8 sequence, not a silent U+FFFD token' },
  { name: 'binary prediction', fixture: 'generated', generate: (d) => writeFileSync(join(d, 'gen.bin'), Buffer.from([0x1f, 0x8b, 0x08, 0x00, 0x00, 0x0a, 0xff])), argv: ['eval', 'gold.txt', 'gen.bin'], exitCode: 1, stderr: /^sertag eval: gen\.bin:1:4: looks like a binary file \(NUL byte at byte 3\); expected UTF-8 text\n$/, explanation: 'gzip bytes are not a CoNLL file' },
  { name: 'UTF-16 gold', fixture: 'generated', generate: (d) => writeFileSync(join(d, 'gen.txt'), Buffer.concat([Buffer.from([0xff, 0xfe]), Buffer.from('<s>\n', 'utf16le')])), argv: ['eval', 'gen.txt', 'gold.txt'], exitCode: 1, stderr: /gen\.txt:1:1: looks like UTF-16 text; sertag reads UTF-8/, explanation: 'says how to convert it' },
  { name: 'a device as gold file', fixture: 'none', argv: ['eval', '/dev/zero', 'gold.txt'], exitCode: 1, stderr: /^sertag eval: cannot read \/dev\/zero: is a device or socket, not a file\n$/, explanation: '/dev/zero would be read forever' },
  { name: '--html over an input', fixture: 'gold.txt', argv: ['eval', 'gold.txt', 'gold.txt', '--html', './gold.txt'], exitCode: 2, stderr: /--html \.\/gold\.txt would overwrite the input file .*gold\.txt; choose another name/, after: (d) => expect(readFileSync(join(d, 'gold.txt'), 'utf8')).toBe(readFileSync(join(BAD, 'gold.txt'), 'utf8')), explanation: 'nothing is written over an input' },
];

const TEN_MB = 10 * 1024 * 1024;

const tagCases: Case[] = [
  { name: 'missing input', fixture: 'none', argv: ['tag', ...ONLY, 'missing.txt'], exitCode: 1, stderr: /^sertag tag: missing\.txt: no such file\n$/, explanation: 'a missing file' },
  { name: 'directory as input', fixture: 'a-folder/', argv: ['tag', ...ONLY, 'a-folder'], exitCode: 1, stderr: /^sertag tag: a-folder: is a directory; expected a text file \(give the files inside it instead\)\n$/, explanation: 'a directory given as a file' },
  { name: 'invalid UTF-8 text', fixture: 'generated', generate: (d) => writeFileSync(join(d, 'gen.txt'), Buffer.concat([Buffer.from('fine line\nPyth'), Buffer.from([0xff]), Buffer.from('on\n')])), argv: ['tag', ...ONLY, 'gen.txt'], exitCode: 1, stderr: /^sertag tag: gen\.txt: invalid UTF-8 at byte 14 \(line 2\); expected UTF-8 text\n$/, explanation: 'byte offset and line' },
  { name: 'invalid UTF-8 on stdin', fixture: 'generated', stdin: Buffer.from([0x50, 0x79, 0xc0, 0x80]), argv: ['tag', ...ONLY], exitCode: 1, stderr: /^sertag tag: <stdin>: invalid UTF-8 at byte 2 \(line 1\); expected UTF-8 text\n$/, explanation: 'an overlong encoding; standard input is named as such' },
  { name: 'a device as input', fixture: 'none', argv: ['tag', ...ONLY, '/dev/zero'], exitCode: 1, stderr: /^sertag tag: \/dev\/zero: looks like a binary file \(NUL byte at byte 0, line 1\); expected UTF-8 text\n$/, explanation: 'streamed input stops at the first chunk' },
  { name: 'binary input', fixture: 'generated', generate: (d) => writeFileSync(join(d, 'gen.gz'), Buffer.from([0x1f, 0x8b, 0x08, 0x00, 0x0a, 0x00])), argv: ['tag', ...ONLY, 'gen.gz'], exitCode: 1, stderr: /^sertag tag: gen\.gz: looks like a binary file \(NUL byte at byte 3, line 1\); expected UTF-8 text\n$/, explanation: 'refused before any tagging' },
  { name: 'UTF-16 input', fixture: 'generated', generate: (d) => writeFileSync(join(d, 'gen.txt'), Buffer.concat([Buffer.from([0xff, 0xfe]), Buffer.from('Python\n', 'utf16le')])), argv: ['tag', ...ONLY, 'gen.txt'], exitCode: 1, stderr: /^sertag tag: gen\.txt: looks like UTF-16 text; sertag reads UTF-8 \(convert it, e\.g\. `iconv -f UTF-16 -t UTF-8`\)\n$/, explanation: 'says how to convert it' },
  { name: 'empty input', fixture: 'text-empty.txt', argv: ['tag', ...ONLY, 'text-empty.txt'], exitCode: 0, stderr: /^$/, stdout: /^$/, explanation: 'nothing in, nothing out, no complaint' },
  { name: 'BOM and CRLF text', fixture: 'text-bom-crlf.txt', argv: ['tag', '--format', 'jsonl', 'text-bom-crlf.txt'], exitCode: 0, stderr: /^$/, stdout: /^\{"id":"text-bom-crlf\.txt#1","offset":0,"text":"I write Python on Linux\.\\r\\nThen C\.",/, after: (_d, r) => expect(r.stdout).not.toContain('\ufeff'), explanation: 'the BOM is dropped; offsets are into the text as read' },
  { name: 'broken JSONL document', fixture: 'docs-bad.jsonl', argv: ['tag', ...ONLY, 'docs-bad.jsonl'], exitCode: 1, stderr: /^sertag tag: docs-bad\.jsonl:2: expected one JSON object \{"id", "text"\} per line: Unterminated string/, explanation: 'file and line' },
  { name: 'JSONL without "text"', fixture: 'docs-no-text.jsonl', argv: ['tag', ...ONLY, 'docs-no-text.jsonl'], exitCode: 1, stderr: /^sertag tag: docs-no-text\.jsonl:2: expected a JSON object with a "text" string/, explanation: 'wrong shape' },
  { name: 'WikiSER input with a missing </s>', fixture: 'sentences-missing-end.txt', argv: ['tag', ...ONLY, '--input', 'wikiser', 'sentences-missing-end.txt'], exitCode: 1, stderr: /sentences-missing-end\.txt:6: the sentence opened here is never closed; expected '<\/s>'/, explanation: 'points at the unclosed <s>' },
  { name: 'WikiSER input with a stray </s>', fixture: 'sentences-stray-end.txt', argv: ['tag', ...ONLY, '--input', 'wikiser', 'sentences-stray-end.txt'], exitCode: 1, stderr: /sentences-stray-end\.txt:4: '<\/s>' without an opening '<s>'/, explanation: 'file and line' },
  { name: 'WikiSER input with a token outside a sentence', fixture: 'sentences-outside.txt', argv: ['tag', ...ONLY, '--input', 'wikiser', 'sentences-outside.txt'], exitCode: 1, stderr: /sentences-outside\.txt:1: token line outside a sentence; expected '<s>' before it/, explanation: 'file and line' },
  { name: '-o names the input', fixture: 'ok.txt', argv: ['tag', ...ONLY, 'ok.txt', '-o', 'ok.txt'], exitCode: 2, stderr: /^sertag tag: refusing to write the output over the input file ok\.txt; choose another -o path\n$/, after: (d) => expect(readFileSync(join(d, 'ok.txt'), 'utf8')).toBe(readFileSync(join(BAD, 'ok.txt'), 'utf8')), explanation: 'the input is untouched' },
  { name: '-o names the input by another path', fixture: 'ok.txt', argv: ['tag', ...ONLY, 'ok.txt', '-o', 'a-folder/../ok.txt'], exitCode: 2, stderr: /refusing to write the output over the input file a-folder\/\.\.\/ok\.txt/, explanation: 'however it is spelled' },
  { name: '-o in a missing folder', fixture: 'ok.txt', argv: ['tag', ...ONLY, 'ok.txt', '-o', 'no/such/out.txt'], exitCode: 1, stderr: /^sertag tag: cannot write no\/such\/out\.txt: the folder .*no\/such does not exist\n$/, explanation: 'said before any work' },
  { name: '-o is a folder', fixture: 'a-folder/', argv: ['tag', ...ONLY, 'ok.txt', '-o', 'a-folder'], exitCode: 1, stderr: /^sertag tag: cannot write a-folder: it is a directory\n$/, explanation: 'a folder is not replaced' },
  {
    name: 'bad input half-way keeps the old output',
    fixture: 'generated',
    generate: (d) => {
      writeFileSync(join(d, 'out.txt'), 'previous result\n');
      writeFileSync(join(d, 'gen.txt'), Buffer.concat([Buffer.from('Python is fine.\n\n'.repeat(5000)), Buffer.from([0xff])]));
    },
    argv: ['tag', ...ONLY, 'gen.txt', '-o', 'out.txt'],
    exitCode: 1,
    stderr: /^sertag tag: gen\.txt: invalid UTF-8 at byte 85000 \(line 10001\)/,
    after: (d) => {
      expect(readFileSync(join(d, 'out.txt'), 'utf8')).toBe('previous result\n');
      onlyFiles(d, ['gen.txt', 'out.txt']);
    },
    explanation: 'the output is written to a temporary file and renamed only on success',
  },
  { name: 'stdin twice', fixture: 'none', argv: ['tag', ...ONLY, '-', '-'], exitCode: 2, stderr: /^sertag tag: standard input \(`-`\) can be read only once\. See `sertag tag --help`\.\n$/, explanation: 'usage error' },
  { name: 'unknown output format', fixture: 'ok.txt', argv: ['tag', ...ONLY, '--format', 'xml', 'ok.txt'], exitCode: 2, stderr: /--format must be one of bio, wikiser, conll, jsonl, inline, html, prodigy, doccano, spacy, not 'xml'/, explanation: 'usage error naming the choices' },
  { name: 'unknown type to emit', fixture: 'ok.txt', argv: ['tag', ...ONLY, '--types', 'Langauge', 'ok.txt'], exitCode: 2, stderr: /^sertag tag: unknown type `Langauge` in the types to emit; known types: Algorithm/, explanation: 'usage error' },
  {
    name: 'a 10 MB line',
    fixture: 'generated',
    generate: (d) => {
      const unit = 'Stackless Python runs on Linux and uses C++ ';
      writeFileSync(join(d, 'gen.txt'), unit.repeat(Math.ceil(TEN_MB / unit.length)).trimEnd() + '\n');
    },
    argv: ['tag', '--format', 'jsonl', 'gen.txt', '-o', 'out.jsonl'],
    exitCode: 0,
    stderr: /^$/,
    after: (d) => {
      // Cut into bounded documents at spaces; joined back they are the line: nothing lost.
      const docs = readFileSync(join(d, 'out.jsonl'), 'utf8').trimEnd().split('\n').map((l) => JSON.parse(l) as { text: string; entities: unknown[] });
      expect(docs.length).toBeGreaterThanOrEqual(10);
      expect(docs.map((doc) => doc.text).join(' ') + '\n').toBe(readFileSync(join(d, 'gen.txt'), 'utf8'));
      expect(docs.every((doc) => doc.entities.length > 0)).toBe(true);
      onlyFiles(d, ['gen.txt', 'out.jsonl']);
    },
    explanation: 'a generated single 10 MB line is tagged in bounded pieces, losing nothing',
  },
  {
    name: 'a line without spaces, an emoji across the 1 MiB cut',
    fixture: 'generated',
    generate: (d) => writeFileSync(join(d, 'gen.txt'), 'a'.repeat(2 ** 20 - 1) + '😀' + 'b'.repeat(10) + '\n'),
    argv: ['tag', ...ONLY, '--format', 'jsonl', 'gen.txt', '-o', 'out.jsonl'],
    exitCode: 0,
    stderr: /^$/,
    after: (d) => {
      const out = readFileSync(join(d, 'out.jsonl'), 'utf8');
      expect(out).not.toContain('\ufffd');
      const texts = out.trimEnd().split('\n').map((l) => (JSON.parse(l) as { text: string }).text);
      expect(texts.join('')).toBe('a'.repeat(2 ** 20 - 1) + '😀' + 'b'.repeat(10));
    },
    explanation: 'an over-long paragraph is cut between characters, never inside a surrogate pair',
  },
];

const allCases = [...gazetteerCases, ...ruleCases, ...evalCases, ...tagCases];

describe.each([
  ['gazetteers', gazetteerCases],
  ['rules', ruleCases],
  ['eval inputs', evalCases],
  ['tag inputs and outputs', tagCases],
])('bad %s', (_group, cases) => {
  it.each(cases)('$name → exit $exitCode ($explanation)', async (c) => {
    if (c.fixture !== 'generated' && c.fixture !== 'none') expect(existsSync(join(BAD, c.fixture))).toBe(true);
    const dir = workspace();
    c.generate?.(dir);
    const result = await run(c.argv, dir, c.stdin);
    expect(result.stderr).toMatch(c.stderr);
    if (c.stdout) expect(result.stdout).toMatch(c.stdout);
    expect(result.code).toBe(c.exitCode);
    expectNoStackTrace(result.stderr);
    expectNoStackTrace(result.stdout);
    c.after?.(dir, result);
    // The 10 MB line writes ~2M tokens with their offsets in JSONL: a minute on a busy 2-core machine.
  }, 180_000);
});

interface LibraryCase {
  name: string;
  options: TaggerOptions;
  report: RegExp;
  explanation: string;
}

const libraryCases: LibraryCase[] = [
  { name: 'gazetteer file with a YAML error', options: { defaultGazetteers: false, defaultRules: false, gazetteers: [join(BAD, 'gaz-duplicate-key.yaml')] }, report: /gaz-duplicate-key\.yaml:2:1 \[YAML_DUPLICATE_KEY\] Map keys must be unique/, explanation: 'the same report as the CLI' },
  { name: 'rules file with an unsafe regex', options: { defaultGazetteers: false, defaultRules: false, rules: [join(BAD, 'rules-alternation.yaml')] }, report: /rules-alternation\.yaml:6:18 \[UNSAFE_REGEX\]/, explanation: 'rejected at load time' },
  { name: 'object gazetteer without entries', options: { defaultGazetteers: false, defaultRules: false, gazetteers: [{ name: 'mine', type: 'Language' } as never] }, report: /^1 problem in mine; .*\nmine \[MISSING_ENTRIES\] a gazetteer file needs an `entries:` list/, explanation: 'a JS caller gets a SertagError, not a TypeError' },
  { name: 'object gazetteer with a null entry', options: { defaultGazetteers: false, defaultRules: false, gazetteers: [{ name: 'mine', type: 'Language', entries: ['Python', null as never] }] }, report: /mine:2:1 \[EMPTY_TERM\] entry 2: empty term/, explanation: 'the entry index stands in for the line' },
  { name: 'object gazetteer with an unknown type', options: { defaultGazetteers: false, defaultRules: false, gazetteers: [{ name: 'mine', entries: [{ term: 'Rust', type: 'Langauge' }] }] }, report: /mine:1:1 \[UNKNOWN_TYPE\] entry 1: unknown type `Langauge`; did you mean `Language`\?/, explanation: 'same checks as files' },
  { name: 'null gazetteer source', options: { defaultGazetteers: false, defaultRules: false, gazetteers: [null as never] }, report: /gazetteers\[0\] \[WRONG_SHAPE\] expected a path or an object with `name` and `entries`, got null/, explanation: 'the position in the array is named' },
  { name: 'rules object with a string for rules', options: { defaultGazetteers: false, defaultRules: false, rules: [{ name: 'my-rules', rules: 'none' as never }] }, report: /my-rules \[WRONG_SHAPE\] `rules` must be a list/, explanation: 'same checks as files' },
];

describe('createTagger with bad sources', () => {
  it.each(libraryCases)('$name: throws a SertagError ($explanation)', ({ options, report }) => {
    let thrown: unknown;
    try {
      createTagger(options);
    } catch (error) {
      thrown = error;
    }
    expect(thrown).toBeInstanceOf(SertagError);
    expect((thrown as SertagError).report()).toMatch(report);
  });

  it('accepts a single path string for `gazetteers`, and sees the file change (cache key included)', () => {
    const dir = workspace();
    const file = join(dir, 'mine.yaml');
    const load = () => createTagger({ defaultGazetteers: false, defaultRules: false, gazetteers: file as never });
    writeFileSync(file, 'type: Language\nentries: [Zig]\n');
    expect(load().tag('Zig and Odin.').entities.map((e) => e.text)).toEqual(['Zig']);
    writeFileSync(file, 'type: Language\nentries: [Odin]\n');
    expect(load().tag('Zig and Odin.').entities.map((e) => e.text)).toEqual(['Odin']);
  });

  it('a regex rule does not blow up on a megabyte-long token', () => {
    // Quadratic (two repeats over the same characters, anchored): the most that rules accept (27.8).
    const tagger = createTagger({ defaultGazetteers: false, defaultRules: false, rules: [{ name: 'poly', rules: [{ id: 'poly', action: 'add', type: 'Library', pattern: [{ regex: '^\\w*\\w*x$' }] }] }] });
    const started = performance.now();
    expect(tagger.tag('a'.repeat(1_000_000) + ' lib_x').entities.map((e) => e.text)).toEqual(['lib_x']);
    expect(performance.now() - started).toBeLessThan(5000);
  });
});

describe('the table', () => {
  it('has at least 45 bad-input cases', () => {
    expect(allCases.length + libraryCases.length).toBeGreaterThanOrEqual(45);
  });
});

/** Payloads that would execute if any input text reached the page unescaped. */
const PAYLOADS = ['<script>alert(1)</script>', '"><img src=x onerror=alert(2)>', "' onmouseover='alert(3)", 'javascript:alert(4)', '<a href="javascript:alert(5)">x</a>', '</title><svg onload=alert(6)>'];

/** Every tag in the page: only the page's own elements, with no event handlers and no script URLs. */
function expectNothingExecutable(html: string): void {
  const allowed = new Set(['!doctype', 'html', 'head', 'meta', 'title', 'style', 'body', 'header', 'h1', 'h2', 'h3', 'div', 'span', 'main', 'article', 'mark', 'sub', 'section', 'table', 'thead', 'tbody', 'tr', 'th', 'td', 'p', 'ul', 'ol', 'li', 'code', 'pre', 'details', 'summary', 'small', 'strong', 'em', 'footer', 'caption', 'b', 'i', 'abbr', 'br', 'nav', 'figure', 'figcaption', 'dl', 'dt', 'dd', 'kbd', 'svg', 'g', 'rect', 'text', 'line', 'path', 'desc', 'tspan', 'polyline', 'circle']);
  for (const match of html.matchAll(/<\/?([!a-zA-Z][^\s>/]*)([^>]*)>/g)) {
    const name = match[1]!.toLowerCase();
    expect(allowed, `unexpected element <${name}> in ${match[0]}`).toContain(name);
    // Payload text may sit, escaped, inside a quoted value; it must never be markup of its own.
    expect(match[0].replace(/"[^"]*"|'[^']*'/g, '""')).not.toContain('alert(');
    for (const attribute of match[2]!.matchAll(/\s([^\s=>]+)(?:\s*=\s*("[^"]*"|'[^']*'|[^\s>]+))?/g)) {
      const attributeName = attribute[1]!.toLowerCase();
      expect(attributeName).not.toMatch(/^on/);
      if (['href', 'src', 'action', 'formaction', 'xlink:href'].includes(attributeName)) expect(attribute[2] ?? '').not.toMatch(/^["']?\s*javascript:/i);
    }
  }
  expect(html).not.toMatch(/<script/i);
  expect(html).not.toMatch(/javascript:(?!alert)/i);
}

describe('HTML outputs escape everything from inputs and gazetteers', () => {
  it('sertag tag --format html --explain', async () => {
    const dir = workspace();
    // The gazetteer's file name, its terms and the text all carry payloads.
    const gazetteer = '<img src=x onerror=alert(7)>.yaml';
    writeFileSync(join(dir, gazetteer), ['type: Language', 'entries:', ...PAYLOADS.map((p) => `  - ${JSON.stringify(p)}`), '  - Python', ''].join('\n'));
    writeFileSync(join(dir, 'page.txt'), PAYLOADS.map((p) => `Python ${p} here.`).join('\n\n') + '\n');
    const result = await run(['tag', '--no-default-gazetteers', '--gazetteers', gazetteer, '--format', 'html', '--explain', 'page.txt'], dir);
    expect(result.stderr).toBe('');
    expect(result.code).toBe(0);
    expect(result.stdout).toContain('&lt;script&gt;');
    expect(result.stdout).toContain('onerror=alert(7)&gt;.yaml');
    expectNothingExecutable(result.stdout);
  });

  it('sertag eval --html', async () => {
    const dir = workspace();
    const tokens = PAYLOADS.map((p) => p.replace(/\s+/g, '_'));
    const gold = ['<s>', ...tokens.map((t) => `${t}\tB-Language`), '</s>', ''].join('\n');
    const pred = ['<s>', ...tokens.map((t, i) => `${t}\t${i % 2 ? 'B-Library' : 'O'}`), '</s>', ''].join('\n');
    writeFileSync(join(dir, '<script>gold.txt'), gold);
    writeFileSync(join(dir, 'pred".txt'), pred);
    const result = await run(['eval', '<script>gold.txt', 'pred".txt', '--html', 'report.html'], dir);
    expect(result.stderr).toBe('');
    expect(result.code).toBe(0);
    const html = readFileSync(join(dir, 'report.html'), 'utf8');
    expect(html).toContain('&lt;script&gt;');
    expectNothingExecutable(html);
  });
});
