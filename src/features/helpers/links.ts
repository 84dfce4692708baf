import { getConfig } from '#config';
import type { Db } from '#db/client.ts';
import { helperTokens } from '#db/schema/helpers.ts';
import { hashToken, newToken } from '#lib/tokens.ts';

export function helperUrl(language: string, token: string): string {
  return `${getConfig().publicUrl}/${language}/helper/${token}`;
}

/** A new manage link for an offer; older ones keep working. Only the hash is stored. */
export async function issueHelperLink(tx: Db, offerId: string, language: string): Promise<{ token: string; url: string }> {
  const token = newToken();
  await tx.insert(helperTokens).values({ tokenHash: hashToken(token), offerId });
  return { token, url: helperUrl(language, token) };
}
