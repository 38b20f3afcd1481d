import { chmodSync, chownSync, mkdtempSync, readdirSync, readFileSync, rmSync, writeFileSync, mkdirSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { cacheDirectory, loadProfileCached, loadSourcesCached, MAX_CACHE_FILES, type CacheStatus } from '../../src/cache/index.js';
import { loadProfile } from '../../src/profile/index.js';
import { loadSources, type LoadedSources, type SourceOptions } from '../../src/load.js';
import { compileTrie } from '../../src/match/index.js';

let work: string;
let cacheDir: string;
const savedEnv = { dir: process.env.SERTAG_CACHE_DIR, off: process.env.SERTAG_NO_CACHE };

beforeEach(() => {
  work = mkdtempSync(join(tmpdir(), 'sertag-cache-test-'));
  cacheDir = join(work, 'cache');
  process.env.SERTAG_CACHE_DIR = cacheDir;
  delete process.env.SERTAG_NO_CACHE;
});
afterEach(() => {
  rmSync(work, { recursive: true, force: true });
  for (const [name, value] of [['SERTAG_CACHE_DIR', savedEnv.dir], ['SERTAG_NO_CACHE', savedEnv.off]] as const) {
    if (value === undefined) delete process.env[name];
    else process.env[name] = value;
  }
});

const GAZETTEER = `declare: [Framework]
case: ignore
entries:
  - { term: Python, type: Language, aliases: [CPython] }
  - { term: Go, type: Language, case: exact, not_next: [to, ahead], prev: [in, with] }
  - { term: linked list, type: Data_Structure, variants: [plural] }
  - { term: React, type: Framework }
`;
const RULES = `rules:
  - id: protocol-head
    why: a capitalised name ending in Protocol
    action: add
    type: Protocol
    pattern:
      - { shape: [Xxxxx, XXX], op: "+" }
      - { lower: [protocol], regex: "^[Pp]" }
`;

function setUp(): SourceOptions {
  mkdirSync(join(work, 'gaz'));
  writeFileSync(join(work, 'gaz', 'a.yaml'), GAZETTEER);
  writeFileSync(join(work, 'rules.yaml'), RULES);
  return { cwd: work, defaultGazetteers: false, defaultRules: false, gazetteers: ['gaz'], rules: ['rules.yaml'] };
}

function load(options: SourceOptions): { status: CacheStatus | undefined; loaded: ReturnType<typeof loadSources> } {
  let status: CacheStatus | undefined;
  const loaded = loadSourcesCached(options, (s) => (status = s));
  return { status, loaded };
}

/**
 * What `loadSources` returns, given the trie that came with a cached load (it adds one): that trie
 * must have the layout compiling the entries gives, and hold the very entry objects returned.
 */
function withoutTrie(loaded: LoadedSources): LoadedSources {
  const { trie, ...rest } = loaded;
  expect(trie).toBeDefined();
  const index = new Map(loaded.entries.map((e, i) => [e, i]));
  expect(trie!.layout((e) => index.get(e)!)).toEqual(compileTrie(loaded.entries).layout((e) => index.get(e)!));
  return rest;
}

const cacheFiles = (): string[] => {
  try {
    return readdirSync(cacheDir).filter((f) => !f.endsWith('.tmp'));
  } catch {
    return [];
  }
};

describe('loadSourcesCached', () => {
  it('misses, then hits, and returns exactly what loadSources returns (Sets, RegExps, sources, types)', () => {
    const options = setUp();
    const expected = loadSources(options);
    const first = load(options);
    expect(first.status).toBe('miss');
    expect(withoutTrie(first.loaded)).toEqual(expected);
    // One file for the compiled gazetteers, one for the compiled rules, one for the parsed profile manifest.
    expect(cacheFiles().map((f) => f.split('-')[0]).sort()).toEqual(['gazetteers', 'profile', 'rules']);
    const second = load(options);
    expect(second.status).toBe('hit');
    expect(withoutTrie(second.loaded)).toEqual(expected);
    const go = second.loaded.entries.find((e) => e.term === 'Go')!;
    expect(go.context?.notNext).toBeInstanceOf(Set);
    expect(go.context?.notNext?.has('ahead')).toBe(true);
    expect(second.loaded.rules[0]?.pattern[1]?.regex).toBeInstanceOf(RegExp);
    expect(second.loaded.types.has('Framework')).toBe(true);
  });

  it('serves every working directory: the key holds no cwd, and source names follow the cwd that reads them', () => {
    const options = setUp();
    const first = load(options);
    expect(first.status).toBe('miss');
    expect(first.loaded.entries[0]!.source.file).toBe(join('gaz', 'a.yaml'));
    // The same files named from another folder: a hit, with the names as that folder sees them.
    mkdirSync(join(work, 'elsewhere'));
    const fromElsewhere = load({ ...options, cwd: join(work, 'elsewhere'), gazetteers: ['../gaz'], rules: ['../rules.yaml'] });
    expect(fromElsewhere.status).toBe('hit');
    expect(fromElsewhere.loaded.entries[0]!.source.file).toBe(join(work, 'gaz', 'a.yaml'));
    expect(fromElsewhere.loaded.rules[0]!.file).toBe(join(work, 'rules.yaml'));
    expect(withoutTrie(fromElsewhere.loaded)).toEqual(loadSources({ ...options, cwd: join(work, 'elsewhere'), gazetteers: ['../gaz'], rules: ['../rules.yaml'] }));
  });

  it('shows bundled files relative to the package, whatever the working directory', () => {
    const loaded = loadSources({ cwd: tmpdir(), defaultRules: false });
    expect(loaded.files).toContain('gazetteers/learned-wikiser.yaml');
    expect(new Set(loaded.entries.map((e) => e.source.file))).toContain('gazetteers/learned-wikiser.yaml');
  });

  it('is never stale: a changed file or an added file misses', () => {
    const options = setUp();
    load(options);
    expect(load(options).status).toBe('hit');
    writeFileSync(join(work, 'gaz', 'a.yaml'), GAZETTEER.replace('Python', 'Rust'));
    const changed = load(options);
    expect(changed.status).toBe('miss');
    expect(changed.loaded.entries.map((e) => e.term)).toContain('Rust');
    expect(changed.loaded.entries.map((e) => e.term)).not.toContain('Python');
    writeFileSync(join(work, 'gaz', 'b.yaml'), 'type: Protocol\nentries: [HTTP]\n');
    const added = load(options);
    expect(added.status).toBe('miss');
    expect(withoutTrie(added.loaded)).toEqual(loadSources(options));
    expect(load(options).status).toBe('hit');
    // Rules have a key of their own, so a rule change shows at once even on a gazetteer hit.
    writeFileSync(join(work, 'rules.yaml'), RULES.replace('protocol-head', 'protocol-head-2'));
    const ruleChanged = load(options);
    expect(ruleChanged.status).toBe('hit');
    expect(ruleChanged.loaded.rules[0]?.id).toBe('protocol-head-2');
  });

  it('ignores and rewrites a corrupt, truncated or foreign cache file', () => {
    const options = setUp();
    const expected = loadSources(options);
    load(options);
    const [file] = cacheFiles();
    const path = join(cacheDir, file!);
    const good = readFileSync(path);
    for (const bad of [Buffer.from('not a cache'), good.subarray(0, good.length >> 1), Buffer.alloc(0), Buffer.concat([good.subarray(0, 40), Buffer.from('x'), good.subarray(41)])]) {
      writeFileSync(path, bad);
      const result = load(options);
      expect(result.status).toBe('miss');
      expect(withoutTrie(result.loaded)).toEqual(expected);
      expect(load(options).status).toBe('hit');
    }
  });

  it('does not trust a cache file another user could have written (a shared SERTAG_CACHE_DIR)', () => {
    const options = setUp();
    const expected = loadSources(options);
    load(options);
    for (const file of cacheFiles()) chmodSync(join(cacheDir, file), 0o666);
    // Whole and with a valid checksum, but writable by anyone: rebuilt, and rewritten as this user's.
    const result = load(options);
    expect(result.status).toBe('miss');
    expect(withoutTrie(result.loaded)).toEqual(expected);
    expect(load(options).status).toBe('hit');
    if (process.getuid?.() === 0) {
      // Run as root (CI): a file owned by another user is not trusted either.
      for (const file of cacheFiles()) chownSync(join(cacheDir, file), 12345, 12345);
      expect(load(options).status).toBe('miss');
      expect(load(options).status).toBe('hit');
    }
  });

  it('ignores a corrupt rules cache and rebuilds it', () => {
    const options = setUp();
    const expected = loadSources(options);
    load(options);
    const rulesFile = join(cacheDir, cacheFiles().find((f) => f.startsWith('rules-'))!);
    const good = readFileSync(rulesFile);
    writeFileSync(rulesFile, Buffer.concat([good.subarray(0, 40), Buffer.from('x'), good.subarray(41)]));
    expect(withoutTrie(load(options).loaded)).toEqual(expected);
    expect(readFileSync(rulesFile)).toEqual(good);
  });

  it('is switched off by SERTAG_NO_CACHE and writes nothing', () => {
    const options = setUp();
    process.env.SERTAG_NO_CACHE = '1';
    expect(cacheDirectory()).toBeUndefined();
    const result = load(options);
    expect(result.status).toBe('disabled');
    expect(withoutTrie(result.loaded)).toEqual(loadSources(options));
    expect(cacheFiles()).toHaveLength(0);
    expect(cacheDirectory({ SERTAG_NO_CACHE: '0', XDG_CACHE_HOME: '/x' })).toBe(join('/x', 'sertag'));
  });

  it('still loads when the cache folder cannot be written', () => {
    const options = setUp();
    const blocker = join(work, 'a-file');
    writeFileSync(blocker, '');
    process.env.SERTAG_CACHE_DIR = join(blocker, 'cache');
    const result = load(options);
    expect(result.status).toBe('miss');
    expect(withoutTrie(result.loaded)).toEqual(loadSources(options));
  });

  it('never caches sources with errors, and reports the same problems', () => {
    const options = setUp();
    writeFileSync(join(work, 'gaz', 'a.yaml'), 'entries:\n  - { term: X, type: Nope }\n');
    const result = load(options);
    expect(result.status).toBe('uncacheable');
    expect(result.loaded.problems).toEqual(loadSources(options).problems);
    expect(cacheFiles().filter((f) => f.startsWith('gazetteers-'))).toHaveLength(0);
  });

  it('keeps at most MAX_CACHE_FILES files, deleting the least recently used', () => {
    const configuration = (i: number): SourceOptions => ({ cwd: work, defaultGazetteers: false, defaultRules: false, gazetteers: [{ type: 'Language', entries: [`Lang${i}`] }] });
    // One rules file (no rules: the same key every time) plus a gazetteers file per configuration.
    for (let i = 0; i < MAX_CACHE_FILES + 8; i++) {
      expect(load(configuration(i)).status).toBe('miss');
      // The first configuration is used again and again, so it must survive the pruning.
      if (i > 0) expect(load(configuration(0)).status).toBe('hit');
    }
    expect(cacheFiles().length).toBe(MAX_CACHE_FILES);
    expect(load(configuration(0)).status).toBe('hit');
    expect(load(configuration(MAX_CACHE_FILES + 7)).status).toBe('hit');
    expect(load(configuration(1)).status).toBe('miss');
  });

  it('caches the bundled gazetteers faithfully', { timeout: 60_000 }, () => {
    const expected = loadSources();
    expect(load({}).status).toBe('miss');
    const hit = load({});
    expect(hit.status).toBe('hit');
    expect(withoutTrie(hit.loaded)).toEqual(expected);
  });
});

describe('loadProfileCached', () => {
  it('reads a parsed manifest back (same path and text), and parses again once it changes', () => {
    const manifest = join(work, 'p.yaml');
    writeFileSync(manifest, 'profile: p\ngazetteers: [gaz/]\nrules: []\ncase: exact\n');
    const first = loadProfileCached(manifest);
    expect(first).toEqual(loadProfile(manifest));
    expect(cacheFiles().filter((f) => f.startsWith('profile-'))).toHaveLength(1);
    expect(loadProfileCached(manifest)).toEqual(first);
    expect(cacheFiles().filter((f) => f.startsWith('profile-'))).toHaveLength(1);
    writeFileSync(manifest, 'profile: p\ngazetteers: [gaz/]\nrules: []\ncase: ignore\n');
    expect(loadProfileCached(manifest).case).toBe('ignore');
    expect(cacheFiles().filter((f) => f.startsWith('profile-'))).toHaveLength(2);
  });
});
