/**
 * Rooms: creating, joining, leaving, inviting, the room directory (aliases and /publicRooms), room summaries
 * (MSC3266 / spec v1.15) and room state and members.
 */
import { MatrixError, errors, type Ctx } from '../http.ts';
import type { Homeserver } from '../homeserver.ts';
import { stateKey, type RoomData } from '../store.ts';
import {
  changeMembership,
  createRoom,
  indexAfter,
  isAlias,
  isRoomId,
  isUserId,
  parseCreateRoom,
  parseToken,
  powerLevels,
  readAccess,
  resolveRoom,
  roomEntry,
  roomNotFound,
  sendEvent,
  serveEvent,
  stateBefore,
  stateContent,
  userOf,
  userPower,
  worldReadable,
  joinRule,
  roomParam as roomFromParams,
} from '../rooms.ts';

export function register(hs: Homeserver): void {
  const { router, store } = hs;

  const roomParam = (ctx: Ctx): RoomData => roomFromParams(store, ctx);

  // --- create, join, leave, invite, kick, ban ---

  router.client('POST', '/createRoom', async (ctx) => {
    // Guests may not create rooms (Synapse: allow_guest is off for this servlet).
    const who = hs.requireAuth(ctx);
    const req = parseCreateRoom(await ctx.json());
    for (const u of req.invite ?? []) {
      if (!userOf(store, u)) throw errors.notFound(`User ${u} not found`);
    }
    const room = createRoom(store, who.userId, req);
    const body: Record<string, unknown> = { room_id: room.roomId };
    // Synapse still returns the deprecated room_alias when one was created.
    if (req.room_alias_name !== undefined) body.room_alias = `#${req.room_alias_name}:${store.serverName}`;
    return body;
  });

  const join = async (ctx: Ctx, idOrAlias: string) => {
    const who = hs.requireAuth(ctx, { guests: true });
    const body = await ctx.json();
    const room = resolveRoom(store, idOrAlias);
    const extra: Record<string, unknown> = {};
    if (typeof body.reason === 'string') extra.reason = body.reason;
    changeMembership(store, room, who.userId, who.userId, 'join', extra);
    return { room_id: room.roomId };
  };
  // `server_name` (deprecated) and `via` name servers to join through; with no federation they change nothing.
  router.client('POST', '/join/:roomIdOrAlias', (ctx) => join(ctx, ctx.params.roomIdOrAlias));
  router.client('POST', '/rooms/:roomId/join', (ctx) => {
    if (!isRoomId(ctx.params.roomId)) throw errors.invalidParam(`${ctx.params.roomId} is not a legal room ID`);
    return join(ctx, ctx.params.roomId);
  });

  router.client('POST', '/rooms/:roomId/leave', async (ctx) => {
    const who = hs.requireAuth(ctx, { guests: true });
    const body = await ctx.json();
    const room = roomParam(ctx);
    changeMembership(store, room, who.userId, who.userId, 'leave', typeof body.reason === 'string' ? { reason: body.reason } : {});
    return {};
  });

  const targetAction = (path: string, membership: string) =>
    router.client('POST', `/rooms/:roomId/${path}`, async (ctx) => {
      // Guests may only join and leave (Synapse: "Guests cannot perform this action").
      const who = hs.requireAuth(ctx);
      const body = await ctx.json();
      const room = roomParam(ctx);
      if (body.user_id === undefined) throw errors.missingParam('user_id');
      if (typeof body.user_id !== 'string' || !isUserId(body.user_id)) throw errors.invalidParam('user_id must be a user ID');
      if (membership === 'invite' && !userOf(store, body.user_id)) throw errors.notFound(`User ${body.user_id} not found`);
      const extra: Record<string, unknown> = typeof body.reason === 'string' ? { reason: body.reason } : {};
      changeMembership(store, room, who.userId, body.user_id, membership, extra);
      return {};
    });
  targetAction('invite', 'invite');
  targetAction('kick', 'leave');
  targetAction('ban', 'ban');

  router.client('POST', '/rooms/:roomId/forget', (ctx) => {
    const who = hs.requireAuth(ctx, { guests: true });
    const room = roomParam(ctx);
    const m = store.membership(room, who.userId);
    // Synapse: 400 M_UNKNOWN while still in the room.
    if (m === 'join' || m === 'invite' || m === 'knock') throw new MatrixError(400, 'M_UNKNOWN', `User ${who.userId} is in room ${room.roomId}`);
    return {};
  });

  // --- aliases and the public room directory ---

  const aliasParam = (ctx: Ctx) => {
    const alias = ctx.params.roomAlias;
    if (!isAlias(alias)) throw errors.invalidParam('Room alias invalid');
    return alias;
  };

  router.client('GET', '/directory/room/:roomAlias', (ctx) => {
    const alias = aliasParam(ctx);
    const roomId = store.resolveAlias(alias);
    if (!roomId) throw errors.notFound(`Room alias ${alias} not found`);
    return { room_id: roomId, servers: [store.serverName] };
  });

  router.client('PUT', '/directory/room/:roomAlias', async (ctx) => {
    const who = hs.requireAuth(ctx);
    const alias = aliasParam(ctx);
    const body = await ctx.json();
    if (typeof body.room_id !== 'string') throw errors.badJson('room_id must be a string');
    if (!alias.endsWith(`:${store.serverName}`)) throw errors.invalidParam('Room alias must be local');
    const room = store.room(body.room_id);
    if (!room) throw roomNotFound();
    if (store.resolveAlias(alias)) throw new MatrixError(409, 'M_UNKNOWN', `Room alias ${alias} already exists`);
    if (store.membership(room, who.userId) !== 'join') throw errors.forbidden('You must be in the room to create an alias for it');
    store.data.aliases[alias] = room.roomId;
    store.changed();
    return {};
  });

  router.client('DELETE', '/directory/room/:roomAlias', (ctx) => {
    const who = hs.requireAuth(ctx);
    const alias = aliasParam(ctx);
    const roomId = store.resolveAlias(alias);
    if (!roomId) throw errors.notFound(`Room alias ${alias} not found`);
    const room = store.room(roomId);
    // Synapse: the alias creator or a room moderator (the power to change the canonical alias) may delete.
    if (room) {
      const pl = powerLevels(store, room);
      const need = Object.hasOwn(pl.events, 'm.room.canonical_alias') ? pl.events['m.room.canonical_alias'] : pl.state_default;
      if (userPower(pl, who.userId) < need) throw errors.forbidden('You do not have permission to delete the alias');
    }
    delete store.data.aliases[alias];
    store.changed();
    return {};
  });

  router.client('GET', '/directory/list/room/:roomId', (ctx) => {
    const room = roomParam(ctx);
    return { visibility: store.data.publicRooms.includes(room.roomId) ? 'public' : 'private' };
  });

  router.client('PUT', '/directory/list/room/:roomId', async (ctx) => {
    const who = hs.requireAuth(ctx);
    const room = roomParam(ctx);
    const body = await ctx.json();
    if (body.visibility !== 'public' && body.visibility !== 'private') throw errors.invalidParam('visibility must be public or private');
    const pl = powerLevels(store, room);
    if (userPower(pl, who.userId) < pl.state_default) throw errors.forbidden('You do not have permission to publish this room');
    store.data.publicRooms = store.data.publicRooms.filter((id) => id !== room.roomId);
    if (body.visibility === 'public') store.data.publicRooms.push(room.roomId);
    store.changed();
    return {};
  });

  const publicRooms = (limitRaw: unknown, since: unknown, filter: Record<string, unknown> | undefined) => {
    let limit: number | undefined;
    if (limitRaw !== undefined && limitRaw !== null && limitRaw !== '') {
      limit = Number(limitRaw);
      if (!Number.isInteger(limit) || limit < 0) throw errors.invalidParam('limit must be a non-negative integer');
    }
    let offset = 0;
    if (since !== undefined && since !== null && since !== '') {
      const m = typeof since === 'string' ? /^p(\d{1,9})$/.exec(since) : null;
      if (!m) throw errors.invalidParam('Invalid since token');
      offset = Number(m[1]);
    }
    const term = typeof filter?.generic_search_term === 'string' ? filter.generic_search_term.toLowerCase() : '';
    const roomTypes = Array.isArray(filter?.room_types) ? (filter.room_types as unknown[]) : undefined;
    const entries = store.data.publicRooms
      .map((id) => store.room(id))
      .filter((r): r is RoomData => !!r)
      .map((r) => roomEntry(store, r))
      .filter((e) => {
        if (roomTypes && !roomTypes.includes(e.room_type ?? null)) return false;
        if (!term) return true;
        return [e.name, e.topic, e.canonical_alias].some((v) => typeof v === 'string' && v.toLowerCase().includes(term));
      })
      // Synapse orders by joined members (largest first), then room ID.
      .sort((a, b) => (b.num_joined_members as number) - (a.num_joined_members as number) || String(a.room_id).localeCompare(String(b.room_id)));
    const end = limit === undefined ? entries.length : Math.min(entries.length, offset + limit);
    const body: Record<string, unknown> = { chunk: entries.slice(offset, end), total_room_count_estimate: entries.length };
    if (end < entries.length) body.next_batch = `p${end}`;
    if (offset > 0) body.prev_batch = `p${Math.max(0, offset - (limit ?? offset))}`;
    return body;
  };

  // Synapse requires a token for /publicRooms unless `allow_public_rooms_without_auth` is set (off by default);
  // the spec says authentication is optional. We answer like a default Synapse, guests included.
  router.client('GET', '/publicRooms', (ctx) => {
    hs.requireAuth(ctx, { guests: true });
    return publicRooms(ctx.query.get('limit') ?? undefined, ctx.query.get('since') ?? undefined, undefined);
  });
  router.client('POST', '/publicRooms', async (ctx) => {
    hs.requireAuth(ctx, { guests: true });
    const body = await ctx.json();
    if (body.filter !== undefined && (typeof body.filter !== 'object' || body.filter === null || Array.isArray(body.filter))) {
      throw errors.badJson('filter must be an object');
    }
    if (body.limit !== undefined && typeof body.limit !== 'number') throw errors.badJson('limit must be an integer');
    if (body.since !== undefined && typeof body.since !== 'string') throw errors.badJson('since must be a string');
    return publicRooms(body.limit, body.since, body.filter as Record<string, unknown> | undefined);
  });

  // --- room summary: spec v1.15 and MSC3266's unstable paths ---

  const summary = (ctx: Ctx, unstable: boolean) => {
    const who = hs.optionalAuth(ctx, { guests: true });
    const idOrAlias = ctx.params.roomIdOrAlias;
    let room: RoomData;
    try {
      room = resolveRoom(store, idOrAlias);
    } catch (err) {
      // Unknown rooms and aliases are 404 M_NOT_FOUND (the spec's only error; Synapse answers 400 for an
      // unknown room without `via` because it might exist elsewhere — we have no federation, so it does not).
      if (err instanceof MatrixError && err.status === 400) throw err;
      throw errors.notFound('Room not found');
    }
    const membership = who ? store.membership(room, who.userId) : undefined;
    const rule = joinRule(store, room);
    const publicly = ['public', 'knock', 'knock_restricted'].includes(rule) || worldReadable(store, room);
    // Synapse (`_is_local_room_accessible`): a potential joiner or a member (joined, invited, knocked) may see
    // it; anything else is 404 "Room not found or is not accessible" so that private rooms stay hidden.
    const accessible = publicly || membership === 'join' || membership === 'invite' || membership === 'knock';
    if (!accessible) throw errors.notFound('Room not found or is not accessible');
    const entry = roomEntry(store, room);
    entry.room_version = room.version;
    const enc = stateContent(store, room, 'm.room.encryption').algorithm;
    if (typeof enc === 'string') entry.encryption = enc;
    if (unstable) {
      // The unstable field names matrix-js-sdk's RoomSummary type still reads.
      entry['im.nheko.summary.room_version'] = room.version;
      if (typeof enc === 'string') entry['im.nheko.summary.encryption'] = enc;
    }
    if (who) entry.membership = membership ?? 'leave';
    return entry;
  };
  router.add('GET', '/_matrix/client/v1/room_summary/:roomIdOrAlias', (ctx) => summary(ctx, false));
  // MSC3266's path as Synapse serves it (under /rooms), and the corrected one the MSC settled on.
  router.add('GET', '/_matrix/client/unstable/im.nheko.summary/rooms/:roomIdOrAlias/summary', (ctx) => summary(ctx, true));
  router.add('GET', '/_matrix/client/unstable/im.nheko.summary/summary/:roomIdOrAlias', (ctx) => summary(ctx, true));

  // --- state ---

  /** Current state for members and peekers; state at the leave for departed members. */
  const readableState = (room: RoomData, userId: string) => {
    const access = readAccess(store, room, userId);
    if (access.upTo >= room.timeline.length - 1) return new Map(Object.entries(room.state));
    return stateBefore(room, access.upTo + 1);
  };

  router.client('GET', '/rooms/:roomId/state', (ctx) => {
    const who = hs.requireAuth(ctx, { guests: true });
    const room = roomParam(ctx);
    const viewer = { userId: who.userId, deviceId: who.deviceId };
    return [...readableState(room, who.userId).values()]
      .sort((a, b) => a - b)
      .map((i) => serveEvent(store, room, room.timeline[i], viewer));
  });

  router.client('GET', '/rooms/:roomId/state/:eventType/:stateKey?', (ctx) => {
    const who = hs.requireAuth(ctx, { guests: true });
    const room = roomParam(ctx);
    const idx = readableState(room, who.userId).get(stateKey(ctx.params.eventType, ctx.params.stateKey));
    if (idx === undefined) throw errors.notFound('Event not found.');
    const ev = serveEvent(store, room, room.timeline[idx], { userId: who.userId, deviceId: who.deviceId });
    // Synapse's `format=event` returns the whole event instead of its content.
    return ctx.query.get('format') === 'event' ? ev : ev.content;
  });

  router.client(
    'PUT',
    '/rooms/:roomId/state/:eventType/:stateKey?',
    async (ctx) => {
      // Guests may not send state (Synapse: allow_guest is off for PUT state).
      const who = hs.requireAuth(ctx);
      const room = roomParam(ctx);
      const content = await ctx.json();
      const type = ctx.params.eventType;
      const key = ctx.params.stateKey;
      if (type === 'm.room.member') {
        const membership = content.membership;
        if (typeof membership !== 'string') throw errors.badJson('membership must be a string');
        const { membership: _m, ...extra } = content;
        void _m;
        const stored = changeMembership(store, room, who.userId, key, membership, extra);
        return { event_id: (stored?.event ?? store.state(room, 'm.room.member', key))?.event_id };
      }
      if (type === 'm.room.canonical_alias') {
        for (const a of [content.alias, ...(Array.isArray(content.alt_aliases) ? content.alt_aliases : [])]) {
          if (a === undefined) continue;
          if (typeof a !== 'string' || store.resolveAlias(a) !== room.roomId) {
            throw new MatrixError(400, 'M_BAD_ALIAS', `Room alias ${String(a)} does not point to the room`);
          }
        }
      }
      // Synapse does not send a state event identical to the current one; it returns the existing id.
      const existing = store.state(room, type, key);
      if (existing && existing.sender === who.userId && JSON.stringify(existing.content) === JSON.stringify(content)) {
        return { event_id: existing.event_id };
      }
      const stored = sendEvent(store, room, who.userId, type, content, { stateKey: key });
      return { event_id: stored.event.event_id };
    },
    { maxBody: 128 * 1024 },
  );

  // --- members ---

  router.client('GET', '/rooms/:roomId/members', (ctx) => {
    const who = hs.requireAuth(ctx, { guests: true });
    const room = roomParam(ctx);
    let state = readableState(room, who.userId);
    const at = ctx.query.get('at');
    if (at) {
      const pos = parseToken(at, 'at');
      const idx = Math.min(indexAfter(room, pos), readAccess(store, room, who.userId).upTo + 1);
      state = stateBefore(room, idx);
    }
    const only = ctx.query.get('membership');
    const not = ctx.query.get('not_membership');
    const viewer = { userId: who.userId, deviceId: who.deviceId };
    const chunk = [];
    for (const [key, i] of state) {
      if (!key.startsWith('m.room.member\u0000')) continue;
      const stored = room.timeline[i];
      const m = stored.event.content?.membership;
      if (only && m !== only) continue;
      if (not && m === not) continue;
      chunk.push(serveEvent(store, room, stored, viewer));
    }
    return { chunk };
  });

  router.client('GET', '/rooms/:roomId/joined_members', (ctx) => {
    const who = hs.requireAuth(ctx, { guests: true });
    const room = roomParam(ctx);
    // The spec and Synapse: only current members (Synapse: "Getting joined members while not being a current
    // member of the room is forbidden"). Non-members of a non-world-readable room get Synapse's earlier 403.
    readAccess(store, room, who.userId);
    if (store.membership(room, who.userId) !== 'join') {
      throw errors.forbidden('Getting joined members while not being a current member of the room is forbidden.');
    }
    const joined: Record<string, Record<string, unknown>> = {};
    for (const ev of store.allState(room)) {
      if (ev.type !== 'm.room.member' || typeof ev.state_key !== 'string' || ev.content?.membership !== 'join') continue;
      const info: Record<string, unknown> = {};
      if (typeof ev.content.displayname === 'string') info.display_name = ev.content.displayname;
      if (typeof ev.content.avatar_url === 'string') info.avatar_url = ev.content.avatar_url;
      joined[ev.state_key] = info;
    }
    return { joined };
  });

  router.client('GET', '/joined_rooms', (ctx) => {
    const who = hs.requireAuth(ctx, { guests: true });
    const joined_rooms = Object.values(store.data.rooms)
      .filter((r) => store.membership(r, who.userId) === 'join')
      .map((r) => r.roomId);
    return { joined_rooms };
  });

}
