// CPU profile of a whole `sertag tag --format jsonl FILE` process, as a user runs it (start-up,
// cache, reading, tagging, writing), summed by stage: where the time of a whole run goes.
// usage: node benchmarks/lib/speed-profile-whole.mjs FILE|--from=saved.cpuprofile [out.cpuprofile]
// Runs `node --cpu-prof dist/bin/sertag.js tag --format jsonl FILE` (output discarded), then prints
// self time per stage (by source file) and the top functions. The .cpuprofile opens in Chrome DevTools.
import { spawnSync } from 'node:child_process';
import { copyFileSync, existsSync, mkdtempSync, readdirSync, readFileSync, rmSync } from 'node:fs';
import { SourceMap } from 'node:module';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { repo } from './speed-util.mjs';

const [file, outFile] = process.argv.slice(2);
if (!file) {
  process.stderr.write('usage: node benchmarks/lib/speed-profile-whole.mjs FILE|--from=saved.cpuprofile [out.cpuprofile]\n');
  process.exit(2);
}
/** Profiles one run, or reads a profile saved before (--from=), to summarize it again. */
function profileOf() {
  if (file.startsWith('--from=')) return JSON.parse(readFileSync(file.slice(7), 'utf8'));
  const dir = mkdtempSync(join(tmpdir(), 'sertag-cpu-prof-'));
  const r = spawnSync(process.execPath, ['--cpu-prof', `--cpu-prof-dir=${dir}`, join(repo, 'dist', 'bin', 'sertag.js'), 'tag', '--format', 'jsonl', file], { stdio: ['ignore', 'ignore', 'inherit'] });
  if (r.status !== 0) process.exit(r.status ?? 1);
  const profilePath = join(dir, readdirSync(dir)[0]);
  if (outFile) copyFileSync(profilePath, outFile);
  const saved = JSON.parse(readFileSync(profilePath, 'utf8'));
  rmSync(dir, { recursive: true, force: true });
  return saved;
}
const profile = profileOf();

// Stages by where the code lives (first pattern that matches wins).
const STAGES = [
  ['garbage collection', (f, u) => f === '(garbage collector)'],
  ['start-up: Node, modules, cache', (f, u) => /(?:dist|src)\/(cache|gazetteer|load|yaml-source)|node_modules\/yaml|node:internal\/(modules|bootstrap|process|url)|^node:path/.test(u) || /compileFor|wrapSafe|\(program\)/.test(f)],
  ['tokenizer + sentence splitter', (f, u) => /(?:dist|src)\/tokenize\//.test(u)],
  ['interning tokens (vocabulary)', (f, u) => /(?:dist|src)\/match\/vocabulary/.test(u)],
  ['gazetteer match (trie)', (f, u) => /(?:dist|src)\/match\//.test(u)],
  ['rules', (f, u) => /(?:dist|src)\/rules\//.test(u) || /^RegExp: \^/.test(f)],
  ['resolve', (f, u) => /(?:dist|src)\/resolve\//.test(u)],
  ['tagger glue (per-sentence arrays, entity objects)', (f, u) => /(?:dist|src)\/tagger\.[jt]s/.test(u)],
  ['token objects and code-point offsets for the output', (f, u) => /(?:dist|src)\/(offsets|utf8)\.[jt]s/.test(u)],
  ['output: JSONL strings, UTF-8 encoding, writes', (f, u) => /(?:dist|src)\/(output|formats|cli\/(utf8-output|output)|pipeline\/document)|node:buffer|writeBuffer|writev|node:internal\/fs|node:fs|node:internal\/streams/.test(u + ' ' + f) || /^(write|writeBuffer|writev|set length)$/.test(f)],
  ['input: reading, UTF-8 decoding, paragraphs', (f, u) => /(?:dist|src)\/cli\/input|^decode$|^read$/.test(u || f) || /RegExp: \\n/.test(f)],
  ['CLI (tag command)', (f, u) => /(?:dist|src)\/cli\//.test(u)],
];
// The CLI is bundled (scripts/bundle-cli.mjs): a frame in dist/bin/chunk-*.js is put back in the
// module it came from through the chunk's source map (a line of src/match/trie.ts), so the stages
// above see the modules, bundled or not.
const sourceMaps = new Map();
function moduleOf(url, line, column) {
  if (!/\/dist\/bin\/[^/]+\.js$/.test(url)) return { url, line };
  if (!sourceMaps.has(url)) {
    const mapFile = fileURLToPath(url.startsWith('file:') ? url : `file://${url}`) + '.map';
    sourceMaps.set(url, existsSync(mapFile) ? new SourceMap(JSON.parse(readFileSync(mapFile, 'utf8'))) : undefined);
  }
  const entry = sourceMaps.get(url)?.findEntry(line, column);
  const module = entry?.originalSource && /src\/(.+)\.ts$/.exec(entry.originalSource);
  return module ? { url: `src/${module[1]}.ts`, line: entry.originalLine } : { url, line };
}
const byId = new Map(profile.nodes.map((n) => [n.id, n]));
const stage = new Map();
const fn = new Map();
const others = new Map();
let total = 0;
for (const id of profile.samples) {
  const { functionName, url: frameUrl, lineNumber: frameLine, columnNumber } = byId.get(id).callFrame;
  if (functionName === '(idle)') continue;
  const { url, line: lineNumber } = moduleOf(frameUrl, frameLine, columnNumber);
  const short = url.replace(/^.*\/(dist|node_modules)\//, '$1/');
  const name = STAGES.find(([, test]) => test(functionName, short))?.[0] ?? 'other';
  if (name === 'other') others.set(`${functionName} ${short}`, (others.get(`${functionName} ${short}`) ?? 0) + 1);
  stage.set(name, (stage.get(name) ?? 0) + 1);
  const key = `${functionName || '(anonymous)'} ${short}:${lineNumber + 1}`;
  fn.set(key, (fn.get(key) ?? 0) + 1);
  total++;
}
const ms = (profile.endTime - profile.startTime) / 1000;
console.log(`${file}: ${total} samples over ${(ms / 1000).toFixed(2)} s (idle excluded)\n\nself time by stage:`);
for (const [name, n] of [...stage].sort((a, b) => b[1] - a[1])) console.log(`${((100 * n) / total).toFixed(1).padStart(5)}%  ${name}`);
console.log(`\nlargest in "other": ${[...others].sort((a, b) => b[1] - a[1]).slice(0, 6).map(([k, n]) => `${k} ${((100 * n) / total).toFixed(1)}%`).join(', ')}`);
console.log('\ntop functions (self time):');
for (const [name, n] of [...fn].sort((a, b) => b[1] - a[1]).slice(0, 20)) console.log(`${((100 * n) / total).toFixed(1).padStart(5)}%  ${name}`);
