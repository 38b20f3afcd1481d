/**
 * Rejects regular expressions prone to catastrophic backtracking: a quantified group that itself
 * contains a quantifier (`(a+)+`, `(\w*)*`) or an alternation (`(a|aa)+`), or a back-reference. Tokens are
 * short, but a rule runs on every token of every sentence, so a super-linear pattern is never worth it.
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
  return undefined;
}
