import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { spansFromTags, tagsFromSpans, type SchemeName } from '../../src/bio/index.js';
import { evaluate } from '../../src/evaluate/index.js';
import type { Sentence } from '../../src/formats/sentence.js';
import { createTagger } from '../../src/tagger.js';
import { tokenize } from '../../src/tokenize/index.js';

/**
 * Property tests that complement the ones next to each module (tokenize, bio, match, evaluate):
 * hostile text through the tokenizer and the whole tagger, longest-match through the real loader
 * and resolver, BIO through the tagger, and the evaluator's invariants in every mode.
 *
 * Seeds are fixed so a failure reproduces. `SERTAG_PROPERTY_RUNS` sets the runs per property
 * (default 200); benchmarks/robustness.mjs runs them with 20000.
 */
const RUNS = Math.max(1, Number(process.env.SERTAG_PROPERTY_RUNS ?? 200) || 200);
/** Long runs need more than vitest's default timeout: about 2 ms a run, plus slack. */
const TIMEOUT = 60_000 + RUNS * 5;
const options = (seed: number) => ({ seed, numRuns: RUNS });

/** Pieces real scraped text is made of, plus the characters that break naive code. */
const HOSTILE = [
  'Python', 'C++', 'C#', '.NET', 'Node.js', 'TCP/IP', 'x86-64', '2.7.1', 'Stackless Python', 'Linux', 'GPL', 'quicksort', 'hash table',
  'https://example.com/a?b=1', '/etc/hosts', "don't", "O'Reilly", 'e.g.', 'U.S.', '$1,000', '...', '?!', '(', ')', '[', '"', '“', '’', ',', '.',
  '\u0000', '\u0007', '\u200b', '\u200d', '\u200e', '\u202e', '\ufeff', '\u2028', '\r\n', '\n\n', '\t', '\u00a0',
  'e\u0301', '\u0301', 'a\u0308\u0308\u0308', 'שלום', 'مرحبا', '👩‍💻', '🇫🇷', '❤️', '🦀', '\ud800', '\udfff', '\udc00x\ud83d',
  '<script>', '&amp;', '\\', '`code`', '{"json": 1}',
];

const hostileText = fc
  .array(fc.oneof({ weight: 3, arbitrary: fc.constantFrom(...HOSTILE) }, { weight: 1, arbitrary: fc.string({ unit: 'binary', maxLength: 8 }) }), { maxLength: 40 })
  .chain((parts) => fc.array(fc.constantFrom(' ', '', '  ', '\n'), { minLength: parts.length, maxLength: parts.length }).map((gaps) => parts.map((p, i) => p + gaps[i]).join('')));

describe('tokenizer on hostile text', () => {
  it('slices back, keeps order, never overlaps, never throws, and drops only whitespace and control characters', () => {
    fc.assert(
      fc.property(hostileText, (text) => {
        const tokens = tokenize(text);
        const covered = new Uint8Array(text.length);
        let previousEnd = 0;
        for (const t of tokens) {
          expect(t.start).toBeGreaterThanOrEqual(previousEnd);
          expect(t.end).toBeGreaterThan(t.start);
          expect(text.slice(t.start, t.end)).toBe(t.text);
          covered.fill(1, t.start, t.end);
          previousEnd = t.end;
        }
        for (let i = 0; i < text.length; i++) if (!covered[i]) expect(text[i]).toMatch(/[\s\p{Cc}\p{Cf}]/u);
      }),
      options(6001),
    );
  }, TIMEOUT);
});

describe('the whole tagger on hostile text (bundled gazetteers and rules)', () => {
  const tagger = createTagger();

  it('never throws; entities slice back, sit on token boundaries, never overlap; tags are BIO of the entities', () => {
    fc.assert(
      fc.property(hostileText, (text) => {
        const { tokens, entities, tags } = tagger.tag(text);
        expect(tags).toHaveLength(tokens.length);
        let previousEnd = 0;
        for (const e of entities) {
          expect(text.slice(e.startUtf16, e.endUtf16)).toBe(e.text);
          // start/end count code points, as Python's slicing does.
          expect([...text].slice(e.start, e.end).join('')).toBe(e.text);
          expect(e.tokenStart).toBeGreaterThanOrEqual(previousEnd);
          expect(e.tokenEnd).toBeGreaterThan(e.tokenStart);
          expect(e.start).toBe(tokens[e.tokenStart]!.start);
          expect(e.end).toBe(tokens[e.tokenEnd - 1]!.end);
          expect(e.source).toBeDefined();
          previousEnd = e.tokenEnd;
        }
        // BIO through the tagger: tags → spans gives back the entities, and spans → tags the tags.
        const spans = entities.map((e) => ({ start: e.tokenStart, end: e.tokenEnd, type: e.type }));
        expect(spansFromTags(tags)).toEqual(spans);
        expect(tagsFromSpans(spans, tokens.length)).toEqual(tags);
      }),
      options(6002),
    );
  }, TIMEOUT);

  it('tagTokens keeps any tokens it is given, one tag each', () => {
    fc.assert(
      fc.property(fc.array(fc.constantFrom(...HOSTILE.filter((h) => h.trim() !== '')), { maxLength: 30 }), (tokens) => {
        const { tokens: out, tags } = tagger.tagTokens(tokens);
        expect(out.map((t) => t.text)).toEqual(tokens);
        expect(tags).toHaveLength(tokens.length);
      }),
      options(6003),
    );
  }, TIMEOUT);
});

describe('gazetteer matching through the real loader and resolver', () => {
  const word = fc.stringMatching(/^[a-z]{1,5}$/);
  const phrase = fc.array(word, { minLength: 1, maxLength: 4 }).map((w) => w.join(' '));

  it('every inserted entry is found in a text made of the entries, and the longest match wins', () => {
    fc.assert(
      fc.property(fc.uniqueArray(phrase, { minLength: 1, maxLength: 25 }), fc.array(fc.nat(), { minLength: 1, maxLength: 10 }), fc.boolean(), (entries, picks, shout) => {
        const tagger = createTagger({ defaultGazetteers: false, defaultRules: false, gazetteers: [{ name: 'random', type: 'Library', entries }] });
        // Entries separated by a token no entry contains; each occurrence must come back whole,
        // however many shorter entries are nested in it. Case is ignored by default.
        const placed = picks.map((p) => entries[p % entries.length]!);
        const text = placed.map((p) => (shout ? p.toUpperCase() : p)).join(' ; ');
        const found = tagger.tag(text).entities.map((e) => e.text.toLowerCase());
        expect(found).toEqual(placed);
      }),
      options(6004),
    );
  }, TIMEOUT);
});

/** A sentence's well-formed IOB2 tags from random non-overlapping spans. */
const TYPES = ['Language', 'Library', 'Device'];
const tagSequence = (length: number) =>
  fc.array(fc.tuple(fc.nat(length), fc.integer({ min: 1, max: 3 }), fc.constantFrom(...TYPES)), { maxLength: 5 }).map((raw) => {
    const spans: { start: number; end: number; type: string }[] = [];
    for (const [start, len, type] of raw.sort((a, b) => a[0] - b[0])) {
      const end = Math.min(length, start + len);
      if (start < end && (spans.length === 0 || spans[spans.length - 1]!.end <= start)) spans.push({ start, end, type });
    }
    return tagsFromSpans(spans, length);
  });
/** Any IOB tag, ill-formed sequences included (I- after O, type changes). */
const anyTags = (length: number) => fc.array(fc.constantFrom('O', 'O', 'B-Language', 'I-Language', 'B-Library', 'I-Library', 'I-Device'), { minLength: length, maxLength: length });

const document = fc.array(fc.integer({ min: 1, max: 12 }), { minLength: 1, maxLength: 6 }).chain((lengths) =>
  fc.tuple(
    fc.constant(lengths),
    fc.tuple(...lengths.map((n) => fc.oneof(tagSequence(n), anyTags(n)))),
    fc.tuple(...lengths.map((n) => fc.oneof(tagSequence(n), anyTags(n)))),
  ),
);

function sentences(lengths: number[], tags: string[][]): Sentence[] {
  return lengths.map((n, i) => ({ tokens: Array.from({ length: n }, (_, k) => `w${k}`), tags: tags[i]!, line: i + 1 }));
}

function expectUnit(x: number): void {
  expect(Number.isFinite(x)).toBe(true);
  expect(x).toBeGreaterThanOrEqual(0);
  expect(x).toBeLessThanOrEqual(1);
}

describe('evaluator invariants', () => {
  it('P/R/F1 are in [0, 1] in every mode and average; counts add up', () => {
    fc.assert(
      fc.property(document, ([lengths, goldTags, predTags]) => {
        const gold = sentences(lengths, goldTags);
        const pred = sentences(lengths, predTags);
        const goldCount = goldTags.reduce((n, t) => n + spansFromTags(t).length, 0);
        const predCount = predTags.reduce((n, t) => n + spansFromTags(t).length, 0);
        for (const mode of ['conlleval', 'partial', 'type'] as const) {
          const r = evaluate(gold, pred, { mode });
          for (const s of [r.micro, r.macro, r.weighted, ...Object.values(r.types)]) [s.precision, s.recall, s.f1].forEach(expectUnit);
          expectUnit(r.tokenAccuracy);
          // tp + fp = predicted and tp + fn = gold, overall and per type.
          expect(r.entities.gold).toBe(goldCount);
          expect(r.entities.predicted).toBe(predCount);
          expect(r.entities.correct).toBeLessThanOrEqual(Math.min(goldCount, predCount));
          const types = Object.values(r.types);
          expect(types.reduce((n, t) => n + t.support, 0)).toBe(goldCount);
          expect(types.reduce((n, t) => n + t.predicted, 0)).toBe(predCount);
          // Partial mode ignores types, so a type's gold credit may come from predictions of another type.
          for (const t of types) expect(t.correct).toBeLessThanOrEqual(mode === 'partial' ? t.support : Math.min(t.support, t.predicted));
          const c = r.categories;
          expect(c.correct + c.incorrectType + c.partial + c.missed).toBe(goldCount);
          expect(c.correct + c.incorrectType + c.partial + c.spurious).toBe(predCount);
          if (mode === 'conlleval') {
            expect(r.micro.precision).toBeCloseTo(predCount === 0 ? 0 : r.entities.correct / predCount, 12);
            expect(r.micro.recall).toBeCloseTo(goldCount === 0 ? 0 : r.entities.correct / goldCount, 12);
          }
        }
      }),
      options(6005),
    );
  }, TIMEOUT);

  it('a perfect prediction scores 1.0 in every mode', () => {
    fc.assert(
      fc.property(document, ([lengths, goldTags]) => {
        const gold = sentences(lengths, goldTags);
        const entities = goldTags.reduce((n, t) => n + spansFromTags(t).length, 0);
        for (const mode of ['conlleval', 'partial', 'type'] as const) {
          const r = evaluate(gold, sentences(lengths, goldTags.map((t) => [...t])), { mode });
          expect(r.tokenAccuracy).toBe(1);
          expect(r.entities.correct).toBe(entities);
          const expected = entities === 0 ? 0 : 1;
          expect(r.micro).toEqual({ precision: expected, recall: expected, f1: expected });
          for (const t of Object.values(r.types)) if (t.support > 0) expect(t.f1).toBe(1);
        }
        // Well-formed gold also scores 1.0 in strict mode (ill-formed input is an error there).
        if (goldTags.every((t) => tagsFromSpans(spansFromTags(t), t.length).join() === t.join())) {
          expect(evaluate(gold, gold, { mode: 'strict' }).micro.f1).toBe(entities === 0 ? 0 : 1);
        }
      }),
      options(6006),
    );
  }, TIMEOUT);

  it('every scheme: spans written in the scheme and read back score 1.0 against IOB2 spans', () => {
    fc.assert(
      fc.property(fc.integer({ min: 1, max: 15 }).chain((n) => tagSequence(n)), fc.constantFrom<SchemeName>('IOB2', 'IOBES', 'BILOU'), (tags, scheme) => {
        const spans = spansFromTags(tags);
        const written = tagsFromSpans(spans, tags.length, scheme);
        const tokens = tags.map((_, i) => `w${i}`);
        const r = evaluate([{ tokens, tags: written, line: 1 }], [{ tokens, tags: written, line: 1 }], { scheme });
        expect(r.entities.gold).toBe(spans.length);
        expect(r.micro.f1).toBe(spans.length === 0 ? 0 : 1);
      }),
      options(6007),
    );
  }, TIMEOUT);
});
