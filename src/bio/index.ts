/**
 * The only module that knows B-/I-/O. Everything else speaks half-open token spans.
 *
 * Decoding follows the CoNLL-2000 `conlleval` semantics, so scores computed from these spans agree
 * with the reference scorer: an entity starts at `B-X`, or at `I-X` after `O` or after another
 * type; it ends at `O`, at `B-`, or at a type change. Ill-formed sequences are interpreted, not
 * rejected; `findIllFormed` reports them for the strict mode.
 */
import type { Span } from '../types.js';

/** A tagging scheme: which one-letter prefixes it uses and what each means. */
export interface TagScheme {
  name: SchemeName;
  /** Starts an entity. */
  begin: string;
  /** Continues an entity. */
  inside: string;
  /** Ends an entity (IOBES `E`, BILOU `L`); undefined when the scheme has none. */
  end?: string;
  /** A one-token entity (IOBES `S`, BILOU `U`); undefined when the scheme has none. */
  single?: string;
  /** Outside any entity: the whole tag, with no type. */
  outside: string;
}

export type SchemeName = 'IOB2' | 'IOB1' | 'IOBES' | 'BILOU';

/**
 * The tag schemes as a table. IOB1 and IOB2 decode identically under conlleval semantics (an `I-X`
 * after `O` starts an entity); they differ only in what the strict validator and the writer accept.
 */
export const TAG_SCHEMES: Readonly<Record<SchemeName, TagScheme>> = {
  IOB2: { name: 'IOB2', begin: 'B', inside: 'I', outside: 'O' },
  IOB1: { name: 'IOB1', begin: 'B', inside: 'I', outside: 'O' },
  IOBES: { name: 'IOBES', begin: 'B', inside: 'I', end: 'E', single: 'S', outside: 'O' },
  BILOU: { name: 'BILOU', begin: 'B', inside: 'I', end: 'L', single: 'U', outside: 'O' },
};

/** Scheme names as other tools spell them (seqeval's BIOES, spaCy's BILUO), for the CLI's `--scheme`. */
export const SCHEME_ALIASES: Readonly<Record<string, SchemeName>> = { BIOES: 'IOBES', BILUO: 'BILOU', IOB: 'IOB2', BIO: 'IOB2' };

/** The role a prefix plays, independent of the letter a scheme uses for it. */
export type TagRole = 'begin' | 'inside' | 'end' | 'single' | 'outside';

/** A tag split into its prefix, its role in the scheme and its entity type ('' for outside). */
export interface ParsedTag {
  prefix: string;
  role: TagRole;
  type: string;
}

function schemeOf(scheme: SchemeName | TagScheme): TagScheme {
  return typeof scheme === 'string' ? TAG_SCHEMES[scheme] : scheme;
}

/**
 * Splits `B-Type` into prefix and type. Returns undefined for a tag the scheme cannot read
 * (an unknown prefix such as `X-Foo`, a missing type, or a type on the outside tag).
 */
export function parseTag(tag: string, scheme: SchemeName | TagScheme = 'IOB2'): ParsedTag | undefined {
  const s = schemeOf(scheme);
  if (tag === s.outside) return { prefix: s.outside, role: 'outside', type: '' };
  const dash = tag.indexOf('-');
  if (dash <= 0 || dash === tag.length - 1) return undefined;
  const prefix = tag.slice(0, dash);
  const type = tag.slice(dash + 1);
  const role: TagRole | undefined =
    prefix === s.begin ? 'begin'
    : prefix === s.inside ? 'inside'
    : prefix === s.end ? 'end'
    : prefix === s.single ? 'single'
    : undefined;
  return role === undefined ? undefined : { prefix, role, type };
}

/** True when the scheme can read `tag`. */
export function isValidTag(tag: string, scheme: SchemeName | TagScheme = 'IOB2'): boolean {
  return parseTag(tag, scheme) !== undefined;
}

/**
 * Decodes a tag sequence into entity spans with conlleval semantics (see the module comment).
 * Tags the scheme cannot read are treated as `O`, so callers that care should validate first
 * (the format readers do).
 */
export function spansFromTags(tags: readonly string[], scheme: SchemeName | TagScheme = 'IOB2'): Span[] {
  const s = schemeOf(scheme);
  const spans: Span[] = [];
  let openStart = -1;
  let openType = '';
  const close = (end: number): void => {
    if (openStart >= 0) spans.push({ start: openStart, end, type: openType });
    openStart = -1;
  };
  for (let i = 0; i < tags.length; i++) {
    const parsed = parseTag(tags[i]!, s);
    if (parsed === undefined || parsed.role === 'outside') {
      close(i);
      continue;
    }
    const continues = openStart >= 0 && openType === parsed.type;
    switch (parsed.role) {
      case 'begin':
      case 'single':
        close(i);
        openStart = i;
        openType = parsed.type;
        break;
      case 'inside':
      case 'end':
        if (!continues) {
          close(i);
          openStart = i;
          openType = parsed.type;
        }
        break;
    }
    // `E`/`L` and `S`/`U` close their entity right after themselves.
    if (parsed.role === 'end' || parsed.role === 'single') close(i + 1);
  }
  close(tags.length);
  return spans;
}

/** `B-Library` and the like, built once per prefix and type: tagging builds one per entity token. */
const tagStrings = new Map<string, Map<string, string>>();

function tagString(prefix: string, type: string): string {
  let byType = tagStrings.get(prefix);
  if (byType === undefined) tagStrings.set(prefix, (byType = new Map()));
  let tag = byType.get(type);
  if (tag === undefined) {
    tag = `${prefix}-${type}`;
    // Types are declared, so few; the bound only guards against a caller inventing them per call.
    if (byType.size < 4096) byType.set(type, tag);
  }
  return tag;
}

/**
 * Encodes spans as tags for a sentence of `length` tokens (IOB2 by default; IOBES/BILOU write
 * end and single prefixes; IOB1 writes `B-` only between adjacent entities of the same type).
 * Spans must be non-empty, inside the sentence and non-overlapping; anything else is a bug in
 * the caller, so it throws a RangeError.
 */
export function tagsFromSpans(spans: readonly Span[], length: number, scheme: SchemeName | TagScheme = 'IOB2'): string[] {
  const s = schemeOf(scheme);
  const tags = new Array<string>(length).fill(s.outside);
  // Callers mostly pass spans in order already (the tagger does): copy and sort only when needed.
  let inOrder = true;
  for (let k = 1; k < spans.length && inOrder; k++) inOrder = spans[k - 1]!.start <= spans[k]!.start;
  const sorted = inOrder ? spans : [...spans].sort((a, b) => a.start - b.start);
  let previousEnd = 0;
  let previous: Span | undefined;
  for (const span of sorted) {
    if (!(span.start >= 0 && span.end <= length && span.start < span.end)) {
      throw new RangeError(`span [${span.start}, ${span.end}) ${span.type} is empty or outside a sentence of ${length} tokens`);
    }
    if (span.start < previousEnd) {
      throw new RangeError(`span [${span.start}, ${span.end}) ${span.type} overlaps an earlier span ending at ${previousEnd}`);
    }
    const single = span.end - span.start === 1;
    const needsBegin =
      s.name !== 'IOB1' || (previous !== undefined && previous.end === span.start && previous.type === span.type);
    let lastPrefix: string | undefined;
    let lastTag = '';
    for (let i = span.start; i < span.end; i++) {
      let prefix = s.inside;
      if (single && s.single !== undefined) prefix = s.single;
      else if (i === span.start && needsBegin) prefix = s.begin;
      else if (i === span.end - 1 && s.end !== undefined) prefix = s.end;
      if (prefix !== lastPrefix) {
        lastPrefix = prefix;
        lastTag = tagString(prefix, span.type);
      }
      tags[i] = lastTag;
    }
    previousEnd = span.end;
    previous = span;
  }
  return tags;
}

/** One place where a tag sequence breaks its scheme's rules. */
export interface IllFormedTag {
  /** 0-based token index. */
  index: number;
  tag: string;
  reason: string;
}

/**
 * Lists every position where `tags` is not a well-formed sequence of `scheme` (default IOB2):
 * unreadable tags, `I-X` not following `B-X`/`I-X`, and for IOBES/BILOU entities left unclosed.
 * An empty list means the strict and lenient readings agree.
 */
export function findIllFormed(tags: readonly string[], scheme: SchemeName | TagScheme = 'IOB2'): IllFormedTag[] {
  const s = schemeOf(scheme);
  const problems: IllFormedTag[] = [];
  // The entity type that is open and may be continued, or undefined.
  let open: string | undefined;
  const hasEnd = s.end !== undefined;
  for (let i = 0; i < tags.length; i++) {
    const tag = tags[i]!;
    const parsed = parseTag(tag, s);
    if (parsed === undefined) {
      problems.push({ index: i, tag, reason: `'${tag}' is not a ${s.name} tag` });
      open = undefined;
      continue;
    }
    const unclosed = hasEnd && open !== undefined;
    if (unclosed && (parsed.role !== 'inside' && parsed.role !== 'end' || parsed.type !== open)) {
      problems.push({ index: i, tag, reason: `the ${open} entity before it is not closed with ${s.end}-${open}` });
    }
    switch (parsed.role) {
      case 'outside':
        open = undefined;
        break;
      case 'begin':
        open = parsed.type;
        break;
      case 'single':
        open = undefined;
        break;
      case 'inside':
      case 'end':
        // IOB1 lets `I-` start an entity, so only IOB2/IOBES/BILOU require a `B-` first.
        if (open !== parsed.type && s.name !== 'IOB1') {
          const expected = `${s.begin}-${parsed.type}`;
          problems.push({
            index: i,
            tag,
            reason: open === undefined
              ? `'${tag}' starts an entity; expected ${expected}`
              : `'${tag}' follows a ${open} entity; expected ${expected}`,
          });
        }
        open = parsed.role === 'end' ? undefined : parsed.type;
        break;
    }
  }
  if (hasEnd && open !== undefined && tags.length > 0) {
    problems.push({ index: tags.length - 1, tag: tags[tags.length - 1]!, reason: `the ${open} entity at the end is not closed with ${s.end}-${open}` });
  }
  return problems;
}
