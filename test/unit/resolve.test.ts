import { describe, expect, it } from 'vitest';
import type { Candidate } from '../../src/match/index.js';
import { resolve } from '../../src/resolve/index.js';

const c = (start: number, end: number, priority = 0, type = 'Language'): Candidate => ({ start, end, priority, type });
const spans = (kept: Candidate[]) => kept.map((k) => `${k.start}-${k.end}:${k.type}`);

describe('resolve: priority, then longest, then leftmost', () => {
  it.each([
    { candidates: [c(0, 1), c(0, 2)], expected: ['0-2:Language'], explanation: 'longest wins at equal priority' },
    { candidates: [c(0, 2), c(1, 3)], expected: ['0-2:Language'], explanation: 'leftmost wins at equal priority and length' },
    { candidates: [c(0, 3), c(1, 2, 10, 'Protocol')], expected: ['1-2:Protocol'], explanation: 'priority beats length' },
    { candidates: [c(2, 3), c(0, 1), c(4, 6)], expected: ['0-1:Language', '2-3:Language', '4-6:Language'], explanation: 'non-overlapping all kept, in text order' },
    { candidates: [c(0, 1, 0, 'Language'), c(0, 1, 0, 'Library')], expected: ['0-1:Language'], explanation: 'a full tie goes to the candidate proposed first' },
    { candidates: [], expected: [], explanation: 'nothing in, nothing out' },
  ])('$explanation', ({ candidates, expected }) => {
    expect(spans(resolve(candidates, 10))).toEqual(expected);
  });
});
