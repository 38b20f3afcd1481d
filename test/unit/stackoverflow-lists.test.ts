// The stackoverflow profile's generated lists: each records the package and version it came from
// (and that version is the one installed, so a stale file after `npm update` shows here: re-run
// `npm run curate:stackoverflow`), and each loads without a problem.
import { readFileSync, readdirSync } from 'node:fs';
import { dirname, join, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';
import { describe, expect, it } from 'vitest';
import { loadSources } from '../../src/load.js';
import { loadProfile } from '../../src/profile/index.js';

const repoRoot = resolve(dirname(fileURLToPath(import.meta.url)), '../..');
const listDir = join(repoRoot, 'gazetteers', 'stackoverflow');
const generated = readdirSync(listDir).filter((f) => f.endsWith('.yaml') && !f.startsWith('learned-'));

describe('gazetteers/stackoverflow (npm run curate:stackoverflow)', () => {
  it.each(generated)('%s records the installed version of its source package', (file) => {
    const header = readFileSync(join(listDir, file), 'utf8').split('\n', 2).join(' ');
    const match = /from ([@a-z0-9./-]+) ([0-9][0-9A-Za-z.+-]*)/.exec(header);
    expect(match, `${file} names no "from PACKAGE VERSION" in its header`).not.toBeNull();
    const [, pkg, version] = match!;
    const installed = JSON.parse(readFileSync(join(repoRoot, 'node_modules', pkg!, 'package.json'), 'utf8')) as { version: string };
    expect(version, `${file} was generated from ${pkg} ${version}, ${installed.version} is installed`).toBe(installed.version);
  });

  it('the profile loads every list and rule without a problem', () => {
    const profile = loadProfile('stackoverflow');
    const loaded = loadSources({ profile });
    expect(loaded.problems.filter((p) => p.severity === 'error')).toEqual([]);
    expect(generated.length).toBeGreaterThan(0);
  });
});
