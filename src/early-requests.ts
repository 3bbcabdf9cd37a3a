/**
 * The loader's head start for a signed-in visitor's `<matrix-room>`: the first requests its element makes — the
 * room's summary (for its ID and member count, `session/summary.ts`), then its first page (`/messages` and
 * `/state`, `session/first-page.ts`) — sent the moment the loader sees the tag, while the element's chunks are
 * still downloading, instead of one round trip after they ran. The answers wait in a page-wide table; the
 * session takes each one when it would send the same request (`session/early-responses.ts`: same URL, same
 * `Authorization` header), so nothing is asked twice. A chunk the loader alone imports, and only for a page with
 * a room and a stored session: it shares no module with the elements (see src/index.ts). On a repeat visit it
 * also paints the room's last screen at once (`screen-paint.ts`), for the element to take over.
 *
 * The access token goes only where the session sends it: the homeserver the stored session names, never
 * following a redirect. Nothing is sent for a session that is soft-logged-out or whose token is about to be
 * refreshed (the session's requests would carry another token), nor for a room written as a link or URI (its
 * address is the session's to parse).
 */
import type { EarlyRequest } from './session/early-responses.ts';
import { paintLastScreen } from './screen-paint.ts';

/**
 * EARLY_REQUESTS of session/early-responses.ts, written out: importing the value would put that module in a chunk
 * shared with the session, which this chunk would then wait for. src/early-requests.test.ts reads what this
 * writes through the session's symbol, so the two cannot drift apart unnoticed.
 */
const TABLE = Symbol.for('matrix-embed.early-requests');
/** An answer nobody took by then is dropped (the element went away, or the session asked something else). */
const KEEP_MS = 30_000;
/** As the session's requests: no answer by then is a failure (the session then asks again itself). */
const TIMEOUT_MS = 30_000;
/** `session/first-page.ts`: FIRST_PAGE_SIZE, the filter, and MEMBER_LIST_LIMIT (above it, no whole state). */
const FIRST_PAGE = { dir: 'b', limit: '30', filter: JSON.stringify({ lazy_load_members: true }) };
const MEMBER_LIST_LIMIT = 2000;

const rooms = new WeakSet<Element>();

/**
 * Sends `GET url` and keeps its answer for the session. With `then`, the session gets the answer only once `then`
 * has run on it: the summary's follow-up requests are in the table before the session, holding the same summary,
 * could ask for them itself (it would, on a slow CPU, and each would go out twice).
 */
function send(url: string, authorization: string | null, then?: (res: Response) => Promise<unknown>): void {
  const g = globalThis as { [TABLE]?: Map<string, EarlyRequest> };
  const table = (g[TABLE] ??= new Map());
  const response = fetch(url, {
    headers: authorization ? { Authorization: authorization } : {},
    credentials: 'omit',
    redirect: authorization ? 'manual' : 'follow',
    signal: AbortSignal.timeout(TIMEOUT_MS),
  });
  response.catch(() => undefined);
  const held = then ? response.then((res) => then(res).catch(() => undefined).then(() => res)) : response;
  const entry: EarlyRequest = { authorization, response: held };
  table.set(url, entry);
  setTimeout(() => table.get(url) === entry && table.delete(url), KEEP_MS);
}

/** Sends the early requests of `room` (a `<matrix-room>` not defined yet) once, if `storedSession` is signed in. */
export function sendEarlyRequests(room: Element, storedSession: string | null): void {
  if (rooms.has(room)) return;
  rooms.add(room);
  try {
    const s = JSON.parse(storedSession ?? 'null') as Record<string, unknown> | null;
    const token = s?.accessToken;
    const homeserver = s?.homeserverUrl;
    if (typeof token !== 'string' || !token || s?.softLogout || typeof homeserver !== 'string' || !/^https?:\/\//.test(homeserver)) return;
    const address = room.getAttribute('room')?.trim() ?? '';
    if (!/^[#!]\S+$/.test(address)) return;
    // After the requests below are on their way (the picture takes a few milliseconds to build).
    const userId = s?.userId;
    if (typeof userId === 'string') {
      queueMicrotask(() => {
        try {
          paintLastScreen(room, userId, address);
        } catch {
          // A screen that cannot be drawn: the element paints the room itself.
        }
      });
    }
    if (typeof s?.expiresAt === 'number' && s.expiresAt < Date.now() + 60_000) return;
    const base = homeserver.replace(/\/+$/, '');
    const authorization = `Bearer ${token}`;
    const firstPage = (roomId: string, members: unknown) => {
      const path = `${base}/_matrix/client/v3/rooms/${encodeURIComponent(roomId)}`;
      if (address.startsWith('#')) send(`${path}/messages?${new URLSearchParams(FIRST_PAGE)}`, authorization);
      if (typeof members !== 'number' || members <= MEMBER_LIST_LIMIT) send(`${path}/state`, authorization);
    };
    // A room ID needs no summary for its messages; the state waits for the member count either way.
    if (address.startsWith('!')) send(`${base}/_matrix/client/v3/rooms/${encodeURIComponent(address)}/messages?${new URLSearchParams(FIRST_PAGE)}`, authorization);
    send(`${base}/_matrix/client/v1/room_summary/${encodeURIComponent(address)}`, null, async (res) => {
      const summary = res.ok ? ((await res.clone().json()) as Record<string, unknown> | null) : null;
      const roomId = address.startsWith('!') ? address : summary?.room_id;
      if (typeof roomId === 'string' && roomId.startsWith('!')) firstPage(roomId, summary?.num_joined_members);
    });
  } catch {
    // No storage, a broken record: the element sends its requests itself.
  }
}
