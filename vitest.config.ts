import { defineConfig } from 'vitest/config';

export default defineConfig({
  test: {
    include: ['test/**/*.test.ts'],
    reporters: ['default', './test/helpers/summary-reporter.ts'],
    // Building the seed graph (parse, SHACL, inference) takes a few seconds on 2 cores.
    testTimeout: 60_000,
    hookTimeout: 120_000,
  },
});
