import { closestName } from './suggest.js';

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
  return closestName(name, known, (n) => n.toLowerCase().replace(/[\s-]/g, '_'));
}

/** The message for a type name that is not declared: `unknown type `Algoritm`; did you mean `Algorithm`?`. */
export function unknownTypeMessage(name: string, known: Iterable<string>): string {
  const hint = suggestType(name, known);
  return `unknown type \`${name}\`${hint ? `; did you mean \`${hint}\`?` : ''}`;
}
