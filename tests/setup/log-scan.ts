// Scans server output for secrets: any suite that starts a server can hand its output here
// (`expect(secretsInLog(server.output(), known)).toEqual([])`).

/** Things that must never be in a log line; `known` adds the exact tokens and contacts a test used. */
export function secretsInLog(output: string, known: string[] = []): string[] {
  const found: string[] = [];
  const lines = output.split('\n');
  for (const line of lines) {
    for (const secret of known)
      if (secret && line.includes(secret)) found.push(`known secret ${secret.slice(0, 4)}… in: ${line.slice(0, 200)}`);
    // An email address anywhere, and phone numbers in a string of their own.
    if (/[A-Za-z0-9._%+-]+@[A-Za-z0-9-]+\.[A-Za-z0-9.-]+/.test(line)) found.push(`email in: ${line.slice(0, 200)}`);
    if (/\+\d[\d\s-]{6,}\d/.test(line)) found.push(`phone in: ${line.slice(0, 200)}`);
    // Query strings stay out of request lines; so do token-shaped path segments.
    const path = line.match(/"path":"([^"]*)"/)?.[1];
    if (path !== undefined) {
      if (path.includes('?')) found.push(`query string in: ${path}`);
      for (const segment of path.split('/')) {
        if (
          /^(tori_)?[A-Za-z0-9_-]{20,}$/.test(segment) &&
          // A digit, or both cases: about 1 random token in 100 has no digit, none lacks both.
          (/\d/.test(segment) || (/[A-Z]/.test(segment) && /[a-z]/.test(segment))) &&
          !/^[0-9a-f]{8}-[0-9a-f]{4}-/.test(segment) &&
          !/^[a-z]+(-[a-z0-9]+)*$/.test(segment)
        ) {
          found.push(`token-like segment in: ${path}`);
        }
      }
    }
  }
  return found;
}
