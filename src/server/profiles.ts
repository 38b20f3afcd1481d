import { fileURLToPath } from 'node:url';
import type { ServedProfile } from './protocol.js';

/** The package's own folder: the server's taggers name their bundled sources relative to it, wherever it was started. */
export const PACKAGE_ROOT = fileURLToPath(new URL('../../', import.meta.url));

/** The profiles a server can tag with. */
export function servedProfiles(): ServedProfile[] {
  return [{ name: 'wikipedia', description: 'the bundled gazetteers and rules', taggerOptions: { cwd: PACKAGE_ROOT } }];
}
