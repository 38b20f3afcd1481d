import type { GazetteerEntry } from '../gazetteer/types.js';
import { findCandidatesAt, type MatchToken, type TokenTrie } from '../match/index.js';
import { AcronymPass } from '../rules/acronyms.js';
import type { RuleSentence, RuleSet } from '../rules/engine.js';
import type { Component } from './types.js';

/*
 * The built-in components. The tagger hands them its own token objects (`MatchToken` and the rule
 * engine's facts, computed once per distinct token), which is what the casts below rely on; a
 * user's component sees the same objects through the narrower `ComponentToken`.
 */

/** Every gazetteer entry whose tokens match (the trie's candidates), added to what came in. */
export function gazetteerComponent(trie: TokenTrie<GazetteerEntry>): Component<void> {
  return {
    name: 'gazetteer',
    candidates: (candidates, sentence) => findCandidatesAt(trie, sentence.tokens as readonly MatchToken[], candidates),
  };
}

/** The rule set: vetoes and retypes of the candidates that came in, and what the `add` rules find. */
export function rulesComponent(ruleSet: RuleSet): Component<void> {
  return {
    name: 'rules',
    candidates: (candidates, sentence) => ruleSet.propose(sentence.tokens as RuleSentence, candidates),
  };
}

/**
 * The acronym pass (`graphics processing unit ( GPU )` → later `GPU`s get the phrase's type). What
 * it learns lives in the document's state, never in the component.
 */
export const acronymsComponent: Component<AcronymPass> = {
  name: 'acronyms',
  start: () => new AcronymPass(),
  candidates: (candidates, sentence, _document, pass) => pass.propose(sentence.tokens as RuleSentence, candidates),
  observe: (kept, sentence, _document, pass) => pass.learn(kept, sentence.tokens),
};
