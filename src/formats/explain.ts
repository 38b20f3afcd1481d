import type { Entity } from '../types.js';
import { describeSource, type FormatOptions, type Formatter } from './document.js';
import type { FormatModule } from './format.js';
import { markInline } from './inline.js';

/** `--explain`: the marked text, then each entity with its offsets, type and why it was tagged. */
export function explainFormatter(options: FormatOptions): Formatter {
  /** An entity's line, its offsets moved to where its part starts in a long document. */
  const line = (e: Entity, chars: number, tokens: number): string =>
    `  ${e.text}\t${e.type}\tchars ${e.start + chars}-${e.end + chars}, tokens ${e.tokenStart + tokens}-${e.tokenEnd + tokens}\t${describeSource(e.source, options.ruleWhy, e.text)}\n`;
  return {
    // Which profile's sources the listing cites, once, above the documents.
    start: () => (options.profile ? `# profile ${options.profile.name}${options.profile.manifest ? ` (${options.profile.manifest})` : ''}\n\n` : ''),
    document(doc) {
      let out = `# ${doc.id}\n${markInline(doc)}\n`;
      for (const e of doc.result.entities) out += line(e, 0, 0);
      return out + '\n';
    },
    // A long document: the marked text part by part, then the listing, kept until then as its lines.
    *writeParts(doc, out) {
      out.push(`# ${doc.id}\n`);
      const lines: string[] = [];
      for (const part of doc.parts) {
        out.push(markInline(part.doc));
        for (const e of part.doc.result.entities) lines.push(line(e, part.start, part.firstToken));
        yield;
      }
      out.push('\n');
      for (const entity of lines) out.push(entity);
      out.push('\n');
    },
    end: () => '',
  };
}

export const explainFormat: FormatModule = {
  name: 'explain',
  summary: 'the marked text, then each entity with its offsets and source',
  formatter: explainFormatter,
  flag: '--explain',
};
