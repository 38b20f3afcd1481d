import { createHash, type Hash } from 'node:crypto';
import { closeSync, fstatSync, mkdirSync, openSync, readdirSync, readFileSync, statSync, unlinkSync, utimesSync } from 'node:fs';
import { replaceFile } from '../safe-write.js';
import { createRequire } from 'node:module';
import { homedir } from 'node:os';
import { extname, join, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';
import {
  baseTypes,
  displayName,
  gazetteerConventions,
  gazetteerSources,
  isSourceFile,
  loadedSources,
  loadGazetteers,
  loadRules,
  ruleSources,
  type LoadedGazetteers,
  type LoadedRules,
  type LoadedSources,
  type RulesInput,
  type SourceFile,
  type SourceOptions,
} from '../load.js';
import { profileOf, readManifest, resolveProfile, type Profile } from '../profile/index.js';
import type { PassOptions } from '../rules/types.js';
import { decodeRule, encodeRule, type StoredRule } from './rules-codec.js';
import type { GazetteerEntry, GazetteerInput } from '../gazetteer/types.js';
import { compileTrie, TokenTrie } from '../match/index.js';
import type { Problem } from '../errors.js';

/**
 * Bumped whenever the stored layout changes. The key also covers the code that compiles entries
 * (see `codeFingerprint`), so a changed tokenizer or loader never reads an old cache either.
 */
const FORMAT = 4;
const FILE_PREFIX = 'gazetteers-';
const RULES_PREFIX = 'rules-';
const PROFILE_PREFIX = 'profile-';
const FILE_SUFFIX = '.json';
/**
 * Cache files kept per directory; older ones (by last use) are deleted when a new one is written.
 * Every change of a source or of the loading code makes a new key, so
 * without a bound the directory would grow with every edit, test run and benchmark fold.
 */
export const MAX_CACHE_FILES = 32;

/** What `loadSourcesCached` did, for tests and `--verbose` style reporting. */
export type CacheStatus = 'hit' | 'miss' | 'disabled' | 'uncacheable';

/** The cached part of the sources: everything the gazetteers contribute (the expensive part). */
interface CachedGazetteers {
  format: number;
  key: string;
  entries: GazetteerEntry[];
  types: string[];
  problems: Problem[];
  files: string[];
  /** The entries compiled (`compileTrie`): rebuilt from its layout, a trie costs a fraction of compiling it. */
  trie: TokenTrie<GazetteerEntry>;
}

/**
 * The stored layout: entries in columns (one array per field, file names and types as indexes),
 * which JSON.parse reads several times faster than a v8-serialized array of objects.
 */
interface StoredGazetteers {
  format: number;
  key: string;
  types: string[];
  problems: Problem[];
  files: string[];
  sourceFiles: string[];
  term: string[];
  /** Tokens joined by U+0001 (an array when a token contains U+0001). */
  tokens: Array<string | string[]>;
  type: number[];
  exact: number[];
  priority: number[];
  file: number[];
  line: number[];
  /** The entry the surface form was written as, or 0 when it is the term itself. */
  entry: Array<string | 0>;
  /** Context conditions, rare: entry index → lists. */
  context: Record<string, { notNext?: string[]; notPrev?: string[]; next?: string[]; prev?: string[] }>;
  /** `TokenTrie.layout` with entry indexes, its number arrays as base64 of their bytes. */
  trie: { keys: string[]; parents: string; parentKeys: string; valueNodes: string };
}

const SEP = '\u0001';

/**
 * Source names as stored: a file is kept as its absolute path (marked by a leading U+0000) and shown
 * again by `displayName` when read, so one cache file serves every working directory; an object's
 * name is kept as it is.
 */
class StoredNames {
  constructor(private readonly paths: ReadonlyMap<string, string>) {}

  static of(sources: ReadonlyArray<unknown>): StoredNames {
    const paths = new Map<string, string>();
    for (const source of sources) if (isSourceFile(source)) paths.set(source.shown, source.path);
    return new StoredNames(paths);
  }

  store(shown: string): string {
    const path = this.paths.get(shown);
    return path === undefined ? shown : '\u0000' + path;
  }

  static restore(stored: string, cwd: string): string {
    return stored.startsWith('\u0000') ? displayName(stored.slice(1), cwd) : stored;
  }

  storeProblems(problems: readonly Problem[]): Problem[] {
    return problems.map((p) => ({ ...p, file: this.store(p.file) }));
  }

  static restoreProblems(problems: readonly Problem[], cwd: string): Problem[] {
    return problems.map((p) => ({ ...p, file: StoredNames.restore(p.file, cwd) }));
  }
}

function encode(data: CachedGazetteers, names: StoredNames): string {
  const types = new Map<string, number>();
  const files = new Map<string, number>();
  const index = (map: Map<string, number>, value: string): number => {
    let i = map.get(value);
    if (i === undefined) map.set(value, (i = map.size));
    return i;
  };
  const n = data.entries.length;
  const stored: StoredGazetteers = {
    format: FORMAT,
    key: data.key,
    types: [],
    problems: names.storeProblems(data.problems),
    files: data.files.map((f) => names.store(f)),
    sourceFiles: [],
    term: new Array<string>(n),
    tokens: new Array<string | string[]>(n),
    type: new Array<number>(n),
    exact: new Array<number>(n),
    priority: new Array<number>(n),
    file: new Array<number>(n),
    line: new Array<number>(n),
    entry: new Array<string | 0>(n),
    context: {},
    trie: encodeTrie(data.trie, data.entries),
  };
  for (let i = 0; i < n; i++) {
    const e = data.entries[i]!;
    stored.term[i] = e.term;
    stored.tokens[i] = e.tokens.some((t) => t.includes(SEP)) ? e.tokens : e.tokens.join(SEP);
    stored.type[i] = index(types, e.type);
    stored.exact[i] = e.case === 'exact' ? 1 : 0;
    stored.priority[i] = e.priority;
    stored.file[i] = index(files, e.source.file);
    stored.line[i] = e.source.line;
    stored.entry[i] = e.source.entry === e.term ? 0 : e.source.entry;
    if (e.context) {
      const c: StoredGazetteers['context'][string] = {};
      if (e.context.notNext) c.notNext = [...e.context.notNext];
      if (e.context.notPrev) c.notPrev = [...e.context.notPrev];
      if (e.context.next) c.next = [...e.context.next];
      if (e.context.prev) c.prev = [...e.context.prev];
      stored.context[i] = c;
    }
  }
  stored.types = [...types.keys()];
  stored.sourceFiles = [...files.keys()].map((f) => names.store(f));
  return JSON.stringify({ ...stored, types: stored.types, sourceFiles: stored.sourceFiles, declared: data.types });
}

function decode(s: StoredGazetteers & { declared: string[] }, cwd: string): CachedGazetteers | undefined {
  if (!Array.isArray(s.term) || !Array.isArray(s.declared)) return undefined;
  const n = s.term.length;
  const sourceFiles = s.sourceFiles.map((f) => StoredNames.restore(f, cwd));
  const entries = new Array<GazetteerEntry>(n);
  for (let i = 0; i < n; i++) {
    const term = s.term[i]!;
    const tokens = s.tokens[i]!;
    const stored = s.entry[i]!;
    const source = { kind: 'gazetteer' as const, file: sourceFiles[s.file[i]!]!, line: s.line[i]!, entry: stored === 0 ? term : stored };
    const c = s.context[i];
    // One object shape for every entry (context always present), as the loader makes them.
    entries[i] = {
      term,
      tokens: typeof tokens === 'string' ? tokens.split(SEP) : tokens,
      type: s.types[s.type[i]!]!,
      case: s.exact[i] ? 'exact' : 'ignore',
      priority: s.priority[i]!,
      context: c
        ? {
            ...(c.notNext ? { notNext: new Set(c.notNext) } : {}),
            ...(c.notPrev ? { notPrev: new Set(c.notPrev) } : {}),
            ...(c.next ? { next: new Set(c.next) } : {}),
            ...(c.prev ? { prev: new Set(c.prev) } : {}),
          }
        : undefined,
      source,
    };
  }
  const trie = TokenTrie.fromLayout(
    { keys: s.trie.keys, parents: int32s(s.trie.parents), parentKeys: int32s(s.trie.parentKeys), valueNodes: int32s(s.trie.valueNodes) },
    entries,
  );
  const problems = StoredNames.restoreProblems(s.problems, cwd);
  return { format: FORMAT, key: s.key, entries, types: s.declared, problems, files: s.files.map((f) => StoredNames.restore(f, cwd)), trie };
}

function encodeTrie(trie: TokenTrie<GazetteerEntry>, entries: readonly GazetteerEntry[]): StoredGazetteers['trie'] {
  const index = new Map<GazetteerEntry, number>();
  entries.forEach((e, i) => index.set(e, i));
  const layout = trie.layout((e) => index.get(e)!);
  const base64 = (a: Int32Array): string => Buffer.from(a.buffer, a.byteOffset, a.byteLength).toString('base64');
  return { keys: layout.keys, parents: base64(layout.parents), parentKeys: base64(layout.parentKeys), valueNodes: base64(layout.valueNodes) };
}

/** An Int32Array from the base64 of its bytes (copied: Buffer's pool may not be 4-byte aligned). */
function int32s(base64: string): Int32Array {
  const bytes = Buffer.from(base64, 'base64');
  if (bytes.length % 4 !== 0) throw new Error('truncated number array');
  const out = new Int32Array(bytes.length / 4);
  new Uint8Array(out.buffer).set(bytes);
  return out;
}

/**
 * Where compiled gazetteers are kept: `$SERTAG_CACHE_DIR`, else `$XDG_CACHE_HOME/sertag`, else
 * `~/.cache/sertag`. `undefined` when `SERTAG_NO_CACHE` is set (to anything but `0` or empty).
 */
export function cacheDirectory(env: NodeJS.ProcessEnv = process.env): string | undefined {
  const off = env.SERTAG_NO_CACHE;
  if (off !== undefined && off !== '' && off !== '0') return undefined;
  if (env.SERTAG_CACHE_DIR) return resolve(env.SERTAG_CACHE_DIR);
  if (env.XDG_CACHE_HOME) return join(env.XDG_CACHE_HOME, 'sertag');
  return join(homedir(), '.cache', 'sertag');
}

let fingerprint: string | undefined;

/** Every source file below `dir` with extension `ext` (not declaration files), in a stable order. */
function codeFiles(dir: string, ext: string): string[] {
  let entries;
  try {
    entries = readdirSync(dir, { withFileTypes: true });
  } catch {
    return [];
  }
  return entries
    .flatMap((entry) => {
      const path = join(dir, entry.name);
      if (entry.isDirectory()) return codeFiles(path, ext);
      return entry.name.endsWith(ext) && !entry.name.endsWith('.d.ts') ? [path] : [];
    })
    .sort();
}

/**
 * A hash of the code that is run, and of the versions of `yaml` and `natural`: a change to any
 * of it (the loader, the tokenizer, a profile option) makes compiled entries and rules rebuild.
 * Built code reads the hash `npm run build` wrote over all of dist/ (the modules the library and
 * the workers run, and the bundle the CLI runs: scripts/code-fingerprint.mjs); code run from its
 * sources (the tests) hashes every source file.
 */
function codeFingerprint(): string {
  if (fingerprint !== undefined) return fingerprint;
  const hash = createHash('sha256');
  const root = fileURLToPath(new URL('../', import.meta.url));
  let built: string | undefined;
  try {
    built = readFileSync(join(root, 'code-fingerprint.txt'), 'utf8').trim();
  } catch {
    // Not a build: the sources are what runs.
  }
  if (built) hash.update(`built ${built}\n`);
  else {
    const ext = extname(fileURLToPath(import.meta.url));
    for (const file of codeFiles(root, ext)) {
      hash.update(file.slice(root.length) + '\0');
      hash.update(readFileSync(file));
      hash.update('\0');
    }
  }
  // Where the package manager put them (hoisted or not): resolved as the loader imports them.
  const require = createRequire(import.meta.url);
  for (const dep of ['yaml', 'natural']) {
    try {
      hash.update(readFileSync(require.resolve(`${dep}/package.json`)));
    } catch {
      hash.update(`unresolved ${dep}\n`);
    }
  }
  fingerprint = hash.digest('hex');
  return fingerprint;
}

/**
 * What the compiled gazetteers depend on besides their files: the cache format, V8 (its JSON),
 * the loading code, the types known before loading, and the profile's conventions (its manifest,
 * its default case policy, its tokenizer conventions). Not the working directory: file names are
 * stored as absolute paths (see `StoredNames`).
 */
function startKey(kind: string, types: Iterable<string>, profile: Profile): Hash {
  const hash = createHash('sha256');
  hash.update(`sertag-${kind}-cache ${FORMAT} ${process.versions.v8}\n${codeFingerprint()}\n`);
  hash.update(JSON.stringify([...types]) + '\n');
  hash.update(JSON.stringify({ case: profile.case, tokenizer: profile.tokenizer }) + '\n');
  if (profile.file !== undefined) hashFile(hash, profile.file);
  return hash;
}

/**
 * The cache key of a gazetteer configuration (see `startKey`) over every file's path and content
 * (a folder's listing is expanded, so adding a file changes the key) and every object's JSON.
 * Reading and hashing a file is cheap next to parsing its YAML.
 */
function gazetteersKey(sources: ReadonlyArray<SourceFile | GazetteerInput>, types: ReadonlySet<string>, profile: Profile): string {
  const hash = startKey('gazetteers', types, profile);
  for (const source of sources) hashSource(hash, source);
  return hash.digest('hex');
}

/** Hashes one expanded source: an object by its JSON, a file by its path and content. */
function hashSource(hash: Hash, source: unknown): void {
  if (isSourceFile(source)) {
    // The same file wins over the profile's entries when the user gives it (see `preferUserEntries`).
    if (source.user) hash.update('user\0');
    hashFile(hash, source.path);
  }
  else hash.update(`object\0${JSON.stringify(source)}\0`);
}

function hashFile(hash: Hash, path: string): void {
  hash.update(`file\0${path}\0`);
  try {
    hash.update(readFileSync(path));
  } catch (error) {
    hash.update(`unreadable ${(error as NodeJS.ErrnoException).code ?? ''}`);
  }
  hash.update('\0');
}

/**
 * Whether a cache file may be trusted: owned by this user (or root) and writable by no one else. A
 * cache directory can be shared (`SERTAG_CACHE_DIR` for a fleet of workers); a file that another
 * user could have written (with its checksum recomputed) would otherwise be served as compiled
 * gazetteers and rules, regular expressions included, that no loader ever checked.
 */
function trusted(info: { uid: number; mode: number }): boolean {
  const uid = process.getuid?.();
  if (uid === undefined) return true;
  return (info.uid === uid || info.uid === 0) && (info.mode & 0o022) === 0;
}

/** A cache file's payload, or undefined when it is missing, torn, tampered with or not to be trusted. */
function readPayload(file: string): string | undefined {
  let buffer: Buffer;
  let fd: number | undefined;
  try {
    // Checked on the file as opened, so it cannot be swapped between the check and the read.
    fd = openSync(file, 'r');
    if (!trusted(fstatSync(fd))) return undefined;
    buffer = readFileSync(fd);
  } catch {
    return undefined;
  } finally {
    if (fd !== undefined) closeSync(fd);
  }
  // Layout: 32-byte sha256 of the payload, then the JSON payload. A torn or tampered file fails
  // the checksum and is rebuilt instead of being trusted.
  if (buffer.length < 33) return undefined;
  const payload = buffer.subarray(32);
  if (!createHash('sha256').update(payload).digest().equals(buffer.subarray(0, 32))) return undefined;
  return payload.toString('utf8');
}

function read(file: string, key: string, cwd: string): CachedGazetteers | undefined {
  const stored = readStored<StoredGazetteers & { declared: string[] }>(file, key);
  try {
    return stored === undefined ? undefined : decode(stored, cwd);
  } catch {
    return undefined;
  }
}

/**
 * The JSON a cache file holds when it is whole and of this format and key (the file is then marked
 * as used); undefined when it is missing, torn, corrupt or stale, so the caller rebuilds it.
 */
function readStored<T extends { format: number; key: string }>(file: string, key: string): T | undefined {
  const payload = readPayload(file);
  if (payload === undefined) return undefined;
  let stored: T;
  try {
    stored = JSON.parse(payload) as T;
  } catch {
    return undefined;
  }
  if (stored?.format !== FORMAT || stored.key !== key) return undefined;
  touch(file);
  return stored;
}

/** Writes through a temporary file and a rename, so readers see the old file or the whole new one. */
function writePayload(dir: string, file: string, text: string): void {
  try {
    mkdirSync(dir, { recursive: true });
    const payload = Buffer.from(text, 'utf8');
    replaceFile(file, Buffer.concat([createHash('sha256').update(payload).digest(), payload]));
  } catch {
    // A read-only or full disk only costs speed: the sources were loaded anyway.
    return;
  }
  pruneCache(dir);
}

/** Marks a cache file as just used, so pruning keeps it (its modification time is its last use). */
function touch(file: string): void {
  try {
    const now = new Date();
    utimesSync(file, now, now);
  } catch {
    // Read-only cache: it still serves, it just ages.
  }
}

/**
 * Deletes the least recently used cache files beyond `keep`. Only sertag's own files are
 * considered; a file another process removes first, or cannot stat, is skipped.
 */
export function pruneCache(dir: string, keep = MAX_CACHE_FILES): void {
  let names: string[];
  try {
    names = readdirSync(dir).filter((n) => (n.startsWith(FILE_PREFIX) || n.startsWith(RULES_PREFIX) || n.startsWith(PROFILE_PREFIX)) && n.endsWith(FILE_SUFFIX));
  } catch {
    return;
  }
  if (names.length <= keep) return;
  const files: Array<{ path: string; used: number }> = [];
  for (const name of names) {
    const path = join(dir, name);
    try {
      files.push({ path, used: statSync(path).mtimeMs });
    } catch {
      // Removed meanwhile.
    }
  }
  files.sort((a, b) => b.used - a.used);
  for (const { path } of files.slice(keep)) {
    try {
      unlinkSync(path);
    } catch {
      // Removed meanwhile, or not ours to remove.
    }
  }
}

/** The compiled rules of one configuration, as stored (file names as `StoredNames` keeps them). */
interface CachedRules {
  format: number;
  key: string;
  rules: StoredRule[];
  passes: PassOptions;
  problems: Problem[];
  files: string[];
}

/** Loads the gazetteers and compiles their trie, from the cache when their sources and the loading code are unchanged. */
function loadGazetteersCached(
  dir: string | undefined,
  sources: ReadonlyArray<SourceFile | GazetteerInput>,
  types: ReadonlySet<string>,
  profile: Profile,
  cwd: string,
  status?: (s: CacheStatus) => void,
): LoadedGazetteers & { trie: TokenTrie<GazetteerEntry> } {
  const key = dir === undefined ? '' : gazetteersKey(sources, types, profile);
  const file = dir === undefined ? '' : join(dir, FILE_PREFIX + key + FILE_SUFFIX);
  const cached = dir === undefined ? undefined : read(file, key, cwd);
  if (cached) {
    status?.('hit');
    return { entries: cached.entries, trie: cached.trie, types: new Set(cached.types), problems: cached.problems, files: cached.files };
  }
  const loaded = loadGazetteers(sources, types, gazetteerConventions(profile));
  // The one place a trie is compiled: on a cache miss, or with the cache off.
  const trie = compileTrie(loaded.entries);
  if (dir === undefined) status?.('disabled');
  else if (loaded.problems.some((p) => p.severity === 'error')) status?.('uncacheable');
  else {
    status?.('miss');
    const data: CachedGazetteers = { format: FORMAT, key, entries: loaded.entries, types: [...loaded.types], problems: loaded.problems, files: loaded.files, trie };
    writePayload(dir, file, encode(data, StoredNames.of(sources)));
  }
  return { ...loaded, trie };
}

/** Loads the rules, from the cache when their sources, the types and the loading code are unchanged. */
function loadRulesCached(dir: string | undefined, sources: ReadonlyArray<SourceFile | RulesInput>, types: ReadonlySet<string>, profile: Profile, cwd: string): LoadedRules {
  if (dir === undefined) return loadRules(sources, types);
  const hash = startKey('rules', types, profile);
  for (const source of sources) hashSource(hash, source);
  const key = hash.digest('hex');
  const file = join(dir, RULES_PREFIX + key + FILE_SUFFIX);
  const stored = readStored<CachedRules>(file, key);
  if (stored && Array.isArray(stored.rules)) {
    try {
      return {
        rules: stored.rules.map((r) => decodeRule({ ...r, file: StoredNames.restore(r.file, cwd) })),
        passes: stored.passes,
        problems: StoredNames.restoreProblems(stored.problems, cwd),
        files: stored.files.map((f) => StoredNames.restore(f, cwd)),
      };
    } catch {
      // A corrupt cache is rebuilt below.
    }
  }
  const loaded = loadRules(sources, types);
  if (!loaded.problems.some((p) => p.severity === 'error')) {
    const names = StoredNames.of(sources);
    const stored: CachedRules = {
      format: FORMAT,
      key,
      rules: loaded.rules.map((r) => ({ ...encodeRule(r), file: names.store(r.file) })),
      passes: loaded.passes,
      problems: names.storeProblems(loaded.problems),
      files: loaded.files.map((f) => names.store(f)),
    };
    writePayload(dir, file, JSON.stringify(stored));
  }
  return loaded;
}

/**
 * `loadProfile` through the cache: a manifest already parsed (same path, same text, same code) is
 * read back as JSON, so a warm start never loads the `yaml` package (~70 modules).
 */
export function loadProfileCached(nameOrPath: string, cwd: string = process.cwd()): Profile {
  const manifest = readManifest(nameOrPath, cwd);
  const dir = cacheDirectory();
  if (dir === undefined) return profileOf(manifest);
  const key = createHash('sha256').update(`sertag-profile-cache ${FORMAT}\n${codeFingerprint()}\n${manifest.file}\0${manifest.text}`).digest('hex');
  const file = join(dir, PROFILE_PREFIX + key + FILE_SUFFIX);
  const stored = readStored<{ format: number; key: string; profile: Profile }>(file, key);
  if (stored) return stored.profile;
  const profile = profileOf(manifest);
  writePayload(dir, file, JSON.stringify({ format: FORMAT, key, profile }));
  return profile;
}

/**
 * `loadSources` with the gazetteers (the expensive part: YAML parsing and term compilation) and
 * their compiled trie kept in a cache keyed by a hash of their sources, the profile and the loading
 * code, and the compiled rules in another (RegExps stored as source and flags). Returns what
 * `loadSources` returns, plus the trie. A missing, stale, corrupt or unwritable cache is never
 * fatal: the sources are loaded as usual and the cache is rewritten. Sources with errors are never
 * cached. Several processes in different working directories share one cache directory.
 */
export function loadSourcesCached(options: SourceOptions = {}, status?: (s: CacheStatus) => void): LoadedSources & { trie: TokenTrie<GazetteerEntry> } {
  const cwd = options.cwd ?? process.cwd();
  const profile = resolveProfile(options.profile, cwd, loadProfileCached);
  const dir = cacheDirectory();
  const problems: Problem[] = [];
  const gazetteerFiles = gazetteerSources(options, profile, cwd, problems);
  const gazetteers = loadGazetteersCached(dir, gazetteerFiles, baseTypes(options, profile), profile, cwd, status);
  for (const p of gazetteers.problems) problems.push(p);
  // Rules are validated against every type the gazetteers declare, as in one `loadSources` call.
  const ruleFiles = ruleSources(options, profile, cwd, problems);
  const rules = loadRulesCached(dir, ruleFiles, gazetteers.types, profile, cwd);
  for (const p of rules.problems) problems.push(p);
  return loadedSources(gazetteers, rules, problems, profile, gazetteerFiles, ruleFiles);
}
