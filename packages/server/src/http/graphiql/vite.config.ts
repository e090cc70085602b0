import { defineConfig } from 'vite';
import { graphiqlDir, graphiqlSourceDir } from './build-dir.js';

/** The GraphiQL page that `landing-page.ts` serves at `/graphql`, bundled with React; `pnpm install` builds it. */
export default defineConfig({
  root: graphiqlSourceDir,
  base: '/graphiql/',
  build: {
    outDir: graphiqlDir,
    emptyOutDir: true,
    chunkSizeWarningLimit: 2048,
    rolldownOptions: {
      // GraphiQL's framer-motion marks modules "use client", which only means something to React Server Components.
      onwarn: (warning, warn) => {
        if (warning.code !== 'MODULE_LEVEL_DIRECTIVE') warn(warning);
      },
    },
  },
});
