// The quality report for a profile that learns from several gold corpora (the `stackoverflow`
// profile: Stack Overflow posts and GitHub issues): on every corpus its own cross-validation (the
// corpus's fold plan; in each fold the learned gazetteer and blocks are learned from the corpus's
// other folds plus every other corpus, with the profile's learned options, the rest of the profile
// loaded unchanged, each held-out document tagged as one document), the learner thresholds chosen
// by that CV, the ablation (cumulative, every list and rule group left out in turn, candidates
// added in turn), per type, and the error anatomy (most frequent misses and false alarms, gold
// entities never seen in the training folds).
import { loadSources } from '../../dist/load.js';
import { crossValidateCorpus } from './cv.mjs';
import { repoRelative } from './profiles.mjs';

const f = (x) => x.toFixed(3);
const signed = (x) => (x >= 0 ? '+' : '') + x.toFixed(4);
const groupsOf = (paths) => [...new Set(loadSources({ defaultGazetteers: false, defaultRules: false, rules: paths }).rules.map((r) => r.group))].sort();
const perType = (result) =>
  Object.fromEntries(Object.entries(result.types).map(([t, s]) => [t, { precision: s.precision, recall: s.recall, f1: s.f1, support: s.support, predicted: s.predicted }]));

/** The learner thresholds compared on the profile's own gold (minKeyphraseness × context-veto evidence). */
export const PROFILE_GRID = [0.3, 0.35, 0.4, 0.5].flatMap((minKeyphraseness) => [0, 2].map((minContextEvidence) => ({ minKeyphraseness, minContextEvidence })));

/**
 * Cross-validates one configuration of a profile on every corpus: `corpora` is a list of corpora
 * (see cv.mjs); each is scored with the others as extra training data. Returns per corpus the
 * micro P/R/F1 (and with `detail` per type, per fold, anatomy), plus the mean F1 over corpora.
 */
export function crossValidateProfile(sources, corpora, config = {}, { detail = false } = {}) {
  const base = { profile: sources.file, learnOptions: sources.learned?.options ?? {}, curated: sources.curated, rules: sources.rules, ...(sources.learned?.blocks ? {} : { blocks: false }) };
  const row = {};
  for (const corpus of corpora) {
    const cv = crossValidateCorpus(corpus, corpora.filter((c) => c !== corpus), { ...base, ...config, anatomy: detail });
    row[corpus.short] = { precision: cv.result.micro.precision, recall: cv.result.micro.recall, f1: cv.result.micro.f1 };
    if (detail) Object.assign(row[corpus.short], { macro: cv.result.macro, perFold: cv.perFold, types: perType(cv.result), anatomy: cv.anatomy, unseen: cv.unseen });
  }
  row.mean = corpora.reduce((sum, c) => sum + row[c.short].f1, 0) / corpora.length;
  return row;
}

/**
 * The whole report. `candidates`: [{ part, curated?, rules?, disableRuleGroups? }] added to the
 * shipped profile one at a time. `grid`: learner settings to compare (default PROFILE_GRID).
 */
export function profileQuality(sources, corpora, { candidates = [], grid = PROFILE_GRID, log = () => {} } = {}) {
  const started = Date.now();
  const run = (name, config) => {
    const row = crossValidateProfile(sources, corpora, config);
    log(`${name.padEnd(60)} ${corpora.map((c) => `${c.short} ${f(row[c.short].f1)}`).join('  ')}  mean ${f(row.mean)}`);
    return { name, ...row };
  };
  const full = { curated: sources.curated, rules: sources.rules };
  const learn = sources.learned !== undefined;

  // Thresholds: the full profile with each learner setting; the manifest records the best mean.
  const thresholds = learn ? grid.map((options) => ({ options, ...run(`learner ${JSON.stringify(options)}`, { ...full, learnOptions: options }) })) : [];

  const ablation = [];
  if (learn) ablation.push(run('learned only', { curated: [], rules: [], blocks: false }));
  if (sources.learned?.blocks) ablation.push(run('+ learned blocks', { curated: [], rules: [] }));
  for (let i = 0; i < sources.curated.length; i++) ablation.push(run(`+ ${repoRelative(sources.curated[i])}`, { curated: sources.curated.slice(0, i + 1), rules: [] }));
  const shipped = run('+ rules: the shipped profile', full);
  ablation.push(shipped);

  const leaveOneOut = [];
  if (sources.learned?.blocks) leaveOneOut.push({ part: 'learned blocks', ...run('profile − learned blocks', { ...full, blocks: false }) });
  for (const file of sources.curated) leaveOneOut.push({ part: repoRelative(file), ...run(`profile − ${repoRelative(file)}`, { ...full, curated: sources.curated.filter((c) => c !== file) }) });
  for (const group of groupsOf(sources.rules)) leaveOneOut.push({ part: `rule group ${group}`, ...run(`profile − rule group ${group}`, { ...full, disableRuleGroups: [group] }) });

  const tried = candidates.map((c) => ({
    part: c.part,
    ...run(`profile + ${c.part}`, { ...full, curated: [...sources.curated, ...(c.curated ?? [])], rules: [...sources.rules, ...(c.rules ?? [])], disableRuleGroups: c.disableRuleGroups ?? [] }),
  }));

  const detailed = crossValidateProfile(sources, corpora, full, { detail: true });
  const scores = (row) => Object.fromEntries(corpora.map((c) => [c.short, row[c.short].f1]));
  const contribution = (rows, sign) =>
    rows.map((r) => ({ part: r.part, f1: scores(r), contribution: Object.fromEntries(corpora.map((c) => [c.short, sign * (shipped[c.short].f1 - r[c.short].f1)])) }));
  return {
    profile: sources.name,
    manifest: repoRelative(sources.file),
    description: sources.description,
    learnOptions: sources.learned?.options ?? {},
    corpora: corpora.map((c) => ({ short: c.short, name: c.name, sentences: c.sentences.length, documents: c.documents.length, folds: c.folds })),
    cv: Object.fromEntries(corpora.map((c) => [c.short, detailed[c.short]])),
    thresholds: thresholds.map((r) => ({ options: r.options, ...scores(r), mean: r.mean })),
    thresholdsBest: thresholds.length > 0 ? thresholds.reduce((a, b) => (b.mean > a.mean ? b : a)).options : undefined,
    ablation: ablation.map((r) => ({ name: r.name, ...Object.fromEntries(corpora.map((c) => [c.short, r[c.short]])) })),
    leaveOneOut: contribution(leaveOneOut, 1),
    candidates: contribution(tried, -1),
    seconds: (Date.now() - started) / 1000,
  };
}

const table = (head, rows) => [`| ${head.join(' | ')} |`, `| ${head.map((h, i) => (i === 0 ? '---' : '---:')).join(' | ')} |`, ...rows.map((r) => `| ${r.join(' | ')} |`)];
const code = (e) => `\`${e.replace(/`/g, "'").replace(/\|/g, '/')}\``;

/** Markdown section for one profile's report (headings at level `level`). */
export function profileMarkdown(report, level = 2) {
  const h = (n) => '#'.repeat(level + n);
  const shorts = report.corpora.map((c) => c.short);
  const label = Object.fromEntries(report.corpora.map((c) => [c.short, c.short === 'so' ? 'Stack Overflow' : c.short === 'github' ? 'GitHub' : c.name]));
  const md = [
    `${h(0)} Profile \`${report.profile}\` (${report.manifest}), cross-validated on all of its gold`,
    '',
    ...report.corpora.map((c) => {
      const cv = report.cv[c.short];
      return `- **${label[c.short]}: CV micro-F1 ${f(cv.f1)}** (P ${f(cv.precision)}, R ${f(cv.recall)}; per fold ${cv.perFold.map(f).join(', ')}) — ${c.name}, ${c.sentences} sentences, ${c.documents} documents; ${c.folds}.`;
    }),
    '',
    `In every fold the learned gazetteer and blocks are learned, with the manifest's options \`${JSON.stringify(report.learnOptions)}\`, from the other folds of the scored corpus plus all of the other corpus (never from the held-out fold); the profile's other lists and rules are loaded unchanged, with the profile's conventions (\`--profile ${report.profile}\`), and each held-out document is tagged as one document, as \`sertag tag --profile ${report.profile} --input conll\` tags a CoNLL file with a \`-DOCSTART-\` line before each document.`,
    '',
    `${h(1)} Per type (pooled over folds)`,
    '',
    ...table(
      ['type', ...shorts.flatMap((s) => [`${label[s]} P`, 'R', 'F1', 'support'])],
      [...new Set(shorts.flatMap((s) => Object.keys(report.cv[s].types)))].sort().map((t) => [
        t,
        ...shorts.flatMap((s) => {
          const x = report.cv[s].types[t];
          return x ? [f(x.precision), f(x.recall), f(x.f1), String(x.support)] : ['—', '—', '—', '0'];
        }),
      ]),
    ),
    '',
    `${h(1)} Learner thresholds (the full profile with each setting; the manifest takes the best mean)`,
    '',
    ...table(['options', ...shorts.map((s) => `${label[s]} F1`), 'mean'], report.thresholds.map((r) => [code(JSON.stringify(r.options)), ...shorts.map((s) => f(r[s])), f(r.mean)])),
    '',
    `${h(1)} Ablation (cumulative)`,
    '',
    ...table(['configuration', ...shorts.flatMap((s) => [`${label[s]} F1`, 'P / R'])], report.ablation.map((r) => [r.name, ...shorts.flatMap((s) => [f(r[s].f1), `${f(r[s].precision)} / ${f(r[s].recall)}`])])),
    '',
    'Leave one out (contribution = shipped F1 − F1 without it; every part must earn its place on the two corpora together):',
    '',
    ...table(['part', ...shorts.map((s) => `contribution ${label[s]}`)], report.leaveOneOut.map((r) => [r.part, ...shorts.map((s) => signed(r.contribution[s]))])),
    '',
  ];
  if (report.candidates.length > 0) {
    md.push('Tried and not shipped (contribution = F1 with it − shipped F1):', '', ...table(['candidate', ...shorts.map((s) => `contribution ${label[s]}`)], report.candidates.map((r) => [r.part, ...shorts.map((s) => signed(r.contribution[s]))])), '');
  }
  for (const s of shorts) {
    const cv = report.cv[s];
    md.push(
      `${h(1)} Error anatomy: ${label[s]}`,
      '',
      `${cv.unseen.unseen} of the ${cv.unseen.total} gold entities (${(100 * cv.unseen.share).toFixed(1)} %) were never a gold string in their fold's training data (lower-cased).`,
      '',
      ...table(['bucket', 'count', 'most frequent examples'], cv.anatomy.map((b) => [b.bucket, String(b.count), b.examples.map(code).join(', ')])),
      '',
    );
  }
  return md;
}
