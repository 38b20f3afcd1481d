export { createTagger } from './tagger.js';
export type { Tagger, TaggerOptions, TagOptions } from './tagger.js';
export { tokenize, splitSentences, sentenceRanges, type SentenceSpan } from './library-tokens.js';
export type { SentenceRange } from './tokenize/index.js';
export { loadSources, DEFAULT_GAZETTEERS, DEFAULT_RULES } from './load.js';
export { loadProfile, listProfiles, parseProfile, DEFAULT_PROFILE } from './profile/index.js';
export { learnGazetteer, tuneLearner } from './learn/index.js';
export type { Profile, ProfileInput, LearnedLists, TokenizerConventions } from './profile/index.js';
export type { LoadedSources, RulesInput, SourceOptions } from './load.js';
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
export { cli } from './cli/index.js';
export type { CliIO, Command, CommandModule } from './cli/index.js';
export type { Entity, Source, Span, TagResult, Token } from './types.js';
