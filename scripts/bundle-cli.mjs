// Bundles the command line (src/bin/sertag.ts and everything it imports, but not the npm
// dependencies) into dist/bin/: sertag.js plus one chunk per group of lazily imported commands.
// Node then resolves, reads and links a dozen files at start instead of dozens, which shortens
// every start (docs/performance.md). Each chunk sits one folder below dist/, like every module tsc
// writes, so the paths modules compute from import.meta.url (the package root, the worker scripts,
// package.json) are the same in both. The library (dist/index.js) and the worker scripts stay tsc's.
import { build } from 'esbuild';
import { readdirSync, rmSync } from 'node:fs';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';

const root = fileURLToPath(new URL('..', import.meta.url));
const outdir = join(root, 'dist', 'bin');
// Chunks of an earlier build: their names are content hashes, so nothing would overwrite them.
for (const name of readdirSync(outdir)) if (name.startsWith('chunk-')) rmSync(join(outdir, name));

await build({
  entryPoints: [join(root, 'src', 'bin', 'sertag.ts')],
  outdir,
  bundle: true,
  splitting: true,
  format: 'esm',
  platform: 'node',
  target: 'node20',
  packages: 'external',
  chunkNames: 'chunk-[hash]',
  sourcemap: 'linked',
  logLevel: 'warning',
});
