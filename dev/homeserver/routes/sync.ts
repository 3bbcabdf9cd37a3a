/**
 * `/sync` as a real long poll: it answers at once with anything newer than `since`, otherwise waits for the
 * store to change (a new event, typing, a receipt, account data) until `timeout`, and stops waiting when the
 * client goes away. Shapes follow the spec v1.15 and Synapse (empty sections are left out, as Synapse does).
 */
import { errors, type Ctx } from '../http.ts';
import type { Homeserver, Requester } from '../homeserver.ts';
import { stateKey, type ClientEvent, type RoomData, type Store } from '../store.ts';
import {
  indexAfter,
  matchesFilter,
  membersWith,
  parseSyncFilter,
  parseToken,
  relationOf,
  serveEvent,
  stateBefore,
  stateContent,
  stripped,
  token,
  visibility,
  type EventFilter,
  type SyncFilter,
} from '../rooms.ts';

/** Synapse's default timeline limit when the filter sets none. */
const DEFAULT_TIMELINE_LIMIT = 10;
/** Longest long poll we honour (ms); clients ask for 30 s. */
const MAX_TIMEOUT_MS = 10 * 60_000;
/** State events a non-member sees with an invite (Synapse's default `room_prejoin_state`). */
const PREJOIN_STATE = ['m.room.create', 'm.room.join_rules', 'm.room.canonical_alias', 'm.room.avatar', 'm.room.encryption', 'm.room.name', 'm.room.topic'];

/** Drops expired typing notifications; a change takes a stream position so that /sync reports it. */
export function sweepTyping(store: Store, room: RoomData, now = Date.now()): void {
  let changed = false;
  for (const [user, expiry] of Object.entries(room.typing)) {
    if (expiry <= now) {
      delete room.typing[user];
      changed = true;
    }
  }
  if (changed) room.typingPos = store.nextPos();
}

export function register(hs: Homeserver): void {
  const { router, store } = hs;

  const resolveFilter = (who: Requester, param: string | null): SyncFilter => {
    if (!param) return {};
    if (param.trimStart().startsWith('{')) {
      let parsed: unknown;
      try {
        parsed = JSON.parse(param);
      } catch {
        throw errors.notJson('Invalid filter JSON');
      }
      return parseSyncFilter(parsed);
    }
    const mine = Object.hasOwn(store.data.filters, who.userId) ? store.data.filters[who.userId] : {};
    // Synapse turns the store's 404 into 400 M_INVALID_PARAM "No such filter" for /sync.
    if (!Object.hasOwn(mine, param)) throw errors.invalidParam('No such filter');
    return mine[param] as SyncFilter;
  };

  router.client('GET', '/sync', async (ctx: Ctx) => {
    const who = hs.requireAuth(ctx, { guests: true });
    const sinceRaw = ctx.query.get('since');
    const since = sinceRaw ? parseToken(sinceRaw, 'since') : undefined;
    const timeoutRaw = ctx.query.get('timeout');
    let timeout = 0;
    if (timeoutRaw !== null && timeoutRaw !== '') {
      timeout = Number(timeoutRaw);
      if (!Number.isInteger(timeout) || timeout < 0) throw errors.invalidParam('timeout must be a non-negative integer');
      timeout = Math.min(timeout, MAX_TIMEOUT_MS);
    }
    const fullState = ctx.query.get('full_state') === 'true';
    const filter = resolveFilter(who, ctx.query.get('filter'));

    // Stop waiting as soon as the client disconnects, so abandoned polls do not pile up.
    const abort = new AbortController();
    const socket = ctx.req.socket;
    const onClose = () => abort.abort();
    socket.once('close', onClose);
    try {
      const deadline = Date.now() + timeout;
      for (;;) {
        const now = Date.now();
        let nextExpiry = Infinity;
        for (const room of Object.values(store.data.rooms)) {
          sweepTyping(store, room, now);
          for (const e of Object.values(room.typing)) nextExpiry = Math.min(nextExpiry, e);
        }
        const { body, changed } = buildSync(store, who, since, fullState, filter);
        // An initial sync, a full_state sync, news, or the timeout: answer. Otherwise wait for a change.
        if (since === undefined || fullState || changed || now >= deadline || abort.signal.aborted) return body;
        await store.waitForChange(Math.max(1, Math.min(deadline, nextExpiry) - now), abort.signal);
      }
    } finally {
      socket.off('close', onClose);
    }
  });
}

interface Built {
  body: Record<string, unknown>;
  changed: boolean;
}

export function buildSync(store: Store, who: Requester, since: number | undefined, fullState: boolean, filter: SyncFilter): Built {
  const upTo = store.currentPos;
  const roomFilter = filter.room ?? {};
  const join: Record<string, unknown> = {};
  const invite: Record<string, unknown> = {};
  const leave: Record<string, unknown> = {};
  for (const room of Object.values(store.data.rooms)) {
    if (roomFilter.rooms && !roomFilter.rooms.includes(room.roomId)) continue;
    if (roomFilter.not_rooms?.includes(room.roomId)) continue;
    const memIdx = room.state[stateKey('m.room.member', who.userId)];
    if (memIdx === undefined) continue;
    const memEvent = room.timeline[memIdx];
    const membership = memEvent.event.content?.membership;
    if (membership === 'join') {
      const entry = joinedRoom(store, room, who, since, fullState, filter, upTo);
      if (entry) join[room.roomId] = entry;
    } else if (membership === 'invite') {
      if (since !== undefined && memEvent.pos <= since && !fullState) continue;
      const events = PREJOIN_STATE.map((t) => store.state(room, t)).filter((e): e is ClientEvent => !!e).map(stripped);
      events.push(stripped(memEvent.event));
      invite[room.roomId] = { invite_state: { events } };
    } else if (membership === 'leave' || membership === 'ban') {
      // Left rooms appear in an initial sync only with include_leave (as in Synapse); in an incremental sync
      // when the leave happened since the last one.
      if (since === undefined ? !roomFilter.include_leave : memEvent.pos <= since && !(fullState && roomFilter.include_leave)) continue;
      leave[room.roomId] = leftRoom(store, room, who, since, filter, memIdx);
    }
  }
  const rooms: Record<string, unknown> = {};
  if (Object.keys(join).length) rooms.join = join;
  if (Object.keys(invite).length) rooms.invite = invite;
  if (Object.keys(leave).length) rooms.leave = leave;

  const accountData = [];
  const mine = Object.hasOwn(store.data.accountData, who.userId) ? store.data.accountData[who.userId] : {};
  for (const [type, item] of Object.entries(mine)) {
    if (since !== undefined && item.pos <= since) continue;
    if (item.pos > upTo) continue;
    if (!matchesFilter(filter.account_data ?? {}, { type })) continue;
    accountData.push({ type, content: item.content });
  }

  const body: Record<string, unknown> = { next_batch: token(upTo) };
  if (Object.keys(rooms).length) body.rooms = rooms;
  if (accountData.length) body.account_data = { events: accountData };
  // Synapse always reports one-time key counts; without end-to-end encryption here they are zero.
  body.device_one_time_keys_count = { signed_curve25519: 0 };
  return { body, changed: Object.keys(rooms).length > 0 || accountData.length > 0 };
}

/** Member event indices of the timeline's senders (and the user) as of `stateMap`, for lazy loading. */
function lazyMemberKeys(timeline: ClientEvent[], userId: string, includeSelf: boolean): Set<string> {
  const keys = new Set<string>();
  for (const ev of timeline) keys.add(stateKey('m.room.member', ev.sender));
  if (includeSelf) keys.add(stateKey('m.room.member', userId));
  return keys;
}

function stateSection(
  store: Store,
  room: RoomData,
  who: Requester,
  stateMap: Map<string, number>,
  keep: (key: string, index: number) => boolean,
  filter: EventFilter,
  lazyKeys: Set<string> | undefined,
): ClientEvent[] {
  const out: [number, ClientEvent][] = [];
  for (const [key, i] of stateMap) {
    if (!keep(key, i)) continue;
    const ev = room.timeline[i].event;
    if (lazyKeys && ev.type === 'm.room.member' && !lazyKeys.has(key)) continue;
    if (!matchesFilter(filter, ev)) continue;
    out.push([i, serveEvent(store, room, room.timeline[i], who, { withRoomId: false })]);
  }
  return out.sort((a, b) => a[0] - b[0]).map(([, e]) => e);
}

/** Was the user joined to the room at stream position `pos`? */
function joinedAt(room: RoomData, userId: string, pos: number): boolean {
  let m: unknown;
  for (const s of room.timeline) {
    if (s.pos > pos) break;
    if (s.event.type === 'm.room.member' && s.event.state_key === userId) m = s.event.content?.membership;
  }
  return m === 'join';
}

function timelineSection(
  store: Store,
  room: RoomData,
  who: Requester,
  from: number,
  endExclusive: number,
  vis: boolean[],
  filter: EventFilter,
) {
  const candidates: number[] = [];
  for (let i = from; i < endExclusive; i++) if (vis[i] && matchesFilter(filter, room.timeline[i].event)) candidates.push(i);
  const limit = filter.limit ?? DEFAULT_TIMELINE_LIMIT;
  const picked = candidates.slice(Math.max(0, candidates.length - limit));
  const firstIdx = picked.length ? picked[0] : endExclusive;
  return {
    picked,
    firstIdx,
    limited: candidates.length > picked.length,
    events: picked.map((i) => serveEvent(store, room, room.timeline[i], who, { withRoomId: false })),
  };
}

function joinedRoom(
  store: Store,
  room: RoomData,
  who: Requester,
  since: number | undefined,
  fullState: boolean,
  filter: SyncFilter,
  upTo: number,
): Record<string, unknown> | undefined {
  const rf = filter.room ?? {};
  const timelineFilter = rf.timeline ?? {};
  const stateFilter = rf.state ?? {};
  const lazy = stateFilter.lazy_load_members === true;
  const newlyJoined = since === undefined || !joinedAt(room, who.userId, since);
  const end = indexAfter(room, upTo);
  const vis = visibility(room, who.userId, { upTo: end - 1, peeking: false });
  const start = newlyJoined ? 0 : indexAfter(room, since!);
  const tl = timelineSection(store, room, who, start, end, vis, timelineFilter);

  // State: everything at the start of the timeline on a (re)join or full_state; otherwise only what changed
  // in a gap the timeline skipped (limited).
  let state: ClientEvent[] = [];
  const lazyKeys = lazy ? lazyMemberKeys(tl.events, who.userId, newlyJoined || fullState) : undefined;
  const atStart = stateBefore(room, tl.firstIdx);
  if (newlyJoined || fullState) {
    state = stateSection(store, room, who, atStart, () => true, stateFilter, lazyKeys);
  } else if (tl.limited) {
    state = stateSection(store, room, who, atStart, (key, i) => room.timeline[i].pos > since! || (!!lazyKeys && lazyKeys.has(key)), stateFilter, lazyKeys);
  } else if (lazyKeys) {
    // Lazy loading: the members of this batch's senders that the timeline does not itself carry.
    state = stateSection(store, room, who, atStart, (key) => lazyKeys.has(key), stateFilter, lazyKeys);
  }

  // Ephemeral: typing (when it changed) and receipts newer than `since` (private receipts only to their owner).
  const ephemeral: Record<string, unknown>[] = [];
  const ephFilter = rf.ephemeral ?? {};
  const typingUsers = Object.keys(room.typing);
  if ((since === undefined ? typingUsers.length > 0 : room.typingPos > since || (newlyJoined && typingUsers.length > 0)) && matchesFilter(ephFilter, { type: 'm.typing' })) {
    ephemeral.push({ type: 'm.typing', content: { user_ids: typingUsers } });
  }
  const receiptContent: Record<string, Record<string, Record<string, Record<string, unknown>>>> = {};
  for (const [type, byUser] of Object.entries(room.receipts)) {
    for (const [key, r] of Object.entries(byUser)) {
      const userId = key.split('\u0000')[0];
      if (type === 'm.read.private' && userId !== who.userId) continue;
      if (!newlyJoined && r.pos <= since!) continue;
      if (r.pos > upTo) continue;
      receiptContent[r.eventId] ??= {};
      receiptContent[r.eventId][type] ??= {};
      const entry: Record<string, unknown> = { ts: r.ts };
      if (r.threadId) entry.thread_id = r.threadId;
      receiptContent[r.eventId][type][userId] = entry;
    }
  }
  if (Object.keys(receiptContent).length && matchesFilter(ephFilter, { type: 'm.receipt' })) {
    ephemeral.push({ type: 'm.receipt', content: receiptContent });
  }

  const accountData = [];
  const mine = Object.hasOwn(room.accountData, who.userId) ? room.accountData[who.userId] : {};
  for (const [type, item] of Object.entries(mine)) {
    if (!newlyJoined && item.pos <= since!) continue;
    if (item.pos > upTo) continue;
    if (!matchesFilter(rf.account_data ?? {}, { type })) continue;
    accountData.push({ type, content: item.content });
  }

  const anything = newlyJoined || fullState || tl.events.length || state.length || ephemeral.length || accountData.length;
  if (!anything) return undefined;

  const prevBatch = tl.picked.length ? token(room.timeline[tl.picked[0]].pos - 1) : token(since ?? upTo);
  return {
    summary: summaryOf(store, room, who.userId),
    state: { events: state },
    timeline: { events: tl.events, limited: tl.limited, prev_batch: prevBatch },
    ephemeral: { events: ephemeral },
    account_data: { events: accountData },
    unread_notifications: unreadCounts(store, room, who, vis, end),
  };
}

function leftRoom(
  store: Store,
  room: RoomData,
  who: Requester,
  since: number | undefined,
  filter: SyncFilter,
  leaveIdx: number,
): Record<string, unknown> {
  const rf = filter.room ?? {};
  const end = leaveIdx + 1;
  const vis = visibility(room, who.userId, { upTo: leaveIdx, peeking: false });
  const start = since === undefined ? 0 : indexAfter(room, since);
  const tl = timelineSection(store, room, who, start, end, vis, rf.timeline ?? {});
  const atStart = stateBefore(room, tl.firstIdx);
  const state =
    since === undefined || tl.limited
      ? stateSection(store, room, who, atStart, (_k, i) => since === undefined || room.timeline[i].pos > since, rf.state ?? {}, undefined)
      : [];
  const prevBatch = tl.picked.length ? token(room.timeline[tl.picked[0]].pos - 1) : token(room.timeline[leaveIdx].pos);
  return {
    state: { events: state },
    timeline: { events: tl.events, limited: tl.limited, prev_batch: prevBatch },
    account_data: { events: [] },
  };
}

/** `m.heroes` only when the room has no name and no canonical alias (spec), with member counts. */
function summaryOf(store: Store, room: RoomData, userId: string): Record<string, unknown> {
  const joined = membersWith(store, room, 'join');
  const invited = membersWith(store, room, 'invite');
  const summary: Record<string, unknown> = {
    'm.joined_member_count': joined.length,
    'm.invited_member_count': invited.length,
  };
  const name = stateContent(store, room, 'm.room.name').name;
  const alias = stateContent(store, room, 'm.room.canonical_alias').alias;
  if (!name && !alias) {
    // Up to 5 other members, joined and invited first, else those who left (Synapse sorts by stream order).
    let heroes = [...joined, ...invited].filter((u) => u !== userId);
    if (!heroes.length) heroes = [...membersWith(store, room, 'leave'), ...membersWith(store, room, 'ban')].filter((u) => u !== userId);
    summary['m.heroes'] = heroes.slice(0, 5);
  }
  return summary;
}

/**
 * Notification counts from the default push rules: messages (not notices, not edits) by others after the
 * user's latest read receipt notify; those that mention the user (m.mentions, or the legacy name match)
 * or the room (sender with the `notifications.room` level) also highlight.
 */
function unreadCounts(store: Store, room: RoomData, who: Requester, vis: boolean[], end: number) {
  let from = room.state[stateKey('m.room.member', who.userId)] ?? 0;
  for (const type of ['m.read', 'm.read.private']) {
    const byUser = room.receipts[type] ?? {};
    for (const [key, r] of Object.entries(byUser)) {
      if (key.split('\u0000')[0] !== who.userId) continue;
      const idx = room.timeline.findIndex((s) => s.event.event_id === r.eventId);
      if (idx > from) from = idx;
    }
  }
  const localpart = who.userId.slice(1).split(':')[0].toLowerCase();
  const displayname = store.data.users[who.userId]?.displayname?.toLowerCase();
  // Made once per room, not once per message: 7,500 unread messages made a /sync of ~45 ms.
  const localpartRe = new RegExp(`(^|\\W)${escapeRe(localpart)}(\\W|$)`);
  let notification_count = 0;
  let highlight_count = 0;
  for (let i = from + 1; i < end; i++) {
    const ev = room.timeline[i].event;
    if (!vis[i] || ev.sender === who.userId) continue;
    if (ev.type !== 'm.room.message' && ev.type !== 'm.room.encrypted') continue;
    if (room.timeline[i].redactedBy) continue;
    const c = ev.content ?? {};
    if (c.msgtype === 'm.notice') continue;
    if (relationOf(ev)?.rel_type === 'm.replace') continue;
    notification_count++;
    const mentions = c['m.mentions'] as { user_ids?: unknown; room?: unknown } | undefined;
    const body = typeof c.body === 'string' ? c.body.toLowerCase() : '';
    const mentioned =
      (Array.isArray(mentions?.user_ids) && mentions.user_ids.includes(who.userId)) ||
      (mentions === undefined && (localpartRe.test(body) || (!!displayname && body.includes(displayname))));
    if (mentioned) highlight_count++;
  }
  return { notification_count, highlight_count };
}

const escapeRe = (s: string) => s.replace(/[.*+?^${}()|[\]\\]/g, '\\$&');
