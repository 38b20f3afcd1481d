import { describeSource, partsInARow, type FormatOptions, type Formatter, type TaggedDocument } from './document.js';
import type { FormatModule } from './format.js';

const ESCAPES: Record<string, string> = { '&': '&amp;', '<': '&lt;', '>': '&gt;', '"': '&quot;', "'": '&#39;' };

/**
 * Escapes text for HTML element content and quoted attribute values alike. Every string that comes
 * from an input or a gazetteer goes through here; nothing from them is ever placed in a URL, a
 * style or a script, so no input can inject markup or code.
 */
export function escapeHtml(text: string): string {
  return text.replace(/[&<>"']/g, (c) => ESCAPES[c]!);
}

/** Colours of the twelve WikiSER types; other types get a hue from their position. */
const PALETTE: Record<string, string> = {
  Algorithm: '#ffd8a8',
  Application: '#a5d8ff',
  Architecture: '#d0bfff',
  Data_Structure: '#b2f2bb',
  Device: '#ffc9c9',
  Error_Name: '#ff8787',
  General_Concept: '#e9ecef',
  Language: '#ffec99',
  Library: '#96f2d7',
  License: '#eebefa',
  Operating_System: '#99e9f2',
  Protocol: '#c0eb75',
};

/** The background colour of entity type `type`, the `index`-th of the page's types. */
export function typeColour(type: string, index: number): string {
  return PALETTE[type] ?? `hsl(${(index * 137) % 360} 80% 82%)`;
}

/** The page's style rules, shared with the page of `sertag serve` so both look the same. */
export const PAGE_STYLE: readonly string[] = [
  'body{font:16px/1.7 system-ui,sans-serif;max-width:60rem;margin:2rem auto;padding:0 1rem;color:#212529}',
  'header{position:sticky;top:0;background:#fff;padding:.5rem 0;border-bottom:1px solid #dee2e6}',
  'h1{font-size:1.2rem;margin:0 0 .4rem}',
  '.legend span{display:inline-block;margin:.15rem .3rem .15rem 0;padding:0 .4rem;border-radius:.25rem;font-size:.85rem}',
  'article{white-space:pre-wrap;margin:1.2rem 0;padding-bottom:.8rem;border-bottom:1px dashed #dee2e6}',
  'article h2{font-size:.75rem;color:#868e96;margin:0;font-weight:normal}',
  'mark{padding:0 .15rem;border-radius:.25rem;color:inherit}',
  'mark sub{font-size:.6rem;color:#495057;margin-left:.2rem;vertical-align:baseline}',
];

/**
 * A self-contained HTML page (no scripts, no network): entities highlighted by type, a legend, and
 * each entity's type and source in its tooltip, its code-point offsets in `data-start`/`data-end`.
 * Streams: the head and legend first, then one `<article>` per document.
 */
export function htmlFormatter(options: FormatOptions): Formatter {
  const classOf = new Map<string, string>();
  options.types.forEach((t, i) => classOf.set(t, `t${i}`));
  const css = options.types.map((t, i) => `.t${i}{background:${typeColour(t, i)}}`).join('\n');
  /** The text with its entities marked; `shift`: where it starts in its document, in code points (a part of a long one). */
  const marked = (doc: TaggedDocument, shift: number): string => {
    let out = '';
    let at = 0;
    for (const e of doc.result.entities) {
      const cls = classOf.get(e.type) ?? '';
      const title = `${e.type} — ${describeSource(e.source, options.ruleWhy, e.text)}`;
      out += escapeHtml(doc.text.slice(at, e.startUtf16));
      out += `<mark class="${cls}" data-start="${e.start + shift}" data-end="${e.end + shift}" title="${escapeHtml(title)}">${escapeHtml(doc.text.slice(e.startUtf16, e.endUtf16))}<sub>${escapeHtml(e.type)}</sub></mark>`;
      at = e.endUtf16;
    }
    return out + escapeHtml(doc.text.slice(at));
  };
  return {
    start: () =>
      [
        '<!DOCTYPE html>',
        '<html lang="en">',
        '<head>',
        '<meta charset="utf-8">',
        '<meta name="viewport" content="width=device-width, initial-scale=1">',
        "<meta http-equiv=\"Content-Security-Policy\" content=\"default-src 'none'; style-src 'unsafe-inline'\">",
        '<title>sertag — tagged entities</title>',
        '<style>',
        ...PAGE_STYLE,
        css,
        '</style>',
        '</head>',
        '<body>',
        '<header><h1>sertag — tagged entities</h1>',
        '<div class="legend">' + options.types.map((t) => `<span class="${classOf.get(t)}">${escapeHtml(t)}</span>`).join('') + '</div>',
        '</header>',
        '<main>',
        '',
      ].join('\n'),
    document: (doc) => `<article><h2>${escapeHtml(String(doc.id))}</h2>${marked(doc, 0)}</article>\n`,
    writeParts: (doc, out) => partsInARow(doc, out, (part) => marked(part.doc, part.start), `<article><h2>${escapeHtml(String(doc.id))}</h2>`, '</article>\n'),
    end: () => '</main>\n</body>\n</html>\n',
  };
}

export const htmlFormat: FormatModule = {
  name: 'html',
  summary: 'one self-contained page, entities highlighted by type',
  formatter: htmlFormatter,
  explains: true,
};
