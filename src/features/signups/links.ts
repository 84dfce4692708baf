import { getConfig } from '#config';
import type { Db } from '#db/client.ts';
import { signupTokens } from '#db/schema/signups.ts';
import { hashToken, newToken } from '#lib/tokens.ts';

export function manageUrl(language: string, token: string): string {
  return `${getConfig().publicUrl}/${language}/signup/${token}`;
}

/** A new manage link for a sign-up; the old ones keep working. Only the hash is stored. */
export async function issueManageLink(tx: Db, signupId: string, language: string): Promise<{ token: string; url: string }> {
  const token = newToken();
  await tx.insert(signupTokens).values({ tokenHash: hashToken(token), signupId });
  return { token, url: manageUrl(language, token) };
}
