import type { z } from 'zod';
import type { Db } from '#db/client.ts';
import type { Actor } from '#features/auth/policy.ts';
import { adminAccess, entityIdParam } from './access.ts';
import { invalidFields } from './form-fields.ts';

export type EntityPage<T> =
  | { kind: 'login' }
  | { kind: 'not-found' }
  | { kind: 'forbidden' }
  | { kind: 'allowed'; id: 'new' | string; existing: T | null };

/** A coordinator's edit page of one place, topic or group: who may see it and what it edits. */
export async function adminEntityPage<T>(
  db: Db,
  actor: Actor,
  hubId: string,
  param: string | undefined,
  load: (id: string) => Promise<T | null>,
): Promise<EntityPage<T>> {
  const access = await adminAccess(db, actor, hubId);
  if (access === 'login') return { kind: 'login' };
  const id = entityIdParam(param);
  if (!id) return { kind: 'not-found' };
  if (access === 'forbidden') return { kind: 'forbidden' };
  if (id === 'new') return { kind: 'allowed', id, existing: null };
  const existing = await load(id);
  return existing ? { kind: 'allowed', id, existing } : { kind: 'not-found' };
}

type SaveResult =
  | { kind: 'saved' }
  | { kind: 'not-found' }
  | { kind: 'forbidden' }
  | { kind: 'slug-taken' }
  | { kind: 'invalid'; field: string };

export type EntityFormResult =
  | { kind: 'saved' }
  | { kind: 'not-found' }
  | { kind: 'forbidden' }
  | { kind: 'show'; posted: FormData | null; invalid: Record<string, true>; problem: 'slug-taken' | 'unreadable' | null };

/** Reads a coordinator's form, checks it with its zod schema and saves it; or says what to show. */
export async function submitEntityForm<T>(
  posted: FormData | null,
  parse: (form: FormData) => z.ZodSafeParseResult<T>,
  save: (input: T) => Promise<SaveResult>,
): Promise<EntityFormResult> {
  if (!posted) return { kind: 'show', posted, invalid: {}, problem: 'unreadable' };
  const parsed = parse(posted);
  if (!parsed.success) return { kind: 'show', posted, invalid: invalidFields(parsed.error), problem: null };
  const outcome = await save(parsed.data);
  if (outcome.kind === 'saved' || outcome.kind === 'not-found' || outcome.kind === 'forbidden') return outcome;
  if (outcome.kind === 'slug-taken') return { kind: 'show', posted, invalid: { slug: true }, problem: 'slug-taken' };
  return { kind: 'show', posted, invalid: { [outcome.field]: true }, problem: null };
}
