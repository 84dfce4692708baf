import { readFile } from 'node:fs/promises';
import { join } from 'node:path';
import type { APIRoute } from 'astro';
import { getConfig } from '#config';
import { getDb } from '#db/client.ts';
import { adminAccess } from '#features/admin/access.ts';
import { recordChange } from '#features/audit/mutations.ts';
import { isHubEmlFile } from '#features/admin/queries.ts';
import { smsDir } from '#features/mail/sms-transport.ts';
import { emlDir } from '#features/mail/transport.ts';
import { getCurrentHub } from '#features/hubs/queries.ts';

// One email file for an admin; the strict name pattern keeps the path inside the outbox folder.
export const GET: APIRoute = async ({ params, locals, redirect }) => {
  const db = await getDb();
  const hub = await getCurrentHub(db);
  const access = hub ? await adminAccess(db, locals.actor, hub.id) : 'forbidden';
  if (access === 'login') return redirect(`/${params.lang}/login`, 303);
  if (access === 'forbidden') return new Response('Forbidden', { status: 403 });
  if (!(await isHubEmlFile(db, hub!.id, params.file ?? ''))) return new Response('Not found', { status: 404 });
  const sms = params.file!.endsWith('.txt');
  const content = await readFile(join(sms ? smsDir(getConfig()) : emlDir(getConfig()), params.file!)).catch(() => null);
  if (!content) return new Response('Not found', { status: 404 });
  // A sent email holds a person's address and perhaps a manage link: who downloaded it is kept.
  await recordChange(db, {
    userId: locals.user!.id,
    action: 'outbox.download',
    entity: 'outbox',
    entityId: params.file!.replace(/\.(eml|txt)$/, ''),
  });
  return new Response(content, {
    headers: {
      'Content-Type': sms ? 'text/plain; charset=utf-8' : 'message/rfc822',
      'Content-Disposition': `attachment; filename="${params.file}"`,
      'Cache-Control': 'private, no-store',
    },
  });
};
