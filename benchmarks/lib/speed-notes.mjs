// Hand-written findings appended to benchmarks/results/speed.md: the profiles behind the numbers.
// Reproduce: node benchmarks/lib/speed-profile.mjs raw|pretok|load <file> out.cpuprofile
export const PROFILE_NOTES = `## Profile (node inspector, 200 µs sampling; self time; default tagger, 15,292 entries; 2026-11-26)

Raw text (\`tag\` over the ×10 text, load excluded), with V8's inlining: \`tagOffsets\` 32.8 % — about
20 points of it the inlined \`Vocabulary.id\` (reading the table slot 7.8, comparing the token's
characters with the pool 6.3, hashing them 3.5) and 9 points reading each token's facts into the
sentence's arrays —, \`findCandidatesAt\` 14.5 % (with the inlined trie probe), tokenizer \`splitChunk\`
7.0 %, \`applyVetoes\` 4.4 %, \`tagSentence\` 4.4 %, \`resolve\` 4.4 %, \`testToken\` 2.3 %, sentence
splitting ≈ 3 %, the benchmark's own JSON output ≈ 15 %.
Pre-tokenized (\`tagTokens\`): \`tagOffsets\` 34.3 %, \`findCandidatesAt\` 17.1 %, \`tagTokens\` 7.0 % (the
joined text and offsets), \`applyVetoes\` 5.3 %, \`resolve\` 4.8 %, \`tagSentence\` 4.5 %, GC 3.4 %, the
benchmark's BIO formatting and writes ≈ 15 %.
Loading 1M synthetic entries given as objects (cache off): trie \`insert\` 21.8 % (nearly all of it the
\`Map.get\` of each lower-cased edge token in the key dictionary), \`compileEntries\` 17.3 %,
\`compileTrie\` 9.5 %, GC 14.6 %, the benchmark building its entries ≈ 25 %.
\`--jobs 2\` on the 55 MB JSONL corpus: the main thread is idle 77 % of the run (it cuts the input
into blocks of lines and writes the bytes the workers encoded; the workers parse the records);
the workers are busy 97–98 %. In three alternating pairs, CPU time (user + sys) was 13.4, 13.0 and
11.5 s with one job and 14.0, 14.0 and 12.6 s with two (+5 to +9 %, +11 % in a later pair: a second tagger, JIT and heap,
and the batches' strings copied to the workers); one job keeps 1.05 cores busy (V8's GC threads
use the second core), two keep 1.82.

Interning (one hash over the token's characters, one probe of a 16-byte slot, one comparison with
the pooled characters) is now the largest single cost, then reading each token's facts; each
is mostly a cache miss for the rarer tokens (30k distinct tokens, a table of 1 MB).

Targets missed and why (six full runs on 2026-11-26; the table above is the last):
- Raw text → JSONL ≥ 3M tokens/s: 0.81–1.24M on the big text, 0.99–1.56M on the peer's text. The
  tokenizer alone runs 5.7–8.1M tokens/s and interning costs about as much again, so tokenizing
  and looking tokens up already take ~40 % of a 3M budget before any matching, rules or output.
  Reaching 3M would need the tokenizer to hash as it scans and the per-token facts packed in typed
  arrays (one cache line for most tokens): a further redesign.
- ≥ 7× wink-nlp's default pipe: 5.3–7.2× on the peer's text (7.2× in one run of six).
- Pre-tokenized ≥ 5M tokens/s: 0.79–0.96M; the same interning and matching per token, plus joining
  each sentence's tokens into one text.
- \`--jobs 2\` ≥ 1.8×: 1.31–1.77×. One job already keeps 1.05 cores busy, two jobs need 5–11 % more CPU
  and keep 1.82 cores busy: 2 × 0.91 ÷ 1.05 ÷ 1.07 ≈ 1.6×, around which the runs scatter.
`;
