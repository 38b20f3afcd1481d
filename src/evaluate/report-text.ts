import type { ErrorExample, EvaluationResult, Scores } from './metrics.js';

const percent = (x: number): string => (100 * x).toFixed(2);

/** A sentence excerpt with the entity in [brackets], trimmed to a few tokens around it. */
export function excerpt(example: ErrorExample['example'], context = 8, mark: (entity: string) => string = (e) => `[${e}]`): string {
  const from = Math.max(0, example.start - context);
  const to = Math.min(example.tokens.length, example.end + context);
  const before = example.tokens.slice(from, example.start).join(' ');
  const entity = example.tokens.slice(example.start, example.end).join(' ');
  const after = example.tokens.slice(example.end, to).join(' ');
  return [from > 0 ? '…' : '', before, mark(entity), after, to < example.tokens.length ? '…' : ''].filter((s) => s !== '').join(' ');
}

function table(header: string[], rows: string[][], rightAligned: (column: number) => boolean): string[] {
  const widths = header.map((h, c) => Math.max(h.length, ...rows.map((r) => (r[c] ?? '').length)));
  const line = (cells: string[]): string =>
    cells.map((cell, c) => (rightAligned(c) ? cell.padStart(widths[c]!) : cell.padEnd(widths[c]!))).join('  ').trimEnd();
  return [line(header), ...rows.map(line)];
}

/** The terminal report: conlleval's two summary lines, then an aligned per-type table, categories, confusions and top errors. */
export function formatTextReport(result: EvaluationResult): string {
  const { entities } = result;
  const out: string[] = [];
  out.push(`mode: ${result.mode}${result.files.length === 1 ? `   gold: ${result.files[0]!.gold}   prediction: ${result.files[0]!.pred}` : `   ${result.files.length} file pairs`}`);
  out.push(`processed ${result.tokens} tokens with ${entities.gold} phrases; found: ${entities.predicted} phrases; correct: ${Number.isInteger(entities.correct) ? entities.correct : entities.correct.toFixed(1)}.`);
  out.push(`accuracy: ${percent(result.tokenAccuracy).padStart(6)}%; precision: ${percent(result.micro.precision).padStart(6)}%; recall: ${percent(result.micro.recall).padStart(6)}%; FB1: ${percent(result.micro.f1).padStart(6)}`);
  out.push('');
  const row = (name: string, s: Scores, support: string, predicted: string): string[] => [name, percent(s.precision), percent(s.recall), percent(s.f1), support, predicted];
  const rows = Object.entries(result.types).map(([type, s]) => row(type, s, String(s.support), String(s.predicted)));
  rows.push(['', '', '', '', '', '']);
  rows.push(row('micro avg', result.micro, String(entities.gold), String(entities.predicted)));
  rows.push(row('macro avg', result.macro, String(entities.gold), String(entities.predicted)));
  rows.push(row('weighted avg', result.weighted, String(entities.gold), String(entities.predicted)));
  out.push(...table(['type', 'precision', 'recall', 'FB1', 'support', 'found'], rows, (c) => c > 0));
  out.push('');
  const c = result.categories;
  out.push(`entities: ${c.correct} correct, ${c.incorrectType} wrong type, ${c.partial} partial, ${c.missed} missed, ${c.spurious} spurious`);

  const confusions: { gold: string; pred: string; count: number; kind: string }[] = [];
  const { labels } = result.confusion;
  labels.forEach((g, i) =>
    labels.forEach((p, j) => {
      const same = result.confusion.sameBoundary[i]![j]!;
      if (i !== j && same > 0) confusions.push({ gold: g, pred: p, count: same, kind: 'type' });
      const boundary = result.confusion.boundaryErrors[i]![j]!;
      if (boundary > 0) confusions.push({ gold: g, pred: p, count: boundary, kind: 'boundary' });
    }),
  );
  confusions.sort((a, b) => b.count - a.count || a.gold.localeCompare(b.gold));
  if (confusions.length > 0) {
    out.push('');
    out.push('Top confusions (gold → predicted):');
    out.push(...table(['count', 'error', 'gold', 'predicted'], confusions.slice(0, 10).map((x) => [String(x.count), x.kind, x.gold, x.pred]), (col) => col === 0).map((l) => `  ${l}`));
  }
  const errors = (title: string, list: ErrorExample[]): void => {
    if (list.length === 0) return;
    out.push('');
    out.push(title);
    out.push(...table(['count', 'type', 'surface', 'example'], list.map((e) => [String(e.count), e.type, e.surface, `${e.example.file}:${e.example.line}  ${excerpt(e.example)}`]), (col) => col === 0).map((l) => `  ${l}`));
  };
  errors('Top false positives (predicted, not in gold):', result.falsePositives);
  errors('Top false negatives (in gold, not predicted):', result.falseNegatives);
  return out.join('\n') + '\n';
}
