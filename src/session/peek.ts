/**
 * What an element can learn about the page's session WITHOUT loading the session code (session.ts, the outbox,
 * the connection, the error texts: most of the SDK-free session): whether the page already has one, and whether
 * this visit needs one at once. A join button on a page where nobody is signed in paints from plain `fetch`
 * (`summary.ts`) and loads the session after its first paint (see `context/lazy-session.ts`).
 */
import type { MatrixSession } from './session.ts';
import { KEYS, isStoredSession } from './storage-keys.ts';

/** The `globalThis` key of the page's one session (shared by every copy of matrix-embed on the page). */
export const SESSION_KEY = Symbol.for('matrix-embed.session');

/** The page's session when some element (or the page's script) already created it; never creates one. */
export function existingSession(): MatrixSession | undefined {
  return (globalThis as unknown as Record<symbol, MatrixSession | undefined>)[SESSION_KEY];
}

/**
 * True when a session must be read before showing anything that depends on the visitor: a sign-in is stored
 * (signed in, guest or soft-logged-out), or this page load is the return from an OAuth / SSO sign-in. Errs on
 * the side of true: an unreadable address counts as a return.
 */
export function sessionNeededNow(): boolean {
  if (storedSession()) return true;
  const href = globalThis.location?.href;
  if (!href) return false;
  try {
    // What auth/callback.ts's parseCallback and the SSO return look for, without loading them.
    const url = new URL(href);
    const hash = new URLSearchParams(url.hash.replace(/^#/, ''));
    return url.searchParams.has('loginToken') || [url.searchParams, hash].some((p) => p.has('state') && (p.has('code') || p.has('error')));
  } catch {
    return true;
  }
}

/** A restorable sign-in in localStorage (as `SessionStore.loadSession` reads it); false when storage is off. */
function storedSession(): boolean {
  try {
    const raw = globalThis.localStorage?.getItem(KEYS.session);
    return !!raw && isStoredSession(JSON.parse(raw));
  } catch {
    return false;
  }
}
