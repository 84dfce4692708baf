/** Finds an event's id through the API link on its page (the public pages know events by slug). */
export async function eventIdFromPage(baseUrl: string, slug: string): Promise<string> {
  const html = await (await fetch(`${baseUrl}/en/events/${slug}`)).text();
  const id = html.match(/href="\/api\/v1\/events\/([0-9a-f-]{36})"/)?.[1];
  if (!id) throw new Error(`no event id on the page of ${slug}`);
  return id;
}

/** Slugs of events on a listing page, e.g. `/en/events?group=cooking-together`. */
export async function slugsFromListing(baseUrl: string, path: string): Promise<string[]> {
  const html = await (await fetch(baseUrl + path)).text();
  return [...html.matchAll(/<h3><a class="card-link" href="\/en\/events\/([a-z0-9-]+)"/g)].map((m) => m[1]!);
}

export function postJson(url: string, body: unknown, headers: Record<string, string> = {}) {
  return fetch(url, { method: 'POST', headers: { 'Content-Type': 'application/json', ...headers }, body: JSON.stringify(body) });
}
