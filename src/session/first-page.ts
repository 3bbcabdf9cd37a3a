/**
 * The requests of a room's first page before matrix-js-sdk (see `RoomModel.early`): the newest events with the
 * member events of their senders (`lazy_load_members`), and the room state (every member, for names that cannot
 * be impersonated; power levels; the visitor's own membership). A module of its own, tiny and SDK-free, so that
 * `RoomView` sends them as soon as it knows the room, while the room model's code is still loading.
 */

/** An authenticated GET of a client-server path (relative to `/_matrix/client/v3`): the JSON body, or a rejection with `{errcode}`. */
export type EarlyGet = (path: string, query: Record<string, string>, signal: AbortSignal) => Promise<unknown>;

/** Events of the first page: a first screen and then some (the live window's first fill, 60, covers it). */
export const FIRST_PAGE_SIZE = 30;
/** Rooms with more joined members than this do not load their member list: names are shown with user IDs. */
export const MEMBER_LIST_LIMIT = 2000;

export interface FirstPageRequests {
  /** The `/messages` answer (newest first). */
  messages: Promise<unknown>;
  /** State events: the whole state, or (large rooms) the visitor's member event and the power levels. */
  state: Promise<unknown[]>;
  /** `state` is the whole state: every member is known. */
  full: boolean;
}

export function requestFirstPage(
  get: EarlyGet,
  roomId: string,
  userId: string,
  joinedMemberCount: number | undefined,
  signal: AbortSignal,
  size = FIRST_PAGE_SIZE,
): FirstPageRequests {
  const room = encodeURIComponent(roomId);
  const full = joinedMemberCount === undefined || joinedMemberCount <= MEMBER_LIST_LIMIT;
  const messages = get(`/rooms/${room}/messages`, { dir: 'b', limit: String(size), filter: JSON.stringify({ lazy_load_members: true }) }, signal);
  const state: Promise<unknown[]> = full
    ? get(`/rooms/${room}/state`, {}, signal).then((s) => (Array.isArray(s) ? s : Promise.reject(new TypeError('The room state is not a list.'))))
    : Promise.all([
        get(`/rooms/${room}/state/m.room.member/${encodeURIComponent(userId)}`, { format: 'event' }, signal).catch((e: unknown) => {
          if ((e as { errcode?: unknown })?.errcode === 'M_NOT_FOUND') return undefined; // never in the room
          throw e;
        }),
        get(`/rooms/${room}/state/m.room.power_levels/`, { format: 'event' }, signal).catch(() => undefined),
      ]).then((events) => events.filter(Boolean));
  // Whoever asked may be gone before the answers: no unhandled rejections.
  messages.catch(() => undefined);
  state.catch(() => undefined);
  return { messages, state, full };
}
