/**
 * Events: sending (idempotent per device + transaction ID), redacting, reading history (/messages, /context,
 * /event, /relations), typing, receipts, read markers, account data, filters and the default push rules.
 */
import { MatrixError, errors, type Ctx } from '../http.ts';
import type { Homeserver, Requester } from '../homeserver.ts';
import type { RoomData, StoredEvent } from '../store.ts';
import {
  indexAfter,
  isRoomId,
  matchesFilter,
  parseEventFilterParam,
  parseSyncFilter,
  parseToken,
  readAccess,
  redact,
  relationOf,
  roomNotFound,
  sendEvent,
  serveEvent,
  stateBefore,
  token,
  visibility,
  roomParam as roomFromParams,
} from '../rooms.ts';

/** Synapse's typing timeout cap and default (ms). */
const MAX_TYPING_MS = 120_000;
const DEFAULT_TYPING_MS = 30_000;
/** Receipt types a client may send (v1.4 added m.fully_read here). */
const RECEIPT_TYPES = ['m.read', 'm.read.private', 'm.fully_read'];
/** Account data types the server owns; clients get 405 M_BAD_JSON (spec v1.10+). */
const SERVER_ACCOUNT_DATA = ['m.fully_read', 'm.push_rules'];

export function register(hs: Homeserver): void {
  const { router, store } = hs;

  const roomParam = (ctx: Ctx): RoomData => roomFromParams(store, ctx);
  const viewerOf = (who: Requester) => ({ userId: who.userId, deviceId: who.deviceId });

  /**
   * The event this device already sent with this transaction ID (and type) in this room, if any.
   * Transaction IDs are scoped to the device since spec v1.7 (MSC3970), so a refreshed token or a new login
   * with the same device_id still dedupes. Synapse does the same: its HttpTransactionCache keys a PUT by
   * (request path, user, device) — guests by user — for 30 to 60 min and caches only successes (an error such
   * as a 429 may be retried with the same txnId), and behind it the event handler finds an event already sent
   * with (device, txnId) in the room for 24 h, across restarts. We keep every transaction for the store's life.
   */
  const previousTxn = (room: RoomData, who: Requester, txnId: string, type: string): StoredEvent | undefined => {
    for (let i = room.timeline.length - 1; i >= 0; i--) {
      const s = room.timeline[i];
      if (s.txn && s.txn.txnId === txnId && s.txn.userId === who.userId && s.txn.deviceId === who.deviceId && s.event.type === type) return s;
    }
    return undefined;
  };

  // --- sending ---

  router.client('PUT', '/rooms/:roomId/send/:eventType/:txnId', async (ctx) => {
    // Synapse lets guests send any event type here (allow_guest=True); the spec's guest list only names
    // m.room.message. We answer as Synapse.
    const who = hs.requireAuth(ctx, { guests: true });
    const room = roomParam(ctx);
    const content = await ctx.json();
    const { eventType, txnId } = ctx.params;
    const again = previousTxn(room, who, txnId, eventType);
    if (again) return { event_id: again.event.event_id };
    const stored = sendEvent(store, room, who.userId, eventType, content, {
      txn: { userId: who.userId, deviceId: who.deviceId, txnId },
    });
    return { event_id: stored.event.event_id };
  });

  router.client('PUT', '/rooms/:roomId/redact/:eventId/:txnId', async (ctx) => {
    const who = hs.requireAuth(ctx);
    const room = roomParam(ctx);
    const body = await ctx.json();
    if (body.reason !== undefined && typeof body.reason !== 'string') throw errors.badJson('reason must be a string');
    const again = previousTxn(room, who, ctx.params.txnId, 'm.room.redaction');
    if (again) return { event_id: again.event.event_id };
    const stored = redact(store, room, who.userId, ctx.params.eventId, body.reason as string | undefined, {
      txn: { userId: who.userId, deviceId: who.deviceId, txnId: ctx.params.txnId },
    });
    return { event_id: stored.event.event_id };
  });

  // --- reading history ---

  const intParam = (ctx: Ctx, name: string, dflt: number, max: number) => {
    const raw = ctx.query.get(name);
    if (raw === null || raw === '') return dflt;
    const n = Number(raw);
    if (!Number.isInteger(n) || n < 0) throw errors.invalidParam(`${name} must be a non-negative integer`);
    return Math.min(n, max);
  };

  /** Member events (as of just after index `upTo`) of the senders of `events`, for lazy-loading clients. */
  const lazyMembers = (room: RoomData, events: StoredEvent[], upTo: number, who: Requester) => {
    const state = stateBefore(room, upTo + 1);
    const out = [];
    for (const sender of new Set(events.map((s) => s.event.sender))) {
      const i = state.get(`m.room.member\u0000${sender}`);
      if (i !== undefined) out.push(serveEvent(store, room, room.timeline[i], viewerOf(who)));
    }
    return out;
  };

  router.client('GET', '/rooms/:roomId/messages', (ctx) => {
    const who = hs.requireAuth(ctx, { guests: true });
    const room = roomParam(ctx);
    const access = readAccess(store, room, who.userId);
    // `dir` is required by the spec; Synapse defaults to forwards when it is missing.
    const dir = ctx.query.get('dir') ?? 'f';
    if (dir !== 'b' && dir !== 'f') throw errors.invalidParam("dir must be 'b' or 'f'");
    const limit = intParam(ctx, 'limit', 10, 1000);
    const filter = parseEventFilterParam(ctx.query.get('filter'));
    const fromRaw = ctx.query.get('from');
    // `from` is optional since v1.3: the end of the timeline backwards, its start forwards.
    const fromPos = fromRaw ? parseToken(fromRaw, 'from') : dir === 'b' ? store.currentPos : 0;
    const toRaw = ctx.query.get('to');
    const toPos = toRaw ? parseToken(toRaw, 'to') : undefined;
    const vis = visibility(room, who.userId, access);
    const ok = (i: number) => vis[i] && matchesFilter(filter, room.timeline[i].event);

    const picked: number[] = [];
    let more = false;
    if (dir === 'b') {
      for (let i = Math.min(indexAfter(room, fromPos) - 1, access.upTo); i >= 0; i--) {
        if (toPos !== undefined && room.timeline[i].pos <= toPos) break;
        if (!ok(i)) continue;
        if (picked.length === limit) {
          more = true;
          break;
        }
        picked.push(i);
      }
    } else {
      for (let i = indexAfter(room, fromPos); i <= access.upTo && i < room.timeline.length; i++) {
        if (toPos !== undefined && room.timeline[i].pos > toPos) break;
        if (!ok(i)) continue;
        if (picked.length === limit) {
          more = true;
          break;
        }
        picked.push(i);
      }
    }
    const events = picked.map((i) => room.timeline[i]);
    const body: Record<string, unknown> = {
      chunk: events.map((s) => serveEvent(store, room, s, viewerOf(who))),
      start: token(fromPos),
    };
    // `end` is omitted when no more events are available in that direction (spec).
    if (more && events.length) {
      const last = events[events.length - 1];
      body.end = token(dir === 'b' ? last.pos - 1 : last.pos);
    }
    if (filter.lazy_load_members && picked.length) {
      body.state = lazyMembers(room, events, Math.max(...picked), who);
    }
    return body;
  });

  /** A visible event by id, or 404 M_NOT_FOUND (403 first when the room itself is not readable). */
  const visibleEvent = (room: RoomData, who: Requester, eventId: string) => {
    const access = readAccess(store, room, who.userId);
    const vis = visibility(room, who.userId, access);
    const index = room.timeline.findIndex((s) => s.event.event_id === eventId);
    if (index < 0 || !vis[index]) throw errors.notFound('Event not found.');
    return { index, vis, access };
  };

  router.client('GET', '/rooms/:roomId/event/:eventId', (ctx) => {
    const who = hs.requireAuth(ctx, { guests: true });
    const room = roomParam(ctx);
    const { index } = visibleEvent(room, who, ctx.params.eventId);
    return serveEvent(store, room, room.timeline[index], viewerOf(who));
  });

  router.client('GET', '/rooms/:roomId/context/:eventId', (ctx) => {
    const who = hs.requireAuth(ctx, { guests: true });
    const room = roomParam(ctx);
    const { index, vis, access } = visibleEvent(room, who, ctx.params.eventId);
    const limit = intParam(ctx, 'limit', 10, 100);
    const filter = parseEventFilterParam(ctx.query.get('filter'));
    // Synapse splits the limit: half before (rounded down), the rest after.
    const beforeLimit = Math.floor(limit / 2);
    const afterLimit = limit - beforeLimit;
    const ok = (i: number) => vis[i] && matchesFilter(filter, room.timeline[i].event);
    const before: number[] = [];
    for (let i = index - 1; i >= 0 && before.length < beforeLimit; i--) if (ok(i)) before.push(i);
    const after: number[] = [];
    for (let i = index + 1; i <= access.upTo && i < room.timeline.length && after.length < afterLimit; i++) if (ok(i)) after.push(i);
    const viewer = viewerOf(who);
    const first = before.length ? before[before.length - 1] : index;
    const last = after.length ? after[after.length - 1] : index;
    const all = [...before, index, ...after].map((i) => room.timeline[i]);
    let state;
    if (filter.lazy_load_members) {
      state = lazyMembers(room, all, last, who);
    } else {
      state = [...stateBefore(room, last + 1).values()].sort((a, b) => a - b).map((i) => serveEvent(store, room, room.timeline[i], viewer));
    }
    return {
      event: serveEvent(store, room, room.timeline[index], viewer),
      events_before: before.map((i) => serveEvent(store, room, room.timeline[i], viewer)),
      events_after: after.map((i) => serveEvent(store, room, room.timeline[i], viewer)),
      start: token(room.timeline[first].pos - 1),
      end: token(room.timeline[last].pos),
      state,
    };
  });

  // --- relations (v1.15: /_matrix/client/v1/rooms/{roomId}/relations/{eventId}[/{relType}[/{eventType}]]) ---

  const relations = (ctx: Ctx) => {
    const who = hs.requireAuth(ctx, { guests: true });
    const room = roomParam(ctx);
    const { vis, access } = visibleEvent(room, who, ctx.params.eventId);
    const relType = ctx.params.relType || undefined;
    const eventType = ctx.params.eventType || undefined;
    const dir = ctx.query.get('dir') ?? 'b';
    if (dir !== 'b' && dir !== 'f') throw errors.invalidParam("dir must be 'b' or 'f'");
    const limit = intParam(ctx, 'limit', 5, 1000) || 5;
    const fromRaw = ctx.query.get('from');
    const toRaw = ctx.query.get('to');
    const fromPos = fromRaw ? parseToken(fromRaw, 'from') : dir === 'b' ? store.currentPos : 0;
    const toPos = toRaw ? parseToken(toRaw, 'to') : undefined;
    const recurseRaw = ctx.query.get('recurse');
    if (recurseRaw !== null && recurseRaw !== 'true' && recurseRaw !== 'false') throw errors.invalidParam('recurse must be true or false');
    const recurse = recurseRaw === 'true';
    // Which events relate (directly, or up to 3 levels deep with `recurse`, as Synapse limits it).
    const parents = new Set([ctx.params.eventId]);
    const related = new Set<number>();
    for (let depth = 0; depth < (recurse ? 3 : 1); depth++) {
      let grew = false;
      for (let i = 0; i < room.timeline.length && i <= access.upTo; i++) {
        const rel = relationOf(room.timeline[i].event);
        if (!rel?.event_id || !parents.has(rel.event_id) || related.has(i)) continue;
        related.add(i);
        if (recurse) {
          parents.add(room.timeline[i].event.event_id);
          grew = true;
        }
      }
      if (!grew) break;
    }
    const ok = (i: number) => {
      if (!related.has(i) || !vis[i]) return false;
      const ev = room.timeline[i].event;
      if (relType && relationOf(ev)?.rel_type !== relType) return false;
      if (eventType && ev.type !== eventType) return false;
      return true;
    };
    const picked: number[] = [];
    let more = false;
    const order = [...related].sort((a, b) => a - b);
    if (dir === 'b') order.reverse();
    for (const i of order) {
      const pos = room.timeline[i].pos;
      if (dir === 'b' ? pos > fromPos : pos <= fromPos) continue;
      if (toPos !== undefined && (dir === 'b' ? pos <= toPos : pos > toPos)) break;
      if (!ok(i)) continue;
      if (picked.length === limit) {
        more = true;
        break;
      }
      picked.push(i);
    }
    const body: Record<string, unknown> = {
      chunk: picked.map((i) => serveEvent(store, room, room.timeline[i], viewerOf(who))),
    };
    if (more) {
      const last = room.timeline[picked[picked.length - 1]];
      body.next_batch = token(dir === 'b' ? last.pos - 1 : last.pos);
    }
    if (fromRaw) body.prev_batch = fromRaw;
    if (recurse) body.recursion_depth = 3;
    return body;
  };
  router.add('GET', '/_matrix/client/v1/rooms/:roomId/relations/:eventId', relations);
  router.add('GET', '/_matrix/client/v1/rooms/:roomId/relations/:eventId/:relType', relations);
  router.add('GET', '/_matrix/client/v1/rooms/:roomId/relations/:eventId/:relType/:eventType', relations);

  // --- typing, receipts, read markers ---

  router.client('PUT', '/rooms/:roomId/typing/:userId', async (ctx) => {
    const who = hs.requireAuth(ctx, { guests: true });
    const room = roomParam(ctx);
    if (ctx.params.userId !== who.userId) throw errors.forbidden("Cannot set another user's typing state");
    const body = await ctx.json();
    if (body.typing === undefined) throw errors.missingParam('typing');
    if (typeof body.typing !== 'boolean') throw errors.badJson('typing must be a boolean');
    if (body.timeout !== undefined && (typeof body.timeout !== 'number' || body.timeout < 0)) throw errors.badJson('timeout must be a number');
    if (store.membership(room, who.userId) !== 'join') throw errors.forbidden(`User ${who.userId} not in room ${room.roomId}`);
    const was = Object.hasOwn(room.typing, who.userId);
    if (body.typing) {
      room.typing[who.userId] = Date.now() + Math.min(MAX_TYPING_MS, (body.timeout as number | undefined) ?? DEFAULT_TYPING_MS);
    } else {
      delete room.typing[who.userId];
    }
    // Only a change of who is typing is news for /sync (a renewed timeout is not).
    if (was !== Boolean(body.typing)) {
      room.typingPos = store.nextPos();
      store.changed();
    }
    return {};
  });

  const setFullyRead = (room: RoomData, userId: string, eventId: string) => {
    room.accountData[userId] ??= {};
    room.accountData[userId]['m.fully_read'] = { content: { event_id: eventId }, pos: store.nextPos() };
  };

  const setReceipt = (room: RoomData, userId: string, type: string, eventId: string, threadId: string | undefined) => {
    const target = room.timeline.findIndex((s) => s.event.event_id === eventId);
    if (target < 0) throw errors.notFound('Event not found.');
    room.receipts[type] ??= {};
    const key = threadId ? `${userId}\u0000${threadId}` : userId;
    const existing = Object.hasOwn(room.receipts[type], key) ? room.receipts[type][key] : undefined;
    if (existing) {
      // Receipts only move forwards (Synapse ignores an older one).
      const old = room.timeline.findIndex((s) => s.event.event_id === existing.eventId);
      if (old >= target) return;
    }
    room.receipts[type][key] = { eventId, ts: Date.now(), threadId, pos: store.nextPos() };
  };

  router.client('POST', '/rooms/:roomId/receipt/:receiptType/:eventId', async (ctx) => {
    const who = hs.requireAuth(ctx, { guests: true });
    const room = roomParam(ctx);
    const { receiptType, eventId } = ctx.params;
    if (!RECEIPT_TYPES.includes(receiptType)) throw errors.invalidParam(`Receipt type must be ${RECEIPT_TYPES.join(', ')}`);
    const body = await ctx.json();
    const threadId = body.thread_id;
    if (threadId !== undefined && (typeof threadId !== 'string' || threadId === '')) throw errors.invalidParam('thread_id must be a non-empty string');
    if (threadId !== undefined && receiptType === 'm.fully_read') throw errors.invalidParam('m.fully_read receipts cannot have a thread_id');
    if (store.membership(room, who.userId) !== 'join') throw errors.forbidden(`User ${who.userId} not in room ${room.roomId}`);
    if (receiptType === 'm.fully_read') {
      if (!store.findEvent(room, eventId)) throw errors.notFound('Event not found.');
      setFullyRead(room, who.userId, eventId);
    } else {
      setReceipt(room, who.userId, receiptType, eventId, threadId as string | undefined);
    }
    store.changed();
    return {};
  });

  router.client('POST', '/rooms/:roomId/read_markers', async (ctx) => {
    const who = hs.requireAuth(ctx, { guests: true });
    const room = roomParam(ctx);
    const body = await ctx.json();
    for (const k of ['m.fully_read', 'm.read', 'm.read.private']) {
      if (body[k] !== undefined && typeof body[k] !== 'string') throw errors.badJson(`${k} must be an event ID`);
    }
    if (store.membership(room, who.userId) !== 'join') throw errors.forbidden(`User ${who.userId} not in room ${room.roomId}`);
    if (typeof body['m.fully_read'] === 'string') {
      if (!store.findEvent(room, body['m.fully_read'])) throw errors.notFound('Event not found.');
      setFullyRead(room, who.userId, body['m.fully_read']);
    }
    if (typeof body['m.read'] === 'string') setReceipt(room, who.userId, 'm.read', body['m.read'], undefined);
    if (typeof body['m.read.private'] === 'string') setReceipt(room, who.userId, 'm.read.private', body['m.read.private'], undefined);
    store.changed();
    return {};
  });

  // --- account data ---

  const ownUser = (ctx: Ctx, who: Requester, verb: string) => {
    if (ctx.params.userId !== who.userId) throw errors.forbidden(`Cannot ${verb} account data for other users.`);
  };
  const accountRoom = (ctx: Ctx): RoomData => {
    if (!isRoomId(ctx.params.roomId)) throw errors.invalidParam(`${ctx.params.roomId} is not a valid room ID`);
    const room = store.room(ctx.params.roomId);
    if (!room) throw roomNotFound();
    return room;
  };

  router.client('PUT', '/user/:userId/account_data/:type', async (ctx) => {
    const who = hs.requireAuth(ctx, { guests: true });
    ownUser(ctx, who, 'add');
    const content = await ctx.json();
    if (SERVER_ACCOUNT_DATA.includes(ctx.params.type)) {
      throw new MatrixError(405, 'M_BAD_JSON', `Cannot set ${ctx.params.type} through this API.`);
    }
    store.data.accountData[who.userId] ??= {};
    store.data.accountData[who.userId][ctx.params.type] = { content, pos: store.nextPos() };
    store.changed();
    return {};
  });

  router.client('GET', '/user/:userId/account_data/:type', (ctx) => {
    const who = hs.requireAuth(ctx, { guests: true });
    ownUser(ctx, who, 'get');
    const mine = Object.hasOwn(store.data.accountData, who.userId) ? store.data.accountData[who.userId] : {};
    if (!Object.hasOwn(mine, ctx.params.type)) throw errors.notFound('Account data not found');
    return mine[ctx.params.type].content;
  });

  router.client('PUT', '/user/:userId/rooms/:roomId/account_data/:type', async (ctx) => {
    const who = hs.requireAuth(ctx, { guests: true });
    ownUser(ctx, who, 'add');
    const room = accountRoom(ctx);
    const content = await ctx.json();
    if (SERVER_ACCOUNT_DATA.includes(ctx.params.type)) {
      throw new MatrixError(405, 'M_BAD_JSON', `Cannot set ${ctx.params.type} through this API.`);
    }
    room.accountData[who.userId] ??= {};
    room.accountData[who.userId][ctx.params.type] = { content, pos: store.nextPos() };
    store.changed();
    return {};
  });

  router.client('GET', '/user/:userId/rooms/:roomId/account_data/:type', (ctx) => {
    const who = hs.requireAuth(ctx, { guests: true });
    ownUser(ctx, who, 'get');
    const room = accountRoom(ctx);
    const mine = Object.hasOwn(room.accountData, who.userId) ? room.accountData[who.userId] : {};
    if (!Object.hasOwn(mine, ctx.params.type)) throw errors.notFound('Room account data not found');
    return mine[ctx.params.type].content;
  });

  // --- filters ---

  router.client('POST', '/user/:userId/filter', async (ctx) => {
    // Guests may not create filters (Synapse; matrix-js-sdk skips filters for guests for this reason).
    const who = hs.requireAuth(ctx);
    if (ctx.params.userId !== who.userId) throw errors.forbidden('Cannot create filters for other users');
    const filter = parseSyncFilter(await ctx.json());
    store.data.filters[who.userId] ??= {};
    const mine = store.data.filters[who.userId];
    const filterId = String(Object.keys(mine).length);
    mine[filterId] = filter as Record<string, unknown>;
    store.changed();
    return { filter_id: filterId };
  });

  router.client('GET', '/user/:userId/filter/:filterId', (ctx) => {
    const who = hs.requireAuth(ctx);
    if (ctx.params.userId !== who.userId) throw errors.forbidden('Cannot get filters for other users');
    const mine = Object.hasOwn(store.data.filters, who.userId) ? store.data.filters[who.userId] : {};
    if (!Object.hasOwn(mine, ctx.params.filterId)) throw errors.notFound('No such filter');
    return mine[ctx.params.filterId];
  });

  // --- push rules: the server-default ruleset, so matrix-js-sdk's startClient() can begin syncing ---

  router.client('GET', '/pushrules/', (ctx) => {
    const who = hs.requireAuth(ctx);
    return { global: defaultPushRules(who.userId) };
  });

}

/**
 * The spec's server-default push rules (v1.15 "Predefined rules"), so clients that load push rules before
 * syncing (matrix-js-sdk retries forever without them) work. Users cannot change them here.
 */
export function defaultPushRules(userId: string): Record<string, unknown[]> {
  const localpart = userId.slice(1).split(':')[0];
  const rule = (rule_id: string, conditions: unknown[], actions: unknown[], enabled = true) => ({
    rule_id,
    default: true,
    enabled,
    conditions,
    actions,
  });
  const ev = (key: string, pattern: string) => ({ kind: 'event_match', key, pattern });
  const sound = (v: string) => ({ set_tweak: 'sound', value: v });
  const highlight = { set_tweak: 'highlight' };
  return {
    override: [
      rule('.m.rule.master', [], [], false),
      rule('.m.rule.suppress_notices', [ev('content.msgtype', 'm.notice')], []),
      rule('.m.rule.invite_for_me', [ev('type', 'm.room.member'), ev('content.membership', 'invite'), ev('state_key', userId)], ['notify', sound('default')]),
      rule('.m.rule.member_event', [ev('type', 'm.room.member')], []),
      rule('.m.rule.is_user_mention', [{ kind: 'event_property_contains', key: 'content.m\\.mentions.user_ids', value: userId }], ['notify', sound('default'), highlight]),
      rule('.m.rule.is_room_mention', [{ kind: 'event_property_is', key: 'content.m\\.mentions.room', value: true }, { kind: 'sender_notification_permission', key: 'room' }], ['notify', highlight]),
      rule('.m.rule.tombstone', [ev('type', 'm.room.tombstone'), ev('state_key', '')], ['notify', highlight]),
      rule('.m.rule.reaction', [ev('type', 'm.reaction')], []),
      rule('.m.rule.room.server_acl', [ev('type', 'm.room.server_acl'), ev('state_key', '')], []),
      rule('.m.rule.suppress_edits', [{ kind: 'event_property_is', key: 'content.m\\.relates_to.rel_type', value: 'm.replace' }], []),
    ],
    content: [
      { ...rule('.m.rule.contains_user_name', [], ['notify', sound('default'), highlight]), pattern: localpart },
    ],
    postcontent: [],
    room: [],
    sender: [],
    underride: [
      rule('.m.rule.call', [ev('type', 'm.call.invite')], ['notify', sound('ring')]),
      rule('.m.rule.encrypted_room_one_to_one', [{ kind: 'room_member_count', is: '2' }, ev('type', 'm.room.encrypted')], ['notify', sound('default')]),
      rule('.m.rule.room_one_to_one', [{ kind: 'room_member_count', is: '2' }, ev('type', 'm.room.message')], ['notify', sound('default')]),
      rule('.m.rule.message', [ev('type', 'm.room.message')], ['notify']),
      rule('.m.rule.encrypted', [ev('type', 'm.room.encrypted')], ['notify']),
    ],
  };
}
