import type { Candidate } from '../types.js';

/** Which tokens a kept candidate covers; reused from call to call (allocating it each time costs more than clearing it). */
let taken = new Uint8Array(256);

/**
 * The overlap policy, in one place: higher priority first, then higher score (absent counts as 0),
 * then longer, then leftmost, then the one proposed first. Candidates are taken in that order and each is kept unless it overlaps one
 * already kept. Returns the kept candidates in text order.
 */
export function resolve(candidates: readonly Candidate[], tokenCount: number): Candidate[] {
  if (candidates.length <= 1) return candidates.slice();
  const order = candidates.map((_, i) => i);
  order.sort((a, b) => {
    const x = candidates[a]!;
    const y = candidates[b]!;
    return y.priority - x.priority || (y.score ?? 0) - (x.score ?? 0) || y.end - y.start - (x.end - x.start) || x.start - y.start || a - b;
  });
  if (taken.length < tokenCount) taken = new Uint8Array(Math.max(tokenCount, taken.length * 2));
  else taken.fill(0, 0, tokenCount);
  const kept: Candidate[] = [];
  for (const index of order) {
    const c = candidates[index]!;
    let free = true;
    for (let k = c.start; k < c.end; k++) {
      if (taken[k]) {
        free = false;
        break;
      }
    }
    if (!free) continue;
    taken.fill(1, c.start, c.end);
    kept.push(c);
  }
  return kept.sort((a, b) => a.start - b.start);
}
