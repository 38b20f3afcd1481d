// Cold start: a fresh process imports sertag and builds the default tagger, then tags one sentence.
// usage: node benchmarks/lib/speed-cold.mjs '<json TaggerOptions>'   → one JSON line of timings (ms since process start)
import { performance } from 'node:perf_hooks';

// With `--via-cache`, loading goes through loadSourcesCached and compileTrie: what createTagger does
// once it calls the cache (until then the tagger itself is not built, so no first tag is timed).
const viaCache = process.argv.includes('--via-cache');
const options = JSON.parse(process.argv.find((a, i) => i >= 2 && !a.startsWith('--')) ?? '{}');
const atStart = performance.now();
const { createTagger } = await import(new URL('../../dist/index.js', import.meta.url).href);
const cache = viaCache ? await import(new URL('../../dist/cache/index.js', import.meta.url).href) : undefined;
const match = viaCache ? await import(new URL('../../dist/match/index.js', import.meta.url).href) : undefined;
const imported = performance.now();
let tagger;
if (cache) {
  const loaded = cache.loadSourcesCached(options);
  match.compileTrie(loaded.entries);
  tagger = { stats: { entries: loaded.entries.length }, tag() {} };
} else tagger = createTagger(options);
const created = performance.now();
tagger.tag('Stackless Python uses microthreads instead of the C call stack.');
const tagged = performance.now();
process.stdout.write(
  JSON.stringify({
    processToScriptMs: atStart,
    importMs: imported - atStart,
    createMs: created - imported,
    firstTagMs: tagged - created,
    readyMs: tagged,
    entries: tagger.stats.entries,
    maxRssMb: process.resourceUsage().maxRSS / 1024,
  }) + '\n',
);
