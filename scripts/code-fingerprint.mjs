// Writes dist/code-fingerprint.txt: a sha256 over every JavaScript file of dist/ (tsc's modules,
// which the library and the workers run, and the bundle in dist/bin/, which the CLI runs) and the
// package version. The cache keys compiled gazetteers and rules by it, so any change to the code
// that is run (a tokenizer edit, a profile option) makes the cache rebuild, with no hand-kept list
// of folders to forget one in. Run by `npm run build`, after tsc and the bundler.
import { createHash } from 'node:crypto';
import { readdirSync, readFileSync, writeFileSync } from 'node:fs';
import { join, relative } from 'node:path';
import { fileURLToPath } from 'node:url';

const root = fileURLToPath(new URL('..', import.meta.url));
const dist = join(root, 'dist');

function jsFiles(dir) {
  return readdirSync(dir, { withFileTypes: true }).flatMap((entry) => {
    const path = join(dir, entry.name);
    if (entry.isDirectory()) return jsFiles(path);
    return entry.name.endsWith('.js') ? [path] : [];
  });
}

const hash = createHash('sha256');
hash.update(`sertag ${JSON.parse(readFileSync(join(root, 'package.json'), 'utf8')).version}\n`);
for (const file of jsFiles(dist).sort()) {
  hash.update(relative(dist, file) + '\0');
  hash.update(readFileSync(file));
  hash.update('\0');
}
writeFileSync(join(dist, 'code-fingerprint.txt'), hash.digest('hex') + '\n');
