import { commonEnglishWords } from '../learn/words.js';
import type { Candidate } from '../types.js';
import type { Component, ComponentToken, DocumentContext } from './types.js';

/**
 * Names a document introduces. An issue about `TaskWarrior` or `eslint-config-cssnano` names its
 * project again and again, in shapes no gazetteer can list ahead of time; what the document says
 * about its own names is the evidence:
 * - **repeated and written like a name**: CamelCase (`TaskWarrior`), a capitalised word that is
 *   not a common English word, mid-sentence (`Elasticquent`), a dashed package name
 *   (`remark-html`), a dotted host name (`greenkeeper.io`), used `minRepeats` times or more in a
 *   document of at most `maxSentences` sentences;
 * - **installed**: the package after `pip install`, `npm install`, `yarn add`, `gem install`,
 *   `brew install`, `apt-get install` … (a library, or an application for system package managers);
 * - **named by a head word**: `X library`.
 * A name found so is proposed wherever it occurs in the document, as the lowest-priority candidate:
 * it fills gaps and never overrides a gazetteer entry or a rule, nor a token that the rules veto
 * (the learned blocks: strings that are rarely an entity).
 */

/** Which evidence to use and how much of it (for ablations; the defaults are what the profile runs). */
export interface DocumentNamesOptions {
  /** Evidence kinds to use (default: `DEFAULT_EVIDENCE`). */
  evidence?: ReadonlyArray<EvidenceKind>;
  /** Occurrences a name-shaped word needs in its window (default 2). */
  minRepeats?: number;
  /**
   * Longest document (in sentences) whose repeated words count as its own names (default 300). A
   * name a document introduces is a property of one coherent text (an issue, a post: the longest
   * GitHub issue of the gold is well under the default); in a file of thousands of unrelated
   * sentences, a word repeated is an API's class name or a place, not the document's subject.
   */
  maxSentences?: number;
}

export type EvidenceKind = 'camel' | 'capitalised' | 'dashed' | 'dotted' | 'installed' | 'head-word';

/**
 * The evidence the pass uses by default. `installed` is left out: on the GitHub issues the package
 * after `npm install` / `apt-get install` was almost never an annotated entity (`libsdl2-dev`,
 * `coffee-script`; docs/profiles.md, document names), and Stack Overflow posts have none.
 */
export const DEFAULT_EVIDENCE: readonly EvidenceKind[] = ['camel', 'capitalised', 'dashed', 'dotted', 'head-word'];

/** Below every gazetteer entry and rule: a document name only fills a gap. */
const PRIORITY = -100;

/** Package managers: the command words before the package name, and what they install. */
const INSTALLERS: ReadonlyArray<{ command: readonly string[]; type: string; tool: string }> = [
  { command: ['pip', 'install'], type: 'Library', tool: 'pip install' },
  { command: ['pip3', 'install'], type: 'Library', tool: 'pip3 install' },
  { command: ['conda', 'install'], type: 'Library', tool: 'conda install' },
  { command: ['npm', 'install'], type: 'Library', tool: 'npm install' },
  { command: ['npm', 'i'], type: 'Library', tool: 'npm i' },
  { command: ['yarn', 'add'], type: 'Library', tool: 'yarn add' },
  { command: ['pnpm', 'add'], type: 'Library', tool: 'pnpm add' },
  { command: ['gem', 'install'], type: 'Library', tool: 'gem install' },
  { command: ['cargo', 'add'], type: 'Library', tool: 'cargo add' },
  { command: ['composer', 'require'], type: 'Library', tool: 'composer require' },
  { command: ['go', 'get'], type: 'Library', tool: 'go get' },
  { command: ['brew', 'install'], type: 'Application', tool: 'brew install' },
  { command: ['apt-get', 'install'], type: 'Application', tool: 'apt-get install' },
  { command: ['apt', 'install'], type: 'Application', tool: 'apt install' },
];

/**
 * Head words after a name, and the type they give it. Only `library` earned its place: on GitHub
 * issues and Stack Overflow posts, `X package`, `X plugin`, `X framework`, `X app`, `X extension`
 * named a non-entity more often than a name (`struct package`, `app framework`, `plug-in
 * extension`; docs/profiles.md, document names).
 */
const HEAD_WORDS: ReadonlyMap<string, string> = new Map([['library', 'Library']]);

const CAMEL = /^(?:[A-Z][a-z0-9]+[A-Z]|[a-z][a-z0-9]*[A-Z]|[A-Z]{2,}[a-z]+[A-Z]?)[A-Za-z0-9]*$/;
const CAPITALISED = /^[A-Z][a-z][a-z0-9]+$/;
const DASHED = /^[a-z][a-z0-9]*(?:-[a-z0-9]+)+$/;
const DOTTED = /^[A-Za-z][A-Za-z0-9-]*\.(?:io|js|com|org|net|dev|app)$/;
/** What a package name on a command line looks like (`@scope/name`, `name==1.2`, `name@2`). */
const PACKAGE = /^@?[A-Za-z][A-Za-z0-9._-]*(?:\/[A-Za-z0-9._-]+)?$/;

/** One name the document introduced: its type and the evidence, for `--explain`. */
interface Name {
  readonly type: string;
  readonly detail: string;
}

/** Per document: the names found, by lower-cased token. */
type DocumentNames = Map<string, Name>;

/** Whether a word is English, or made of English words and dashes (`low-level`, `open-source`). */
function isEnglish(lower: string, english: ReadonlySet<string>): boolean {
  return english.has(lower) || english.has(lower.replace(/-/g, '')) || lower.split('-').every((part) => english.has(part) || /^[0-9]+$/.test(part));
}

/** The shape of token `i` that makes it look like a name, or undefined. */
function nameShape(tokens: readonly ComponentToken[], i: number, english: ReadonlySet<string>): EvidenceKind | undefined {
  const token = tokens[i]!.text;
  if (token.length < 3) return undefined;
  if (CAMEL.test(token)) return 'camel';
  if (DASHED.test(token)) return isEnglish(tokens[i]!.lower, english) ? undefined : 'dashed';
  if (DOTTED.test(token)) return 'dotted';
  // Mid-sentence, and not beside another capitalised word: `Alexandru Canavoiu` is a person.
  if (i > 0 && CAPITALISED.test(token) && !english.has(tokens[i]!.lower) && !/^[A-Z]/.test(tokens[i - 1]!.text) && !/^[A-Z]/.test(tokens[i + 1]?.text ?? '')) {
    return 'capitalised';
  }
  return undefined;
}

const SHAPE_WORDS: Record<string, string> = {
  camel: 'written in CamelCase',
  capitalised: 'capitalised mid-sentence and not an English word',
  dashed: 'a dashed package name',
  dotted: 'a dotted host name',
};

/**
 * The document-names component (see above). `options` choose the evidence, for ablations; the
 * profile's pass `documentNames: true` runs it with the defaults.
 */
export function documentNames(options: DocumentNamesOptions = {}): Component<DocumentNames> {
  const evidence = new Set(options.evidence ?? DEFAULT_EVIDENCE);
  const minRepeats = options.minRepeats ?? 2;
  const maxSentences = options.maxSentences ?? 300;
  return {
    name: 'document-names',
    start: (document) => findNames(document, evidence, document.sentenceCount <= maxSentences ? minRepeats : Infinity),
    candidates(candidates, sentence, _document, names) {
      if (names.size === 0) return;
      const tokens = sentence.tokens as ReadonlyArray<ComponentToken & { readonly vetoes?: unknown }>;
      let covered: Uint8Array | undefined;
      for (let i = 0; i < tokens.length; i++) {
        const token = tokens[i]!;
        const name = names.get(token.lower);
        // A token the rules veto or retype is one the learned blocks know: rarely an entity.
        if (name === undefined || token.vetoes !== undefined) continue;
        covered ??= coveredTokens(candidates, tokens.length);
        if (covered[i]) continue;
        candidates.push({ start: i, end: i + 1, type: name.type, priority: PRIORITY, by: { component: 'document-names', detail: name.detail } });
      }
    },
  };
}

/** The default document-names component, as the `documentNames` pass runs it. */
export const documentNamesComponent = documentNames();

/** Which tokens some candidate covers. */
function coveredTokens(candidates: readonly Candidate[], length: number): Uint8Array {
  const covered = new Uint8Array(length);
  for (const c of candidates) covered.fill(1, c.start, c.end);
  return covered;
}

/** Scans the whole document once for the names it introduces. */
function findNames(document: DocumentContext, evidence: ReadonlySet<EvidenceKind>, minRepeats: number): DocumentNames {
  const english = commonEnglishWords();
  const names: DocumentNames = new Map();
  // Name-shaped words, how they were written, and how often the document uses them (any case).
  const shaped = new Map<string, EvidenceKind>();
  const uses = new Map<string, number>();
  // The sentences a word is used in: a name said twice in one sentence is mostly code
  // (`AsyncTask<…> extends AsyncTask`), so the repetition must span sentences.
  const sentencesOf = new Map<string, number>();
  const lastSentence = new Map<string, number>();
  for (let s = 0; s < document.sentenceCount; s++) {
    const tokens = document.sentence(s);
    for (let i = 0; i < tokens.length; i++) {
      const { text, lower } = tokens[i]!;
      if (minRepeats !== Infinity) {
        uses.set(lower, (uses.get(lower) ?? 0) + 1);
        if (lastSentence.get(lower) !== s) {
          lastSentence.set(lower, s);
          sentencesOf.set(lower, (sentencesOf.get(lower) ?? 0) + 1);
        }
        const shape = shaped.has(lower) ? undefined : nameShape(tokens, i, english);
        if (shape !== undefined && evidence.has(shape)) shaped.set(lower, shape);
      }
      if (evidence.has('installed')) installedAt(tokens, i, s, english, names);
      if (evidence.has('head-word') && i > 0) {
        const type = HEAD_WORDS.get(lower);
        const before = tokens[i - 1]!;
        if (type !== undefined && !isEnglish(before.lower, english) && PACKAGE.test(before.text) && !names.has(before.lower)) {
          names.set(before.lower, { type, detail: `named by the head word \`${text}\` in sentence ${s + 1}` });
        }
      }
    }
  }
  for (const [word, shape] of shaped) {
    const n = uses.get(word)!;
    if (n >= minRepeats && sentencesOf.get(word)! >= 2 && !names.has(word)) names.set(word, { type: shape === 'dashed' ? 'Library' : 'Application', detail: `${SHAPE_WORDS[shape]}, ${n} times in the document` });
  }
  return names;
}

/** Records the package named after an install command that ends at token `i`. */
function installedAt(tokens: readonly ComponentToken[], i: number, sentence: number, english: ReadonlySet<string>, names: DocumentNames): void {
  for (const { command, type, tool } of INSTALLERS) {
    const first = i - command.length + 1;
    if (first < 0 || tokens[i]!.lower !== command[command.length - 1]) continue;
    if (!command.every((word, k) => tokens[first + k]!.lower === word)) continue;
    // Options (`-g`, `--save-dev`, `-U`) come before the package names.
    let k = i + 1;
    while (k < tokens.length && tokens[k]!.text.startsWith('-')) k++;
    const pkg = tokens[k];
    if (pkg === undefined || !PACKAGE.test(pkg.text) || english.has(pkg.lower) || names.has(pkg.lower)) return;
    names.set(pkg.lower, { type, detail: `installed with \`${tool}\` in sentence ${sentence + 1}` });
    return;
  }
}
