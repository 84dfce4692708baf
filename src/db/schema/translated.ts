import { jsonb } from 'drizzle-orm/pg-core';

/** Text written by people, per content language: `{ fi: "…", ar: "…" }`. Missing keys fall back. */
export type Translated = Partial<Record<string, string>>;

export const translated = (name: string) => jsonb(name).$type<Translated>().notNull().default({});
