/**
 * The part of `room-info.ts` that only a visitor with a session needs: asking their own homeserver (with their
 * token, never sent elsewhere) and whether they are in the room. Loaded with the session, so a signed-out
 * visitor's first paint carries none of it.
 */
import type { RoomAddress } from '../../session/room-address.ts';
import type { MatrixSession } from '../../session/session.ts';
import { fetchRoomSummary } from '../../session/summary.ts';
import type { RoomSummary } from '../../session/types.ts';

const signedIn = (session: MatrixSession) => session.status === 'signed-in' || session.status === 'guest';

/**
 * `fetch` for requests to the signed-in user's homeserver with the session's token. The token never reaches
 * another origin: anything not under `baseUrl` is fetched anonymously.
 */
export function authedFetchFor(session: MatrixSession, baseUrl: string): typeof fetch {
  const base = baseUrl.replace(/\/+$/, '');
  return (input, init) => {
    const url = typeof input === 'string' ? input : input instanceof URL ? input.href : input.url;
    let sameServer = false;
    try {
      const u = new URL(url);
      sameServer = u.origin === new URL(base).origin && url.startsWith(`${base}/`);
    } catch {
      sameServer = false;
    }
    if (!sameServer || !signedIn(session) || session.homeserverUrl?.replace(/\/+$/, '') !== base) {
      return globalThis.fetch(input, init);
    }
    return session.authedFetch(url.slice(base.length), init);
  };
}

/** The room's summary as the page's session sees it: which server answers, and whether the visitor is in the room. */
export async function lookupWithSession(
  session: MatrixSession,
  address: RoomAddress,
  homeserver: string,
  signal: AbortSignal,
  baseUrlOf: (resolve: () => Promise<{ baseUrl: string }>) => Promise<string>,
): Promise<{ baseUrl: string; summary: RoomSummary; joined: boolean }> {
  await session.whenReady();
  signal.throwIfAborted();
  const ownBase = signedIn(session) && session.homeserverUrl ? session.homeserverUrl.replace(/\/+$/, '') : undefined;
  // The element's own `homeserver` answers for the room when it names one; else the visitor's server, which
  // reaches other servers' rooms and knows the visitor's membership. Joining always goes through the visitor's.
  const baseUrl = ownBase && !homeserver
    ? ownBase
    : await baseUrlOf(() => session.resolveHomeserver(homeserver || session.defaultHomeserver || address.serverName || undefined));
  signal.throwIfAborted();
  const onOwnServer = ownBase !== undefined && baseUrl.replace(/\/+$/, '') === ownBase;
  const summary = await fetchRoomSummary(baseUrl, address, onOwnServer ? { signal, fetch: authedFetchFor(session, baseUrl) } : { signal });
  let joined = onOwnServer && summary.membership === 'join';
  // Another server's summary knows nothing of the visitor: their own server says whether they are in the room.
  if (ownBase && (!onOwnServer || summary.membership === undefined)) joined = await isJoined(session, ownBase, summary.roomId, signal);
  return { baseUrl, summary, joined };
}

/** `/joined_rooms` (no SDK), for summaries that do not carry the membership (publicRooms, directory). */
async function isJoined(session: MatrixSession, baseUrl: string, roomId: string, signal: AbortSignal): Promise<boolean> {
  try {
    const res = await authedFetchFor(session, baseUrl)(`${baseUrl.replace(/\/+$/, '')}/_matrix/client/v3/joined_rooms`, { signal });
    if (!res.ok) return false;
    const body = (await res.json()) as { joined_rooms?: unknown };
    return Array.isArray(body.joined_rooms) && body.joined_rooms.includes(roomId);
  } catch {
    return false;
  }
}
