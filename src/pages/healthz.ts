import type { APIRoute } from 'astro';
import { getDatabase } from '#db/client.ts';

// Long enough for a busy database, short enough for a load balancer's probe.
const HEALTH_TIMEOUT_MS = 2_000;

export const GET: APIRoute = async () => {
  const headers = { 'Content-Type': 'application/json', 'Cache-Control': 'no-store' };
  try {
    const handle = await getDatabase();
    await Promise.race([
      handle.query('SELECT 1'),
      new Promise((_, reject) => setTimeout(() => reject(new Error('timeout')), HEALTH_TIMEOUT_MS).unref()),
    ]);
    return new Response(JSON.stringify({ status: 'ok' }), { status: 200, headers });
  } catch {
    return new Response(JSON.stringify({ status: 'unavailable' }), { status: 503, headers });
  }
};
