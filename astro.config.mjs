// @ts-check
import { defineConfig } from 'astro/config';
import node from '@astrojs/node';

export default defineConfig({
  output: 'server',
  // The largest body: a form with a picture. src/server.ts holds every other path to 256 KB
  // (src/features/http/body-limit.ts, UPLOAD_BODY_LIMIT = this).
  adapter: node({ mode: 'standalone', bodySizeLimit: 6 * 1024 * 1024 }),
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
