import type { APIRoute } from 'astro';
import { getDb } from '#db/client.ts';
import { getPictureFile } from '#features/pictures/queries.ts';

// A picture's file. A new upload is a new picture id, so a file never changes: a year in caches.
export const GET: APIRoute = async ({ params }) => {
  const file = await getPictureFile(await getDb(), params.id ?? '', params.file ?? '');
  if (!file) return new Response('Not found', { status: 404, headers: { 'Content-Type': 'text/plain; charset=utf-8' } });
  return new Response(new Uint8Array(file.bytes), {
    headers: {
      'Content-Type': file.type,
      'Content-Length': String(file.bytes.byteLength),
      'Cache-Control': 'public, max-age=31536000, immutable',
    },
  });
};
