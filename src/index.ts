// The public surface: only the documented API, and types that need nothing beyond the ES library
// (no Node types: a consumer's `tsc` with `"types": []` checks them; see test/public-types.test.ts).
// The command line (`cli`) is the `sertag` binary's, not the library's.
import { loadSources as loadAllSources, type LoadedSources as AllLoadedSources, type SourceOptions } from './load.js';

export { createTagger } from './tagger.js';
export type { Tagger, TaggerOptions, TagOptions } from './tagger.js';
export type { Component, ComponentsOption, ComponentToken, DocumentContext, SentenceContext } from './components/types.js';
// From the module itself, not the pipeline's barrel: the barrel's worker pool types need Node's (URL).
export { tagStream, type StreamDocument, type TagStreamOptions } from './pipeline/stream.js';
export type { TaggedText } from './pipeline/batch.js';
export { tokenize, splitSentences, sentenceRanges, type SentenceSpan } from './library-tokens.js';
export type { SentenceRange } from './tokenize/index.js';
export { DEFAULT_GAZETTEERS, DEFAULT_RULES } from './load.js';
export { loadProfile, listProfiles, parseProfile, DEFAULT_PROFILE } from './profile/index.js';
export { learnGazetteer, tuneLearner } from './learn/index.js';
export type { Profile, ProfileInput, LearnedLists, TokenizerConventions } from './profile/index.js';
export type { RulesInput, SourceOptions } from './load.js';
export { spansFromTags, tagsFromSpans, parseTag, isValidTag, findIllFormed, TAG_SCHEMES } from './bio/index.js';
export type { SchemeName, TagScheme, ParsedTag, IllFormedTag } from './bio/index.js';
export {
  readWikiser,
  writeWikiser,
  formatWikiserSentence,
  readConll,
  writeConll,
  formatConllSentence,
  readJsonl,
  writeJsonl,
  formatJsonlSentence,
  detectFormat,
  readSentences,
  FORMAT_NAMES,
  FORMATS,
} from './formats/index.js';
export type { FormatName, Sentence, SentenceDocument, ReadOptions, ConllReadOptions, ReadSentencesOptions, FormatModule } from './formats/index.js';
export {
  evaluate,
  evaluatePairs,
  evaluateFiles,
  formatTextReport,
  formatJsonReport,
  formatMarkdownReport,
  formatHtmlReport,
  EVAL_MODES,
} from './evaluate/index.js';
export type { EvalMode, EvaluateOptions, EvaluationResult, Scores, TypeScores, ErrorExample, Confusion, DocumentPair } from './evaluate/index.js';
export { WIKISER_TYPES } from './entity-types.js';
export type { WikiserType } from './entity-types.js';
export { SertagError, formatProblem, ERROR_CODES, errorKind } from './errors.js';
export type { Problem, Position, ErrorCode, ErrorKind } from './errors.js';
export type { GazetteerEntry, GazetteerEntryInput, GazetteerInput, CasePolicy, Variant } from './gazetteer/types.js';
export type { Rule, TokenTest, RuleAction, PassOptions } from './rules/types.js';
export type { Candidate } from './match/index.js';
export type { ComponentRef, Entity, Source, Span, TagResult, Token } from './types.js';

/** What `loadSources` returns: the validated gazetteer entries, rules, files and problems of a configuration. */
export type LoadedSources = Omit<AllLoadedSources, 'trie'>;

/**
 * Loads and validates the gazetteers and rules that `createTagger` would compile (a profile's plus
 * the options'), without compiling them; `problems` lists what is wrong with them.
 */
export function loadSources(options: SourceOptions = {}): LoadedSources {
  return loadAllSources(options);
}
