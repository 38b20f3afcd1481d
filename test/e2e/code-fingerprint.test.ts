import { execFileSync } from 'node:child_process';
import { appendFileSync, cpSync, mkdirSync, mkdtempSync, readFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';

// The cache's code fingerprint is computed at build time over the code that is run (issue 24.4):
// every .js file of dist/, the bundle of the CLI included, not a hand-kept list of folders.
describe('scripts/code-fingerprint.mjs', () => {
  it('changes when any built file changes, the profile code and the CLI bundle included', () => {
    const root = mkdtempSync(join(tmpdir(), 'sertag-fingerprint-'));
    mkdirSync(join(root, 'scripts'));
    cpSync('scripts/code-fingerprint.mjs', join(root, 'scripts', 'code-fingerprint.mjs'));
    cpSync('package.json', join(root, 'package.json'));
    mkdirSync(join(root, 'dist', 'profile'), { recursive: true });
    mkdirSync(join(root, 'dist', 'bin'), { recursive: true });
    appendFileSync(join(root, 'dist', 'profile', 'profile.js'), 'export const a = 1;\n');
    appendFileSync(join(root, 'dist', 'bin', 'chunk-X.js'), 'export const b = 2;\n');
    const fingerprint = (): string => {
      execFileSync(process.execPath, [join(root, 'scripts', 'code-fingerprint.mjs')]);
      return readFileSync(join(root, 'dist', 'code-fingerprint.txt'), 'utf8').trim();
    };
    const first = fingerprint();
    expect(first).toMatch(/^[0-9a-f]{64}$/);
    expect(fingerprint()).toBe(first);
    appendFileSync(join(root, 'dist', 'profile', 'profile.js'), '// edited\n');
    const second = fingerprint();
    expect(second).not.toBe(first);
    appendFileSync(join(root, 'dist', 'bin', 'chunk-X.js'), '// edited\n');
    expect(fingerprint()).not.toBe(second);
  });
});
