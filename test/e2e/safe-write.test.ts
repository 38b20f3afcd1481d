import { execFileSync, spawnSync } from 'node:child_process';
import { existsSync, mkdtempSync, readdirSync, readFileSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { beforeAll, describe, expect, it } from 'vitest';
import { temporaryPathFor } from '../../src/safe-write.js';

// Writes and their failures as a user meets them: a real process, real file descriptors.
const BIN = join(process.cwd(), 'dist', 'bin', 'sertag.js');
beforeAll(() => {
  if (!existsSync(BIN)) execFileSync('npm', ['run', 'build'], { stdio: 'inherit' });
});

function sh(script: string, cwd: string): { status: number | null; stdout: string; stderr: string } {
  const r = spawnSync('bash', ['-c', script], { cwd, encoding: 'utf8' });
  return { status: r.status, stdout: r.stdout, stderr: r.stderr };
}

const OWN = '--no-default-gazetteers --no-default-rules --gazetteers ' + join(process.cwd(), 'test/fixtures/cli/terms.yaml');

describe('failed writes (issue 27.14)', () => {
  const dir = mkdtempSync(join(tmpdir(), 'sertag-writes-'));
  writeFileSync(join(dir, 'in.txt'), 'Stackless Python runs on Linux.\n');

  it('a full standard output (> /dev/full) is one line naming it, exit 1, no stack trace', () => {
    const r = sh(`node "${BIN}" tag ${OWN} in.txt > /dev/full`, dir);
    expect(r.status).toBe(1);
    expect(r.stderr).toBe('sertag: cannot write standard output: no space left on the device (ENOSPC)\n');
  });

  it('a full device with -o names the file and says why', () => {
    const r = sh(`node "${BIN}" tag ${OWN} -o /dev/full in.txt`, dir);
    expect(r.status).toBe(1);
    expect(r.stderr).toBe('sertag tag: cannot write /dev/full: no space left on the device (ENOSPC)\n');
  });

  it('tag -o in.txt < in.txt refuses to replace its own input (27.16)', () => {
    const r = sh(`node "${BIN}" tag ${OWN} -o in.txt < in.txt`, dir);
    expect(r.status).toBe(2);
    expect(r.stderr).toMatch(/refusing to write the output over in\.txt, which is also standard input/);
    expect(readFileSync(join(dir, 'in.txt'), 'utf8')).toBe('Stackless Python runs on Linux.\n');
  });
});

describe('temporary files (issue 27.11)', () => {
  it('are named unpredictably, beside the target', () => {
    const names = new Set(Array.from({ length: 50 }, () => temporaryPathFor('/data/out.yaml')));
    expect(names.size).toBe(50);
    for (const name of names) expect(name).toMatch(/^\/data\/\.out\.yaml\.[0-9a-f]{16}\.tmp$/);
  });
});

describe('sertag learn never overwrites a file it did not write (issue 27.12)', () => {
  const dir = mkdtempSync(join(tmpdir(), 'sertag-learn-force-'));
  const gold = ['<s>', 'Stackless\tB-Language', 'Python\tI-Language', 'runs\tO', 'on\tO', 'Linux\tB-Operating_System', '.\tO', '</s>', ''].join('\n');
  writeFileSync(join(dir, 'gold.txt'), gold.repeat(3));

  it('refuses -o over a user file, unless --force', () => {
    writeFileSync(join(dir, 'notes.yaml'), 'my own notes\n');
    const refused = sh(`node "${BIN}" learn gold.txt -o notes.yaml`, dir);
    expect(refused.status).toBe(1);
    expect(refused.stderr).toMatch(/refusing to overwrite notes\.yaml \(-o\): sertag learn did not write it .*give --force to replace it/);
    expect(readFileSync(join(dir, 'notes.yaml'), 'utf8')).toBe('my own notes\n');
    const forced = sh(`node "${BIN}" learn gold.txt -o notes.yaml --force`, dir);
    expect(forced.status).toBe(0);
    expect(readFileSync(join(dir, 'notes.yaml'), 'utf8')).toMatch(/^# Learned by `sertag learn`/m);
    // Its own output, it replaces freely.
    expect(sh(`node "${BIN}" learn gold.txt -o notes.yaml`, dir).status).toBe(0);
  });

  it("refuses the file a profile manifest's learned: section points at, when sertag did not write it", () => {
    writeFileSync(join(dir, 'victim.txt'), 'precious\n');
    writeFileSync(join(dir, 'p.yaml'), 'profile: p\ndescription: test\nlearned:\n  gazetteer: victim.txt\n');
    const r = sh(`node "${BIN}" learn gold.txt --profile p.yaml`, dir);
    expect(r.status).toBe(1);
    expect(r.stderr).not.toMatch(/\n\s+at /);
    expect(readFileSync(join(dir, 'victim.txt'), 'utf8')).toBe('precious\n');
    expect(readdirSync(dir).filter((n) => n.endsWith('.tmp'))).toEqual([]);
  });
});
