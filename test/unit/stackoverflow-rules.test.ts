// The stackoverflow profile's rules, each on its own: error and exception class names by shape,
// head words, and versions the Stack Overflow way (glued ones tagged whole, separated ones left
// outside the span). Each rule file is loaded alone, so a test fails only for its own rule.
import { dirname, join, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';
import { describe, expect, it } from 'vitest';
import type { GazetteerInput } from '../../src/gazetteer/types.js';
import { createTagger } from '../../src/tagger.js';

const repoRoot = resolve(dirname(fileURLToPath(import.meta.url)), '../..');
const rulesFile = (relative: string) => join(repoRoot, 'rules', relative);

function entities(rules: string[], text: string, gazetteers: GazetteerInput[] = []): Array<[string, string]> {
  const tagger = createTagger({ defaultGazetteers: false, defaultRules: false, rules, gazetteers });
  return tagger.tag(text).entities.map((e) => [e.text, e.type]);
}

describe('error-class-names (rules/stackoverflow/error-names.yaml)', () => {
  const rules = [rulesFile('stackoverflow/error-names.yaml')];

  it('tags one-word and multi-word class names ending in Error or Exception', () => {
    expect(entities(rules, 'It raises ImportError, then TypeError and a NullPointerException.')).toEqual([
      ['ImportError', 'Error_Name'],
      ['TypeError', 'Error_Name'],
      ['NullPointerException', 'Error_Name'],
    ]);
    expect(entities(rules, 'Catch IOException or java.lang.ClassCastException here.')).toEqual([
      ['IOException', 'Error_Name'],
      ['java.lang.ClassCastException', 'Error_Name'],
    ]);
  });

  it('tags capitalised error phrases, head word included', () => {
    expect(entities(rules, 'The server returns an Internal Server Error, not a Runtime Error.')).toEqual([
      ['Internal Server Error', 'Error_Name'],
      ['Runtime Error', 'Error_Name'],
    ]);
    expect(entities(rules, 'The Error was mine.')).toEqual([]);
  });

  it('leaves bare and lower-case words alone', () => {
    expect(entities(rules, 'An Error or an Exception is an error, and importerror is no class name.')).toEqual([]);
  });

  it('covers what the wikipedia optional rule error-code-head cannot match', () => {
    const headWords = [rulesFile('optional/head-words.yaml')];
    const text = 'ImportError and NullPointerException';
    expect(entities(headWords, text).filter(([, type]) => type === 'Error_Name')).toEqual([['NullPointerException', 'Error_Name']]);
    expect(entities(rules, text)).toEqual([
      ['ImportError', 'Error_Name'],
      ['NullPointerException', 'Error_Name'],
    ]);
  });
});

describe('versions the Stack Overflow way', () => {
  const rules = [rulesFile('glued-versions.yaml')];
  const os: GazetteerInput = { type: 'Operating_System', case: 'ignore', entries: [{ term: 'iOS' }, { term: 'Windows' }] };

  it('tags a glued version with its name (python3.8, php5.3, iOS7)', () => {
    expect(entities(rules, 'I moved from python3.8 and php5.3 to iOS7.')).toEqual([
      ['python3.8', 'Language'],
      ['php5.3', 'Language'],
      ['iOS7', 'Operating_System'],
    ]);
  });

  it('leaves a separated version outside the span (iOS 7 → iOS)', () => {
    expect(entities(rules, 'It fails on iOS 7 and Windows 10.', [os])).toEqual([
      ['iOS', 'Operating_System'],
      ['Windows', 'Operating_System'],
    ]);
  });
});

describe('head words (rules/stackoverflow/head-words.yaml)', () => {
  const rules = [rulesFile('stackoverflow/head-words.yaml')];

  it('tags a capitalised name with a library head word as a library, head included', () => {
    expect(entities(rules, 'I use the Google Maps API and the Surface SDK with Dojo Toolkit.')).toEqual([
      ['Google Maps API', 'Library'],
      ['Surface SDK', 'Library'],
      ['Dojo Toolkit', 'Library'],
    ]);
  });

  it('tags a capitalised name with an application head word as an application', () => {
    expect(entities(rules, 'Open it in Android Studio or SQL Server.')).toEqual([
      ['Android Studio', 'Application'],
      ['SQL Server', 'Application'],
    ]);
  });

  it('does not start a name at a function word or take a lower-case head', () => {
    expect(entities(rules, 'The API is fast; a web server and the Server are not names.')).toEqual([]);
  });
});
