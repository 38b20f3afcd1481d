import { mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { createTagger } from 'sertag';
import { runCli } from './helpers.js';

// A profile of our own, so the test does not depend on what the bundled lists say.
const dir = mkdtempSync(join(tmpdir(), 'sertag-precedence-'));
writeFileSync(join(dir, 'profile-terms.yaml'), 'entries:\n  - { term: Kubernetes, type: General_Concept, priority: 5 }\n  - { term: Redis, type: Operating_System }\n  - { term: ajax, type: Library }\n');
writeFileSync(join(dir, 'profile-rules.yaml'), 'rules:\n  - id: no-ajax\n    why: ajax is rarely a name in this profile\n    action: veto\n    pattern: [{ lower: [ajax] }]\n');
writeFileSync(join(dir, 'p.yaml'), 'profile: mine\ndescription: a test profile\ngazetteers: [profile-terms.yaml]\nrules: [profile-rules.yaml]\n');
writeFileSync(join(dir, 'mine.yaml'), 'type: Application\nentries:\n  - Kubernetes\n  - Redis\n  - { term: ajax, type: Library }\n');
const profile = join(dir, 'p.yaml');
const typed = (text: string, extra: object = {}) =>
  createTagger({ profile, cwd: dir, ...extra })
    .tag(text)
    .entities.map((e) => `${e.text}/${e.type}`);

describe('a user list wins over the profile', () => {
  it('by default, whatever the profile entry\'s priority, and says so once per entry', () => {
    expect(typed('Kubernetes and Redis')).toEqual(['Kubernetes/General_Concept', 'Redis/Operating_System']);
    expect(typed('Kubernetes and Redis', { gazetteers: ['mine.yaml'] })).toEqual(['Kubernetes/Application', 'Redis/Application']);
    const warnings = createTagger({ profile, cwd: dir, gazetteers: ['mine.yaml'] }).warnings.filter((w) => w.code === 'OVERRIDES_PROFILE');
    expect(warnings.map((w) => `${w.file}:${w.line} ${w.message}`)).toEqual([
      'mine.yaml:3 `Kubernetes` is Application here, and wins over the profile\'s General_Concept (profile-terms.yaml:2 entry "Kubernetes")',
      'mine.yaml:4 `Redis` is Application here, and wins over the profile\'s Operating_System (profile-terms.yaml:3 entry "Redis")',
    ]);
  });

  it('over the profile\'s rules too: a profile veto does not remove a user entry, a user rule does', () => {
    expect(typed('call ajax now')).toEqual([]);
    expect(typed('call ajax now', { gazetteers: ['mine.yaml'] })).toEqual(['ajax/Library']);
    const ownVeto = { name: 'my-rules', rules: [{ id: 'my-no-ajax', why: 'mine', action: 'veto', pattern: [{ lower: ['ajax'] }] }] };
    expect(typed('call ajax now', { gazetteers: ['mine.yaml'], rules: [ownVeto] })).toEqual([]);
  });

  it('works for gazetteer objects as for files', () => {
    expect(typed('Redis', { gazetteers: [{ name: 'inline', type: 'Library', entries: ['Redis'] }] })).toEqual(['Redis/Library']);
  });

  it('warns in `tag` and `lint`, with the file and line of the user entry', async () => {
    const tag = await runCli(['tag', '--profile', profile, '--gazetteers', 'mine.yaml', '--format', 'inline'], dir, 'Kubernetes and Redis\n');
    expect(tag.code).toBe(0);
    expect(tag.stdout.trim()).toBe('[Kubernetes](Application) and [Redis](Application)');
    expect(tag.stderr).toContain('mine.yaml:3:1 [OVERRIDES_PROFILE] warning: `Kubernetes` is Application here');
    const lint = await runCli(['lint', '--profile', profile, '--gazetteers', 'mine.yaml'], dir);
    expect(lint.stdout + lint.stderr).toContain('mine.yaml:4:1 [OVERRIDES_PROFILE] warning: `Redis` is Application here');
  });
});
