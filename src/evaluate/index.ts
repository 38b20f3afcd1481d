export { evaluate, evaluatePairs, evaluateFiles, readSentenceFile, type EvaluateOptions } from './evaluate.js';
export { countEntities, checkAlignment, entityKey, EVAL_MODES, type EvalMode, type Counts, type CountOptions, type DocumentPair, type Categories } from './count.js';
export { computeMetrics, ratio, scores, type EvaluationResult, type Scores, type TypeScores, type ErrorExample, type Confusion } from './metrics.js';
export { formatTextReport } from './report-text.js';
export { formatConllevalReport } from './report-conlleval.js';
export { formatJsonReport } from './report-json.js';
export { formatMarkdownReport } from './report-markdown.js';
export { formatHtmlReport } from './report-html.js';
