import { defineConfig } from 'vitest/config';

export default defineConfig({
  // graphql ships a CJS build (main) and an ESM one (module). Vite gives our sources the ESM one while
  // Node gives Apollo and graphql-ws the CJS one, and two instances of graphql fail its instanceof checks.
  resolve: { alias: [{ find: /^graphql$/, replacement: 'graphql/index.js' }] },
  test: {
    include: ['packages/*/src/**/*.test.ts', 'examples/*/src/**/*.test.ts'],
    setupFiles: ['./vitest.setup.ts'],
    // tfjs trains for real in tests; each file gets its own process and engine.
    pool: 'forks',
    testTimeout: 120_000,
    hookTimeout: 120_000,
  },
});
