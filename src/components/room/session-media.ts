import type { MatrixSession } from '../../session/session.ts';

/**
 * `fetch` for authenticated media (spec v1.11) on the session's homeserver `base` (the media code checked the
 * origin before calling it). With the page's client running, its token goes in the header, as it always did.
 * Before matrix-js-sdk has loaded (the room's first page), the session's own authenticated fetch sends it: so the
 * first page shows the same images, through the same resolver and cache, as the live room after the hand-over —
 * nothing is fetched or drawn again then. Anything not on `base` goes out anonymously.
 */
export function sessionMediaFetch(session: MatrixSession, base: string): typeof fetch {
  return (input, init) => {
    const url = typeof input === 'string' ? input : input instanceof URL ? input.href : input.url;
    if (!url.startsWith(`${base}/`) || session.homeserverUrl !== base) return globalThis.fetch(input, init);
    const token = session.currentClient?.getAccessToken();
    if (!token) return session.authedFetch(url.slice(base.length), init);
    const headers = new Headers(init?.headers);
    headers.set('Authorization', `Bearer ${token}`);
    return globalThis.fetch(input, { ...init, headers });
  };
}
