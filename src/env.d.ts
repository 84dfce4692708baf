declare namespace App {
  interface Locals {
    /** The page's interface language: from the path, else from Accept-Language. */
    lang: import('./i18n/languages.ts').Lang;
    /** The signed-in staff member, if any (residents never sign in). */
    user: import('./features/auth/session.ts').SessionUser | null;
    sessionId: string | null;
    /** Who acts on this request: the signed-in person with their groups, or anonymous. */
    actor: import('./features/auth/policy.ts').Actor;
    /** Set when the request failed: the error page shows 503 ("try again") or 500. */
    failure?: 'unavailable' | 'error';
  }
}
