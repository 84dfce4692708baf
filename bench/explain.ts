// The plans of the queries behind the listing, the calendar feed, the API list and the mail
// worker's claim, on the generated data. The feature code itself runs against a drizzle
// instance whose logger records each statement; each is then run again under EXPLAIN ANALYZE
// (the claim, which writes, inside a transaction that is rolled back).
import { drizzle } from 'drizzle-orm/node-postgres';
import pg from 'pg';
import type { Db } from '#db/client.ts';
import { listApiEvents } from '#features/events/api-read.ts';
import { listEvents } from '#features/events/queries.ts';
import { publicCalendar } from '#features/feeds/calendars.ts';
import { getCurrentHub } from '#features/hubs/queries.ts';
import { claimNext } from '#features/mail/worker.ts';

export interface Plan {
  name: string;
  sql: string;
  ms: number;
  /** Indexes the plan reads, and tables it reads whole. */
  indexes: string[];
  seqScans: string[];
  plan: string;
}

interface Statement {
  query: string;
  params: unknown[];
}

export async function explainQueries(databaseUrl: string): Promise<Plan[]> {
  // The feature code may send statements side by side (a pool queues them); EXPLAIN and the
  // claim's transaction need one connection of their own.
  const pool = new pg.Pool({ connectionString: databaseUrl, application_name: 'tori-bench-explain', max: 2 });
  const client = await pool.connect();
  try {
    let recorded: Statement[] = [];
    const db = drizzle(pool, { logger: { logQuery: (query, params) => void recorded.push({ query, params }) } }) as unknown as Db;
    const capture = async (work: () => Promise<unknown>) => {
      recorded = [];
      await work();
      return recorded;
    };
    const hub = await getCurrentHub(db);
    if (!hub) throw new Error('no hub');
    const now = new Date();
    const groups: { name: string; statements: Statement[]; writes?: boolean }[] = [
      { name: 'listing /fi/events', statements: await capture(() => listEvents(db, hub.id, {}, { now, timeZone: hub.timezone })) },
      {
        name: 'feed /calendar.ics',
        statements: await capture(() => publicCalendar(db, hub, new URLSearchParams(), { now, publicUrl: 'http://localhost' })),
      },
      {
        name: 'API /api/v1/events?limit=200',
        statements: await capture(() =>
          listApiEvents(db, hub, { filters: {}, limit: 200, cursor: null }, { now, publicUrl: 'http://localhost' }),
        ),
      },
    ];
    const inTransaction = drizzle(client, {
      logger: { logQuery: (query, params) => void recorded.push({ query, params }) },
    }) as unknown as Db;
    await client.query('BEGIN');
    const claim = await capture(() =>
      claimNext(inTransaction, { batchSize: 1, leaseSeconds: 120, maxAttempts: 17, retryBaseSeconds: 30 }, now),
    );
    await client.query('ROLLBACK');
    groups.push({ name: "mail worker's claim", statements: claim, writes: true });

    const plans: Plan[] = [];
    for (const group of groups) {
      // Statements that only read the hub or the filter options are left out: tiny tables.
      const relevant = group.statements.filter((s) => /"(events|outbox|signups)"/.test(s.query));
      for (const [i, s] of relevant.entries()) {
        if (group.writes) await client.query('BEGIN');
        const { rows } = await client.query<{ 'QUERY PLAN': string }>(`EXPLAIN (ANALYZE, BUFFERS) ${s.query}`, s.params);
        if (group.writes) await client.query('ROLLBACK');
        const plan = rows.map((r) => r['QUERY PLAN']).join('\n');
        plans.push({
          name: relevant.length > 1 ? `${group.name} (${i + 1} of ${relevant.length})` : group.name,
          sql: s.query,
          ms: Number(/Execution Time: ([\d.]+) ms/.exec(plan)?.[1] ?? NaN),
          indexes: [
            ...new Set(
              [...plan.matchAll(/(?:Index|Index Only|Bitmap Index) Scan(?: Backward)? (?:using|on) "?([\w]+)"?/g)].map((m) => m[1]!),
            ),
          ],
          seqScans: [...new Set([...plan.matchAll(/Seq Scan on "?([\w]+)"?/g)].map((m) => m[1]!))],
          plan,
        });
      }
    }
    return plans;
  } finally {
    client.release();
    await pool.end();
  }
}
