/**
 * The entity types, declared once as data. Every gazetteer entry, rule and gold tag is validated
 * against a registry built from this list plus whatever types a user declares.
 */
export const WIKISER_TYPES = [
  'Algorithm',
  'Application',
  'Architecture',
  'Data_Structure',
  'Device',
  'Error_Name',
  'General_Concept',
  'Language',
  'Library',
  'License',
  'Operating_System',
  'Protocol',
] as const;

export type WikiserType = (typeof WIKISER_TYPES)[number];

/** A type name is a letter followed by letters, digits and underscores (so it fits in `B-Type`). */
export const TYPE_NAME = /^[A-Za-z][A-Za-z0-9_]*$/;

/** Returns the closest known type name, for "did you mean" hints; undefined if none is close. */
export function suggestType(name: string, known: Iterable<string>): string | undefined {
  const lower = name.toLowerCase().replace(/[\s-]/g, '_');
  let best: string | undefined;
  let bestDistance = Infinity;
  for (const k of known) {
    const d = editDistance(lower, k.toLowerCase());
    if (d < bestDistance) {
      bestDistance = d;
      best = k;
    }
  }
  return bestDistance <= Math.max(2, Math.floor(name.length / 3)) ? best : undefined;
}

/** The message for a type name that is not declared: `unknown type `Algoritm`; did you mean `Algorithm`?`. */
export function unknownTypeMessage(name: string, known: Iterable<string>): string {
  const hint = suggestType(name, known);
  return `unknown type \`${name}\`${hint ? `; did you mean \`${hint}\`?` : ''}`;
}

function editDistance(a: string, b: string): number {
  let prev = Array.from({ length: b.length + 1 }, (_, i) => i);
  for (let i = 1; i <= a.length; i++) {
    const cur = [i];
    for (let j = 1; j <= b.length; j++) {
      cur[j] = Math.min(prev[j]! + 1, cur[j - 1]! + 1, prev[j - 1]! + (a[i - 1] === b[j - 1] ? 0 : 1));
    }
    prev = cur;
  }
  return prev[b.length]!;
}
