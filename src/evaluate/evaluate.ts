import { readFileSync, statSync } from 'node:fs';
import { describeErrno, SertagError } from '../errors.js';
import { decodeUtf8 } from '../utf8.js';
import { readSentences, type ReadSentencesOptions } from '../formats/detect.js';
import type { Sentence } from '../formats/sentence.js';
import { TAG_SCHEMES } from '../bio/index.js';
import { checkChoice, checkOptions, describeValue, type OptionKind } from '../options.js';
import { countEntities, EVAL_MODES, type CountOptions, type DocumentPair } from './count.js';
import { computeMetrics, type EvaluationResult } from './metrics.js';

/** Options for `evaluate`. */
export interface EvaluateOptions extends CountOptions {
  /** How many top false positives and false negatives to keep (default 10). */
  top?: number;
  /** Names used in messages and reports. */
  goldFile?: string;
  predFile?: string;
}

/**
 * Scores predicted sentences against gold sentences (same tokens, same order). Returns the same
 * numbers as `sertag eval`. Throws SertagError on mismatched tokens or sentence counts, and in
 * strict mode on ill-formed tags.
 */
export function evaluate(gold: readonly Sentence[], pred: readonly Sentence[], options: EvaluateOptions = {}): EvaluationResult {
  checkSentences(gold, 'gold');
  checkSentences(pred, 'pred');
  checkOptions(options, EVALUATE_OPTIONS, 'evaluate');
  checkChoice(options.mode, EVAL_MODES, 'evaluate: option `mode`');
  checkChoice(options.scheme, Object.keys(TAG_SCHEMES), 'evaluate: option `scheme`');
  return evaluatePairs([{ gold, pred, goldFile: options.goldFile ?? 'gold', predFile: options.predFile ?? 'prediction' }], options);
}

/** The options `evaluate` takes, and what each must be. */
const EVALUATE_OPTIONS: Readonly<Record<string, OptionKind>> = { mode: 'string', types: 'string[]', scheme: 'string', top: 'number', goldFile: 'string', predFile: 'string' };

/** Refuses anything but an array of `{tokens, tags}` sentences, naming the argument and the sentence. */
function checkSentences(sentences: unknown, name: string): void {
  if (!Array.isArray(sentences)) throw new SertagError('BAD_ARGUMENT', `evaluate(gold, pred): ${name} must be an array of sentences ({tokens, tags}), not ${describeValue(sentences)}`);
  sentences.forEach((s: unknown, i) => {
    const ok = typeof s === 'object' && s !== null && Array.isArray((s as Sentence).tokens) && Array.isArray((s as Sentence).tags);
    if (!ok) throw new SertagError('BAD_ARGUMENT', `evaluate(gold, pred): ${name}[${i}] must be a sentence with "tokens" and "tags" arrays, not ${describeValue(s)}`);
  });
}

/** Scores several gold/prediction document pairs together (micro-averaged over all of them). */
export function evaluatePairs(pairs: readonly DocumentPair[], options: Omit<EvaluateOptions, 'goldFile' | 'predFile'> = {}): EvaluationResult {
  return computeMetrics(countEntities(pairs, options), pairs, options.top ?? 10);
}

/** Reads a gold or prediction file, turning a missing or unreadable file into a SertagError. */
export function readSentenceFile(path: string, options: ReadSentencesOptions = {}, label = path): Sentence[] {
  return readSentences(readGoldText(path, label), label, options).sentences;
}

/** A gold or prediction file's text, strictly decoded; a missing, unreadable or binary file is a SertagError. */
export function readGoldText(path: string, label = path): string {
  let bytes: Buffer;
  try {
    // A device (/dev/zero, a terminal) would be read forever; pipes (`<(sertag tag …)`) are fine.
    const info = statSync(path);
    if (info.isCharacterDevice() || info.isBlockDevice() || info.isSocket()) {
      throw new SertagError('NOT_A_FILE', `cannot read ${label}: is a device or socket, not a file`);
    }
    bytes = readFileSync(path);
  } catch (error) {
    if (error instanceof SertagError) throw error;
    throw new SertagError((error as NodeJS.ErrnoException).code === 'ENOENT' ? 'MISSING_FILE' : 'UNREADABLE', `cannot read ${label}: ${describeErrno(error)}`);
  }
  return decodeGoldBytes(bytes, label);
}

/** Strict decoding: a bad byte must not silently become U+FFFD and then a token mismatch or a score. */
export function decodeGoldBytes(bytes: Uint8Array, label: string): string {
  const decoded = decodeUtf8(bytes);
  if ('error' in decoded) {
    const { code, message, line, col } = decoded.error;
    throw new SertagError(code, `${label}:${line}:${col}: ${message}`, []);
  }
  return decoded.text;
}

/** All of a stream (standard input, for `eval -` and `convert` without a file) as gold text, strictly decoded. */
export async function readGoldStream(stream: AsyncIterable<unknown>, label = '<stdin>'): Promise<string> {
  const chunks: Buffer[] = [];
  for await (const chunk of stream) chunks.push(typeof chunk === 'string' ? Buffer.from(chunk) : (chunk as Buffer));
  return decodeGoldBytes(Buffer.concat(chunks), label);
}

/** Reads two files and scores them: the library counterpart of `sertag eval GOLD PRED` for single files. */
export function evaluateFiles(goldPath: string, predPath: string, options: EvaluateOptions & ReadSentencesOptions = {}): EvaluationResult {
  const gold = readSentenceFile(goldPath, options);
  const pred = readSentenceFile(predPath, options);
  return evaluate(gold, pred, { ...options, goldFile: goldPath, predFile: predPath });
}
