import { mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { Writable } from 'node:stream';
import { describe, expect, it } from 'vitest';
import { Progress } from '../../src/cli/progress.js';
import { formatProblem } from '../../src/errors.js';
import { runCli } from '../helpers.js';

class Capture extends Writable {
  text = '';
  override _write(chunk: Buffer, _encoding: string, done: () => void): void {
    this.text += chunk.toString();
    done();
  }
}

describe('the smaller items of issue 15', () => {
  it('a mistyped option gets a did-you-mean', async () => {
    const { code, stderr } = await runCli(['tag', '--formt', 'jsonl'], process.cwd());
    expect(code).toBe(2);
    expect(stderr).toBe("sertag tag: Unknown option '--formt'; did you mean --format? See `sertag tag --help`.\n");
  });

  it('an invalid regex in a rule says "invalid regular expression" once', async () => {
    const dir = mkdtempSync(join(tmpdir(), 'sertag-small-'));
    writeFileSync(join(dir, 'r.yaml'), 'rules:\n  - id: r\n    action: add\n    type: Library\n    pattern: [{ regex: "(" }]\n');
    const { code, stdout } = await runCli(['lint', 'r.yaml'], dir);
    expect(code).toBe(1);
    expect(stdout.split('\n')[0]).toBe('r.yaml:5:24 [BAD_REGEX] rule `r`: invalid regular expression: /(/u: Unterminated group');
  });

  it('the caret of a problem far along a long line points at its column, inside the excerpt shown', () => {
    const excerpt = 'x'.repeat(500) + 'BAD' + 'y'.repeat(500);
    const [, line, caret] = formatProblem({ file: 'f.yaml', line: 1, col: 501, code: 'BAD_VALUE', message: 'm', severity: 'error', excerpt }).split('\n');
    expect(line!.length).toBeLessThanOrEqual(2 + 202);
    expect(line![caret!.length - 1]).toBe('B');
    const short = formatProblem({ file: 'f.yaml', line: 1, col: 3, code: 'BAD_VALUE', message: 'm', severity: 'error', excerpt: 'a: b' }).split('\n');
    expect(short.slice(1)).toEqual(['  a: b', '    ^']);
  });

  it("an unclosed `{` on line 6 is reported on line 6, at the bracket, not where the parser noticed", async () => {
    const dir = mkdtempSync(join(tmpdir(), 'sertag-small-'));
    writeFileSync(join(dir, 'g.yaml'), "type: Language\nentries:\n  - Python\n  - Let's Encrypt [x]\n  - Rust\n  - { term: Zig, aliases: [zig]\n  - Odin\n");
    const { stdout } = await runCli(['lint', 'g.yaml'], dir);
    expect(stdout.split('\n').slice(0, 3)).toEqual([
      'g.yaml:6:5 [YAML_BAD_INDENT] Flow map in block collection must be sufficiently indented and end with a }; the `{` opened here is never closed',
      '    - { term: Zig, aliases: [zig]',
      '      ^',
    ]);
  });

  it('progress says "1 document", and the run ends with a summary line', () => {
    const out = new Capture();
    const progress = new Progress(out, undefined);
    progress.update(1, 5, 0);
    expect(out.text).toContain('sertag tag: 1 document, 5 tokens');
    progress.summary(1, 12_345, 1);
    expect(out.text).toMatch(/sertag tag: 1 document, 12,345 tokens, 1 entity in \d+\.\d s\n$/);
  });
});
