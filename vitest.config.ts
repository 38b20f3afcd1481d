import { defineConfig } from 'vitest/config';

// Two projects, by folder: `unit` (in-process, seconds: npm run test:unit) and `e2e` (the built
// program as users run it, real peers — Chromium, spaCy, Dask, GNU parallel, Python, tsc — and the
// quality floors on the gold data: npm run test:e2e). `npm test` runs both.
export default defineConfig({
  test: {
    testTimeout: 60_000,
    hookTimeout: 120_000,
    projects: [
      { extends: true, test: { name: 'unit', include: ['test/unit/**/*.test.ts'] } },
      { extends: true, test: { name: 'e2e', include: ['test/e2e/**/*.test.ts'] } },
    ],
  },
});
