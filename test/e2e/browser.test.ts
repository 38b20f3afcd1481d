/// <reference lib="dom" />
import { execFileSync } from 'node:child_process';
import { existsSync, mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import type { FastifyInstance } from 'fastify';
import { chromium, type BrowserContext, type Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { buildApp } from '../../src/server/app.js';
import { servedProfiles } from '../../src/server/profiles.js';
import { TaggingService } from '../../src/server/tagging.js';

// The page in a real browser: Debian's chromium (installed by .ci/run), driven by playwright-core,
// which never downloads a browser of its own. Skipped where chromium is not installed.
const CHROMIUM = '/usr/bin/chromium';
const ARGS = ['--headless', '--no-sandbox', '--disable-gpu', '--disable-background-networking', '--disable-component-update', '--disable-sync', '--no-first-run'];
const SENTENCE = 'Stackless Python is a reimplementation of the Python programming language that uses green threads instead of the C call stack.';

/** The text shown in the result, without the type labels after each entity. */
function shownText(page: Page): Promise<string> {
  return page.$eval('#result', (el) => {
    const copy = el.cloneNode(true) as Element;
    copy.querySelectorAll('sub').forEach((sub: Element) => sub.remove());
    return copy.textContent ?? '';
  });
}

describe.skipIf(!existsSync(CHROMIUM))('sertag serve: the page in Chromium', () => {
  let app: FastifyInstance;
  let url: string;
  let context: BrowserContext;
  let page: Page;
  let profileDir: string;
  const pageErrors: string[] = [];
  const dialogs: string[] = [];
  const foreignRequests: string[] = [];

  beforeAll(async () => {
    if (!existsSync('dist/server/tag-worker.js')) execFileSync(process.execPath, ['node_modules/typescript/bin/tsc', '-p', '.'], { stdio: 'inherit' });
    const service = new TaggingService(servedProfiles(undefined, process.cwd()).profiles, 'wikipedia', { jobs: 1, queue: 16, timeoutMs: 30_000 });
    app = await buildApp(service, { bodyLimit: 1024 * 1024, version: '0.0.0-test' });
    url = await app.listen({ host: '127.0.0.1', port: 0 });
    profileDir = mkdtempSync(join(tmpdir(), 'sertag-chromium-'));
    context = await chromium.launchPersistentContext(profileDir, { executablePath: CHROMIUM, args: ARGS, headless: true, acceptDownloads: true, viewport: { width: 1100, height: 900 } });
    page = context.pages()[0] ?? (await context.newPage());
    page.on('pageerror', (error) => pageErrors.push(error.message));
    page.on('dialog', (dialog) => {
      dialogs.push(dialog.message());
      void dialog.dismiss();
    });
    page.on('request', (request) => {
      if (!request.url().startsWith(url) && !request.url().startsWith('blob:')) foreignRequests.push(request.url());
    });
    await page.goto(url + '/');
    await page.waitForSelector('#profile option', { state: 'attached' });
  });

  afterAll(async () => {
    await context?.close();
    await app?.close();
    if (profileDir) rmSync(profileDir, { recursive: true, force: true });
  });

  async function tag(text: string): Promise<void> {
    await page.fill('#text', text);
    const answered = page.waitForResponse((r) => r.url().endsWith('/v1/tag'));
    await page.click('#tag');
    await answered;
    await page.waitForFunction(() => !(document.getElementById('tag') as HTMLButtonElement).disabled);
  }

  it('highlights the entities of a typed sentence and explains the one clicked', async () => {
    await tag(SENTENCE);
    const marks = await page.$$eval('#result mark', (els) => els.map((el) => ({ text: el.firstChild!.textContent, type: el.querySelector('sub')!.textContent, cls: el.className })));
    const expected = (await app.inject({ method: 'POST', url: '/v1/tag', headers: { 'content-type': 'application/json' }, payload: JSON.stringify({ text: SENTENCE }) })).json() as { entities: Array<{ text: string; type: string }> };
    expect(marks.map((m) => `${m.text}/${m.type}`)).toEqual(expected.entities.map((e) => `${e.text}/${e.type}`));
    expect(marks[0]).toMatchObject({ text: 'Stackless Python', type: 'Operating_System' });
    // The same colours as `--format html`: one class per type, from the same table.
    expect(marks.every((m) => /^t\d+$/.test(m.cls))).toBe(true);
    expect(await shownText(page)).toBe(SENTENCE);
    expect(await page.$$eval('#entities tbody tr', (rows) => rows.length)).toBe(expected.entities.length);

    expect(await page.isHidden('#explanation')).toBe(true);
    await page.click('#result mark >> nth=0');
    const explanation = await page.textContent('#explanation');
    expect(explanation).toContain('entityStackless Python');
    expect(explanation).toContain('typeOperating_System');
    expect(explanation).toMatch(/sourcegazetteer gazetteers\/learned-wikiser\.yaml:\d+ entry "Stackless Python"$/);
    expect(await page.$$eval('#result mark.selected', (els) => els.length)).toBe(1);

    // Clicking a row of the table explains its entity too.
    await page.click('#entities tbody tr >> nth=1');
    expect(await page.textContent('#explanation')).toContain(`entity${expected.entities[1]!.text}`);

    const shot = process.env.SERTAG_SCREENSHOT ?? join(profileDir, 'page.png');
    await page.click('#result mark >> nth=0');
    await page.screenshot({ path: shot, fullPage: true });
    expect(readFileSync(shot).subarray(1, 4).toString()).toBe('PNG');
  });

  it("explains an entity found by a rule with the rule's id and reason", async () => {
    await tag('I upgraded to Python3 last year.');
    await page.click('#result mark >> nth=0');
    const explanation = await page.textContent('#explanation');
    expect(explanation).toContain('entityPython3');
    expect(explanation).toMatch(/sourcerule glued-version-language \(rules\/glued-versions\.yaml:\d+\)/);
    expect(explanation).toContain('— a language name with a glued version is the language');
  });

  it('shows markup in the text as text and runs none of it', async () => {
    const hostile = '<img src=x onerror="alert(1);window.pwned=1"> and <script>alert(2);window.pwned=2</script> in Python "quotes" & \'apostrophes\'';
    await tag(hostile);
    expect(await shownText(page)).toBe(hostile);
    expect(await page.$$eval('#result img, #result script, #entities img, #entities script', (els) => els.length)).toBe(0);
    expect(await page.evaluate(() => (window as unknown as { pwned?: number }).pwned)).toBeUndefined();
    await page.click('#result mark >> nth=0');
    expect(await page.textContent('#explanation')).toContain('entityPython');
    expect(dialogs).toEqual([]);
    expect(pageErrors).toEqual([]);
  });

  it('downloads JSONL as the API answers it, and Prodigy spans in code points', async () => {
    const text = '🙂 emoji first, then Python on Linux.';
    await tag(text);
    // Highlighted at the right place although the API's offsets count code points.
    expect(await page.$$eval('#result mark', (els) => els.map((el) => el.firstChild!.textContent))).toEqual(['Python', 'Linux']);
    expect(await shownText(page)).toBe(text);
    const [jsonl] = await Promise.all([page.waitForEvent('download'), page.click('#download-jsonl')]);
    const api = (await app.inject({ method: 'POST', url: '/v1/tag', headers: { 'content-type': 'application/json' }, payload: JSON.stringify({ text, explain: true }) })).body;
    expect(readFileSync((await jsonl.path())!, 'utf8')).toBe(api + '\n');

    const [prodigy] = await Promise.all([page.waitForEvent('download'), page.click('#download-prodigy')]);
    const file = readFileSync((await prodigy.path())!, 'utf8');
    const apiProdigy = (await app.inject({ method: 'POST', url: '/v1/tag', headers: { 'content-type': 'application/json' }, payload: JSON.stringify({ text, format: 'prodigy' }) })).body;
    expect(file).toBe(apiProdigy + '\n');
    const task = JSON.parse(file) as { text: string; tokens: Array<{ text: string }>; spans: Array<{ start: number; end: number; label: string; token_start: number; token_end: number }> };
    expect(task.text).toBe(text);
    const python = task.spans.find((s) => [...text].slice(s.start, s.end).join('') === 'Python')!;
    expect(python.label).toBe('Language');
    // Code points, as Python counts them: the emoji is one character, not two UTF-16 units.
    expect(python.start).toBe(text.indexOf('Python') - 1);
    expect(task.tokens[python.token_start]!.text).toBe('Python');
  });

  it('an empty submit clears the last result instead of leaving it on the page', async () => {
    await tag(SENTENCE);
    expect(await page.isHidden('#result')).toBe(false);
    await page.fill('#text', '  \n ');
    await page.click('#tag');
    expect(await page.textContent('#status')).toBe('Type or paste some text first, or press Sample text.');
    expect(await page.isHidden('#result')).toBe(true);
    expect(await page.isHidden('#entities')).toBe(true);
    expect(await page.isHidden('#counts')).toBe(true);
    expect(await page.$$eval('#result mark', (els) => els.length)).toBe(0);
    expect(await page.isDisabled('#download-jsonl')).toBe(true);
    expect(await page.isDisabled('#download-prodigy')).toBe(true);
  });

  it('says which text each profile suits and tags a sample of it', async () => {
    expect(await page.inputValue('#profile')).toBe('wikipedia');
    expect(await page.textContent('#profile-hint')).toMatch(/^wikipedia: Wikipedia-like prose/);
    const answered = page.waitForResponse((r) => r.url().endsWith('/v1/tag'));
    await page.click('#sample');
    await answered;
    await page.waitForFunction(() => document.querySelectorAll('#result mark').length > 0);
    const sample = await page.inputValue('#text');
    expect(sample).toMatch(/^Stackless Python/);
    expect(await shownText(page)).toBe(sample);

    await page.selectOption('#profile', 'stackoverflow');
    expect(await page.textContent('#profile-hint')).toMatch(/^stackoverflow: developer posts, GitHub issues and Markdown/);
    const again = page.waitForResponse((r) => r.url().endsWith('/v1/tag'));
    await page.click('#sample');
    const body = (await (await again).json()) as { entities: unknown[] };
    expect(await page.inputValue('#text')).toMatch(/^I upgraded to Django/);
    expect(body.entities.length).toBeGreaterThan(0);
    await page.waitForFunction(() => !(document.getElementById('tag') as HTMLButtonElement).disabled);
    await page.selectOption('#profile', 'wikipedia');
  });

  it('counts the entities of each type and filters them by type', async () => {
    await tag(SENTENCE);
    const expected = (await app.inject({ method: 'POST', url: '/v1/tag', headers: { 'content-type': 'application/json' }, payload: JSON.stringify({ text: SENTENCE }) })).json() as { entities: Array<{ type: string }> };
    const byType = new Map<string, number>();
    for (const e of expected.entities) byType.set(e.type, (byType.get(e.type) ?? 0) + 1);
    const shown = await page.$$eval('#counts label', (els) => els.map((el) => el.textContent));
    expect(shown.sort()).toEqual([...byType].map(([type, n]) => `${type} ${n}`).sort());

    const [type, n] = [...byType].sort((a, b) => b[1] - a[1])[0]!;
    await page.uncheck(`#counts input[data-type="${type}"]`);
    expect(await page.$$eval('#result mark.filtered', (els) => els.length)).toBe(n);
    expect(await page.$$eval('#entities tbody tr:not(.filtered)', (rows) => rows.length)).toBe(expected.entities.length - n);
    expect(await page.isHidden('#entities tbody tr.filtered >> nth=0')).toBe(true);
    // The text itself stays whole.
    expect(await shownText(page)).toBe(SENTENCE);
    // The filter holds for the next result too, until the type is ticked again.
    await tag(SENTENCE);
    expect(await page.$$eval('#result mark.filtered', (els) => els.length)).toBe(n);
    await page.check(`#counts input[data-type="${type}"]`);
    expect(await page.$$eval('#result mark.filtered, #entities tr.filtered', (els) => els.length)).toBe(0);
    expect(pageErrors).toEqual([]);
  });

  it('puts the text of a dropped file in the box', async () => {
    const dataTransfer = await page.evaluateHandle(() => {
      const dt = new DataTransfer();
      dt.items.add(new File(['Dropped: Java on Windows.'], 'notes.txt', { type: 'text/plain' }));
      return dt;
    });
    await page.dispatchEvent('#text', 'drop', { dataTransfer });
    await page.waitForFunction(() => (document.getElementById('text') as HTMLTextAreaElement).value !== '' && (document.getElementById('text') as HTMLTextAreaElement).value.startsWith('Dropped'));
    expect(await page.textContent('#status')).toBe('notes.txt loaded; press Tag.');
    expect(foreignRequests).toEqual([]);
  });
});
