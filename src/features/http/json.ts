import { jsonWithoutControls } from '#lib/control-characters.ts';

export function json(status: number, body: unknown, headers: Record<string, string> = {}): Response {
  return new Response(JSON.stringify(body), {
    status,
    headers: { 'Content-Type': 'application/json; charset=utf-8', 'Cache-Control': 'no-store', ...headers },
  });
}

/** The API's error shape: `{error, message}` and never a stack trace. */
export function apiError(
  status: number,
  error: string,
  message: string,
  extra: Record<string, unknown> = {},
  headers: Record<string, string> = {},
): Response {
  return json(status, { error, message, ...extra }, headers);
}

export type JsonBody = { ok: true; body: Record<string, unknown> } | { ok: false; response: Response };

/** Reads a JSON object body, answering 415, 413 or 400 instead of throwing. */
export async function readJsonObject(request: Request): Promise<JsonBody> {
  const type = request.headers.get('content-type') ?? '';
  if (!/^application\/(?:[\w.+-]+\+)?json\b/i.test(type)) {
    return { ok: false, response: apiError(415, 'unsupported-media-type', 'Send the body as application/json.') };
  }
  let text: string;
  try {
    text = await request.text();
  } catch {
    return { ok: false, response: apiError(413, 'payload-too-large', 'The body is too large.') };
  }
  try {
    const body = jsonWithoutControls(JSON.parse(text));
    if (body === null || typeof body !== 'object' || Array.isArray(body)) {
      return { ok: false, response: apiError(400, 'bad-request', 'The body must be a JSON object.') };
    }
    return { ok: true, body: body as Record<string, unknown> };
  } catch {
    return { ok: false, response: apiError(400, 'bad-request', 'The body is not valid JSON.') };
  }
}

export const UUID = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/i;
