import type { Source } from '../types.js';
import { describeSource, type FormatOptions, type Formatter } from './document.js';

/**
 * One JSON object per document: `{"id", "text", "entities": [{"start", "end", "type", "text",
 * "source"}]}` with half-open character offsets into `text`. With `explain`, each entity also gets
 * a readable `why`.
 */
export function jsonlFormatter(options: FormatOptions): Formatter {
  // Gazetteer sources are shared by every match of an entry: serialize each once.
  const sourceJson = new WeakMap<Source, string>();
  const json = (source: Source): string => {
    let s = sourceJson.get(source);
    if (s === undefined) {
      s = JSON.stringify(source);
      if (source.kind === 'gazetteer') sourceJson.set(source, s);
    }
    return s;
  };
  return {
    start: () => '',
    document(doc) {
      let out = '{"id":' + JSON.stringify(doc.id) + ',"text":' + JSON.stringify(doc.text) + ',"entities":[';
      const entities = doc.result.entities;
      for (let i = 0; i < entities.length; i++) {
        const e = entities[i]!;
        out += (i === 0 ? '{"start":' : ',{"start":') + e.start + ',"end":' + e.end + ',"type":' + JSON.stringify(e.type) + ',"text":' + JSON.stringify(e.text) + ',"source":' + json(e.source);
        if (options.explain) out += ',"why":' + JSON.stringify(describeSource(e.source, options.ruleWhy));
        out += '}';
      }
      return out + ']}\n';
    },
    end: () => '',
  };
}
