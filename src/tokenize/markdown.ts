/**
 * Markdown peeling. Stack Overflow posts and GitHub issues are Markdown: `**React**`, `_Redux_`,
 * `` `numpy` ``, `[Express](https://expressjs.com)`, `# Describe the bug`, `- item`, `> quote`. The
 * tokenizer would keep the syntax glued to the words (`**Describe`), so before tokenizing, the
 * syntax is blanked: every character of it becomes a space, and nothing else moves. The text keeps
 * its length, so every token offset found in the blanked text points into the original, and an
 * entity never contains Markdown syntax. Link and image destinations, autolinks, HTML tags and
 * fenced code blocks are blanked whole (a URL or a code block is not prose); inline code keeps its
 * content (`` `numpy` `` is a name written as code).
 *
 * Block structure becomes sentence structure: a heading, a list item, a quote line or a table row
 * starts a new sentence (`blockStarts`), as a blank line does in prose.
 */

/** The text with its Markdown syntax blanked, and where each Markdown block starts. */
export interface PeeledMarkdown {
  /** Same length as the input; syntax characters replaced by spaces. */
  readonly text: string;
  /** UTF-16 offsets of the first character of each line that starts a block, ascending. */
  readonly blockStarts: readonly number[];
}

/** A quick test for anything Markdown: most sentences of most texts have none, and skip the work. */
const MAYBE_MARKDOWN = /[*_`#>[\]~<\\|]|^[ \t]*(?:[-+]|\d{1,9}[.)])[ \t]/m;

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
    // 1: inline code — blank the backtick runs, keep the content.
    '(`+)([^`]|[^`][\\s\\S]*?[^`])\\1(?!`)',
    // autolink <https://…> or <a@b.c> — all of it.
    '<(?:[A-Za-z][A-Za-z0-9+.-]{1,31}:[^\\s<>]*|[^\\s<>@]+@[^\\s<>]+)>',
    // an HTML tag of the kinds people write in issues — all of it.
    '</?(?:a|abbr|b|br|code|del|details|div|em|h[1-6]|hr|i|img|ins|kbd|li|ol|p|pre|s|samp|span|strike|strong|sub|summary|sup|table|tbody|td|th|thead|tr|tt|u|ul)(?:\\s[^<>]*)?/?>',
    // 3–4: image or link: ![alt](dest) / [text](dest) / [text][ref] — blank all but the text.
    // The text holds a letter (`char[6][6]`, `x[i][j]` are code, not links); a reference `[text][ref]` needs a letter in both.
    // Not glued to a word before it: `x[i](j)`, `arr[i][j]` index arrays.
    '(?<![\\w\\]])(!?)\\[((?:[^\\[\\]\\\\]|\\\\.){0,999}?[A-Za-z](?:[^\\[\\]\\\\]|\\\\.){0,999})\\](?:\\((?:[^()\\s]|\\([^()\\s]*\\))*(?:[ \\t]+(?:"[^"]*"|\'[^\']*\'))?[ \\t]*\\)|\\[[^\\[\\]]{0,999}[A-Za-z][^\\[\\]]{0,999}\\])',
    // a backslash escape of a Markdown mark — blank the backslash (not `\\`: in developer text
    // that is mostly a Windows path written in a string, `c:\\data`).
    '\\\\(?=[*_`[\\]#<>~|!])',
  ].join('|'),
  'g',
);

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
  if (!MAYBE_MARKDOWN.test(text)) return { text, blockStarts: [] };
  // 1 where a character is syntax to blank (line breaks never are).
  const syntax = new Uint8Array(text.length);
  const blank = (from: number, to: number): void => {
    syntax.fill(1, from, to);
  };
  const blockStarts: number[] = [];
  let fence: string | undefined;
  let lineStart = 0;
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
  peelInline(text, syntax);
  return { text: blanked(text, syntax), blockStarts };
}

/** Whether a line after `from` closes a fence opened with `fence` (same character, at least as long). */
function hasClosingFence(text: string, from: number, fence: string): boolean {
  const closing = new RegExp(`^[ \\t]{0,3}${fence[0] === '`' ? '`' : '~'}{${fence.length},}[ \\t]*\\r?$`, 'm');
  return closing.test(text.slice(from + 1));
}

/** `text` with the characters marked in `syntax` replaced by spaces, line breaks kept. */
function blanked(text: string, syntax: Uint8Array): string {
  const parts: string[] = [];
  let from = 0;
  for (let k = 0; k < text.length; k++) {
    if (syntax[k] === 0) continue;
    let end = k;
    while (end < text.length && syntax[end] === 1) end++;
    parts.push(text.slice(from, k), text.slice(k, end).replace(/[^\r\n]/g, ' '));
    from = end;
    k = end;
  }
  if (parts.length === 0) return text;
  parts.push(text.slice(from));
  return parts.join('');
}

/** Marks inline code delimiters, links, autolinks, HTML tags, escapes and emphasis delimiters in `syntax`. */
function peelInline(text: string, syntax: Uint8Array): void {
  const blank = (from: number, to: number): void => {
    syntax.fill(1, from, to);
  };
  // Inline code content is code, not emphasis: its characters are left out of the emphasis pass.
  const code = new Uint8Array(text.length);
  for (const m of text.matchAll(INLINE)) {
    const start = m.index;
    const end = start + m[0].length;
    if (syntax[start]) continue; // already blanked (a fenced block)
    if (m[1] !== undefined) {
      const ticks = m[1].length;
      blank(start, start + ticks);
      blank(end - ticks, end);
      code.fill(1, start + ticks, end - ticks);
    } else if (m[3] !== undefined) {
      // Keep the link text (or alt text); blank the bang, the brackets and the destination.
      const textStart = start + m[3].length + 1;
      const textEnd = textStart + m[4]!.length;
      blank(start, textStart);
      blank(textEnd, end);
    } else if (m[0].startsWith('\\')) {
      blank(start, start + 1);
    } else {
      blank(start, end);
    }
  }
  // Emphasis: a delimiter run that can open (left-flanking) is paired with the next run of the
  // same characters that can close (right-flanking) in the same paragraph; both are blanked.
  // `_` does not open or close inside a word (`snake_case_name`), as CommonMark says.
  const runs: Array<{ start: number; end: number; char: string; open: boolean; close: boolean }> = [];
  for (const m of text.matchAll(DELIMITER_RUN)) {
    const start = m.index;
    const end = start + m[0].length;
    // Inside inline code, already blanked, or escaped (`\*`): not a delimiter.
    if (code[start] || syntax[start] || text[start - 1] === '\\') continue;
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
  const used = new Uint8Array(runs.length);
  for (let i = 0; i < runs.length; i++) {
    const opener = runs[i]!;
    if (used[i] || !opener.open) continue;
    for (let j = i + 1; j < runs.length; j++) {
      const closer = runs[j]!;
      if (/\n[ \t]*\r?\n/.test(text.slice(opener.end, closer.start))) break; // a paragraph ends first
      if (used[j] || !closer.close || closer.char !== opener.char) continue;
      blank(opener.start, opener.end);
      blank(closer.start, closer.end);
      used[i] = used[j] = 1;
      break;
    }
  }
  // A strong or strike-through run left unpaired (cut by a paragraph, or a typo) is still syntax.
  runs.forEach((run, i) => {
    if (!used[i] && run.char.length >= 2) blank(run.start, run.end);
  });
}
