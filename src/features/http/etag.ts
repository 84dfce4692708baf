import { createHash } from 'node:crypto';

// Revalidate every time: seat counts change, and a 304 costs a slow phone almost nothing.
export const PUBLIC_CACHE_CONTROL = 'public, no-cache';

/** Adds a strong ETag to a buffered response and answers 304 when the client has it already. */
export async function withEtag(request: Request, response: Response): Promise<Response> {
  const body = new Uint8Array(await response.arrayBuffer());
  const etag = `"${createHash('sha256').update(body).digest('base64url').slice(0, 27)}"`;
  const headers = new Headers(response.headers);
  headers.set('ETag', etag);
  if (!headers.has('Cache-Control')) headers.set('Cache-Control', PUBLIC_CACHE_CONTROL);
  const ifNoneMatch = request.headers.get('If-None-Match');
  if (ifNoneMatch?.split(',').some((tag) => tag.trim().replace(/^W\//, '') === etag || tag.trim() === '*')) {
    headers.delete('Content-Length');
    headers.delete('Content-Type');
    return new Response(null, { status: 304, headers });
  }
  headers.set('Content-Length', String(body.byteLength));
  return new Response(request.method === 'HEAD' ? null : body, { status: response.status, headers });
}
