import type { EvaluationResult } from './metrics.js';

/** The `--json` report: the whole result, fractions in [0, 1], pretty-printed for diffs. */
export function formatJsonReport(result: EvaluationResult): string {
  return JSON.stringify(result, null, 2) + '\n';
}
