import { and, asc, eq } from 'drizzle-orm';
import type { Db } from '#db/client.ts';
import { categories } from '#db/schema/categories.ts';

export async function listCategories(db: Db, hubId: string) {
  return db.select().from(categories).where(eq(categories.hubId, hubId)).orderBy(asc(categories.position), asc(categories.slug));
}

export async function getCategoryById(db: Db, hubId: string, id: string) {
  const [row] = await db
    .select()
    .from(categories)
    .where(and(eq(categories.hubId, hubId), eq(categories.id, id)))
    .limit(1);
  return row ?? null;
}
