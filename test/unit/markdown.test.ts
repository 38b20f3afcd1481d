import { describe, expect, it } from 'vitest';
import fc from 'fast-check';
import { createTagger } from 'sertag';
import { peelMarkdown } from '../../src/tokenize/markdown.js';

const gazetteer = {
  case: 'ignore' as const,
  entries: [
    { term: 'React', type: 'Library' },
    { term: 'Redux', type: 'Library' },
    { term: 'Express', type: 'Library' },
    { term: 'numpy', type: 'Library' },
    { term: 'Linux', type: 'Operating_System' },
    { term: 'Python', type: 'Language' },
    { term: 'C#', type: 'Language' },
  ],
};
const tagger = createTagger({ defaultGazetteers: false, defaultRules: false, gazetteers: [gazetteer] });
const found = (text: string, markdown?: boolean) => tagger.tag(text, markdown === undefined ? undefined : { markdown }).entities.map((e) => `${e.text}/${e.type}@${e.start}`);

describe('Markdown peeling', () => {
  it('finds the entities of the issue example, at offsets into the original text', () => {
    const text = 'Use **React** and _Redux_ with [Express](https://expressjs.com)';
    expect(found(text, false)).toEqual([]);
    expect(found(text)).toEqual(['React/Library@6', 'Redux/Library@19', 'Express/Library@32']);
  });

  it('peels inline code, strike-through, headings, list items, quotes and task boxes; blocks start sentences', () => {
    const text = '# Python on Linux\n- [x] use `numpy`\n1. ~~Redux~~ React\n> quoted C# here';
    const result = tagger.tag(text);
    expect(result.entities.map((e) => e.text)).toEqual(['Python', 'Linux', 'numpy', 'Redux', 'React', 'C#']);
    expect(result.sentences).toHaveLength(4);
  });

  it('leaves code blocks, link destinations and autolinks untagged', () => {
    const text = 'See <https://react.dev/Linux>, ![Python logo](python.png) and `Redux`:\n```\nimport numpy\n```\nthen React.';
    expect(tagger.tag(text).entities.map((e) => e.text)).toEqual(['Python', 'Redux', 'React']);
  });

  it('keeps HTML tags: in developer text a tag is a thing talked about (`the <td> of each row`)', () => {
    expect(peelMarkdown('set the width on every <td> and <th>').text).toBe('set the width on every <td> and <th>');
  });

  it('keeps snake_case, arithmetic, generics, C# and escaped marks as they are', () => {
    for (const text of ['my_numpy_array = 2 * 3 * 4', 'List<String> in C#', 'x[i][j] and char[][]', 'c:\\\\data']) expect(peelMarkdown(text).text).toBe(text);
    // An escaped mark is literal: only its backslash is syntax.
    expect(peelMarkdown('a \\*literal\\* star').text).toBe('a  *literal * star');
    expect(found('my_numpy_array in C#')).toEqual(['C#/Language@18']);
  });

  it('a fence that is never closed blanks only its own line', () => {
    expect(tagger.tag('```python\nReact and Linux').entities.map((e) => e.text)).toEqual(['React', 'Linux']);
  });

  it('is switchable: off in the call, or off for the tagger', () => {
    expect(found('**React**', false)).toEqual([]);
    const plain = createTagger({ defaultGazetteers: false, defaultRules: false, gazetteers: [gazetteer], markdown: false });
    expect(plain.markdown).toBe(false);
    expect(plain.tag('**React**').entities).toEqual([]);
    expect(plain.tag('**React**', { markdown: true }).entities.map((e) => e.text)).toEqual(['React']);
  });

  it('pairs emphasis in n log n: a long text of unpaired delimiters (a hostile request) is peeled at once', () => {
    // Each opener used to scan every later run, testing the text between for a blank line: 30,000
    // unpaired `*` runs took minutes. The pairs are the same: the first opener pairs with the only
    // closer, at the very end.
    const flood = '*x '.repeat(30_000) + '*a* b';
    const started = Date.now();
    const peeled = peelMarkdown(flood);
    expect(Date.now() - started).toBeLessThan(5_000);
    expect(peeled.text.length).toBe(flood.length);
    expect(peeled.text.startsWith(' x *x *x')).toBe(true);
    expect(peeled.text.endsWith('*x *a  b')).toBe(true);
    // An opener still stops at a blank line: `*a` and `b*` in two paragraphs stay as they are.
    expect(peelMarkdown('*a\n\nb*').text).toBe('*a\n\nb*');
    expect(peelMarkdown('*a\nb*').text).toBe(' a\nb ');
  });

  it('keeps the text length, blanks only syntax, and never puts syntax inside an entity (property)', () => {
    const word = fc.constantFrom('React', 'Redux', 'Linux', 'numpy', 'Python', 'uses', 'and', 'the', 'C#');
    const decorations: Array<(w: string) => string> = [(w) => `**${w}**`, (w) => `_${w}_`, (w) => `\`${w}\``, (w) => `[${w}](https://x.y/${w})`, (w) => `~~${w}~~`, (w) => w, (w) => `__${w}__`];
    // Each line twice: with Markdown, and as the plain words it stands for.
    const line = fc
      .array(fc.tuple(word, fc.constantFrom(...decorations)), { minLength: 1, maxLength: 8 })
      .map((ws) => [ws.map(([w, d]) => d(w)).join(' '), ws.map(([w]) => w).join(' ')] as const);
    const prefix = fc.constantFrom('', '# ', '- ', '* ', '1. ', '> ', '> - ');
    fc.assert(
      fc.property(fc.array(fc.tuple(prefix, line), { minLength: 1, maxLength: 5 }), (lines) => {
        const text = lines.map(([p, [marked]]) => p + marked).join('\n');
        const peeled = peelMarkdown(text).text;
        expect(peeled).toHaveLength(text.length);
        for (let k = 0; k < text.length; k++) if (peeled[k] !== text[k]) expect(peeled[k]).toBe(' ');
        const withMarkup = tagger.tag(text);
        for (const e of withMarkup.entities) {
          expect(text.slice(e.startUtf16, e.endUtf16)).toBe(e.text);
          expect(e.text).not.toMatch(/[*_`~[\]()>]/);
        }
        // The same entities, with the same types, as the plain text, line by line.
        const plain = lines.map(([, [, words]]) => tagger.tag(words).entities.map((e) => `${e.text}/${e.type}`)).flat();
        expect(withMarkup.entities.map((e) => `${e.text}/${e.type}`)).toEqual(plain);
      }),
      { numRuns: 300 },
    );
  });
});

describe('Markdown on the command line', () => {
  it('is peeled by default and left alone with --no-markdown; both flags together are a usage error', async () => {
    const { runCli } = await import('../helpers.js');
    const text = 'Use **Python** on [Linux](https://kernel.org)\n';
    const on = await runCli(['tag', '--format', 'inline'], process.cwd(), text);
    expect(on.stdout).toContain('[Python](Language)');
    const off = await runCli(['tag', '--format', 'inline', '--no-markdown'], process.cwd(), text);
    expect(off.stdout).not.toContain('[Python](Language)');
    const both = await runCli(['tag', '--markdown', '--no-markdown'], process.cwd(), text);
    expect(both.code).toBe(2);
    expect(both.stderr).toContain('--markdown and --no-markdown contradict each other');
  });
});
