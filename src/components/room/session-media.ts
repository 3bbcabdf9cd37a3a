import { forgetMediaOnSignOut } from '../../internal/forget-media-on-sign-out.ts';
import { createMediaResolver, type MediaResolver } from '../../render/media.ts';
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

/**
 * A room element's media resolver. Media goes through the authenticated API (spec v1.11, with the session's token)
 * when there is a session and its server advertises it; otherwise the legacy unauthenticated API (a signed-out
 * visitor's card, an older server), which servers that froze legacy media refuse: the avatar then falls back to
 * its initial. The resolver is made again only when the server or the API changes.
 */
export class RoomMedia {
  private media: MediaResolver | undefined;
  private key = '';

  /** @param mediaServer the server the room view read the room from, and whether it advertises authenticated media */
  resolver(session: MatrixSession, mediaServer: { baseUrl: string; authenticated: boolean } | undefined): MediaResolver | undefined {
    const live = (session.status === 'signed-in' || session.status === 'guest') && !!session.homeserverUrl;
    const base = live ? session.homeserverUrl : mediaServer?.baseUrl;
    if (!base) return undefined;
    const advertised = mediaServer?.baseUrl === base ? mediaServer.authenticated : true;
    const authenticated = live && advertised;
    const key = `${base}|${authenticated}`;
    if (key !== this.key) {
      this.key = key;
      forgetMediaOnSignOut(session);
      this.media = createMediaResolver({ homeserverUrl: base, authenticated }, () => ({}), authenticated ? sessionMediaFetch(session, base) : undefined);
    }
    return this.media;
  }
}
