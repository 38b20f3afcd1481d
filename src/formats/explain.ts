import { describeSource, type FormatOptions, type Formatter } from './document.js';
import type { FormatModule } from './format.js';
import { markInline } from './inline.js';

/** `--explain`: the marked text, then each entity with its offsets, type and why it was tagged. */
export function explainFormatter(options: FormatOptions): Formatter {
  return {
    // Which profile's sources the listing cites, once, above the documents.
    start: () => (options.profile ? `# profile ${options.profile.name}${options.profile.manifest ? ` (${options.profile.manifest})` : ''}\n\n` : ''),
    document(doc) {
      let out = `# ${doc.id}\n${markInline(doc)}\n`;
      for (const e of doc.result.entities) {
        out += `  ${e.text}\t${e.type}\tchars ${e.start}-${e.end}, tokens ${e.tokenStart}-${e.tokenEnd}\t${describeSource(e.source, options.ruleWhy, e.text)}\n`;
      }
      return out + '\n';
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
