// @ts-check
import { defineConfig } from 'astro/config';
import node from '@astrojs/node';

export default defineConfig({
  output: 'server',
  adapter: node({ mode: 'standalone', bodySizeLimit: 256 * 1024 }),
  // Forms post to the same origin only; see CONTRACT.md security baseline.
  security: { checkOrigin: true },
  // CSP allows styles from 'self' only, so no stylesheet may be inlined.
  build: { inlineStylesheets: 'never' },
  // Astro's own log lines are JSON lines too, never a stack (src/features/failures/astro-log.mjs).
  logger: { entrypoint: './src/features/failures/astro-log.mjs' },
  vite: {
    ssr: { external: ['@electric-sql/pglite', 'pg', 'pino'] },
  },
});
