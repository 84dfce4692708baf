import { defineConfig } from 'vitest/config';
import LongestFirst from './tests/setup/sequencer.ts';

// Files whose outcome does not depend on the database (browser pages, translations, parsers):
// they run once, in the `once` project; CI's PostgreSQL pass runs only the `database` project.
const once = [
  // Uses the local PostgreSQL by itself (bench/run.ts), whichever database the pass is on.
  'tests/e2e/bench-quick.test.ts',
  'tests/e2e/browser.test.ts',
  'tests/e2e/calendar-page.test.ts',
  // The embedded database's lock: PGlite whichever database the pass is on.
  'tests/e2e/data-dir-lock.test.ts',
  // Markup, layout and axe over every page: the same whichever database serves them.
  'tests/e2e/everywhere.test.ts',
  // Pages and axe along the helper's way; the database side is helper-record.test.ts's.
  'tests/e2e/helper-browser.test.ts',
  'tests/e2e/helper-profile-browser.test.ts',
  'tests/e2e/keyboard.test.ts',
  'tests/integration/config.test.ts',
  'tests/integration/filters.test.ts',
  'tests/integration/i18n.test.ts',
  'tests/integration/opening-hours.test.ts',
  'tests/integration/signup-input.test.ts',
  'tests/integration/sms-text.test.ts',
];

export default defineConfig({
  test: {
    // Builds the site and the prepared databases once per run (tests/setup/templates.ts).
    globalSetup: ['tests/setup/global.ts'],
    // api-contract: every /api/v1 answer a test fetches is checked against the served OpenAPI document.
    setupFiles: ['tests/setup/timezone.ts', 'tests/setup/api-contract.ts'],
    // A browser test spawns a server and Chromium, on a loaded machine: be generous.
    testTimeout: 60_000,
    hookTimeout: 180_000,
    // Two cores: one file per core keeps PGlite, the server and Chromium from starving each other.
    maxWorkers: 2,
    // One queue for both projects, longest files first (tests/setup/sequencer.ts).
    sequence: { sequencer: LongestFirst },
    projects: [
      { extends: true, test: { name: 'database', include: ['tests/**/*.test.ts'], exclude: once } },
      { extends: true, test: { name: 'once', include: once } },
    ],
  },
});
