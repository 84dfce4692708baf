import { eq } from 'drizzle-orm';
import { getConfig } from '../../config.ts';
import type { Db } from '../../db/client.ts';
import { hubs } from '../../db/schema/hubs.ts';
import { getEventById } from './detail.ts';
import { toApiEvent } from './api-shape.ts';

/** One event in the API's shape, any status; null when there is none. */
export async function apiEventById(db: Db, eventId: string) {
  const found = await getEventById(db, eventId);
  if (!found) return null;
  const [hub] = await db.select({ timezone: hubs.timezone }).from(hubs).where(eq(hubs.id, found.event.hubId));
  return toApiEvent(found.event, {
    category: found.category.slug, place: found.place?.slug ?? null, group: found.group?.slug ?? null,
    publicUrl: getConfig().publicUrl, timeZone: hub?.timezone ?? getConfig().TZ_HUB,
  });
}
