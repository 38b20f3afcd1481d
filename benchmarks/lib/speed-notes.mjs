// Hand-written findings appended to benchmarks/results/speed.md: the profiles behind the numbers.
// Reproduce: node benchmarks/lib/speed-profile.mjs raw|pretok|load <file> out.cpuprofile
// and, for a whole process: node benchmarks/lib/speed-profile-whole.mjs <file> out.cpuprofile
export const PROFILE_NOTES = `## Profile of a whole process (\`node --cpu-prof dist/bin/sertag.js tag --format jsonl\` on the ×10 text; self time by stage; 2026-12-01)

\`node benchmarks/lib/speed-profile-whole.mjs FILE\` sums a whole run's samples by the stage whose code they are in
(start-up included). V8 inlines differently from run to run (\`Vocabulary.id\` is usually inlined into
\`tagOffsets\`), so read "tagger glue" and "interning" together.

| stage | start of the 2026-12-01 session (7.59 s sampled) | end of it, JSONL written as bytes (two runs, 3.81–3.85 s) |
|---|---:|---:|
| garbage collection | 31.7 % | 3.7–3.9 % |
| output: JSONL, UTF-8 encoding, writes | 17.5 % | 19.9–20.8 % |
| tagger glue (per-sentence arrays, entity objects) + interning tokens | 18.6 % | 33.4–33.9 % |
| tokenizer + sentence splitter | 8.0 % | 11.9–13.9 % |
| rules | 10.0 % | 13.6–13.7 % |
| gazetteer match (trie) | 5.5 % | 2.4 % |
| resolve | 2.0 % | 3.0–3.9 % |
| input: reading, UTF-8 decoding, paragraphs | 2.1 % | 3.3–3.6 % |
| start-up: Node, modules, cache | 1.1 % | 1.9–3.5 % |
| token objects and code-point offsets for the output | 0.8 % | 1.4–1.6 % |

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

Issue 17's targets on 2026-12-01 (the tables above; a 2-core Intel Xeon VM, load 0.8–1.4):
- Whole process ≥ 1.5M tokens/s: 734k (650k–870k); at the start of the day 344k (load 2.6–3.8). Ratios
  against the peers of the same run moved the same way: pyahocorasick 0.47× → 1.02×, spaCy's
  PhraseMatcher 2.59× → 4.53×, grep 0.15× → 0.26×. The targets (3×, 15×, within 2×) are not met.
- ≥ 3M tokens/s in one process: 1.06M (raw text → JSONL, 3M tokens). The \`floor\` scenario (no entry,
  no rule) is 1.59M on this machine: the tokenizer, the sentence splitter, interning, the per-sentence
  loop and the JSONL alone are over the budget before anything is matched.
- \`--jobs 2\` ≥ 1.6×: 1.50× (pairs 1.47–1.60) on the 9M-token JSONL corpus; 1.1–1.3× on the 3M-token
  one, where each thread's warm-up weighs more. With both cores busy with JavaScript, V8's compiler
  and GC threads wait: in one process, two threads tagging the text in memory ran their first pass
  1.5–1.7 s each for half the text where one thread took 2.0 s for all of it, and their later passes
  0.8–1.2 s against 1.7 s. \`--jobs N\` now runs N − 1 workers and tags on the main thread too (one
  isolate fewer to warm up: 4.09 → 3.91 s on the 3M-token JSONL corpus, CPU 7.4 → 6.8 s, RSS 355 →
  306 MB). The default stays 1.
- Cold start ≤ 250 ms: met since the CLI is bundled with esbuild (\`scripts/bundle-cli.mjs\`):
  \`node dist/bin/sertag.js tag\` 234 ms median, Node alone 99 ms (272 ms and 105 ms before the bundle,
  in the full run); in the library, import 49 ms + \`createTagger\` 77 ms on a cache hit.
- Peak RSS ≤ 200 MB on the 3M-token file: 249 MB (465 MB at the start of the day); flat on large
  input since the leak fix (165 MB of text: 308 MB, was 720 MB and growing).
- Tried and dropped: copying each text into a flat string of its own before tagging (V8 reads a
  slice's characters through its parent; tokenizing and interning a 1 MB slice took 41 ms against
  32 ms for a flat copy, but whole runs showed no difference in 9 alternating pairs, 3.90 s against
  3.93 s), and a byte-level tokenizer: the tokenizer and sentence splitter are 12–14 % of a whole run,
  reading and decoding the input 3 %, so the most it could give is well under the 2× still missing,
  for a second implementation of every tokenizer rule.

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
