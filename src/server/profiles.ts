import { DEFAULT_PROFILE, listProfiles, loadProfile } from '../profile/index.js';
import type { ServedProfile } from './protocol.js';

/**
 * The profiles a server tags with: every bundled one, plus the manifest `chosen` names when it is
 * a path (served under its own name, in place of a bundled profile of that name). Requests pick
 * among these by name only. Throws a SertagError for an unknown name or a bad manifest.
 */
export function servedProfiles(chosen: string | undefined, cwd: string): { profiles: ServedProfile[]; defaultProfile: string } {
  const profiles: ServedProfile[] = listProfiles().map((name) => ({ name, description: loadProfile(name).description, taggerOptions: { profile: name } }));
  if (chosen === undefined) return { profiles, defaultProfile: DEFAULT_PROFILE };
  const profile = loadProfile(chosen, cwd);
  const served: ServedProfile = { name: profile.name, description: profile.description, taggerOptions: { profile: profile.file ?? chosen, cwd } };
  const at = profiles.findIndex((p) => p.name === profile.name);
  if (at >= 0 && profile.file !== loadProfile(profile.name).file) profiles[at] = served;
  else if (at < 0) profiles.push(served);
  return { profiles, defaultProfile: profile.name };
}
