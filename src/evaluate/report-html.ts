import { escapeHtml } from '../formats/html.js';
import type { ErrorExample, EvaluationResult } from './metrics.js';

const percent = (x: number): string => (100 * x).toFixed(1);

const COLORS = { precision: '#4e79a7', recall: '#f28e2b', f1: '#59a14f' } as const;

/** Per-type precision/recall/F1 as horizontal bars in one inline SVG. */
function scoreBars(result: EvaluationResult): string {
  const rows: [string, { precision: number; recall: number; f1: number }, string][] = Object.entries(result.types).map(([t, s]) => [t, s, `support ${s.support}`]);
  rows.push(['micro avg', result.micro, `${result.entities.gold} entities`]);
  const labelWidth = 170;
  const barWidth = 520;
  const barHeight = 11;
  const rowHeight = 3 * barHeight + 14;
  const height = rows.length * rowHeight + 30;
  const parts: string[] = [];
  parts.push(`<svg xmlns="http://www.w3.org/2000/svg" width="${labelWidth + barWidth + 170}" height="${height}" role="img" aria-label="precision, recall and F1 per type">`);
  [0, 0.25, 0.5, 0.75, 1].forEach((x) => {
    const px = labelWidth + x * barWidth;
    parts.push(`<line x1="${px}" y1="20" x2="${px}" y2="${height}" stroke="#ddd"/><text x="${px}" y="14" font-size="10" text-anchor="middle" fill="#777">${x * 100}%</text>`);
  });
  rows.forEach(([label, s, note], r) => {
    const y = 24 + r * rowHeight;
    const strong = label === 'micro avg' ? ' font-weight="bold"' : '';
    parts.push(`<text x="${labelWidth - 8}" y="${y + 1.5 * barHeight + 4}" font-size="12" text-anchor="end"${strong}>${escapeHtml(label)}</text>`);
    (['precision', 'recall', 'f1'] as const).forEach((metric, k) => {
      const by = y + k * barHeight;
      const w = Math.max(0, Math.min(1, s[metric])) * barWidth;
      parts.push(`<rect x="${labelWidth}" y="${by}" width="${w.toFixed(1)}" height="${barHeight - 2}" fill="${COLORS[metric]}"><title>${escapeHtml(label)} ${metric} ${percent(s[metric])}%</title></rect>`);
      parts.push(`<text x="${labelWidth + w + 4}" y="${by + barHeight - 3}" font-size="9" fill="#333">${percent(s[metric])}</text>`);
    });
    parts.push(`<text x="${labelWidth + barWidth + 40}" y="${y + 1.5 * barHeight + 4}" font-size="11" fill="#666">${escapeHtml(note)}</text>`);
  });
  parts.push('</svg>');
  return parts.join('');
}

/** A heat-map cell: green on the diagonal (correct), red elsewhere, intensity by share of the row maximum. */
function heatCell(count: number, max: number, correct: boolean): string {
  if (count === 0) return '<td class="zero">·</td>';
  const alpha = 0.12 + 0.78 * Math.sqrt(count / Math.max(1, max));
  const rgb = correct ? '89,161,79' : '225,87,89';
  const ink = alpha > 0.55 ? '#fff' : '#222';
  return `<td style="background:rgba(${rgb},${alpha.toFixed(2)});color:${ink}">${count}</td>`;
}

function heatMap(result: EvaluationResult, matrix: number[][], withDiagonal: boolean, caption: string): string {
  const { labels, missed, spurious } = result.confusion;
  const max = Math.max(1, ...matrix.flat(), ...(withDiagonal ? [...missed, ...spurious] : []));
  const head = labels.map((l) => `<th class="col"><span>${escapeHtml(l)}</span></th>`).join('');
  const rows = labels.map((g, i) => {
    const cells = labels.map((_, j) => heatCell(matrix[i]![j]!, max, withDiagonal && i === j)).join('');
    const missedCell = withDiagonal ? heatCell(missed[i]!, max, false) : '';
    return `<tr><th class="row">${escapeHtml(g)}</th>${cells}${missedCell}</tr>`;
  });
  if (withDiagonal) rows.push(`<tr><th class="row"><em>spurious</em></th>${spurious.map((n) => heatCell(n, max, false)).join('')}<td></td></tr>`);
  return `<table class="heat"><caption>${escapeHtml(caption)}</caption><thead><tr><th class="corner">gold ↓ predicted →</th>${head}${withDiagonal ? '<th class="col"><span><em>missed</em></span></th>' : ''}</tr></thead><tbody>${rows.join('')}</tbody></table>`;
}

function highlighted(example: ErrorExample['example']): string {
  const from = Math.max(0, example.start - 14);
  const to = Math.min(example.tokens.length, example.end + 14);
  const text = (a: number, b: number): string => escapeHtml(example.tokens.slice(a, b).join(' '));
  return `${from > 0 ? '… ' : ''}${text(from, example.start)} <mark>${text(example.start, example.end)}</mark> ${text(example.end, to)}${to < example.tokens.length ? ' …' : ''}`;
}

function errorTable(title: string, list: ErrorExample[], kind: 'fp' | 'fn'): string {
  if (list.length === 0) return `<h2>${escapeHtml(title)}</h2><p class="none">None.</p>`;
  const rows = list.map(
    (e) =>
      `<tr><td class="num">${e.count}</td><td><span class="type">${escapeHtml(e.type)}</span></td><td class="surface">${escapeHtml(e.surface)}</td><td class="sentence ${kind}">${highlighted(e.example)}<div class="where">${escapeHtml(e.example.file)}:${e.example.line} · sentence ${e.example.sentence}</div></td></tr>`,
  );
  return `<h2>${escapeHtml(title)}</h2><table class="errors"><thead><tr><th>count</th><th>type</th><th>surface</th><th>example</th></tr></thead><tbody>${rows.join('')}</tbody></table>`;
}

const STYLE = `
body{font:14px/1.45 system-ui,-apple-system,"Segoe UI",Roboto,sans-serif;color:#222;margin:0;background:#f6f7f9}
main{max-width:1120px;margin:0 auto;padding:24px 32px 48px;background:#fff}
h1{font-size:22px;margin:0 0 4px}h2{font-size:17px;margin:28px 0 10px;border-bottom:1px solid #e5e5e5;padding-bottom:4px}
.meta{color:#666;font-size:13px;word-break:break-all}
.cards{display:flex;gap:12px;flex-wrap:wrap;margin:16px 0}
.card{border:1px solid #e3e3e3;border-radius:8px;padding:10px 16px;min-width:110px}
.card b{display:block;font-size:22px}.card span{color:#666;font-size:12px}
.legend span{display:inline-block;margin-right:14px;font-size:12px}.legend i{display:inline-block;width:10px;height:10px;margin-right:4px;border-radius:2px}
table{border-collapse:collapse}
table.scores td,table.scores th{padding:3px 10px;border-bottom:1px solid #eee;text-align:right}
table.scores td:first-child,table.scores th:first-child{text-align:left}
table.heat{margin:8px 0 18px}table.heat caption{text-align:left;color:#555;font-size:13px;padding-bottom:4px;caption-side:top;max-width:420px}
.heats{display:flex;gap:40px;flex-wrap:wrap;align-items:flex-start}
table.heat td{width:40px;height:28px;text-align:center;font-size:12px;border:1px solid #fff}
table.heat td.zero{color:#ccc}
table.heat th.row{text-align:right;padding-right:8px;font-weight:normal;font-size:12px;white-space:nowrap}
table.heat th.col{height:120px;vertical-align:bottom;font-weight:normal;font-size:12px}
table.heat th.col span{writing-mode:vertical-rl;transform:rotate(180deg);white-space:nowrap}
table.heat th.corner{font-size:11px;color:#888;font-weight:normal;vertical-align:bottom;text-align:right}
table.errors{width:100%}table.errors th{text-align:left;font-size:12px;color:#666;border-bottom:1px solid #ddd;padding:4px 8px}
table.errors td{padding:6px 8px;border-bottom:1px solid #f0f0f0;vertical-align:top}
td.num{text-align:right;font-variant-numeric:tabular-nums}td.surface{font-weight:600;white-space:nowrap}
.type{background:#eef2f7;border-radius:4px;padding:1px 6px;font-size:12px;white-space:nowrap}
mark{padding:1px 3px;border-radius:3px}.fp mark{background:#ffd8d4}.fn mark{background:#fff0b3}
.where{color:#999;font-size:11px;margin-top:2px}
.bar{display:flex;height:18px;border-radius:4px;overflow:hidden;margin:6px 0}.bar div{height:100%}
.none{color:#888}
`;

/**
 * The `--html` report: one self-contained page (no scripts, no network) with per-type bars as
 * inline SVG, the confusion heat maps and the error lists with each entity highlighted. Every
 * piece of text that comes from the input files is escaped.
 */
export function formatHtmlReport(result: EvaluationResult, title = 'sertag evaluation'): string {
  const c = result.categories;
  const total = c.correct + c.incorrectType + c.partial + c.missed + c.spurious;
  const segment = (n: number, color: string, label: string): string =>
    n === 0 ? '' : `<div style="width:${((100 * n) / Math.max(1, total)).toFixed(2)}%;background:${color}" title="${escapeHtml(`${label}: ${n}`)}"></div>`;
  const files = result.files.map((f) => `${escapeHtml(f.gold)} ⟷ ${escapeHtml(f.pred)}`).join('<br>');
  const scoreRows = Object.entries(result.types)
    .map(([t, s]) => `<tr><td>${escapeHtml(t)}</td><td>${percent(s.precision)}</td><td>${percent(s.recall)}</td><td>${percent(s.f1)}</td><td>${s.support}</td><td>${s.predicted}</td></tr>`)
    .join('');
  const avg = (name: string, s: { precision: number; recall: number; f1: number }): string =>
    `<tr><th>${name}</th><td>${percent(s.precision)}</td><td>${percent(s.recall)}</td><td>${percent(s.f1)}</td><td>${result.entities.gold}</td><td>${result.entities.predicted}</td></tr>`;
  return `<!DOCTYPE html>
<html lang="en"><head><meta charset="utf-8"><meta name="viewport" content="width=device-width,initial-scale=1">
<title>${escapeHtml(title)}</title><style>${STYLE}</style></head>
<body><main>
<h1>${escapeHtml(title)}</h1>
<div class="meta">${files}<br>mode <b>${escapeHtml(result.mode)}</b> · ${result.sentences} sentences · ${result.tokens} tokens</div>
<div class="cards">
<div class="card"><b>${percent(result.micro.f1)}</b><span>micro F1</span></div>
<div class="card"><b>${percent(result.micro.precision)}</b><span>precision</span></div>
<div class="card"><b>${percent(result.micro.recall)}</b><span>recall</span></div>
<div class="card"><b>${percent(result.macro.f1)}</b><span>macro F1</span></div>
<div class="card"><b>${percent(result.tokenAccuracy)}</b><span>token accuracy</span></div>
<div class="card"><b>${result.entities.gold} / ${result.entities.predicted}</b><span>gold / predicted entities</span></div>
</div>
<h2>Outcomes</h2>
<div class="bar">${segment(c.correct, '#59a14f', 'correct')}${segment(c.incorrectType, '#edc948', 'wrong type')}${segment(c.partial, '#f28e2b', 'partial')}${segment(c.missed, '#bab0ac', 'missed')}${segment(c.spurious, '#e15759', 'spurious')}</div>
<div class="legend"><span><i style="background:#59a14f"></i>correct ${c.correct}</span><span><i style="background:#edc948"></i>wrong type ${c.incorrectType}</span><span><i style="background:#f28e2b"></i>partial ${c.partial}</span><span><i style="background:#bab0ac"></i>missed ${c.missed}</span><span><i style="background:#e15759"></i>spurious ${c.spurious}</span></div>
<h2>Per type</h2>
<div class="legend"><span><i style="background:${COLORS.precision}"></i>precision</span><span><i style="background:${COLORS.recall}"></i>recall</span><span><i style="background:${COLORS.f1}"></i>F1</span></div>
${scoreBars(result)}
<table class="scores"><thead><tr><th>type</th><th>precision</th><th>recall</th><th>F1</th><th>support</th><th>found</th></tr></thead>
<tbody>${scoreRows}${avg('micro avg', result.micro)}${avg('macro avg', result.macro)}${avg('weighted avg', result.weighted)}</tbody></table>
<h2>Confusions</h2>
<div class="heats">${heatMap(result, result.confusion.sameBoundary, true, 'Same boundaries (diagonal: correct; off the diagonal: wrong type), plus entities nothing overlaps')}
${heatMap(result, result.confusion.boundaryErrors, false, 'Boundary errors: overlapping but different boundaries')}</div>
${errorTable('Top false positives (predicted, not in gold)', result.falsePositives, 'fp')}
${errorTable('Top false negatives (in gold, not predicted)', result.falseNegatives, 'fn')}
<p class="meta">Generated by sertag eval. Scores use CoNLL-2000 conlleval span semantics unless the mode says otherwise.</p>
</main></body></html>
`;
}
