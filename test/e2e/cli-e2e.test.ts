import { execFileSync, spawn, spawnSync } from 'node:child_process';
import { existsSync, lstatSync, mkdirSync, mkdtempSync, readdirSync, readFileSync, symlinkSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { beforeAll, describe, expect, it } from 'vitest';

const BIN = 'dist/bin/sertag.js';
const OWN = ['--no-default-gazetteers', '--no-default-rules', '--gazetteers', 'test/fixtures/cli/terms.yaml'];

function sertag(args: string[], input?: string): { status: number | null; stdout: string; stderr: string } {
  const r = spawnSync(process.execPath, [BIN, ...args], { input: input ?? '', encoding: 'utf8' });
  return { status: r.status, stdout: r.stdout, stderr: r.stderr };
}

beforeAll(() => {
  // `npm install` builds dist/; build it here too when the test runs in a fresh checkout.
  if (!existsSync(BIN)) execFileSync(process.execPath, ['node_modules/typescript/bin/tsc', '-p', '.'], { stdio: 'inherit' });
});

describe('the installed bin', () => {
  it('tags stdin, prints --version and help, exits 2 on usage errors', () => {
    const r = sertag(['tag', ...OWN, '--format', 'inline'], 'Stackless Python runs on Linux.');
    expect(r).toMatchObject({ status: 0, stderr: '' });
    expect(r.stdout).toBe('[Stackless Python](Operating_System) runs on [Linux](Operating_System).\n\n');
    expect(sertag(['--version']).stdout).toMatch(/^\d+\.\d+\.\d+\n$/);
    expect(sertag(['--help']).stdout).toContain('tag');
    expect(sertag(['lint', '--help']).stdout).toContain('Examples:');
    expect(sertag(['tag', '--what']).status).toBe(2);
  });

  it('gives one clear line and exit 1 for a directory or binary input, never a stack trace', () => {
    const dir = mkdtempSync(join(tmpdir(), 'sertag-e2e-'));
    writeFileSync(join(dir, 'x.bin'), Buffer.from([1, 2, 0, 3]));
    for (const path of [dir, join(dir, 'x.bin')]) {
      const r = sertag(['tag', path]);
      expect(r.status).toBe(1);
      expect(r.stderr.trim().split('\n')).toHaveLength(1);
      expect(r.stderr).not.toMatch(/\n\s+at /);
    }
  });

  it('tag → eval is a pipeline on the Stackless article', () => {
    const dir = mkdtempSync(join(tmpdir(), 'sertag-e2e-'));
    const gold = '../shared/data/wikiser/stackless-python.txt';
    const pred = join(dir, 'pred.txt');
    expect(sertag(['tag', '--input', 'wikiser', '-o', pred, gold]).status).toBe(0);
    const r = sertag(['eval', gold, pred]);
    expect(r.status).toBe(0);
    expect(r.stdout).toMatch(/FB1: +\d/);
  });

  it('exits 0 quietly when the reader of a pipe goes away (EPIPE)', () => {
    const dir = mkdtempSync(join(tmpdir(), 'sertag-e2e-'));
    writeFileSync(join(dir, 'big.txt'), 'Python runs on Linux with green threads.\n\n'.repeat(200_000));
    const r = spawnSync('bash', ['-c', `set -o pipefail; "${process.execPath}" ${BIN} tag ${OWN.join(' ')} --format jsonl "${join(dir, 'big.txt')}" | head -n 1; echo "status=\${PIPESTATUS[0]}" >&2`], { encoding: 'utf8' });
    expect(r.stdout.split('\n')).toHaveLength(2);
    expect(r.stderr).toBe('status=0\n');
  });

  it('Ctrl-C (SIGINT) while writing -o leaves no partial output file', async () => {
    const dir = mkdtempSync(join(tmpdir(), 'sertag-e2e-'));
    const out = join(dir, 'out.bio');
    const child = spawn(process.execPath, [BIN, 'tag', ...OWN, '-o', out], { stdio: ['pipe', 'ignore', 'pipe'] });
    child.stdin.on('error', () => {}); // The write may outlive the interrupted child.
    child.stdin.write('Python runs on Linux.\n\n'.repeat(50_000));
    // Wait until the temporary file exists (the run is under way), then interrupt it.
    for (let i = 0; i < 200 && readdirSync(dir).length === 0; i++) await new Promise((r) => setTimeout(r, 50));
    expect(readdirSync(dir)).toHaveLength(1);
    const exited = new Promise<NodeJS.Signals | number | null>((resolve) => child.on('exit', (code, signal) => resolve(signal ?? code)));
    child.kill('SIGINT');
    expect(await exited).toBe('SIGINT');
    expect(readdirSync(dir)).toEqual([]);
  });
});

describe('a shared cache directory', () => {
  it('serves processes started in three different working directories: only the first compiles', () => {
    const root = mkdtempSync(join(tmpdir(), 'sertag-shared-cache-'));
    const cache = join(root, 'cache');
    const bin = join(process.cwd(), BIN);
    const run = (cwd: string): { stdout: string; files: string[] } => {
      const r = spawnSync(process.execPath, [bin, 'tag', '--format', 'jsonl'], { cwd, input: 'Stackless Python runs on Linux.', encoding: 'utf8', env: { ...process.env, SERTAG_CACHE_DIR: cache, SERTAG_NO_CACHE: '' } });
      expect(r.status).toBe(0);
      return { stdout: r.stdout, files: readdirSync(cache).sort() };
    };
    const dirs = ['a', 'b', 'c'].map((name) => join(root, name));
    for (const dir of dirs) mkdirSync(dir);
    const first = run(dirs[0]!);
    expect(first.files.length).toBeGreaterThan(0);
    for (const dir of dirs.slice(1)) {
      const next = run(dir);
      // No new cache file (a miss would write one), the same output, bundled sources named the same way.
      expect(next.files).toEqual(first.files);
      expect(next.stdout).toBe(first.stdout);
    }
    expect(first.stdout).toContain('"file":"gazetteers/learned-wikiser.yaml"');
  });
});

describe('the command table', () => {
  it('suggests the closest command for a typo and lists commands in table order', () => {
    const typo = sertag(['tagg']);
    expect(typo.status).toBe(2);
    expect(typo.stderr).toMatch(/^sertag: unknown command 'tagg' \(did you mean 'tag'\?\)\. Commands: tag, eval, .*\.\n$/);
    expect(sertag(['frobnicate']).stderr).toMatch(/^sertag: unknown command 'frobnicate'\. Commands: /);
    expect(sertag(['--help']).stdout).toMatch(/Commands:\n  tag +tag software entities[\s\S]*\n  eval [\s\S]*\n  convert [\s\S]*\n  learn [\s\S]*\n  lint /);
  });
});

describe('outputs that are not plain files', () => {
  const dir = mkdtempSync(join(tmpdir(), 'sertag-outputs-'));
  const input = join(dir, 'in.txt');
  writeFileSync(input, 'Stackless Python runs on Linux.\n');

  it('-o a named pipe writes into the pipe, which stays a pipe (a device such as /dev/null is the same case)', async () => {
    const pipe = join(dir, 'pipe');
    execFileSync('mkfifo', [pipe]);
    // The reader must be there before the writer opens the pipe.
    const reader = spawn('cat', [pipe]);
    let got = '';
    reader.stdout.on('data', (chunk: Buffer) => (got += chunk.toString('utf8')));
    const closed = new Promise((resolveClose) => reader.on('close', resolveClose));
    const r = sertag(['tag', ...OWN, '--format', 'inline', '-o', pipe, input]);
    await closed;
    expect(r).toMatchObject({ status: 0, stderr: '' });
    expect(got).toBe('[Stackless Python](Operating_System) runs on [Linux](Operating_System).\n\n');
    expect(lstatSync(pipe).isFIFO()).toBe(true);
    // No temporary file was left beside it.
    expect(readdirSync(dir).filter((f) => f.endsWith('.tmp'))).toEqual([]);
  });

  it('-o a symbolic link replaces the file it points to and keeps the link (tag and convert)', () => {
    const target = join(dir, 'real.txt');
    const link = join(dir, 'link.txt');
    writeFileSync(target, 'old\n');
    symlinkSync(target, link);
    expect(sertag(['tag', ...OWN, '--format', 'inline', '-o', link, input])).toMatchObject({ status: 0, stderr: '' });
    expect(lstatSync(link).isSymbolicLink()).toBe(true);
    expect(readFileSync(target, 'utf8')).toBe('[Stackless Python](Operating_System) runs on [Linux](Operating_System).\n\n');
    const gold = join(dir, 'gold.txt');
    writeFileSync(gold, '<s>\nPython\tB-Language\n</s>\n');
    expect(sertag(['convert', '--to', 'conll', '-o', link, gold])).toMatchObject({ status: 0 });
    expect(lstatSync(link).isSymbolicLink()).toBe(true);
    expect(readFileSync(target, 'utf8')).toContain('Python');
  });
});
