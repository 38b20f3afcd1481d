import type { Candidate } from '../types.js';
import type { RuleToken } from './apply.js';

const ACRONYM = /^[A-Z][A-Za-z0-9]{1,9}$/;

/** Whether a token is written like an acronym the pass can learn (`GPU`, `XMPP`, `WebGL`): depends on the token alone. */
export function isAcronymShaped(token: string): boolean {
  return ACRONYM.test(token);
}

/**
 * The acronym pass: in `graphics processing unit ( GPU )`, the acronym in brackets takes the
 * phrase's type, and every later `GPU` of the same text is proposed with it.
 */
export class AcronymPass {
  /** The acronyms learned in the current text, with the candidate they abbreviate. */
  private readonly known = new Map<string, Candidate & { from: string }>();

  /**
   * Proposes each known acronym of the sentence with the type of its phrase. `acronymShaped` says
   * whether a token is written like an acronym (`isAcronymShaped`): only those are looked up.
   */
  propose(tokens: ReadonlyArray<RuleToken & { readonly acronymShaped: boolean }>, out: Candidate[]): void {
    if (this.known.size === 0) return;
    for (let i = 0; i < tokens.length; i++) {
      if (!tokens[i]!.acronymShaped) continue;
      const known = this.known.get(tokens[i]!.text);
      if (known) out.push({ start: i, end: i + 1, type: known.type, priority: known.priority, entry: undefined, rule: { id: 'acronyms', file: '(pass)', line: 0, detail: `abbreviates \`${known.from}\`` } });
    }
  }

  /** Learns the acronyms that follow kept phrases in brackets and match their initials. */
  learn(kept: readonly Candidate[], tokens: readonly RuleToken[]): void {
    for (const c of kept) {
      if (c.end - c.start < 2 || tokens[c.end]?.text !== '(' || tokens[c.end + 2]?.text !== ')') continue;
      const acronym = tokens[c.end + 1]!.text;
      if (!isAcronymShaped(acronym) || this.known.has(acronym)) continue;
      const words = tokens.slice(c.start, c.end).map((t) => t.text);
      const initials = words
        .map((w) => w[0] ?? '')
        .join('')
        .toUpperCase();
      if (!initials.startsWith(acronym[0]!)) continue;
      this.known.set(acronym, { ...c, from: words.join(' ') });
    }
  }
}
