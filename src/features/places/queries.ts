import { and, eq } from 'drizzle-orm';
import type { Db } from '#db/client.ts';
import { places } from '#db/schema/places.ts';
import { isSlug } from '#lib/slug.ts';
import { addressLine } from './address.ts';

export async function getPlaceBySlug(db: Db, hubId: string, slug: string) {
  if (!isSlug(slug)) return null;
  const [place] = await db
    .select()
    .from(places)
    .where(and(eq(places.hubId, hubId), eq(places.slug, slug)))
    .limit(1);
  return place ?? null;
}

export type Place = NonNullable<Awaited<ReturnType<typeof getPlaceBySlug>>>;

/** A link to a map that works without JavaScript or an API key. */
export function mapUrl(place: Place): string {
  if (place.latitude !== null && place.longitude !== null) {
    return `https://www.openstreetmap.org/?mlat=${place.latitude}&mlon=${place.longitude}#map=17/${place.latitude}/${place.longitude}`;
  }
  return `https://www.openstreetmap.org/search?query=${encodeURIComponent(addressLine(place))}`;
}

export async function listPlaces(db: Db, hubId: string) {
  return db.select().from(places).where(eq(places.hubId, hubId)).orderBy(places.slug);
}

export async function getPlaceById(db: Db, hubId: string, id: string) {
  const [place] = await db
    .select()
    .from(places)
    .where(and(eq(places.hubId, hubId), eq(places.id, id)))
    .limit(1);
  return place ?? null;
}
