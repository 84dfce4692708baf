import { eq } from 'drizzle-orm';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { DbHandle } from '#db/client.ts';
import { events } from '#db/schema/events.ts';
import { hubs } from '#db/schema/hubs.ts';
import { signups } from '#db/schema/signups.ts';
import { SYSTEM } from '#features/auth/policy.ts';
import { savePrivacySettings } from '#features/hubs/mutations.ts';
import { privacySettingsFromForm } from '#features/hubs/schema.ts';
import { runRetention } from '#features/privacy/retention.ts';
import { createSignup } from '#features/signups/mutations.ts';
import { createTestDatabase } from '../setup/db.ts';
import { makeEvent, makeHub, signupInput } from '../setup/fixtures.ts';

// A hub's own retention period (decision 025) against the installation's RETENTION_DAYS.
const DAY = 86_400_000;
let handle: DbHandle;

beforeAll(async () => {
  handle = await createTestDatabase();
});
afterAll(async () => {
  await handle.close();
});

describe('retention per hub', () => {
  it('a hub that keeps data 7 days loses it after 10 days while another hub keeps 90', async () => {
    const db = handle.db;
    const short = await makeHub(db, 'short');
    const long = await makeHub(db, 'long');
    const form = new FormData();
    form.set('retentionDays', '7');
    form.set('controllerName', 'Short Hub ry');
    form.set('controllerContact', 'tietosuoja@example.org');
    const parsed = privacySettingsFromForm(form);
    expect(parsed.success).toBe(true);
    expect((await savePrivacySettings(db, SYSTEM, { hubId: short.hub.id, settings: parsed.data! })).kind).toBe('saved');
    for (const days of ['3', '731', 'x']) {
      form.set('retentionDays', days);
      expect(privacySettingsFromForm(form).success, days).toBe(false);
    }
    const soon = new Date(Date.now() + DAY);
    const ids: string[] = [];
    for (const ids_ of [short, long]) {
      const slug = await makeEvent(db, ids_, soon, { slug: `ev-${ids_.hub.slug}`, mode: 'signup', capacity: 5 });
      const [event] = await db.select().from(events).where(eq(events.slug, slug));
      ids.push(event!.id);
      const made = await createSignup(db, event!.id, signupInput({ name: 'Person', email: `p@${ids_.hub.slug}.example.org` }));
      expect(made.kind).toBe('confirmed');
      const end = new Date(Date.now() - 10 * DAY);
      await db
        .update(events)
        .set({ startsAt: new Date(end.getTime() - 3_600_000), endsAt: end })
        .where(eq(events.id, event!.id));
    }
    const done = await runRetention(db, { now: new Date(), days: 90 });
    expect(done.signups).toBe(1);
    const rows = await db.select({ eventId: signups.eventId, email: signups.email, anonymizedAt: signups.anonymizedAt }).from(signups);
    expect(rows.find((r) => r.eventId === ids[0])).toMatchObject({ email: null });
    expect(rows.find((r) => r.eventId === ids[1])).toMatchObject({ email: 'p@long.example.org', anonymizedAt: null });
    const [saved] = await db.select().from(hubs).where(eq(hubs.id, short.hub.id));
    expect(saved).toMatchObject({ retentionDays: 7, controllerName: 'Short Hub ry' });
  });
});
