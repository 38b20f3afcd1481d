// Hand-written findings appended to benchmarks/results/speed.md: the profiles behind the numbers.
// Reproduce: node benchmarks/lib/speed-profile.mjs raw|pretok|load <file> out.cpuprofile
export const PROFILE_NOTES = `## Profile (node inspector, 200 µs sampling; self time; default tagger, 13,381 entries)

Raw text (\`tag\`, load excluded): findCandidates 31.8 %, unattributed harness/inlined frames 18 %,
tokenizer splitChunk 9.3 % + tokenize 4.6 % + pushToken 1.0 %, tagTokenList 6.9 %, tagsFromSpans 5.8 %,
resolve 3.9 %, tagSentence 2.8 %, rulesFor 2.3 %, tokenShape 1.5 %, GC 1.5 %.
Pre-tokenized (\`tagTokens\`): findCandidates 44.9 %, tagsFromSpans 8.4 %, resolve 5.1 %, rulesFor 3.2 %, tagSentence 2.6 %.
Loading (\`createTagger()\` without cache): the yaml package's parser and composer ≈ 80 %, GC 13 %;
\`loadSources\` parses every gazetteer twice (\`declaredTypesOf(new YamlSource(...))\` and again in \`loadGazetteerYaml\`).

Only 0.13 candidates per token on dev.txt (8,391 first tokens in the trie): findCandidates' time is
one \`Map.get\` per token on a freshly lower-cased string (hashing it), not the walk itself.

Targets missed and why: raw text → JSONL (target ≥ 3M tokens/s) is capped by the tokenizer alone
(bare tokenizer ≈ 3M tokens/s in the same run); the tagger after it runs ≈ 0.6M tokens/s.
`;
