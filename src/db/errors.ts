/**
 * True when a query failed on a unique index (SQLSTATE 23505), optionally a named one.
 * drizzle wraps the driver's error, so the code may sit on a `cause`.
 */
export function isUniqueViolation(error: unknown, constraint?: string): boolean {
  for (let e: unknown = error, depth = 0; e && typeof e === 'object' && depth < 4; e = (e as { cause?: unknown }).cause, depth++) {
    const { code } = e as { code?: unknown };
    if (code === '23505') {
      const name = (e as { constraint_name?: string; constraint?: string }).constraint_name ?? (e as { constraint?: string }).constraint;
      return !constraint || name === constraint || String((e as Error).message ?? '').includes(constraint);
    }
  }
  return false;
}
