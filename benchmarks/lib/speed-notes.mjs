// Hand-written findings appended to benchmarks/results/speed.md: the profiles behind the numbers.
export const PROFILE_NOTES = `## Profile

(pending)
`;
