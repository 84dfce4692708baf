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
  vite: {
    ssr: { external: ['@electric-sql/pglite', 'postgres', 'pino'] },
  },
});
