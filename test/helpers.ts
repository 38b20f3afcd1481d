import { fileURLToPath } from 'node:url';

/** Absolute path of a checked-in fixture under test/fixtures. */
export function fixture(relativePath: string): string {
  return fileURLToPath(new URL(`./fixtures/${relativePath}`, import.meta.url));
}
