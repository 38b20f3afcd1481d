// CPU profile of one phase of the default tagger, with self time per function (top N).
// usage: node benchmarks/lib/speed-profile.mjs load|raw|pretok [text-or-gold-file] [out.cpuprofile]
// `load` profiles createTagger(); `raw` tags every line of the text file after loading (the load is
// not in the profile); `pretok` tags the gold token lists. The .cpuprofile opens in Chrome DevTools.
import { Session } from 'node:inspector/promises';
import { readFileSync, writeFileSync } from 'node:fs';

const [phase = 'raw', file, outFile] = process.argv.slice(2);
const { createTagger } = await import(new URL('../../dist/index.js', import.meta.url).href);
const session = new Session();
session.connect();
await session.post('Profiler.enable');
await session.post('Profiler.setSamplingInterval', { interval: 200 });
let tagger;
if (phase === 'load') {
  await session.post('Profiler.start');
  tagger = createTagger();
} else {
  tagger = createTagger();
  const items = readFileSync(file, 'utf8').split('\n').filter((l) => l.length > 0);
  const input = phase === 'pretok' ? items.map((l) => l.split('\u0001')) : items;
  const once = () => { let n = 0; for (const x of input) n += (phase === 'pretok' ? tagger.tagTokens(x) : tagger.tag(x)).tokens.length; return n; };
  once(); // warm-up, not profiled
  await session.post('Profiler.start');
  once();
  once();
}
const { profile } = await session.post('Profiler.stop');
if (outFile) writeFileSync(outFile, JSON.stringify(profile));
const self = new Map();
const byId = new Map(profile.nodes.map((n) => [n.id, n]));
const counts = new Map();
for (const id of profile.samples) counts.set(id, (counts.get(id) ?? 0) + 1);
let total = 0;
for (const [id, c] of counts) {
  const n = byId.get(id);
  const f = n.callFrame;
  const key = `${f.functionName || '(anonymous)'} ${f.url.replace(/^.*\/(dist|node_modules)\//, '$1/')}:${f.lineNumber + 1}`;
  self.set(key, (self.get(key) ?? 0) + c);
  total += c;
}
for (const [k, c] of [...self].sort((a, b) => b[1] - a[1]).slice(0, 25)) console.log(`${((100 * c) / total).toFixed(1).padStart(5)}%  ${k}`);
