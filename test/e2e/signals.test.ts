import { execFileSync, spawn } from 'node:child_process';
import { existsSync, mkdtempSync, readdirSync, readFileSync, rmSync, statSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { dirname, join, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';

/**
 * The built command as a user runs it: Ctrl-C in the middle of `sertag tag -o FILE` and a closed
 * pipe (`| head`). These need a real process (signals, file descriptors), so they run
 * `node dist/bin/sertag.js`, rebuilding dist/ first when it is older than src/.
 */
const root = resolve(dirname(fileURLToPath(import.meta.url)), '../..');
const bin = join(root, 'dist', 'bin', 'sertag.js');
let dir = '';

function newestMtime(path: string): number {
  const info = statSync(path);
  if (!info.isDirectory()) return info.mtimeMs;
  return Math.max(0, ...readdirSync(path).map((name) => newestMtime(join(path, name))));
}

beforeAll(() => {
  if (!existsSync(bin) || statSync(bin).mtimeMs < newestMtime(join(root, 'src'))) {
    execFileSync(process.execPath, [join(root, 'node_modules', 'typescript', 'bin', 'tsc'), '-p', root], { stdio: 'inherit' });
  }
  dir = mkdtempSync(join(tmpdir(), 'sertag-signals-'));
  // Many short paragraphs: tagging takes seconds and output is written in many batches.
  const paragraph = 'Stackless Python uses microthreads instead of the C call stack on Linux and Windows.\n\n';
  writeFileSync(join(dir, 'big.txt'), paragraph.repeat(Math.ceil((40 << 20) / paragraph.length)));
}, 180_000);

afterAll(() => {
  if (dir) rmSync(dir, { recursive: true, force: true });
});

const temporaries = (): string[] => readdirSync(dir).filter((n) => n.endsWith('.tmp'));

/** Starts `sertag tag -o out.txt big.txt`, waits until it is writing its temporary file, then sends `signal`. */
async function interrupt(signal: NodeJS.Signals = 'SIGINT'): Promise<{ code: number | null; signal: NodeJS.Signals | null; stderr: string; sawTemporary: boolean; targetDuringRun: string | undefined }> {
  const child = spawn(process.execPath, [bin, 'tag', '-q', '-o', 'out.txt', 'big.txt'], { cwd: dir, stdio: ['ignore', 'ignore', 'pipe'] });
  let stderr = '';
  child.stderr.on('data', (c: Buffer) => (stderr += c.toString()));
  const exited = new Promise<{ code: number | null; signal: NodeJS.Signals | null }>((done) => child.on('exit', (code, signal) => done({ code, signal })));
  let sawTemporary = false;
  let targetDuringRun: string | undefined;
  const deadline = Date.now() + 60_000;
  while (Date.now() < deadline && child.exitCode === null) {
    const tmp = temporaries()[0];
    if (tmp && statSync(join(dir, tmp)).size > 0) {
      sawTemporary = true;
      targetDuringRun = existsSync(join(dir, 'out.txt')) ? readFileSync(join(dir, 'out.txt'), 'utf8') : undefined;
      break;
    }
    await new Promise((r) => setTimeout(r, 20));
  }
  child.kill(signal);
  return { ...(await exited), stderr, sawTemporary, targetDuringRun };
}

describe('Ctrl-C during sertag tag -o', () => {
  it('leaves neither a partial output file nor a temporary file', async () => {
    rmSync(join(dir, 'out.txt'), { force: true });
    const run = await interrupt();
    expect(run.sawTemporary).toBe(true);
    // While it ran, the output went only to the temporary file.
    expect(run.targetDuringRun).toBeUndefined();
    expect(run.signal === 'SIGINT' || run.code === 130).toBe(true);
    expect(run.stderr).not.toMatch(/\n\s+at /);
    expect(existsSync(join(dir, 'out.txt'))).toBe(false);
    expect(temporaries()).toEqual([]);
  }, 120_000);

  it('keeps an existing output file as it was', async () => {
    writeFileSync(join(dir, 'out.txt'), 'the previous, complete result\n');
    const run = await interrupt();
    expect(run.sawTemporary).toBe(true);
    expect(run.targetDuringRun).toBe('the previous, complete result\n');
    expect(readFileSync(join(dir, 'out.txt'), 'utf8')).toBe('the previous, complete result\n');
    expect(temporaries()).toEqual([]);
    rmSync(join(dir, 'out.txt'), { force: true });
  }, 120_000);
});

describe('other terminating signals during sertag tag -o (issue 27.13)', () => {
  it.each(['SIGTERM', 'SIGHUP'] as const)('%s leaves no temporary file, and ends the process by that signal', async (signal) => {
    rmSync(join(dir, 'out.txt'), { force: true });
    const run = await interrupt(signal);
    expect(run.sawTemporary).toBe(true);
    expect(run.signal).toBe(signal);
    expect(run.stderr).not.toMatch(/\n\s+at /);
    expect(existsSync(join(dir, 'out.txt'))).toBe(false);
    expect(temporaries()).toEqual([]);
  }, 120_000);
});

describe('a closed pipe', () => {
  it('`sertag tag --format jsonl big.txt | head -1` exits 0 with nothing on stderr', () => {
    // PIPESTATUS[0] is sertag's own exit code, whatever head does.
    const script = `node "${bin}" tag --format jsonl big.txt 2>stderr.txt | head -1 > first.txt; echo "\${PIPESTATUS[0]}"`;
    const status = execFileSync('bash', ['-c', script], { cwd: dir, encoding: 'utf8' }).trim();
    expect(status).toBe('0');
    expect(readFileSync(join(dir, 'stderr.txt'), 'utf8')).toBe('');
    const first = JSON.parse(readFileSync(join(dir, 'first.txt'), 'utf8')) as { id: string; entities: { text: string }[] };
    expect(first.id).toBe('big.txt#1');
    expect(first.entities.map((e) => e.text)).toContain('Stackless Python');
  }, 120_000);
});
