import type { EvaluationResult } from './metrics.js';

/**
 * `%6.2f` as Perl's printf writes it: C rounds the binary value exactly and breaks exact ties to
 * even, where `toFixed` breaks them upwards (100 × 1/800 = 0.125 is `0.12` in Perl, `0.13` in JS).
 */
function perlFixed2(x: number): string {
  const scaled = x * 100;
  const floor = Math.floor(scaled);
  const tie = scaled - floor === 0.5 && Number.isInteger(floor);
  const text = tie ? ((floor % 2 === 0 ? floor : floor + 1) / 100).toFixed(2) : x.toFixed(2);
  return text.padStart(6);
}

/** conlleval's scores, computed as it does: percentages first, then FB1 from them. */
function conllevalScores(correct: number, found: number, gold: number): { precision: number; recall: number; f1: number } {
  const precision = found > 0 ? (100 * correct) / found : 0;
  const recall = gold > 0 ? (100 * correct) / gold : 0;
  const f1 = precision + recall > 0 ? (2 * precision * recall) / (precision + recall) : 0;
  return { precision, recall, f1 };
}

/**
 * The report exactly as the CoNLL-2000 `conlleval` Perl script prints it with default options: the
 * two summary lines, then one line per type (sorted, every type found in gold or prediction) with
 * the number of predicted entities last. Scripts that parse conlleval's output read this as theirs.
 */
export function formatConllevalReport(result: EvaluationResult): string {
  const { gold, predicted, correct } = result.entities;
  let out = `processed ${result.tokens} tokens with ${gold} phrases; found: ${predicted} phrases; correct: ${correct}.\n`;
  if (result.tokens > 0) {
    const overall = conllevalScores(correct, predicted, gold);
    const correctTags = Math.round(result.tokenAccuracy * result.tokens);
    out += `accuracy: ${perlFixed2((100 * correctTags) / result.tokens)}%; precision: ${perlFixed2(overall.precision)}%; recall: ${perlFixed2(overall.recall)}%; FB1: ${perlFixed2(overall.f1)}\n`;
  }
  const types = Object.keys(result.types)
    .filter((t) => result.types[t]!.support > 0 || result.types[t]!.predicted > 0)
    .sort();
  for (const type of types) {
    const s = result.types[type]!;
    const scores = conllevalScores(s.correct, s.predicted, s.support);
    out += `${type.padStart(17)}: precision: ${perlFixed2(scores.precision)}%; recall: ${perlFixed2(scores.recall)}%; FB1: ${perlFixed2(scores.f1)}  ${s.predicted}\n`;
  }
  return out;
}
