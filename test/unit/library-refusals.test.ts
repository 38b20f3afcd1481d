import { describe, expect, it } from 'vitest';
import { createTagger, evaluate, learnGazetteer, tuneLearner } from '../../src/index.js';
import { refusal } from '../helpers.js';

const OWN = { defaultGazetteers: false, defaultRules: false, gazetteers: [{ name: 'g', type: 'Language', entries: ['Python'] }] };


describe('the library refuses bad calls', () => {
  it('createTagger: an unknown option with a did-you-mean, a value of the wrong kind, options that are not an object', () => {
    const typo = refusal(() => createTagger({ defaultGazeteers: false } as never));
    expect(typo.code).toBe('UNKNOWN_OPTION');
    expect(typo.message).toMatch(/^createTagger: unknown option `defaultGazeteers`; did you mean `defaultGazetteers`\? \(options: gazetteers, rules, defaultGazetteers, /);
    const kind = refusal(() => createTagger({ ...OWN, defaultRules: 'no' } as never));
    expect(kind.message).toBe('createTagger: option `defaultRules` must be true or false, not a string ("no")');
    expect(refusal(() => createTagger('x' as never)).message).toBe('createTagger(options): options must be an object, not a string ("x")');
  });

  it('tag, tagTokens and tagSentences: wrong argument types are SertagErrors with a code and a sentence', () => {
    const tagger = createTagger(OWN);
    expect(refusal(() => tagger.tag(null as never)).message).toBe('tag(text) takes a string, not null');
    expect(refusal(() => tagger.tag(42 as never))).toMatchObject({ code: 'BAD_ARGUMENT', message: 'tag(text) takes a string, not a number (42)' });
    expect(refusal(() => tagger.tagTokens([{ text: 'Python' }] as never)).message).toBe('tagTokens(tokens) takes an array of strings; token 0 is an object');
    expect(refusal(() => tagger.tagTokens('Python' as never)).message).toBe('tagTokens(tokens) takes an array of strings, not a string ("Python")');
    // tagSentences names itself and the sentence at fault, not tagTokens.
    expect(refusal(() => tagger.tagSentences('Python' as never)).message).toBe('tagSentences(sentences) takes an array of sentences, each an array of token strings; not a string ("Python")');
    expect(refusal(() => tagger.tagSentences([['Python'], 'Java'] as never)).message).toBe('tagSentences(sentences) takes an array of sentences, each an array of token strings; sentence 1 is a string ("Java")');
    expect(refusal(() => tagger.tagSentences([['Python', 3]] as never)).message).toBe('tagSentences(sentences) takes an array of sentences, each an array of token strings; token 1 of sentence 0 is a number (3)');
  });

  it('evaluate: an unknown mode with a did-you-mean, an unknown option, sentences that are not sentences', () => {
    const gold = [{ tokens: ['Python'], tags: ['B-Language'], line: 1 }];
    expect(refusal(() => evaluate(gold, gold, { mode: 'strikt' } as never)).message).toBe(
      "evaluate: option `mode` must be one of conlleval, strict, partial, type, not a string (\"strikt\"); did you mean `strict`?",
    );
    expect(refusal(() => evaluate(gold, gold, { top: 3, modes: 'strict' } as never)).code).toBe('UNKNOWN_OPTION');
    expect(refusal(() => evaluate(null as never, gold)).message).toBe('evaluate(gold, pred): gold must be an array of sentences ({tokens, tags}), not null');
    expect(evaluate(gold, gold, { mode: 'strict' }).micro.f1).toBe(1);
  });

  it('results are plain data: structuredClone and JSON keep tokens and tags', () => {
    const result = createTagger(OWN).tag('Python 🐍 rocks');
    const clone = structuredClone(result);
    expect(clone.tokens).toEqual(result.tokens);
    expect(clone.tags).toEqual(['B-Language', 'O', 'O']);
    expect(clone.entities).toEqual(result.entities);
    expect({ ...result }.tags).toEqual(result.tags);
    expect(JSON.parse(JSON.stringify(result)).tokens).toEqual(result.tokens);
  });
});

describe('the learner refuses bad options', () => {
  const gold = [{ tokens: ['Python', 'rocks'], tags: ['B-Language', 'O'] }];

  it('learnGazetteer: a misspelled option with a did-you-mean, a value of the wrong kind', () => {
    const typo = refusal(() => learnGazetteer(gold, { minKeyphrasness: 0.9 } as never));
    expect(typo.code).toBe('UNKNOWN_OPTION');
    expect(typo.message).toMatch(/^learnGazetteer: unknown option `minKeyphrasness`; did you mean `minKeyphraseness`\? \(options: minCount, /);
    const kind = refusal(() => learnGazetteer(gold, { maxTokens: 'six' } as never));
    expect(kind).toMatchObject({ code: 'BAD_ARGUMENT', message: 'learnGazetteer: option `maxTokens` must be a whole number, not a string ("six")' });
    expect(refusal(() => learnGazetteer(gold, { minKeyphraseness: 3 })).message).toBe('learnGazetteer: option `minKeyphraseness` must be <= 1, not a number (3)');
    expect(learnGazetteer(gold, { minKeyphraseness: 0.2, name: undefined }).entries.map((e) => e.term)).toEqual(['Python']);
  });

  it('tuneLearner: its own options, the learner options of its grid, and the folds', () => {
    const sentences = Array.from({ length: 4 }, () => ({ ...gold[0]!, line: 1 }));
    expect(refusal(() => tuneLearner(sentences, { fold: 2 } as never)).message).toMatch(/^tuneLearner: unknown option `fold`; did you mean `folds`\?/);
    expect(refusal(() => tuneLearner(sentences, { folds: 1 })).message).toBe('tuneLearner: option `folds` must be a whole number of at least 2, not a number (1)');
    expect(refusal(() => tuneLearner(sentences, { folds: 5 })).code).toBe('TOO_LITTLE_GOLD');
    expect(refusal(() => tuneLearner(sentences, { folds: 2, grid: [{ minContextEvidnce: 2 } as never] })).message).toMatch(/^tuneLearner: grid\[0\]: unknown option `minContextEvidnce`; did you mean `minContextEvidence`\?/);
  });
});
