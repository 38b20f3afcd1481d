// Cold start: a fresh process imports sertag and builds the default tagger, then tags one sentence.
// usage: node benchmarks/lib/speed-cold.mjs '<json TaggerOptions>'   → one JSON line of timings (ms since process start)
import { performance } from 'node:perf_hooks';

const options = JSON.parse(process.argv[2] ?? '{}');
const atStart = performance.now();
const { createTagger } = await import(new URL('../../dist/index.js', import.meta.url).href);
const imported = performance.now();
const tagger = createTagger(options);
const created = performance.now();
tagger.tag('Stackless Python uses microthreads instead of the C call stack.');
const tagged = performance.now();
process.stdout.write(
  JSON.stringify({
    processToScriptMs: atStart,
    importMs: imported - atStart,
    createMs: created - imported,
    startMs: created - atStart,
    firstTagMs: tagged - created,
    readyMs: tagged,
    entries: tagger.stats.entries,
    maxRssMb: process.resourceUsage().maxRSS / 1024,
  }) + '\n',
);
