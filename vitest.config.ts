import { defineConfig } from 'vitest/config';

export default defineConfig({
  test: {
    include: ['tests/**/*.test.ts'],
    globalSetup: ['tests/setup/global.ts'],
    setupFiles: ['tests/setup/timezone.ts'],
    // PGlite takes seconds to start and a browser test spawns a server: be generous.
    testTimeout: 60_000,
    hookTimeout: 180_000,
    // Two cores: one file per core keeps PGlite, the server and Chromium from starving each other.
    maxWorkers: 2,
  },
});
