/** The driver's error under drizzle's wrapper (the SQLSTATE may sit on a `cause`) with that code. */
function violation(error: unknown, code: string): { constraint: string; message: string } | null {
  for (let e: unknown = error, depth = 0; e && typeof e === 'object' && depth < 4; e = (e as { cause?: unknown }).cause, depth++) {
    if ((e as { code?: unknown }).code === code) {
      const name =
        (e as { constraint_name?: string; constraint?: string }).constraint_name ?? (e as { constraint?: string }).constraint ?? '';
      return { constraint: name, message: String((e as Error).message ?? '') };
    }
  }
  return null;
}

const named = (found: { constraint: string; message: string } | null, constraint?: string) =>
  Boolean(found) && (!constraint || found!.constraint === constraint || found!.message.includes(constraint));

/** True when a query failed on a unique index (SQLSTATE 23505), optionally a named one. */
export function isUniqueViolation(error: unknown, constraint?: string): boolean {
  return named(violation(error, '23505'), constraint);
}

/** True when a query failed on a foreign key (SQLSTATE 23503), optionally a named one. */
export function isForeignKeyViolation(error: unknown, constraint?: string): boolean {
  return named(violation(error, '23503'), constraint);
}
