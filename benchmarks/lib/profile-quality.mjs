// The quality report for one profile on its own gold: thresholds by CV, k-fold CV (interleaved
// and contiguous folds), per type, the ablation (cumulative, and every list and rule group left
// out in turn), candidates that were tried and not shipped, and the error anatomy. In every fold
// the profile's learned gazetteer (and blocks) are learned from the training folds with the
// profile's learned options; the rest of the profile is loaded unchanged.
import { loadSources } from '../../dist/load.js';
import { tuneLearner, DEFAULT_TUNE_GRID } from '../../dist/learn/index.js';
import { crossValidate, crossValidateWithAnatomy, locality } from './cv.mjs';
import { repoRelative } from './profiles.mjs';

const f = (x) => x.toFixed(3);
const signed = (x) => (x >= 0 ? '+' : '') + x.toFixed(4);
const groupsOf = (paths) => [...new Set(loadSources({ defaultGazetteers: false, defaultRules: false, rules: paths }).rules.map((r) => r.group))].sort();

/**
 * `sources` from `profileSources`; `gold` sentences; `candidates`: [{ part, curated?, rules?,
 * disableRuleGroups? }] added to the shipped profile one at a time. `primary` names the folds
 * whose figure the profile is judged by ('interleaved' or 'contiguous').
 */
export function profileQuality(sources, gold, { candidates = [], primary = 'interleaved', log = () => {} } = {}) {
  const started = Date.now();
  const learnOptions = sources.learned?.options ?? {};
  const learn = sources.learned !== undefined;
  const run = (name, config) => {
    const rows = {};
    for (const folds of ['interleaved', 'contiguous']) {
      const { result, perFold } = crossValidate(gold, { learn, learnOptions, blocks: sources.learned?.blocks ? undefined : false, ...config, folds });
      rows[folds] = { precision: result.micro.precision, recall: result.micro.recall, f1: result.micro.f1, macroF1: result.macro.f1, perFold };
    }
    log(`${name.padEnd(60)} interleaved F1 ${f(rows.interleaved.f1)}  contiguous F1 ${f(rows.contiguous.f1)}`);
    return { name, ...rows };
  };
  const full = { curated: sources.curated, rules: sources.rules };

  // Thresholds: what `sertag learn --tune` reports on this gold (the manifest records its choice).
  const tuned = learn ? tuneLearner(gold, { grid: DEFAULT_TUNE_GRID }) : undefined;

  const ablation = [];
  ablation.push(run('learned only', { blocks: false }));
  if (sources.learned?.blocks) ablation.push(run('+ learned blocks', {}));
  for (let i = 0; i < sources.curated.length; i++) ablation.push(run(`+ ${repoRelative(sources.curated[i])}`, { curated: sources.curated.slice(0, i + 1) }));
  const shipped = run(`+ rules: the shipped profile`, full);
  ablation.push(shipped);

  const leaveOneOut = [];
  if (sources.learned?.blocks) leaveOneOut.push({ part: 'learned blocks', ...run('profile − learned blocks', { ...full, blocks: false }) });
  for (const file of sources.curated) leaveOneOut.push({ part: repoRelative(file), ...run(`profile − ${repoRelative(file)}`, { ...full, curated: sources.curated.filter((c) => c !== file) }) });
  for (const group of groupsOf(sources.rules)) leaveOneOut.push({ part: `rule group ${group}`, ...run(`profile − rule group ${group}`, { ...full, disableRuleGroups: [group] }) });

  const tried = candidates.map((c) =>
    ({ part: c.part, ...run(`profile + ${c.part}`, { ...full, curated: [...sources.curated, ...(c.curated ?? [])], rules: [...sources.rules, ...(c.rules ?? [])], disableRuleGroups: c.disableRuleGroups ?? [] }) }),
  );

  const detailed = {};
  for (const folds of ['interleaved', 'contiguous']) detailed[folds] = crossValidateWithAnatomy(gold, { learn, learnOptions, ...full, folds });
  const perType = (result) =>
    Object.fromEntries(Object.entries(result.types).map(([t, s]) => [t, { precision: s.precision, recall: s.recall, f1: s.f1, support: s.support, predicted: s.predicted }]));
  const contribution = (rows, sign) => rows.map(({ part, interleaved, contiguous }) => ({
    part,
    interleaved: interleaved.f1,
    contiguous: contiguous.f1,
    contribution: { interleaved: sign * (shipped.interleaved.f1 - interleaved.f1), contiguous: sign * (shipped.contiguous.f1 - contiguous.f1) },
  }));
  return {
    profile: sources.name,
    manifest: repoRelative(sources.file),
    description: sources.description,
    sentences: gold.length,
    primary,
    learnOptions,
    cv: {
      microF1: detailed[primary].result.micro.f1,
      interleaved: { micro: detailed.interleaved.result.micro, macro: detailed.interleaved.result.macro, perFold: shipped.interleaved.perFold, types: perType(detailed.interleaved.result) },
      contiguous: { micro: detailed.contiguous.result.micro, macro: detailed.contiguous.result.macro, perFold: shipped.contiguous.perFold, types: perType(detailed.contiguous.result) },
    },
    order: locality(gold),
    thresholds: tuned?.rows.map((r) => ({ options: r.options, precision: r.precision, recall: r.recall, f1: r.f1 })),
    tunedBest: tuned?.best.options,
    ablation: ablation.map(({ name, interleaved, contiguous }) => ({ name, interleaved, contiguous })),
    leaveOneOut: contribution(leaveOneOut, 1),
    candidates: contribution(tried, -1),
    anatomy: { interleaved: detailed.interleaved.anatomy, contiguous: detailed.contiguous.anatomy },
    seconds: (Date.now() - started) / 1000,
  };
}

const table = (head, rows) => [`| ${head.join(' | ')} |`, `| ${head.map((h, i) => (i === 0 ? '---' : '---:')).join(' | ')} |`, ...rows.map((r) => `| ${r.join(' | ')} |`)];

/** Markdown section for one profile's report (headings at level `level`). */
export function profileMarkdown(report, level = 2) {
  const h = (n) => '#'.repeat(level + n);
  const { cv } = report;
  const typeRows = (c) =>
    Object.entries(c.types)
      .sort((a, b) => a[0].localeCompare(b[0]))
      .map(([t, s]) => [t, f(s.precision), f(s.recall), f(s.f1), String(s.support)]);
  const md = [
    `${h(0)} Profile \`${report.profile}\` (${report.manifest}), cross-validated on its own gold (${report.sentences} sentences)`,
    '',
    `**5-fold CV micro-F1: contiguous folds ${f(cv.contiguous.micro.f1)}** (P ${f(cv.contiguous.micro.precision)}, R ${f(cv.contiguous.micro.recall)}; per fold ${cv.contiguous.perFold.map(f).join(', ')}), **interleaved folds ${f(cv.interleaved.micro.f1)}** (P ${f(cv.interleaved.micro.precision)}, R ${f(cv.interleaved.micro.recall)}; per fold ${cv.interleaved.perFold.map(f).join(', ')}). The profile is judged by the ${report.primary} figure.`,
    '',
    `In every fold the learned gazetteer${report.ablation.some((r) => r.name === '+ learned blocks') ? ' and blocks are' : ' is'} learned from the four training folds with the manifest's options \`${JSON.stringify(report.learnOptions)}\`${report.tunedBest ? ` (\`sertag learn --tune\` on this gold chooses \`${JSON.stringify(report.tunedBest)}\`)` : ''}; the other lists and rules of the manifest are loaded unchanged. Sentences up to 50 apart share an entity string ${report.order.ratio.toFixed(1)}× as often as sentences 1,000 or more apart, so interleaved folds share posts or articles with their training folds, contiguous ones mostly do not.`,
    '',
    `${h(1)} Per type (pooled over folds)`,
    '',
    ...table(
      ['type', 'P (contiguous)', 'R', 'F1', 'F1 (interleaved)', 'support'],
      typeRows(cv.contiguous).map((r) => [...r.slice(0, 4), f(cv.interleaved.types[r[0]]?.f1 ?? 0), r[4]]),
    ),
    '',
    `${h(1)} Ablation (cumulative)`,
    '',
    ...table(['configuration', 'F1 contiguous', 'F1 interleaved', 'P / R contiguous'], report.ablation.map((r) => [r.name, f(r.contiguous.f1), f(r.interleaved.f1), `${f(r.contiguous.precision)} / ${f(r.contiguous.recall)}`])),
    '',
    'Leave one out (contribution = shipped F1 − F1 without it; every part must have a positive contribution on the judged folds):',
    '',
    ...table(['part', 'F1 without it (contiguous)', 'contribution (contiguous)', 'contribution (interleaved)'], report.leaveOneOut.map((r) => [r.part, f(r.contiguous), signed(r.contribution.contiguous), signed(r.contribution.interleaved)])),
    '',
  ];
  if (report.candidates.length > 0) {
    md.push(
      'Tried and not shipped (contribution = F1 with it − shipped F1):',
      '',
      ...table(['candidate', 'F1 with it (contiguous)', 'contribution (contiguous)', 'contribution (interleaved)'], report.candidates.map((r) => [r.part, f(r.contiguous), signed(r.contribution.contiguous), signed(r.contribution.interleaved)])),
      '',
    );
  }
  if (report.thresholds) {
    md.push(`${h(1)} Learner thresholds (learned gazetteer alone, interleaved folds, as \`sertag learn --tune\`)`, '', ...table(['options', 'P', 'R', 'micro-F1'], report.thresholds.map((r) => [`\`${JSON.stringify(r.options)}\``, f(r.precision), f(r.recall), f(r.f1)])), '');
  }
  md.push(
    `${h(1)} Error anatomy (contiguous folds)`,
    '',
    ...table(['bucket', 'count', 'most frequent examples'], report.anatomy.contiguous.map((b) => [b.bucket, String(b.count), b.examples.map((e) => `\`${e.replace(/`/g, "'").replace(/\|/g, '/')}\``).join(', ')])),
    '',
  );
  return md;
}
