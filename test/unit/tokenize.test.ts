import { describe, expect, it } from 'vitest';
import fc from 'fast-check';
import { tokenize } from '../../src/tokenize/index.js';
import type { Utf16Token as Token } from '../../src/types.js';

interface Fixture {
  input: string;
  tokens: string[];
  explanation: string;
}

const fixtures: Fixture[] = [
  { input: 'It integrates with Git.', tokens: ['It', 'integrates', 'with', 'Git', '.'], explanation: 'sentence-final period is split' },
  { input: 'Classes in C++ and C# and F#.', tokens: ['Classes', 'in', 'C++', 'and', 'C#', 'and', 'F#', '.'], explanation: 'language names with symbols stay whole' },
  { input: 'Built on .NET and ASP.NET today', tokens: ['Built', 'on', '.NET', 'and', 'ASP.NET', 'today'], explanation: 'leading and inner dots stay' },
  { input: 'Written in Node.js.', tokens: ['Written', 'in', 'Node.js', '.'], explanation: 'dotted name keeps its dot, final period split' },
  { input: 'TCP/IP and I/O matter', tokens: ['TCP/IP', 'and', 'I/O', 'matter'], explanation: 'slashes inside words stay' },
  { input: 'an x86-64 build for Objective-C', tokens: ['an', 'x86-64', 'build', 'for', 'Objective-C'], explanation: 'hyphens inside words stay' },
  { input: 'Python 2.7.1 on Ubuntu 18.04.', tokens: ['Python', '2.7.1', 'on', 'Ubuntu', '18.04', '.'], explanation: 'versions stay whole' },
  { input: 'See https://example.com/a?b=1, then', tokens: ['See', 'https://example.com/a?b=1', ',', 'then'], explanation: 'URL whole, trailing comma split' },
  { input: 'Mail me@example.org.', tokens: ['Mail', 'me@example.org', '.'], explanation: 'e-mail address whole' },
  { input: 'Edit /etc/hosts or C:\\Windows\\win.ini now', tokens: ['Edit', '/etc/hosts', 'or', 'C:\\Windows\\win.ini', 'now'], explanation: 'paths stay whole' },
  { input: 'Open config.yaml and main.py.', tokens: ['Open', 'config.yaml', 'and', 'main.py', '.'], explanation: 'file names stay whole' },
  { input: "Apple's phone", tokens: ['Apple', "'s", 'phone'], explanation: "possessive 's is split" },
  { input: 'Apple’s phone', tokens: ['Apple', '’s', 'phone'], explanation: 'curly apostrophe clitic is split' },
  { input: "It doesn't work", tokens: ['It', 'does', "n't", 'work'], explanation: "n't is split" },
  { input: "can't", tokens: ['ca', "n't"], explanation: "n't split leaves ca, as in the Penn Treebank" },
  { input: "we're, they've, you'll, he'd, I'm", tokens: ['we', "'re", ',', 'they', "'ve", ',', 'you', "'ll", ',', 'he', "'d", ',', 'I', "'m"], explanation: 'all clitics are split' },
  { input: "O'Reilly books", tokens: ["O'Reilly", 'books'], explanation: 'inner apostrophe of a name stays' },
  { input: "Windows' API", tokens: ['Windows', "'", 'API'], explanation: 'plural possessive apostrophe is split' },
  { input: 'Somers’ work', tokens: ['Somers’', 'work'], explanation: 'trailing curly apostrophe without an opening quote stays' },
  { input: '‘quoted’ word', tokens: ['‘', 'quoted', '’', 'word'], explanation: 'curly single quotes are split when paired' },
  { input: 'the "Orb of Zot" item', tokens: ['the', '"', 'Orb', 'of', 'Zot', '"', 'item'], explanation: 'double quotes split at word edges' },
  { input: '“smart” quotes', tokens: ['“', 'smart', '”', 'quotes'], explanation: 'curly double quotes split' },
  { input: 'Server (GWS) runs', tokens: ['Server', '(', 'GWS', ')', 'runs'], explanation: 'brackets at word edges split' },
  { input: '[citation] and {braces}', tokens: ['[', 'citation', ']', 'and', '{', 'braces', '}'], explanation: 'square brackets and braces split' },
  { input: 'call foo() or f(x) or a[0]', tokens: ['call', 'foo()', 'or', 'f(x)', 'or', 'a[0]'], explanation: 'balanced brackets inside a word stay' },
  { input: '(see f(x)).', tokens: ['(', 'see', 'f(x)', ')', '.'], explanation: 'only the unbalanced closing bracket is split' },
  { input: '[D]CONFIG.SYS file', tokens: ['[D]CONFIG.SYS', 'file'], explanation: 'a bracket closed inside the word belongs to it' },
  { input: 'He said "stop." Then left', tokens: ['He', 'said', '"', 'stop.', '"', 'Then', 'left'], explanation: 'period before a closing quote stays on the word (gold convention)' },
  { input: 'was negotiated).', tokens: ['was', 'negotiated', ')', '.'], explanation: 'period after a bracket is split' },
  { input: 'e.g. this, i.e. that', tokens: ['e.g.', 'this', ',', 'i.e.', 'that'], explanation: 'dotted abbreviations keep their period' },
  { input: 'the U.S. market', tokens: ['the', 'U.S.', 'market'], explanation: 'U.S. keeps its periods' },
  { input: 'Dr. Smith vs. St. Louis', tokens: ['Dr.', 'Smith', 'vs.', 'St.', 'Louis'], explanation: 'titles keep their period' },
  { input: 'Apple Inc. is big', tokens: ['Apple', 'Inc', '.', 'is', 'big'], explanation: 'Inc. is split, as in the gold data' },
  { input: 'Apple Inc., Google', tokens: ['Apple', 'Inc.', ',', 'Google'], explanation: 'an abbreviation keeps its period before a comma' },
  { input: 'files, dirs, etc.', tokens: ['files', ',', 'dirs', ',', 'etc', '.'], explanation: 'etc. is split, as in the gold data' },
  { input: 'call np.dot.', tokens: ['call', 'np.dot', '.'], explanation: 'code with short dotted parts is not an abbreviation' },
  { input: 'only 0.2% and 50%', tokens: ['only', '0.2%', 'and', '50%'], explanation: 'percentages stay whole' },
  { input: 'costs $5 or $2.50', tokens: ['costs', '$5', 'or', '$2.50'], explanation: 'small dollar amounts stay whole' },
  { input: 'under $1,000,000.', tokens: ['under', '$', '1,000,000', '.'], explanation: 'dollar sign split before a thousands-separated amount (gold convention)' },
  { input: 'about 10,000 users', tokens: ['about', '10,000', 'users'], explanation: 'thousands separators stay' },
  { input: 'wait... what…', tokens: ['wait', '...', 'what', '…'], explanation: 'ellipses are one token' },
  { input: 'Really?! Yes!!', tokens: ['Really', '?!', 'Yes', '!!'], explanation: 'runs of ? and ! are one token' },
  { input: 'Yahoo!, Google', tokens: ['Yahoo!', ',', 'Google'], explanation: 'a ! before a comma belongs to the name' },
  { input: 'Note: a; b', tokens: ['Note', ':', 'a', ';', 'b'], explanation: 'colon and semicolon split' },
  { input: 'an empty string ""', tokens: ['an', 'empty', 'string', '""'], explanation: 'a chunk of only double quotes is one token' },
  { input: "''quoted''", tokens: ["'", "'", 'quoted', "''"], explanation: "two apostrophes at the end close a quote; opening ones split one at a time" },
  { input: '  spaced\tout\nlines  ', tokens: ['spaced', 'out', 'lines'], explanation: 'any whitespace separates, none is kept' },
  { input: 'non\u00a0breaking\u2009thin', tokens: ['non', 'breaking', 'thin'], explanation: 'Unicode spaces separate' },
  { input: '', tokens: [], explanation: 'empty input' },
  { input: '.', tokens: ['.'], explanation: 'a lone period is a token' },
  { input: 'שלום עולם.', tokens: ['שלום', 'עולם', '.'], explanation: 'right-to-left text' },
  { input: 'I ❤️ 🦀 Rust.', tokens: ['I', '❤️', '🦀', 'Rust', '.'], explanation: 'emoji are tokens' },
  { input: 'Hello, world!', tokens: ['Hello', ',', 'world', '!'], explanation: 'basic punctuation' },
];

/** The first broken invariant, if any: offsets slice back to the text, ordered, non-empty, non-overlapping. */
function firstViolation(text: string, tokens: Token[]): string | undefined {
  let previousEnd = 0;
  for (const [index, token] of tokens.entries()) {
    if (token.start < previousEnd) return `token ${index} overlaps the previous one`;
    if (token.end <= token.start) return `token ${index} is empty`;
    if (text.slice(token.start, token.end) !== token.text) return `token ${index} does not slice back to its text`;
    previousEnd = token.end;
  }
  return undefined;
}

// One assertion per text, not per token: a megabyte of single-character tokens must stay fast.
function checkInvariants(text: string, tokens: Token[]): void {
  expect(firstViolation(text, tokens)).toBeUndefined();
}

describe('tokenize', () => {
  it.each(fixtures)('$explanation: $input', ({ input, tokens }) => {
    const result = tokenize(input);
    expect(result.map((t) => t.text)).toEqual(tokens);
    checkInvariants(input, result);
  });

  it('gives half-open offsets into the text', () => {
    expect(tokenize(' C++ rocks.')).toEqual([
      { text: 'C++', start: 1, end: 4 },
      { text: 'rocks', start: 5, end: 10 },
      { text: '.', start: 10, end: 11 },
    ]);
  });

  it('keeps its invariants on arbitrary binary strings', () => {
    fc.assert(
      fc.property(fc.string({ unit: 'binary' }), (text) => firstViolation(text, tokenize(text)) === undefined),
      { seed: 42, numRuns: 500 },
    );
  });

  it('keeps its invariants on arbitrary full-Unicode strings with lone surrogates', () => {
    fc.assert(
      fc.property(fc.string({ unit: fc.oneof(fc.constantFrom(...'.,;:!?()[]{}"\'’‘“”$%… \n'.split('')), fc.integer({ min: 0, max: 0x10ffff }).map((c) => String.fromCodePoint(c))) }), (text) =>
        firstViolation(text, tokenize(text)) === undefined,
      ),
      { seed: 42, numRuns: 500 },
    );
  });

  it('handles NUL and control characters as separators', () => {
    const text = 'a\u0000b\u0007c';
    expect(tokenize(text).map((t) => t.text)).toEqual(['a', 'b', 'c']);
  });

  it('tokenizes a 1 MB line quickly and correctly', () => {
    // 11 tokens: Node.js ( v18.04 ) runs C++ code , e.g. foo() !
    const word = 'Node.js (v18.04) runs C++ code, e.g. foo()! ';
    const line = word.repeat(Math.ceil(1_000_000 / word.length));
    const started = performance.now();
    const tokens = tokenize(line);
    const elapsed = performance.now() - started;
    checkInvariants(line, tokens);
    expect(tokens.length).toBe(11 * Math.ceil(1_000_000 / word.length));
    expect(elapsed).toBeLessThan(2000);
  });

  it('tokenizes a 1 MB chunk without spaces in linear time', () => {
    for (const unit of [')', '(', '.', "'", 'a']) {
      const line = unit.repeat(1_000_000);
      const started = performance.now();
      const tokens = tokenize(line);
      expect(performance.now() - started).toBeLessThan(2000);
      checkInvariants(line, tokens);
    }
  });
});
