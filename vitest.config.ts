import { defineConfig } from 'vitest/config';

export default defineConfig({
  test: {
    include: ['tests/**/*.test.ts'],
    globalSetup: ['tests/setup/global.ts'],
    // api-contract: every /api/v1 answer a test fetches is checked against the served OpenAPI document.
    setupFiles: ['tests/setup/timezone.ts', 'tests/setup/api-contract.ts'],
    // PGlite takes seconds to start and a browser test spawns a server: be generous.
    testTimeout: 60_000,
    hookTimeout: 180_000,
    // Two cores: one file per core keeps PGlite, the server and Chromium from starving each other.
    maxWorkers: 2,
  },
});
