/**
 * Rejects regular expressions prone to catastrophic backtracking: a quantified group that itself
 * contains a quantifier (`(a+)+`, `(\w*)*`) or an alternation (`(a|aa)+`), or a back-reference
 * (exponential time), and patterns of polynomial time of degree 3 and more (`checkRegexDegree`).
 * Tokens are short, but a rule runs on every token of every sentence, and one long token (a URL, a
 * blob of base64) must not stall a run or a server's worker.
 * Returns a message when unsafe, undefined when safe.
 */
export function checkRegexSafety(source: string): string | undefined {
  if (/\\[1-9]/.test(source)) return 'back-references are not allowed in rule regexes (they can take exponential time)';
  // Track, for each open group, whether it contains a quantifier; a quantifier right after the
  // group's closing parenthesis then means nested repetition.
  const stack: boolean[] = [];
  // Whether each open group has an alternation at its own level: `(a|aa)+` backtracks
  // exponentially when the alternatives overlap, and overlap is not decidable cheaply here.
  const alternation: boolean[] = [];
  let escaped = false;
  let inClass = false;
  for (let i = 0; i < source.length; i++) {
    const ch = source[i]!;
    if (escaped) {
      escaped = false;
      continue;
    }
    if (ch === '\\') {
      escaped = true;
      continue;
    }
    if (inClass) {
      if (ch === ']') inClass = false;
      continue;
    }
    if (ch === '[') inClass = true;
    else if (ch === '(') {
      stack.push(false);
      alternation.push(false);
    } else if (ch === '|' && alternation.length > 0) alternation[alternation.length - 1] = true;
    else if (ch === ')') {
      const innerQuantified = stack.pop() ?? false;
      const innerAlternation = alternation.pop() ?? false;
      const next = source[i + 1];
      const quantifiedGroup = next === '*' || next === '+' || next === '{';
      if (innerAlternation && quantifiedGroup) {
        return `a repeated alternation near position ${i + 1} of /${source}/ can take exponential time when the alternatives overlap; use a character class or list the words with \`lower:\``;
      }
      if (innerQuantified && quantifiedGroup) {
        return `nested quantifiers near position ${i + 1} of /${source}/ can take exponential time; rewrite without repeating a repeated group`;
      }
      if (stack.length > 0 && (innerQuantified || quantifiedGroup || next === '?')) stack[stack.length - 1] = true;
    } else if ((ch === '*' || ch === '+' || ch === '{') && stack.length > 0) {
      stack[stack.length - 1] = true;
    }
  }
  return checkRegexDegree(source);
}

/**
 * Characters that stand for the kinds a token can hold, to tell which parts of a pattern can match
 * the same characters: two parts overlap when some probe matches both.
 */
const PROBES = [...'abcdefghijklmnopqrstuvwxyzABCDEFGHIJKLMNOPQRSTUVWXYZ0123456789', ...' \t!"#$%&\'()*+,-./:;<=>?@[\\]^_`{|}~', 'é', 'ß', 'Ж', '中', '😀'];

/** One part of a sequence: which probes it can consume, and how often it repeats. */
interface Part {
  chars: boolean[];
  /** At least once (a part that must match separates the repeated parts around it when it shares no character with them). */
  required: boolean;
  /** `*`, `+`, `{n,}`. */
  unbounded: boolean;
  /** `^`, `$`, `\b`, a look-around: matches no character. */
  zeroWidth: boolean;
}

function charsOf(atom: string): boolean[] {
  let pattern: RegExp;
  try {
    pattern = new RegExp(`^(?:${atom})$`, 'u');
  } catch {
    return PROBES.map(() => true);
  }
  return PROBES.map((probe) => pattern.test(probe));
}

/** Reads the quantifier at `at`, if any: its bounds and where it ends. */
function quantifierAt(source: string, at: number): { min: number; unbounded: boolean; end: number } {
  const ch = source[at];
  let result: { min: number; unbounded: boolean; end: number } | undefined;
  if (ch === '*') result = { min: 0, unbounded: true, end: at + 1 };
  else if (ch === '+') result = { min: 1, unbounded: true, end: at + 1 };
  else if (ch === '?') result = { min: 0, unbounded: false, end: at + 1 };
  else if (ch === '{') {
    const bounds = /^\{(\d+)(,(\d*))?\}/.exec(source.slice(at));
    if (bounds) result = { min: Number(bounds[1]), unbounded: bounds[2] !== undefined && bounds[3] === '', end: at + bounds[0].length };
  }
  if (!result) return { min: 1, unbounded: false, end: at };
  if (source[result.end] === '?') result.end++; // lazy: the same backtracking, in another order
  return result;
}

/**
 * The sequences of a pattern (each alternative of each group, and the whole), each as its parts;
 * a group is one part of its enclosing sequence, consuming what any of its atoms can.
 */
function sequencesOf(source: string): Part[][] {
  const sequences: Part[][] = [];
  let at = 0;
  const parseAlternatives = (): { chars: boolean[]; zeroWidthOnly: boolean } => {
    const union = PROBES.map(() => false);
    let zeroWidthOnly = true;
    let sequence: Part[] = [];
    const close = (): void => {
      sequences.push(sequence);
      for (const part of sequence) {
        if (part.zeroWidth) continue;
        zeroWidthOnly = false;
        part.chars.forEach((c, i) => (union[i] ||= c));
      }
      sequence = [];
    };
    while (at < source.length) {
      const ch = source[at]!;
      if (ch === ')') break;
      if (ch === '|') {
        close();
        at++;
        continue;
      }
      let chars: boolean[];
      let zeroWidth = false;
      if (ch === '(') {
        const lookaround = /^\(\?(?:=|!|<=|<!)/.exec(source.slice(at));
        const prefix = lookaround?.[0] ?? /^\(\?(?::|<[A-Za-z_][A-Za-z0-9_]*>)?/.exec(source.slice(at))?.[0] ?? '(';
        at += prefix.length;
        const inner = parseAlternatives();
        at++; // ')'
        chars = inner.chars;
        zeroWidth = lookaround !== undefined || inner.zeroWidthOnly;
      } else if (ch === '[') {
        let end = at + 1;
        if (source[end] === '^') end++;
        if (source[end] === ']') end++;
        while (end < source.length && source[end] !== ']') end += source[end] === '\\' ? 2 : 1;
        chars = charsOf(source.slice(at, end + 1));
        at = end + 1;
      } else if (ch === '\\') {
        const escape = /^\\(?:[pP]\{[^}]*\}|u\{[0-9A-Fa-f]+\}|u[0-9A-Fa-f]{4}|x[0-9A-Fa-f]{2}|c[A-Za-z]|k<[^>]*>|.)/su.exec(source.slice(at))![0];
        zeroWidth = escape === '\\b' || escape === '\\B';
        chars = zeroWidth ? PROBES.map(() => false) : charsOf(escape);
        at += escape.length;
      } else if (ch === '^' || ch === '$') {
        zeroWidth = true;
        chars = PROBES.map(() => false);
        at++;
      } else {
        const literal = String.fromCodePoint(source.codePointAt(at)!);
        chars = ch === '.' ? PROBES.map((p) => p !== '\n') : charsOf(literal.replace(/[.*+?^${}()|[\]\\/]/g, '\\$&'));
        at += literal.length;
      }
      const quantifier = quantifierAt(source, at);
      at = quantifier.end;
      sequence.push({ chars, required: quantifier.min > 0, unbounded: quantifier.unbounded, zeroWidth });
    }
    close();
    return { chars: union, zeroWidthOnly };
  };
  parseAlternatives();
  return sequences;
}

/**
 * How many repeated parts of one sequence can take turns at the same characters: `\w*\w*\w*y`
 * gives 3, and a failing match then tries about n^3 ways to split a token of n characters among
 * them. A required part that none of them can match ends such a run (`\w+-\w+` gives 1).
 */
function overlappingRepeats(sequence: Part[]): number {
  let worst = 0;
  let run: boolean[][] = [];
  for (const part of sequence) {
    if (part.zeroWidth) continue;
    if (part.unbounded) {
      run.push(part.chars);
      for (let probe = 0; probe < PROBES.length; probe++) {
        const sharing = run.filter((chars) => chars[probe]).length;
        if (sharing > worst) worst = sharing;
      }
    } else if (part.required && !run.some((chars) => chars.some((c, i) => c && part.chars[i]))) {
      run = [];
    }
  }
  return worst;
}

/**
 * Refuses patterns that take polynomial time of a high degree on a token that does not match
 * (`^\w*\w*\w*\w*\w*\w*\w*y$` took 43 s on a 100-character token): k repeated parts that can
 * match the same characters one after another cost about n^k steps, one more power when the
 * pattern is not anchored with `^` (every start is tried). Degree 2 is allowed (`^\w+\d+$`:
 * 10^4 steps on 100 characters); 3 and above are refused. Returns a message, or undefined.
 */
export function checkRegexDegree(source: string): string | undefined {
  let sequences: Part[][];
  try {
    sequences = sequencesOf(source);
  } catch {
    return undefined; // not parsed here: RegExp itself says what is wrong
  }
  const repeats = Math.max(0, ...sequences.map(overlappingRepeats));
  const anchored = source.startsWith('^');
  const degree = repeats + (anchored || repeats === 0 ? 0 : 1);
  if (degree < 3) return undefined;
  return `/${source}/ can take polynomial time (about n^${degree} steps on a token of n characters that does not match): ${repeats} repeated parts can match the same characters one after another${anchored ? '' : ', and an unanchored pattern is tried from every position'}; merge them (\\w*\\w* is \\w*)${anchored ? '' : ' or anchor the pattern with ^'}`;
}
