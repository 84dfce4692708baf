import { spawnSync } from 'node:child_process';
import { expect } from 'vitest';
import type { RunningServer, Storage } from './server.ts';
import type { TestSmtp } from './smtp.ts';

/** Runs `npm run cli -- …` on a server's data (stop an embedded-database server first). */
export function cli(storage: Storage, args: string[]): string {
  const result = spawnSync(process.execPath, ['src/cli.ts', ...args], {
    env: { ...process.env, DATA_DIR: storage.dataDir, DATABASE_URL: storage.databaseUrl }, encoding: 'utf8',
  });
  if (result.status !== 0) throw new Error(`cli ${args.join(' ')} failed: ${result.stderr}`);
  return result.stdout.trim().split('\n').at(-1)!;
}

/** Headers of a form post from the site itself (Astro's origin check wants the Origin). */
export const formHeaders = (server: RunningServer, cookie?: string) => ({
  Origin: server.url, 'Content-Type': 'application/x-www-form-urlencoded', ...(cookie ? { Cookie: cookie } : {}),
});

/** Signs in through an emailed link, as a person would; returns the session cookie. */
export async function signInByLink(server: RunningServer, smtp: TestSmtp, email: string): Promise<string> {
  const before = smtp.received.length;
  const response = await fetch(`${server.url}/fi/login`, { method: 'POST', headers: formHeaders(server), body: new URLSearchParams({ email }), redirect: 'manual' });
  expect(response.status).toBe(200);
  // Other mail (sign-up confirmations) may arrive meanwhile: wait for the one to this address.
  const find = () => smtp.received.slice(before).find((m) => m.mail.to && 'text' in m.mail.to && m.mail.to.text === email);
  for (let n = before + 1; !find(); n++) await smtp.waitFor(n);
  const mail = find()!;
  const link = new URL(mail.mail.text!.match(/https?:\/\/\S+\/login\/link\/\S+/)![0]);
  const used = await fetch(server.url + link.pathname, { method: 'POST', headers: formHeaders(server), redirect: 'manual' });
  expect(used.status).toBe(303);
  return used.headers.get('set-cookie')!.split(';')[0]!;
}
