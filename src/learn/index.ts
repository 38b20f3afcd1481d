export { learnGazetteer, isFragment, isJunk, DEFAULT_LEARN_OPTIONS, type LearnOptions, type LearnResult, type LearnedEntry, type LearnSentence, type FormStats, type RejectedEntry } from './learn.js';
export { tuneLearner, DEFAULT_TUNE_GRID, type TuneOptions, type TuneResult, type TuneRow } from './tune.js';
