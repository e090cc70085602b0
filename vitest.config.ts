import { defineConfig } from 'vitest/config';

export default defineConfig({
  test: {
    include: ['packages/*/src/**/*.test.ts'],
    setupFiles: ['./vitest.setup.ts'],
    // tfjs trains for real in tests; each file gets its own process and engine.
    pool: 'forks',
    testTimeout: 120_000,
    hookTimeout: 120_000,
  },
});
