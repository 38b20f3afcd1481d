// Hand-written findings appended to benchmarks/results/speed.md: the profiles behind the numbers.
// Reproduce: node benchmarks/lib/speed-profile.mjs raw|pretok|load <file> out.cpuprofile
export const PROFILE_NOTES = `## Profile (node inspector, 200 µs sampling; self time; default tagger, 15,292 entries; 2026-11-25)

Raw text (\`tag\` over the ×10 text, load excluded): \`TokenMemo.get\` 24.0 % (one Map lookup per token of
three or more characters; tokens of one or two ASCII characters are an array index), \`findCandidatesAt\`
16.2 % (43 % of it is \`children.get\` of the next token in trie nodes with several children),
\`tagTokenList\` 14.0 % (a quarter of it reading each token's memoized facts), tokenizer \`splitChunk\`
7.5 %, \`tagSentence\` 6.5 %, \`resolve\` 3.6 %, rule tests (\`testToken\` 3.4 %, \`applyVetoes\` 3.3 %),
\`sentenceRanges\` 1.6 %, \`tagsFromSpans\` 1.4 %, GC 1.2 %.
Pre-tokenized (\`tagTokens\` over the ×10 gold tokens): \`TokenMemo.get\` 26.8 %, \`findCandidatesAt\` 18.8 %,
\`tagTokenList\` 14.4 %, \`tagSentence\` 6.6 %, \`applyVetoes\` 5.0 %, \`resolve\` 4.2 %, \`tagTokens\` 4.1 %
(the Token objects and the joined text), \`testToken\` 4.1 %. In the benchmark's child process, writing
the BIO file adds \`formatWikiserSentence\` ≈ 7 %, the writes ≈ 7 % and GC ≈ 15 % (the whole 3M-token
input is held in memory as arrays, so every token string is a cold read).
Loading 1M synthetic entries given as objects (cache off, 4.7 s): trie \`insert\` 30.7 % + \`compileTrie\`
19.6 % (80 % of \`insert\` is the root's \`Map.get\` over ~160k distinct first words), \`compileEntries\`
30.5 % (splitting terms into tokens a third of it, the duplicate check \`seen.get\` a fifth, then the
entry and source objects), GC 11.6 %.
\`--jobs 2\` on the 55 MB JSONL corpus: the main thread is busy 1.3 s of 6.8 s (reading, \`JSON.parse\` of
each record, writing bytes the workers encoded), each worker ≈ 6.3 s; user CPU is ≈ 10.5 s with one
job and ≈ 11.1 s with two, so 2 jobs keep about 1.65 of the 2 cores busy.

Three quarters of the tagger's time per token is hash-map work on strings: the memo lookup of the
token, reading its facts, and the trie step to the next token. Each is a likely cache miss (~30k
distinct tokens, entries spread over the heap) on a shared L3; the code around them is cheap.

Targets missed and why:
- Raw text → JSONL ≥ 3M tokens/s (≥ 7× wink-nlp): the bare tokenizer runs ~10M tokens/s in the same
  run, so the tokenizer is no longer the cap; the tagger after it (≈ 0.6 µs per token) is, for the
  lookups above. Reaching 3M would need fewer than one hash lookup per token, e.g. hashing tokens
  while tokenizing and one open-addressing table over a contiguous character pool.
- Pre-tokenized ≥ 5M tokens/s: the same lookups, on token strings that were created long before
  (the benchmark holds its input in memory), so each first touch of a token is a cache miss.
- \`--jobs 2\` ≥ 1.8×: the main thread still reads and parses every JSONL record (≈ 20 % of a core), and
  the two workers each warm up their own JIT and token memo; 2 jobs keep ≈ 1.65 cores busy.
`;
