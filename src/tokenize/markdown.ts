/**
 * Markdown peeling. Stack Overflow posts and GitHub issues are Markdown: `**React**`, `_Redux_`,
 * `` `numpy` ``, `[Express](https://expressjs.com)`, `# Describe the bug`, `- item`, `> quote`. The
 * tokenizer would keep the syntax glued to the words (`**Describe`), so before tokenizing, the
 * syntax is blanked: every character of it becomes a space, and nothing else moves. The text keeps
 * its length, so every token offset found in the blanked text points into the original, and an
 * entity never contains Markdown syntax. Link and image destinations, autolinks and fenced code
 * blocks are blanked whole (a URL or a code block is not prose); inline code keeps its content
 * (`` `numpy` `` is a name written as code). HTML tags are left as they are: in developer text a
 * tag is mostly a thing talked about (`the <td> of each row`), which the gold tags as Data_Structure.
 *
 * Block structure becomes sentence structure: a heading, a list item, a quote line or a table row
 * starts a new sentence (`blockStarts`), as a blank line does in prose.
 */

import { countBelow } from '../offsets.js';

/** The text with its Markdown syntax blanked, and where each Markdown block starts. */
export interface PeeledMarkdown {
  /** Same length as the input; syntax characters replaced by spaces. */
  readonly text: string;
  /** UTF-16 offsets of the first character of each line that starts a block, ascending. */
  readonly blockStarts: readonly number[];
}

/*
 * Quick tests, one scan each, so that text without a kind of syntax skips its pass: most texts
 * have no Markdown at all, and prose with an underscore or a bracket has no block marks.
 */
/** What may start a block, after a line's indent (heading, quote, list item, table row, fence, rule, link definition). */
const BLOCK_START = /[#>|*+\-_=[`~0-9]/;

/** Whether some line of `text` may start a block: the first character after each line's indent (a scan for line breaks, not a multi-line pattern). */
function mayHaveBlocks(text: string): boolean {
  for (let at = 0; at < text.length; ) {
    while (text[at] === ' ' || text[at] === '\t') at++;
    if (at < text.length && BLOCK_START.test(text[at]!)) return true;
    const next = text.indexOf('\n', at);
    if (next < 0) return false;
    at = next + 1;
  }
  return false;
}
/** Inline code, an autolink, a link or image, an escape. */
const MAYBE_INLINE = /[`<[\\]/;
/** Emphasis or strike-through delimiters. */
const MAYBE_EMPHASIS = /[*_~]/;

const FENCE = /^[ \t]{0,3}(`{3,}|~{3,})/;
const HEADING = /^([ \t]{0,3})(#{1,6})(?=[ \t]|$)/;
const CLOSING_HASHES = /[ \t]+#+[ \t]*$/;
const THEMATIC_BREAK = /^[ \t]{0,3}(?:(?:\*[ \t]*){3,}|(?:-[ \t]*){3,}|(?:_[ \t]*){3,}|(?:=[ \t]*){3,})$/;
const QUOTE = /^[ \t]{0,3}(?:>[ \t]?)+/;
const LIST_ITEM = /^[ \t]*(?:[-+*]|\d{1,9}[.)])(?=[ \t])/;
const TASK_BOX = /^[ \t]+\[[ xX]\](?=[ \t])/;
const LINK_DEFINITION = /^[ \t]{0,3}\[[^\]]+\]:[ \t]*\S+.*$/;
const TABLE_DELIMITER_ROW = /^[ \t]*\|?[ \t]*:?-{3,}:?[ \t]*(?:\|[ \t]*:?-{3,}:?[ \t]*)*\|?[ \t]*$/;

/** Inline constructs, matched left to right; each says which of its characters to blank. */
const INLINE = new RegExp(
  [
    // 1–2: inline code — blank the backtick runs, keep the content.
    '(`+)([^`]|[^`][\\s\\S]*?[^`])\\1(?!`)',
    // autolink <https://…> or <a@b.c> — all of it.
    '<(?:[A-Za-z][A-Za-z0-9+.-]{1,31}:[^\\s<>]*|[^\\s<>@]+@[^\\s<>]+)>',
    // a backslash escape of a Markdown mark — blank the backslash (not `\\`: in developer text
    // that is mostly a Windows path written in a string, `c:\\data`).
    '\\\\(?=[*_`[\\]#<>~|!])',
  ].join('|'),
  'g',
);

/** After `[` at a given place: the link text (it must hold a letter: `char[6][6]` is code, not a link). */
const LINK_TEXT = /\[([^[\]]{1,999})\]/y;
/** After the link text: an inline destination `(url "title")`, or a reference `[ref]` (with a letter). */
const LINK_TAIL = /\((?:[^()\s]|\([^()\s]*\))*(?:[ \t]+(?:"[^"]*"|'[^']*'))?[ \t]*\)|\[([^[\]]{1,999})\]/y;
const LETTER = /[A-Za-z]/;

/** Emphasis delimiter runs: `*`, `_` (1–3) and `~~`. */
const DELIMITER_RUN = /\*{1,3}|_{1,3}|~~/g;

const isSpace = (c: string | undefined): boolean => c === undefined || /\s/.test(c);
const isPunctuation = (c: string | undefined): boolean => c !== undefined && /[\p{P}\p{S}]/u.test(c);
const isAlphanumeric = (c: string | undefined): boolean => c !== undefined && /[\p{L}\p{N}]/u.test(c);

/**
 * Blanks the Markdown syntax of `text` (see above). Plain prose comes back unchanged: the same
 * string, with no block starts.
 */
export function peelMarkdown(text: string): PeeledMarkdown {
  const blocks = mayHaveBlocks(text);
  const inline = MAYBE_INLINE.test(text);
  const emphasis = MAYBE_EMPHASIS.test(text);
  if (!blocks && !inline && !emphasis) return { text, blockStarts: [] };
  // 1 where a character is syntax to blank (line breaks never are).
  const syntax = new Uint8Array(text.length);
  const blank = (from: number, to: number): void => {
    syntax.fill(1, from, to);
  };
  const blockStarts: number[] = [];
  let fence: string | undefined;
  let lineStart = blocks ? 0 : text.length + 1;
  let previousWasHeading = false;
  while (lineStart <= text.length) {
    let lineEnd = text.indexOf('\n', lineStart);
    if (lineEnd < 0) lineEnd = text.length;
    const line = text.slice(lineStart, lineEnd).replace(/\r$/, '');
    const fenceMatch = FENCE.exec(line);
    if (fence !== undefined) {
      // Inside a fenced code block: code is not prose; the closing fence ends it.
      blank(lineStart, lineEnd);
      if (fenceMatch && fenceMatch[1]!.startsWith(fence) && line.trim() === fenceMatch[1]) fence = undefined;
    } else if (fenceMatch) {
      // A fence that is never closed blanks only its own line (`\`\`\`html` left behind when a
      // code block was cut out), not the rest of the text.
      if (hasClosingFence(text, lineEnd, fenceMatch[1]!)) fence = fenceMatch[1]!;
      blank(lineStart, lineEnd);
      blockStarts.push(lineStart);
    } else if (THEMATIC_BREAK.test(line) || LINK_DEFINITION.test(line) || TABLE_DELIMITER_ROW.test(line)) {
      blank(lineStart, lineEnd);
      blockStarts.push(lineStart);
    } else {
      let body = 0;
      let block = previousWasHeading;
      previousWasHeading = false;
      const quote = QUOTE.exec(line);
      if (quote) {
        blank(lineStart, lineStart + quote[0].length);
        body = quote[0].length;
        block = true;
      }
      const rest = line.slice(body);
      const heading = HEADING.exec(rest);
      const item = heading ? null : LIST_ITEM.exec(rest);
      if (heading) {
        blank(lineStart + body, lineStart + body + heading[0].length);
        const closing = CLOSING_HASHES.exec(rest);
        if (closing) blank(lineStart + body + closing.index, lineStart + body + rest.length);
        block = true;
        previousWasHeading = true;
      } else if (item) {
        blank(lineStart + body, lineStart + body + item[0].length);
        body += item[0].length;
        const box = TASK_BOX.exec(line.slice(body));
        if (box) blank(lineStart + body, lineStart + body + box[0].length);
        block = true;
      } else if (/^[ \t]*\|.*\|[ \t]*$/.test(rest)) {
        // A table row: its cells are separated by pipes.
        for (let k = body; k < line.length; k++) if (line[k] === '|' && line[k - 1] !== '\\') syntax[lineStart + k] = 1;
        block = true;
      }
      if (block && line.trim() !== '') blockStarts.push(lineStart);
    }
    if (lineEnd >= text.length) break;
    lineStart = lineEnd + 1;
  }
  peelInline(text, syntax, inline, emphasis);
  return { text: blanked(text, syntax), blockStarts };
}

/**
 * Links and images, `[text](dest)`, `![alt](dest)`, `[text][ref]`: the text (or alt text) is kept,
 * the bang, the brackets and the destination are blanked. A bracket glued to a word before it
 * (`arr[i][j]`, `x[i](j)`) indexes an array. Found from each `[` with sticky patterns: one pattern
 * for the whole link, tried at every character, cost most of the peeling.
 */
function peelLinks(text: string, syntax: Uint8Array): void {
  for (let at = text.indexOf('['); at >= 0; at = text.indexOf('[', at + 1)) {
    if (syntax[at]) continue;
    const image = text[at - 1] === '!';
    const before = text[image ? at - 2 : at - 1];
    if (before !== undefined && (/\w/.test(before) || before === ']')) continue;
    LINK_TEXT.lastIndex = at;
    const label = LINK_TEXT.exec(text);
    if (label === null || !LETTER.test(label[1]!)) continue;
    const textEnd = at + label[0].length;
    LINK_TAIL.lastIndex = textEnd;
    const tail = LINK_TAIL.exec(text);
    if (tail === null || (tail[1] !== undefined && !LETTER.test(tail[1]))) continue;
    syntax.fill(1, image ? at - 1 : at, at + 1);
    syntax.fill(1, textEnd - 1, textEnd + tail[0].length);
    at = textEnd + tail[0].length - 1;
  }
}

/** Whether a line after `from` closes a fence opened with `fence` (same character, at least as long). */
function hasClosingFence(text: string, from: number, fence: string): boolean {
  const closing = new RegExp(`^[ \\t]{0,3}${fence[0] === '`' ? '`' : '~'}{${fence.length},}[ \\t]*\\r?$`, 'm');
  return closing.test(text.slice(from + 1));
}

/** `text` with the characters marked in `syntax` replaced by spaces, line breaks kept. */
function blanked(text: string, syntax: Uint8Array): string {
  // Jumps from mark to mark (TypedArray.indexOf is native): most texts that get here have none.
  let k = syntax.indexOf(1);
  if (k < 0) return text;
  const parts: string[] = [];
  let from = 0;
  while (k >= 0) {
    let end = syntax.indexOf(0, k);
    if (end < 0) end = text.length;
    parts.push(text.slice(from, k), text.slice(k, end).replace(/[^\r\n]/g, ' '));
    from = end;
    k = end < text.length ? syntax.indexOf(1, end) : -1;
  }
  parts.push(text.slice(from));
  return parts.join('');
}

/** Marks inline code delimiters, links, autolinks, escapes and emphasis delimiters in `syntax`. */
/** Where the first blank line (a paragraph break) that starts at or after each `\n` ends: `breakEnd(from)` for any `from`. */
function paragraphBreakEnds(text: string): (from: number) => number {
  const starts: number[] = [];
  const ends: number[] = [];
  for (let at = text.indexOf('\n'); at >= 0; at = text.indexOf('\n', at + 1)) {
    let k = at + 1;
    while (text[k] === ' ' || text[k] === '\t') k++;
    if (text[k] === '\r') k++;
    if (text[k] === '\n') {
      starts.push(at);
      ends.push(k + 1);
    }
  }
  return (from) => {
    const first = countBelow(starts, from);
    return first < starts.length ? ends[first]! : Infinity;
  };
}

/**
 * Pairs each delimiter run that can open with the next unused run of the same characters that can
 * close, before the paragraph ends, and blanks both. Each opener finds its closer by a binary search
 * in its characters' closers and skips used ones through shared pointers, so a text of many
 * unpaired runs (a hostile request, a long file full of `*`) costs n log n, not n².
 */
function pairDelimiterRuns(text: string, runs: ReadonlyArray<{ start: number; end: number; char: string; open: boolean; close: boolean }>, blank: (from: number, to: number) => void): Uint8Array {
  const used = new Uint8Array(runs.length);
  const breakEnd = paragraphBreakEnds(text);
  // For each delimiter (`*`, `**`, `~~` …), the indices of its runs that can close, in order, and
  // for each place in that list the next place that may still be unused (path-compressed).
  const closers = new Map<string, { runs: number[]; next: Int32Array }>();
  for (let j = 0; j < runs.length; j++) {
    const run = runs[j]!;
    if (!run.close) continue;
    let list = closers.get(run.char);
    if (!list) closers.set(run.char, (list = { runs: [], next: new Int32Array(0) }));
    list.runs.push(j);
  }
  for (const list of closers.values()) list.next = Int32Array.from(list.runs, (_, k) => k);
  const placeOf = new Int32Array(runs.length).fill(-1);
  for (const list of closers.values()) list.runs.forEach((j, k) => (placeOf[j] = k));
  const find = (next: Int32Array, k: number): number => {
    let root = k;
    while (root < next.length && next[root] !== root) root = next[root]!;
    while (k < next.length && next[k] !== k) {
      const up = next[k]!;
      next[k] = root;
      k = up;
    }
    return root;
  };
  const markUsed = (j: number): void => {
    used[j] = 1;
    const list = closers.get(runs[j]!.char);
    const k = placeOf[j]!;
    if (list && k >= 0) list.next[k] = k + 1;
  };
  for (let i = 0; i < runs.length; i++) {
    const opener = runs[i]!;
    if (used[i] || !opener.open) continue;
    const list = closers.get(opener.char);
    if (!list) continue;
    // The first closer after the opener, then the first of those still unused.
    const k = find(list.next, countBelow(list.runs, i + 1));
    if (k >= list.runs.length) continue;
    const j = list.runs[k]!;
    // A paragraph ends first: the opener stays unpaired.
    if (breakEnd(opener.end) <= runs[j]!.start) continue;
    blank(opener.start, opener.end);
    blank(runs[j]!.start, runs[j]!.end);
    markUsed(i);
    markUsed(j);
  }
  return used;
}

function peelInline(text: string, syntax: Uint8Array, inline: boolean, emphasis: boolean): void {
  const blank = (from: number, to: number): void => {
    syntax.fill(1, from, to);
  };
  // Inline code content is code, not emphasis: its characters are left out of the emphasis pass.
  const code = new Uint8Array(inline && emphasis ? text.length : 0);
  if (inline) for (const m of text.matchAll(INLINE)) {
    const start = m.index;
    const end = start + m[0].length;
    if (syntax[start]) continue; // already blanked (a fenced block)
    if (m[1] !== undefined) {
      const ticks = m[1].length;
      blank(start, start + ticks);
      blank(end - ticks, end);
      if (emphasis) code.fill(1, start + ticks, end - ticks);
    } else if (m[0].startsWith('\\')) {
      blank(start, start + 1);
    } else {
      blank(start, end);
    }
  }
  if (inline) peelLinks(text, syntax);
  // Emphasis: a delimiter run that can open (left-flanking) is paired with the next run of the
  // same characters that can close (right-flanking) in the same paragraph; both are blanked.
  // `_` does not open or close inside a word (`snake_case_name`), as CommonMark says.
  if (!emphasis) return;
  const runs: Array<{ start: number; end: number; char: string; open: boolean; close: boolean }> = [];
  for (const m of text.matchAll(DELIMITER_RUN)) {
    const start = m.index;
    const end = start + m[0].length;
    // Inside inline code, already blanked, or escaped (`\*`): not a delimiter.
    if (code[start] === 1 || syntax[start] || text[start - 1] === '\\') continue;
    // Only the whole run counts: `****` or `___x` parts are not delimiters.
    if (text[start - 1] === m[0][0] || text[end] === m[0][0]) continue;
    const before = text[start - 1];
    const after = text[end];
    const leftFlanking = !isSpace(after) && (!isPunctuation(after) || isSpace(before) || isPunctuation(before));
    const rightFlanking = !isSpace(before) && (!isPunctuation(before) || isSpace(after) || isPunctuation(after));
    const char = m[0][0]!;
    const open = char === '_' ? leftFlanking && !isAlphanumeric(before) : leftFlanking;
    const close = char === '_' ? rightFlanking && !isAlphanumeric(after) : rightFlanking;
    if (open || close) runs.push({ start, end, char: m[0], open, close });
  }
  const used = pairDelimiterRuns(text, runs, blank);
  // A strong or strike-through run left unpaired (cut by a paragraph, or a typo) is still syntax.
  runs.forEach((run, i) => {
    if (!used[i] && run.char.length >= 2) blank(run.start, run.end);
  });
}
