import type { ErrorExample, EvaluationResult, Scores } from './metrics.js';
import { excerpt } from './report-text.js';

const percent = (x: number): string => (100 * x).toFixed(2);

/** Escapes text for a Markdown table cell: pipes, backslashes, backticks, emphasis, HTML and line breaks. */
function cell(text: string): string {
  return text.replace(/[\\|`*_[\]<>#]/g, (c) => `\\${c}`).replace(/\r?\n/g, ' ');
}

/** The `--markdown` report: the per-type table and the error lists, for pasting into a README or an issue. */
export function formatMarkdownReport(result: EvaluationResult): string {
  const out: string[] = [];
  out.push(`**${result.mode}** mode, ${result.sentences} sentences, ${result.tokens} tokens, token accuracy ${percent(result.tokenAccuracy)}%`);
  out.push('');
  out.push('| type | precision | recall | F1 | support | found |');
  out.push('| --- | ---: | ---: | ---: | ---: | ---: |');
  const row = (name: string, s: Scores, support: number, found: number): string =>
    `| ${name} | ${percent(s.precision)} | ${percent(s.recall)} | ${percent(s.f1)} | ${support} | ${found} |`;
  for (const [type, s] of Object.entries(result.types)) out.push(row(cell(type), s, s.support, s.predicted));
  out.push(row('**micro avg**', result.micro, result.entities.gold, result.entities.predicted));
  out.push(row('**macro avg**', result.macro, result.entities.gold, result.entities.predicted));
  out.push(row('**weighted avg**', result.weighted, result.entities.gold, result.entities.predicted));
  const c = result.categories;
  out.push('');
  out.push(`Entities: ${c.correct} correct, ${c.incorrectType} wrong type, ${c.partial} partial, ${c.missed} missed, ${c.spurious} spurious.`);
  const errors = (title: string, list: ErrorExample[]): void => {
    if (list.length === 0) return;
    out.push('', `### ${title}`, '', '| count | type | surface | example |', '| ---: | --- | --- | --- |');
    for (const e of list) out.push(`| ${e.count} | ${cell(e.type)} | ${cell(e.surface)} | ${cell(excerpt(e.example, 8, (x) => `\u0000${x}\u0001`)).replace('\u0000', '**').replace('\u0001', '**')} |`);
  };
  errors('Top false positives', result.falsePositives);
  errors('Top false negatives', result.falseNegatives);
  return out.join('\n') + '\n';
}
