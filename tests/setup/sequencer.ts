import { BaseSequencer, type TestSpecification } from 'vitest/node';

// Two workers share the files: the run ends when the longer of the two queues does. Vitest's own
// order puts one project after the other (and, without a cache of past durations, larger files
// first), so the long browser sweep of the `once` project started last and ran alone at the end.
// Here the files of both projects are one queue, longest first: the long ones start at once, the
// short ones fill the gaps at the end (docs/decisions/033-ci-time.md).

/**
 * Seconds each browser and server file took in a PGlite run (on a busy two-core machine), for a
 * clean clone that has no cache of past runs yet. Only the order matters; a file not listed is
 * guessed from where it lives (the in-process integration files take a few seconds each).
 */
const measured: Record<string, number> = {
  'tests/e2e/everywhere.test.ts': 948,
  'tests/e2e/bench-quick.test.ts': 236,
  'tests/e2e/browser.test.ts': 119,
  'tests/e2e/phone.test.ts': 88,
  'tests/e2e/auth-hardening.test.ts': 86,
  'tests/e2e/keyboard.test.ts': 79,
  'tests/e2e/mail-resend.test.ts': 56,
  'tests/e2e/hub-page.test.ts': 54,
  'tests/e2e/server.test.ts': 50,
  'tests/e2e/coordinator.test.ts': 50,
  'tests/e2e/figures.test.ts': 45,
  'tests/e2e/data-dir-lock.test.ts': 20,
  'tests/e2e/feedback.test.ts': 42,
  'tests/e2e/pictures.test.ts': 38,
  'tests/e2e/calendar-page.test.ts': 37,
  'tests/e2e/manage-day.test.ts': 34,
  'tests/e2e/auth.test.ts': 32,
  'tests/e2e/sms.test.ts': 31,
  'tests/e2e/feeds.test.ts': 30,
  'tests/e2e/public-api.test.ts': 28,
  'tests/e2e/signup-api.test.ts': 28,
  'tests/e2e/signup-fuzz.test.ts': 25,
  'tests/e2e/mail-worker.test.ts': 24,
  'tests/e2e/headcount-concurrency.test.ts': 21,
  'tests/e2e/sms-worker.test.ts': 21,
  'tests/e2e/translations.test.ts': 20,
  'tests/e2e/event-form-phone.test.ts': 19,
  'tests/e2e/page-cache.test.ts': 19,
  'tests/e2e/signup-privacy.test.ts': 19,
};

const guess = (file: string) => measured[file] ?? (file.startsWith('tests/e2e/') ? 15 : 4);

export default class LongestFirst extends BaseSequencer {
  override async sort(files: TestSpecification[]): Promise<TestSpecification[]> {
    const root = `${this.ctx.config.root}/`;
    const seconds = (spec: TestSpecification) => {
      const past = this.ctx.cache.getTestSpecificationResult(spec);
      // A file that failed early says little about how long it takes.
      if (past && !past.failed && past.duration > 0) return past.duration / 1000;
      return guess(spec.moduleId.startsWith(root) ? spec.moduleId.slice(root.length) : spec.moduleId);
    };
    return [...files].sort((a, b) => seconds(b) - seconds(a));
  }
}
