// Hand-written findings appended to benchmarks/results/speed.md: the profiles behind the numbers.
// Reproduce: node benchmarks/lib/speed-profile.mjs raw|pretok|load <file> out.cpuprofile
// and, for a whole process: node benchmarks/lib/speed-profile-whole.mjs <file> out.cpuprofile
export const PROFILE_NOTES = `## Profile of a whole process (\`node --cpu-prof dist/bin/sertag.js tag --format jsonl\` on the ×10 text; self time by stage; 2026-12-01)

\`node benchmarks/lib/speed-profile-whole.mjs FILE\` sums a whole run's samples by the stage whose code they are in
(start-up included). V8 inlines differently from run to run (\`Vocabulary.id\` is usually inlined into
\`tagOffsets\`), so read "tagger glue" and "interning" together.

| stage | start of the first 2026-12-01 session (7.59 s sampled) | JSONL written as bytes (two runs, 3.81–3.85 s) | one facts array per sentence, \`Int32Array\` offsets, heap growth 50 % (two runs, 3.3–4.5 s) |
|---|---:|---:|---:|
| garbage collection | 31.7 % | 3.7–3.9 % | 4.6–5.6 % |
| output: JSONL, UTF-8 encoding, writes | 17.5 % | 19.9–20.8 % | 21.5–22.0 % |
| tagger glue (per-sentence arrays, entity objects) + interning tokens | 18.6 % | 33.4–33.9 % | 21.3–23.1 % |
| tokenizer + sentence splitter | 8.0 % | 11.9–13.9 % | 13.3–13.6 % |
| rules | 10.0 % | 13.6–13.7 % | 14.2–14.9 % |
| gazetteer match (trie) | 5.5 % | 2.4 % | 9.8–11.7 % |
| resolve | 2.0 % | 3.0–3.9 % | 3.4 % |
| input: reading, UTF-8 decoding, paragraphs | 2.1 % | 3.3–3.6 % | 3.1–3.6 % |
| start-up: Node, modules, cache | 1.1 % | 1.9–3.5 % | 2.2–2.3 % |
| token objects and code-point offsets for the output | 0.8 % | 1.4–1.6 % | 1.1–1.2 % |

The third column is the first since the CLI is bundled: \`speed-profile-whole.mjs\` now maps each
frame of \`dist/bin/chunk-*.js\` back to its module through the source map. Matching shows 10–12 %
against 2.4 % before: in those runs V8 had inlined \`findCandidatesAt\` into the tagger's loop (an
in-process profile before the facts change showed it at 8.5 % on its own), so read the glue and
matching rows together: 36 % then, 31–35 % now.

What took the garbage collector from a third of the run to 4 %: the JSONL formatter built each ~1 MB
document's line (~6.5 MB, a million pieces: every token's offsets as \`"[" + start + "," + end + "]"\`)
as a string, which V8 then flattened and encoded; now the digits, keys and JSON strings go straight
into one reused byte buffer (\`Formatter.write\`, \`Utf8Output\`), which the CLI lends to the output
stream instead of copying. The first version of the byte writer escaped and encoded JSON strings in
one JavaScript loop, which V8 deoptimized ~350 times a run (\`--trace-deopt\`: once per branch it had
not seen); plain ASCII is now copied in a loop without such branches and anything else goes through
\`JSON.stringify\`. The token offsets are written by one loop (\`uintPairs\`): 390 → 160 ms for 3M
tokens in one process. What is left is spread thin: the per-sentence arrays and entity objects, the
rules, the tokenizer; none is over a third, and no single function over 15 %.

Issue 17's targets, last measured 2026-12-01 (the tables above; a 2-core Intel Xeon VM, load 0.9–1.3):
- Whole process ≥ 1.5M tokens/s: 816k (679k–963k), 718k in a second run, 1.09–1.23M on a fast
  minute (5 pairs against the build before, which was as fast: 2.57 against 2.61 s); 734k in the run before, 344k at the start of the
  first session of the day (load 2.6–3.8). Ratios against the peers of the same run: pyahocorasick
  0.47× → 1.02× → 1.04×, spaCy's PhraseMatcher 2.59× → 4.53× → 3.92× (sertag's one-second run on the
  298k-token text is mostly start-up and warm-up), grep 0.15× → 0.26× → 0.27×. The targets (3×,
  15×, within 2×) are not met.
- ≥ 3M tokens/s in one process: 0.98M in this run (raw text → JSONL, 3M tokens; 1.06M in the run
  before, on a faster minute of the machine: the bare tokenizer ran 4.07M against 4.35M). The
  \`floor\` scenario (no entry, no rule) is 2.03M: the tokenizer, the sentence splitter, interning,
  the per-sentence loop and the JSONL alone are over the 330 ns per token of the budget before
  anything is matched. Hashing a token's characters for the vocabulary costs 21–27 ns per token in
  V8 here (Uint16Array or string), 3× the same loop in C (gcc -O2, 1.5 ns per character).
- \`--jobs 2\` ≥ 1.6×: 1.77× (pairs 1.20–1.84), then in two more runs the same hour 1.63× (1.14–1.85)
  and 1.32× (1.04–1.60), on the 9M-token JSONL corpus; 1.50× (1.47–1.60) in the run before. Not
  reliably met: single pairs range 1.04–1.85× with the load other machines put on the second core. On the 3M-token text,
  0.97–1.23× in three pairs. The default stays 1. With both cores busy with JavaScript, V8's
  compiler and GC threads wait: in one process, two threads tagging the text in memory ran their
  first pass 1.5–1.7 s each for half the text where one thread took 2.0 s for all of it.
- Cold start ≤ 250 ms: \`node_modules/.bin/sertag tag\` 239 ms, \`node dist/bin/sertag.js tag\`
  266 ms median in this run, 283 and 288 ms in a second one (234 ms for both in the run before, at
  load 0.6–0.7; Node alone 93–106 ms), 165–172 ms by \`hyperfine -N\` on a fast minute in between;
  in the library, import 51 ms + \`createTagger\` 76 ms on a cache hit. Met or not with the minute.
- Peak RSS ≤ 200 MB on the 3M-token file: met, 180 MB (249 MB in the run before, 465 MB at the start
  of the day). The CLI sets \`--heap-growing-percent=50\`: V8 otherwise let the old generation grow
  to 3.7× what survived a full collection (31 → 115 MB) before the next one.
- New tokens: the benchmark text repeats \`dev.txt\`, so after its first tenth every token is known.
  With an empty vocabulary a pass over \`dev.txt\` (29k distinct tokens) took ~50 % longer; a new
  token's facts cost 3.1 µs, 2.1 µs of it in the per-token prefilter (31 first items tested, 25 of
  them implied by the rule's own anchors). Only unanchored \`add\` rules are prefiltered now: 0.7 µs,
  and the empty-vocabulary pass's extra time 108 → 74 ms. What is left of it (profile of six passes
  each way): the trie's key lookup (a \`Map.get\` on the new lower-cased string) 15 ms, interning
  14 ms, the facts 10 ms, garbage collection 10 ms, the remaining prefilter tests 7 ms.
- Tried and dropped: copying each text into a flat string of its own before tagging (V8 reads a
  slice's characters through its parent; tokenizing and interning a 1 MB slice took 41 ms against
  32 ms for a flat copy, but whole runs showed no difference in 9 alternating pairs, 3.90 s against
  3.93 s); a larger young generation (\`--max-semi-space-size\` 8, 32 or 64 MB: no gain in time,
  up to 390 MB of RSS); writing offsets two digits at a time (17 against 20 ns per number in
  isolation, under 1 % of a run); and a byte-level tokenizer: the tokenizer and sentence splitter
  are 13–14 % of a whole run, reading and decoding the input 3–4 %, so the most it could give is
  well under the 2× still missing, for a second implementation of every tokenizer rule.

## Profile (node inspector, 200 µs sampling; self time; default tagger, 15,292 entries; 2026-11-26)

Raw text (\`tag\` over the ×10 text, load excluded), with V8's inlining: \`Vocabulary.id\` 20.4 % (hashing
each token's characters, probing the table, comparing with the pooled characters), \`findCandidatesAt\`
14.7 % (with the trie probe inlined), \`tagOffsets\` 14.5 % (reading each token's facts into the
sentence's arrays), the tokenizer ≈ 20 % (\`splitChunk\` 6.3 %; the whitespace scan is inlined into
the benchmark's loop, 13.8 % with it), \`applyVetoes\` 5.1 %, \`resolve\` 4.5 %, \`tagSentence\` 4.4 %,
\`testToken\` 2.4 %, sentence splitting 2.3 %, GC 1.7 %.
Where the time goes, by ablation (one process, taggers alternating over the 300k-token text, nine
rounds, medians): 1,013 ns per token with the default gazetteers and rules, 852 without any rule,
622 with no gazetteer entry and no rule. That floor — tokenizing, sentence splitting, interning, the
per-sentence loop — is ~60 % of the time; gazetteer matching ~23 %, rules ~16 %. The \`floor\`
scenario above measures the same floor through the whole raw-text job.
Loading 1M synthetic entries given as objects (cache off): validating and compiling the entries
2.1–2.7 s, compiling the trie 2.2–3.4 s: 2.34M edge tokens (173k distinct), each one \`Map.get\` in
the key dictionary (≈ 0.7 µs each, bound by memory latency: tried instead, interning them in a
\`Vocabulary\` compiled the 1M-entry trie 10–25 % faster but made the cold start of the default
tagger ~30 ms slower) and one probe of an edge table of 48 MB.
Cold start on a cache hit: importing sertag 33–60 ms (47 modules; the \`yaml\` package is no longer
loaded), \`createTagger\` 75–102 ms: reading and checking the 0.9 MB cache file, \`JSON.parse\`,
rebuilding 15k entry objects (GC is a third of it) and the trie from its stored layout (before: the
trie compiled from the entries, ~45 ms cold).
\`sertag tag --jobs 2\` on the 55 MB JSONL corpus: the main thread is idle 73 % of the run; each
worker spent 9 % of its time in \`encodeUtf8String\`, flattening and encoding its batch's output
concatenated into one string. Encoding document by document into a reused buffer
(\`src/formats/utf8-output.ts\`) took ~30 % off formatting + encoding; the whole CLI got 1.05–1.53×
faster with one job (median of four alternating pairs 1.15×) and 1.01–1.13× with two (1.08×).
Two independent single-job processes run side by side finished 1.65–2.03× sooner than one after the
other would (three trials), and each used as much CPU as when alone: this machine allows about 1.9×
on two cores. CPU time per thread, read from \`/proc\`: one job 11.25 s — the main thread 10.2 s, V8's
helper threads (GC, compiler) 1.0 s; two jobs 12.3–14.1 s in four runs — the workers 9.7–11.2 s
together, the main thread 0.4–0.8 s, and in the run listed in full V8's helper threads 2.1 s (three
isolates' GC and compilation). Those extra 10–25 % of CPU, on two busy cores, are the gap: 1.45–1.65× at best.
Tried: V8's default young generation for the workers instead of 96 MB (more CPU: 13.2–13.6 s
against 12.3–13.0 s) and \`--single-threaded-gc\` (12.98–13.21 s against 13.13–13.88 s: within the noise).

Targets missed and why (four full runs on 2026-11-26 with this code; the table above is the last):
- Raw text → JSONL ≥ 3M tokens/s: 0.99–1.06M. The \`floor\` scenario — the same job with no
  gazetteer entry and no rule — runs 2.0–2.5M tokens/s: tokenizing, splitting sentences, interning
  and writing JSONL already cost more than the whole 3M budget (333 ns per token) before anything is
  matched. The tokenizer alone is 7.5–8.5M tokens/s, interning about as much again; both are tight
  loops over characters, bound by charCodeAt on V8 strings and by cache misses on the rarer tokens.
- ≥ 7× wink-nlp's default pipe: 4.6–6.5× on the peer's text (wink-nlp itself ran at 162k–206k
  tokens/s across the four runs).
- Pre-tokenized ≥ 5M tokens/s: 0.78–0.87M; the same interning, matching and rules per token, after
  joining each sentence's tokens, plus the BIO formatting.
- \`--jobs 2\` ≥ 1.8×: 1.28–1.49× in the full runs (the last, median of five alternating pairs: 1.49×;
  1.50× and 1.52× in two more runs of that scenario alone). One job already keeps ~1.05 cores busy
  (V8's GC and compiler threads use the second core), and two jobs use 10–25 % more CPU in all
  (three isolates' GC and compilation, each worker's own tagger and warm-up); the machine itself
  allows about 1.9× (two independent processes). Tried and dropped: sending the workers the input's raw bytes
  (checked with \`buffer.isUtf8\`, transferred without a copy, decoded by the workers) so the main
  thread makes no strings — 0.92–1.26× in six alternating pairs, median 0.99: no gain.
`;
