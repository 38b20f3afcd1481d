import type { Candidate } from '../types.js';
import { isAcronymShaped } from './acronyms.js';
import { actionOf, judgeCandidate } from './actions.js';
import { SentenceView, addCandidates, ruleAppliesTo, testToken, type RuleToken } from './apply.js';
import type { PassOptions, Rule, TokenTest } from './types.js';

/** What the rule engine needs to know about one token; computed once per distinct token (see `RuleSet.tokenFacts`). */
export interface RuleTokenFacts {
  /** Indexes (into `RuleSet.rules`, ascending) of the veto and retype rules anchored on this token. */
  readonly vetoes: readonly number[] | undefined;
  /** Indexes (ascending) of the `add` rules anchored on this token. */
  readonly adds: readonly number[] | undefined;
  /** Bit k set: the first pattern item of the k-th prefiltered `add` rule may match this token. */
  readonly firstMatches: number;
  /** Written like an acronym the acronym pass can learn (see `isAcronymShaped`). */
  readonly acronymShaped: boolean;
}

/** One sentence as the rule engine receives it: each token, as written and lower-cased, with its facts. */
export type RuleSentence = ReadonlyArray<RuleToken & RuleTokenFacts>;

/** Unanchored `add` rules whose first item tests only the token itself get a bit in `RuleTokenFacts.firstMatches`. */
const MAX_PREFILTERED = 31;

/** Options of `compileRuleSet`. */
export interface RuleSetOptions {
  /** Rule groups to switch off (for ablations and debugging). */
  disableGroups?: readonly string[];
  /** Passes as the rule files set them, before `overrides`. */
  passes?: PassOptions;
  /** Override the passes the rule files switch on. */
  overrides?: Partial<PassOptions>;
  /**
   * The user's own sources (shown names): candidates from entries of these gazetteer files are
   * vetoed or retyped only by rules from these rule files, never by the profile's (a user's list
   * wins over the profile's rules too).
   */
  userSources?: ReadonlySet<string>;
}

/**
 * Compiles rules into a `RuleSet`: the anchor index, the prefilter and the document passes.
 * The rules keep their file order, which is the order vetoes, retypes and additions apply in.
 */
export function compileRuleSet(rules: readonly Rule[], options: RuleSetOptions = {}): RuleSet {
  const disabled = new Set(options.disableGroups ?? []);
  return new RuleSet(
    rules.filter((r) => !disabled.has(r.group)),
    { acronyms: false, ...options.passes, ...options.overrides },
    options.userSources,
  );
}

/**
 * The rule engine. Per sentence, `propose` takes the candidates found so far (the gazetteer's),
 * drops the vetoed ones, retypes others (as new candidates) and adds what the `add` rules find.
 * Rules test the candidates as found, never candidates another rule made or retyped. It keeps no
 * state between calls; the passes (`passes`) are components of their own (src/components).
 */
export class RuleSet {
  readonly rules: readonly Rule[];
  readonly passes: PassOptions;
  /** Rule indexes by anchor (see `Rule.anchors`), veto and retype rules apart from `add` rules. */
  private readonly anchoredVetoes = new Map<string, number[]>();
  private readonly anchoredAdds = new Map<string, number[]>();
  /** Indexes of the rules without anchors, which every sentence tries. */
  private readonly freeVetoes: number[] = [];
  private readonly freeAdds: number[] = [];
  private readonly hasVetoes: boolean;
  /** Per rule index: its bit in `RuleTokenFacts.firstMatches` when it is prefiltered, else 0. */
  private readonly prefilterBits: Int32Array;
  private readonly prefiltered: Rule[];

  private readonly userSources: ReadonlySet<string> | undefined;

  constructor(rules: Rule[], passes: PassOptions, userSources?: ReadonlySet<string>) {
    this.rules = rules;
    this.passes = passes;
    this.userSources = userSources !== undefined && userSources.size > 0 ? userSources : undefined;
    rules.forEach((rule, index) => {
      const isAdd = actionOf(rule).kind === 'adds';
      if (!rule.anchors) {
        (isAdd ? this.freeAdds : this.freeVetoes).push(index);
        return;
      }
      const byAnchor = isAdd ? this.anchoredAdds : this.anchoredVetoes;
      for (const anchor of rule.anchors) {
        const list = byAnchor.get(anchor) ?? [];
        list.push(index);
        byAnchor.set(anchor, list);
      }
    });
    this.hasVetoes = this.freeVetoes.length > 0 || this.anchoredVetoes.size > 0;
    // Anchored rules are tried only in sentences that hold an anchor: a bit would add little to that
    // and cost a test for every new token (most first items test the anchor itself).
    this.prefiltered = rules.filter((r) => actionOf(r).kind === 'adds' && !r.anchors && testsTokenAlone(r.pattern[0])).slice(0, MAX_PREFILTERED);
    this.prefilterBits = new Int32Array(rules.length);
    this.prefiltered.forEach((r, k) => (this.prefilterBits[rules.indexOf(r)] = 1 << k));
  }

  /** The rules anchored on a token and the prefilter bits it passes; depends on the token alone. */
  tokenFacts(token: string, lower: string): RuleTokenFacts {
    let firstMatches = 0;
    if (this.prefiltered.length > 0) {
      const alone = new SentenceView([{ text: token, lower }], []);
      for (let k = 0; k < this.prefiltered.length; k++) {
        if (testToken(this.prefiltered[k]!.pattern[0]!, alone, 0)) firstMatches |= 1 << k;
      }
    }
    return { vetoes: this.anchoredVetoes.get(lower), adds: this.anchoredAdds.get(lower), firstMatches, acronymShaped: isAcronymShaped(token) };
  }

  /** The candidates to resolve: `found`, vetoed and retyped, plus every rule's additions. */
  propose(sentence: RuleSentence, found: readonly Candidate[]): Candidate[] {
    // The anchored `add` rules whose anchor occurs in the sentence.
    const presentAdds: number[] = [];
    let firstMatches = 0;
    for (let i = 0; i < sentence.length; i++) {
      const token = sentence[i]!;
      firstMatches |= token.firstMatches;
      const adds = token.adds;
      if (adds !== undefined) {
        for (let k = 0; k < adds.length; k++) {
          const r = adds[k]!;
          // Anchored `add` rules are few: a sentence holds at most a handful.
          if (!presentAdds.includes(r)) presentAdds.push(r);
        }
      }
    }
    // Rules test the gazetteer's candidates (`view`); what they add goes to a list of its own.
    const view = new SentenceView(sentence, found);
    const candidates = found.length > 0 && this.hasVetoes ? this.applyVetoes(found, view, sentence) : found.slice();
    // The anchored rules whose anchor occurs and the unanchored ones, in file order.
    const additions = presentAdds.length === 0 ? this.freeAdds : [...this.freeAdds, ...presentAdds].sort((x, y) => x - y);
    for (const index of additions) {
      // No token of the sentence passes the rule's first item: it cannot add anything.
      const bit = this.prefilterBits[index]!;
      if (bit !== 0 && (firstMatches & bit) === 0) continue;
      const rule = this.rules[index]!;
      if (rule.needsTypes && !view.hasCandidateOf(rule.needsTypes)) continue;
      addCandidates(rule, view, candidates);
    }
    return candidates;
  }

  /**
   * Drops vetoed candidates and retypes others; rules apply in file order, a veto ends the matter.
   * A candidate is tried only against the unanchored rules and those anchored on one of its tokens:
   * a rule's pattern must match the candidate's tokens, and any match contains one of its anchors.
   * A retype makes a new candidate: the one in `candidates` (which the view reads) is left as found.
   */
  private applyVetoes(candidates: readonly Candidate[], view: SentenceView, facts: readonly RuleTokenFacts[]): Candidate[] {
    const out: Candidate[] = [];
    const userSources = this.userSources;
    next: for (const found of candidates) {
      let c = found;
      const userEntry = userSources !== undefined && c.entry !== undefined && userSources.has(c.entry.source.file);
      let indexes = facts[c.start]!.vetoes;
      if (this.freeVetoes.length > 0 || (c.end - c.start > 1 && vetoedTokens(facts, c.start, c.end) > (indexes === undefined ? 0 : 1))) {
        const all = [...this.freeVetoes];
        for (let k = c.start; k < c.end; k++) all.push(...(facts[k]!.vetoes ?? []));
        indexes = [...new Set(all)].sort((x, y) => x - y);
      }
      if (indexes !== undefined) {
        for (const index of indexes) {
          const rule = this.rules[index]!;
          if (userEntry && !userSources.has(rule.file)) continue;
          if (!ruleAppliesTo(rule, c, view)) continue;
          const judged = judgeCandidate(rule, c);
          if (judged === undefined) continue next;
          c = judged;
        }
      }
      out.push(c);
    }
    return out;
  }
}

/** How many of the tokens `[start, end)` have veto or retype rules anchored on them. */
function vetoedTokens(facts: readonly RuleTokenFacts[], start: number, end: number): number {
  let n = 0;
  for (let k = start; k < end; k++) if (facts[k]!.vetoes !== undefined) n++;
  return n;
}

/** Whether a pattern item is required and tests only the token's own text (so its result can be memoized per token). */
function testsTokenAlone(item: TokenTest | undefined): boolean {
  return item !== undefined && item.min > 0 && !item.type && !item.pos;
}
