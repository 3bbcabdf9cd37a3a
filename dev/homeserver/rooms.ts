/**
 * Room logic shared by the room, event and sync routes (and the seed): creating rooms, membership changes,
 * power levels, sending and redacting events, and who may see which events (history visibility, peeking,
 * guests). Everything follows the Client-Server API v1.15 and, where it is silent or differs, Synapse.
 */
import { MatrixError, errors, type Ctx } from './http.ts';
import { relationOf, stateKey, type ClientEvent, type RoomData, type StoredEvent, type Store, type User } from './store.ts';

export { relationOf };

/** Room versions this server creates and understands (the ones /capabilities advertises). */
export const SUPPORTED_ROOM_VERSIONS = ['10', '11'];
/** Synapse's default room version (`default_room_version`). */
export const DEFAULT_ROOM_VERSION = '10';
/** Largest event, as the spec's size limit: the whole event as JSON, 65536 bytes (Synapse: 413 M_TOO_LARGE). */
export const MAX_EVENT_BYTES = 65536;

export const roomNotFound = () => errors.notFound('Room not found');

// --- ids, aliases, tokens ---

const ROOM_ID = /^![^:]+:.+$/;
const ALIAS = /^#[^:\s]+:.+$/;
const USER_ID = /^@[^:]+:.+$/;

export const isRoomId = (s: string) => ROOM_ID.test(s);

/** The room a route's `:roomId` names: 400 M_INVALID_PARAM for a malformed ID, 404 M_NOT_FOUND for an unknown room. */
export function roomParam(store: Store, ctx: Ctx): RoomData {
  const id = ctx.params.roomId;
  if (!isRoomId(id)) throw errors.invalidParam(`${id} is not a legal room ID`);
  const room = store.room(id);
  if (!room) throw roomNotFound();
  return room;
}
export const isAlias = (s: string) => ALIAS.test(s);
export const isUserId = (s: string) => USER_ID.test(s);

/** The room an id or alias names, or 404 M_NOT_FOUND (unknown alias, unknown room: we have no federation). */
export function resolveRoom(store: Store, idOrAlias: string): RoomData {
  if (idOrAlias.startsWith('#')) {
    const id = store.resolveAlias(idOrAlias);
    const room = id ? store.room(id) : undefined;
    if (!room) throw errors.notFound(`Room alias ${idOrAlias} not found`);
    return room;
  }
  if (!idOrAlias.startsWith('!')) throw errors.invalidParam(`${idOrAlias} is not a legal room ID or alias`);
  const room = store.room(idOrAlias);
  if (!room) throw roomNotFound();
  return room;
}

/**
 * Stream tokens: `s<pos>` means "after every event whose stream position is <= pos". One format for
 * `/sync` `next_batch`, `prev_batch` and `/messages` `start`/`end` (Synapse also accepts both everywhere).
 */
export const token = (pos: number) => `s${pos}`;

export function parseToken(value: string, name: string): number {
  const m = /^s(\d{1,15})$/.exec(value);
  if (!m) throw errors.invalidParam(`Invalid ${name} token`);
  return Number(m[1]);
}

// --- state helpers ---

export function stateContent(store: Store, room: RoomData, type: string, key = ''): Record<string, unknown> {
  return store.state(room, type, key)?.content ?? {};
}

export function historyVisibility(store: Store, room: RoomData): string {
  const v = stateContent(store, room, 'm.room.history_visibility').history_visibility;
  // The spec's default when the state is absent or unknown is `shared`.
  return typeof v === 'string' && ['invited', 'joined', 'shared', 'world_readable'].includes(v) ? v : 'shared';
}

export function joinRule(store: Store, room: RoomData): string {
  const v = stateContent(store, room, 'm.room.join_rules').join_rule;
  // No join rules event means `invite` (auth rules default).
  return typeof v === 'string' ? v : 'invite';
}

export function guestCanJoin(store: Store, room: RoomData): boolean {
  return stateContent(store, room, 'm.room.guest_access').guest_access === 'can_join';
}

export function worldReadable(store: Store, room: RoomData): boolean {
  return historyVisibility(store, room) === 'world_readable';
}

export function membersWith(store: Store, room: RoomData, membership: string): string[] {
  const out: string[] = [];
  for (const ev of store.allState(room)) {
    if (ev.type === 'm.room.member' && typeof ev.state_key === 'string' && ev.content?.membership === membership) {
      out.push(ev.state_key);
    }
  }
  return out;
}

// --- power levels (auth rules: absent event means creator 100, everyone else 0; state_default 0) ---

export interface PowerLevels {
  users: Record<string, number>;
  users_default: number;
  events: Record<string, number>;
  events_default: number;
  state_default: number;
  ban: number;
  kick: number;
  redact: number;
  invite: number;
}

const num = (v: unknown, d: number) => (typeof v === 'number' && Number.isInteger(v) ? v : d);

export function powerLevels(store: Store, room: RoomData): PowerLevels {
  const ev = store.state(room, 'm.room.power_levels');
  if (!ev) {
    const creator = store.state(room, 'm.room.create')?.sender;
    return {
      users: creator ? { [creator]: 100 } : {},
      users_default: 0,
      events: {},
      events_default: 0,
      state_default: 0,
      ban: 50,
      kick: 50,
      redact: 50,
      invite: 0,
    };
  }
  const c = ev.content ?? {};
  const obj = (v: unknown) => (v && typeof v === 'object' && !Array.isArray(v) ? (v as Record<string, number>) : {});
  return {
    users: obj(c.users),
    users_default: num(c.users_default, 0),
    events: obj(c.events),
    events_default: num(c.events_default, 0),
    state_default: num(c.state_default, 50),
    ban: num(c.ban, 50),
    kick: num(c.kick, 50),
    redact: num(c.redact, 50),
    invite: num(c.invite, 0),
  };
}

export function userPower(pl: PowerLevels, userId: string): number {
  return Object.hasOwn(pl.users, userId) ? num(pl.users[userId], pl.users_default) : pl.users_default;
}

export function eventPower(pl: PowerLevels, type: string, isState: boolean): number {
  if (Object.hasOwn(pl.events, type)) return num(pl.events[type], 0);
  return isState ? pl.state_default : pl.events_default;
}

// --- events ---

/** Size of an event as the server would persist it (the spec limit applies to the whole event). */
export function eventSize(event: Record<string, unknown>): number {
  return Buffer.byteLength(JSON.stringify(event), 'utf8');
}

export interface SendOptions {
  stateKey?: string;
  txn?: StoredEvent['txn'];
  ts?: number;
  redacts?: string;
}

/**
 * Sends an event as `sender` after the auth checks a client-originated event gets: the sender must be
 * joined, have the power level for the type, state keys starting with `@` must be the sender's own, and the
 * event must fit in 65536 bytes. Membership events go through `changeMembership` instead.
 */
export function sendEvent(
  store: Store,
  room: RoomData,
  sender: string,
  type: string,
  content: Record<string, unknown>,
  opts: SendOptions = {},
): StoredEvent {
  const isState = opts.stateKey !== undefined;
  if (store.membership(room, sender) !== 'join') {
    throw errors.forbidden(`User ${sender} not in room ${room.roomId}`);
  }
  const pl = powerLevels(store, room);
  const have = userPower(pl, sender);
  const need = eventPower(pl, type, isState);
  if (have < need) {
    throw errors.forbidden(`You don't have permission to post that to the room. user_level (${have}) < send_level (${need})`);
  }
  if (isState && opts.stateKey!.startsWith('@') && opts.stateKey !== sender) {
    throw errors.forbidden('You are not allowed to set others state');
  }
  if (type === 'm.room.power_levels') checkPowerLevelsChange(pl, have, sender, content);
  return append(store, room, { type, sender, content, state_key: opts.stateKey, redacts: opts.redacts }, opts);
}

/** The power-level change rules of the auth rules (v10): you cannot grant or remove more power than you have. */
function checkPowerLevelsChange(old: PowerLevels, have: number, sender: string, content: Record<string, unknown>): void {
  const c = content;
  const validInt = (v: unknown) => v === undefined || (typeof v === 'number' && Number.isInteger(v));
  for (const k of ['users_default', 'events_default', 'state_default', 'ban', 'kick', 'redact', 'invite']) {
    if (!validInt(c[k])) throw errors.badJson(`${k} must be an integer`);
  }
  for (const k of ['users', 'events']) {
    const v = c[k];
    if (v !== undefined && (typeof v !== 'object' || v === null || Array.isArray(v))) throw errors.badJson(`${k} must be an object`);
    for (const x of Object.values((v ?? {}) as Record<string, unknown>)) {
      if (!validInt(x)) throw errors.badJson(`${k} values must be integers`);
    }
  }
  const next = {
    users_default: num(c.users_default, 0),
    events_default: num(c.events_default, 0),
    state_default: num(c.state_default, 50),
    ban: num(c.ban, 50),
    kick: num(c.kick, 50),
    redact: num(c.redact, 50),
    invite: num(c.invite, 0),
  } as Record<string, number>;
  const tooHigh = (o: number | undefined, n: number | undefined) =>
    o !== n && ((o !== undefined && o > have) || (n !== undefined && n > have));
  for (const k of Object.keys(next)) {
    if (tooHigh((old as unknown as Record<string, number>)[k], next[k])) {
      throw errors.forbidden(`You don't have permission to change ${k}`);
    }
  }
  const newUsers = (c.users ?? {}) as Record<string, number>;
  for (const u of new Set([...Object.keys(old.users), ...Object.keys(newUsers)])) {
    const o = Object.hasOwn(old.users, u) ? old.users[u] : undefined;
    const n = Object.hasOwn(newUsers, u) ? newUsers[u] : undefined;
    if (o === n) continue;
    if (u !== sender && o !== undefined && o >= have) throw errors.forbidden(`You cannot change the level of ${u}`);
    if (tooHigh(o, n)) throw errors.forbidden(`You cannot give ${u} more power than you have`);
  }
  const newEvents = (c.events ?? {}) as Record<string, number>;
  for (const t of new Set([...Object.keys(old.events), ...Object.keys(newEvents)])) {
    const o = Object.hasOwn(old.events, t) ? old.events[t] : undefined;
    const n = Object.hasOwn(newEvents, t) ? newEvents[t] : undefined;
    if (tooHigh(o, n)) throw errors.forbidden(`You don't have permission to change the level of ${t}`);
  }
}

/** Appends without auth checks (room creation, membership logic), enforcing only the size limit. */
function append(
  store: Store,
  room: RoomData,
  raw: Partial<ClientEvent> & { type: string; sender: string },
  opts: SendOptions = {},
): StoredEvent {
  const ev: Partial<ClientEvent> & { type: string; sender: string } = { type: raw.type, sender: raw.sender, content: raw.content ?? {} };
  if (raw.state_key !== undefined) ev.state_key = raw.state_key;
  if (raw.redacts !== undefined) ev.redacts = raw.redacts;
  // Measure with the fields the server adds (ids, timestamps, signatures are absent here; close enough).
  if (eventSize({ ...ev, room_id: room.roomId, event_id: '$'.padEnd(44, 'x'), origin_server_ts: Date.now() }) > MAX_EVENT_BYTES) {
    throw errors.tooLarge('Event too large');
  }
  return store.appendEvent(room, ev, { txn: opts.txn, ts: opts.ts });
}

// --- rooms and membership ---

export interface CreateRoomRequest {
  preset?: string;
  visibility?: string;
  name?: string;
  topic?: string;
  room_alias_name?: string;
  room_version?: string;
  initial_state?: Array<{ type: string; state_key?: string; content: Record<string, unknown> }>;
  invite?: string[];
  is_direct?: boolean;
  power_level_content_override?: Record<string, unknown>;
  creation_content?: Record<string, unknown>;
}

const PRESETS: Record<string, { join_rule: string; history_visibility: string; guest_can_join: boolean; invite: number }> = {
  // Synapse's presets (synapse/handlers/room.py): private chats let guests in and let anyone invite.
  private_chat: { join_rule: 'invite', history_visibility: 'shared', guest_can_join: true, invite: 0 },
  trusted_private_chat: { join_rule: 'invite', history_visibility: 'shared', guest_can_join: true, invite: 0 },
  public_chat: { join_rule: 'public', history_visibility: 'shared', guest_can_join: false, invite: 50 },
};

function profileContent(store: Store, userId: string): Record<string, unknown> {
  const user = Object.hasOwn(store.data.users, userId) ? store.data.users[userId] : undefined;
  const c: Record<string, unknown> = {};
  if (user?.displayname) c.displayname = user.displayname;
  if (user?.avatar_url) c.avatar_url = user.avatar_url;
  return c;
}

/** Validates a createRoom body (M_BAD_JSON / M_INVALID_PARAM / M_UNSUPPORTED_ROOM_VERSION as Synapse answers). */
export function parseCreateRoom(body: Record<string, unknown>): CreateRoomRequest {
  const str = (k: string) => {
    const v = body[k];
    if (v !== undefined && typeof v !== 'string') throw errors.badJson(`${k} must be a string`);
    return v as string | undefined;
  };
  const req: CreateRoomRequest = {
    preset: str('preset'),
    visibility: str('visibility'),
    name: str('name'),
    topic: str('topic'),
    room_alias_name: str('room_alias_name'),
    room_version: str('room_version'),
  };
  if (req.preset !== undefined && !Object.hasOwn(PRESETS, req.preset)) throw errors.invalidParam(`Unknown preset ${req.preset}`);
  if (req.visibility !== undefined && req.visibility !== 'public' && req.visibility !== 'private') {
    throw errors.invalidParam('visibility must be public or private');
  }
  if (req.room_version !== undefined && !SUPPORTED_ROOM_VERSIONS.includes(req.room_version)) {
    throw new MatrixError(400, 'M_UNSUPPORTED_ROOM_VERSION', 'Your homeserver does not support this room version');
  }
  if (body.invite !== undefined) {
    if (!Array.isArray(body.invite) || body.invite.some((u) => typeof u !== 'string' || !isUserId(u))) {
      throw errors.badJson('invite must be a list of user IDs');
    }
    req.invite = body.invite as string[];
  }
  if (body.is_direct !== undefined) {
    if (typeof body.is_direct !== 'boolean') throw errors.badJson('is_direct must be a boolean');
    req.is_direct = body.is_direct;
  }
  for (const k of ['power_level_content_override', 'creation_content'] as const) {
    const v = body[k];
    if (v !== undefined) {
      if (!v || typeof v !== 'object' || Array.isArray(v)) throw errors.badJson(`${k} must be an object`);
      req[k] = v as Record<string, unknown>;
    }
  }
  if (body.initial_state !== undefined) {
    if (!Array.isArray(body.initial_state)) throw errors.badJson('initial_state must be a list');
    req.initial_state = body.initial_state.map((e: unknown) => {
      const ev = e as Record<string, unknown>;
      if (!ev || typeof ev !== 'object' || typeof ev.type !== 'string' || !ev.content || typeof ev.content !== 'object' || Array.isArray(ev.content)) {
        throw new MatrixError(400, 'M_INVALID_ROOM_STATE', 'initial_state events need a type and a content object');
      }
      if (ev.state_key !== undefined && typeof ev.state_key !== 'string') {
        throw new MatrixError(400, 'M_INVALID_ROOM_STATE', 'state_key must be a string');
      }
      return { type: ev.type, state_key: ev.state_key as string | undefined, content: ev.content as Record<string, unknown> };
    });
  }
  return req;
}

/**
 * Creates a room the way Synapse does: m.room.create, the creator's join, power levels, canonical alias,
 * join rules, history visibility, guest access, initial_state, name, topic, then invites.
 */
export function createRoom(store: Store, creator: string, req: CreateRoomRequest, opts: { ts?: number } = {}): RoomData {
  let alias: string | undefined;
  if (req.room_alias_name !== undefined) {
    if (!/^[^:\s#]+$/.test(req.room_alias_name) || req.room_alias_name.length > 200) {
      throw new MatrixError(400, 'M_INVALID_PARAM', 'Invalid characters in room alias');
    }
    alias = `#${req.room_alias_name}:${store.serverName}`;
    if (store.resolveAlias(alias)) throw new MatrixError(400, 'M_ROOM_IN_USE', 'Room alias already taken');
  }
  const preset = PRESETS[req.preset ?? (req.visibility === 'public' ? 'public_chat' : 'private_chat')];
  const version = req.room_version ?? DEFAULT_ROOM_VERSION;
  const roomId = `!${store.newId('', 12).replace(/[^A-Za-z0-9]/g, 'x')}:${store.serverName}`;
  const room: RoomData = {
    roomId,
    version,
    timeline: [],
    state: {},
    typing: {},
    typingPos: 0,
    receipts: {},
    accountData: {},
  };
  store.data.rooms[roomId] = room;
  const ts = opts.ts;
  const put = (type: string, content: Record<string, unknown>, key = '', sender = creator) =>
    append(store, room, { type, sender, content, state_key: key }, { ts });

  // Rooms before v11 carry `creator`; v11 dropped it (clients use the sender).
  const createContent: Record<string, unknown> = { ...(req.creation_content ?? {}), room_version: version };
  if (version !== '11') createContent.creator = creator;
  put('m.room.create', createContent);
  put('m.room.member', { membership: 'join', ...profileContent(store, creator) }, creator);
  const users: Record<string, number> = { [creator]: 100 };
  if (req.preset === 'trusted_private_chat') for (const u of req.invite ?? []) users[u] = 100;
  put('m.room.power_levels', {
    users,
    users_default: 0,
    events: {
      'm.room.name': 50,
      'm.room.power_levels': 100,
      'm.room.history_visibility': 100,
      'm.room.canonical_alias': 50,
      'm.room.avatar': 50,
      'm.room.tombstone': 100,
      'm.room.server_acl': 100,
      'm.room.encryption': 100,
    },
    events_default: 0,
    state_default: 50,
    ban: 50,
    kick: 50,
    redact: 50,
    invite: preset.invite,
    historical: 100,
    notifications: { room: 50 },
    ...(req.power_level_content_override ?? {}),
  });
  if (alias) {
    store.data.aliases[alias] = roomId;
    put('m.room.canonical_alias', { alias });
  }
  const initial = new Map<string, { type: string; state_key: string; content: Record<string, unknown> }>();
  for (const e of req.initial_state ?? []) initial.set(stateKey(e.type, e.state_key ?? ''), { ...e, state_key: e.state_key ?? '' });
  const presetState = (type: string, content: Record<string, unknown>) => {
    // initial_state overrides what the preset would set, as in Synapse.
    if (!initial.has(stateKey(type, ''))) put(type, content);
  };
  presetState('m.room.join_rules', { join_rule: preset.join_rule });
  presetState('m.room.history_visibility', { history_visibility: preset.history_visibility });
  if (preset.guest_can_join) presetState('m.room.guest_access', { guest_access: 'can_join' });
  for (const e of initial.values()) put(e.type, e.content, e.state_key);
  if (req.name !== undefined) put('m.room.name', { name: req.name });
  if (req.topic !== undefined) {
    // Synapse (1.10x+) also writes the MSC3765 rich-text form `m.topic`.
    put('m.room.topic', { topic: req.topic, 'm.topic': [{ body: req.topic, mimetype: 'text/plain' }] });
  }
  if (req.visibility === 'public' && !store.data.publicRooms.includes(roomId)) store.data.publicRooms.push(roomId);
  for (const invitee of req.invite ?? []) {
    changeMembership(store, room, creator, invitee, 'invite', req.is_direct ? { is_direct: true } : {}, { ts });
  }
  return room;
}

/**
 * Applies a membership change with the auth rules: join (join rules, invites, bans, guest access), leave
 * (own leave, rejecting an invite, or kicking), invite and ban. Answers M_FORBIDDEN or
 * M_GUEST_ACCESS_FORBIDDEN as Synapse does. A no-op join or leave returns the current membership event.
 */
export function changeMembership(
  store: Store,
  room: RoomData,
  sender: string,
  target: string,
  membership: string,
  extra: Record<string, unknown> = {},
  opts: { ts?: number; txn?: StoredEvent['txn'] } = {},
): StoredEvent | undefined {
  const current = store.membership(room, target);
  const senderMembership = store.membership(room, sender);
  const pl = powerLevels(store, room);
  const senderPower = userPower(pl, sender);
  const targetPower = userPower(pl, target);
  const content: Record<string, unknown> = { ...extra, membership };
  switch (membership) {
    case 'join': {
      if (sender !== target) throw errors.forbidden('Cannot force another user to join.');
      if (current === 'ban') throw errors.forbidden('You are banned from this room');
      const user = Object.hasOwn(store.data.users, sender) ? store.data.users[sender] : undefined;
      if (user?.guest && !guestCanJoin(store, room)) throw errors.guestForbidden();
      if (current !== 'join' && current !== 'invite') {
        const rule = joinRule(store, room);
        if (rule !== 'public') throw errors.forbidden('You are not invited to this room.');
      }
      Object.assign(content, profileContent(store, sender), extra, { membership });
      if (current === 'join') {
        // Synapse does not send a new event when nothing changed.
        const existing = store.state(room, 'm.room.member', target)!;
        if (JSON.stringify(existing.content) === JSON.stringify(content)) return undefined;
      }
      break;
    }
    case 'leave': {
      if (sender === target) {
        if (current === undefined) throw errors.forbidden(`User ${sender} not in room ${room.roomId}`);
        if (current === 'leave') return undefined;
        if (current === 'ban') throw errors.forbidden('You are banned from this room');
      } else {
        if (senderMembership !== 'join') throw errors.forbidden(`User ${sender} not in room ${room.roomId}`);
        if (current === 'ban' ? senderPower < pl.ban : senderPower < pl.kick || targetPower >= senderPower) {
          throw errors.forbidden('You cannot kick this user');
        }
        if (current === undefined || current === 'leave') throw errors.forbidden(`User ${target} not in room`);
      }
      break;
    }
    case 'invite': {
      if (senderMembership !== 'join') throw errors.forbidden(`User ${sender} not in room ${room.roomId}`);
      if (current === 'join') throw errors.forbidden(`${target} is already in the room.`);
      if (current === 'ban') throw errors.forbidden(`${target} is banned from the room`);
      if (senderPower < pl.invite) throw errors.forbidden('You do not have permission to invite users');
      if (current === 'invite') return undefined;
      Object.assign(content, profileContent(store, target), extra, { membership });
      break;
    }
    case 'ban': {
      if (senderMembership !== 'join') throw errors.forbidden(`User ${sender} not in room ${room.roomId}`);
      if (senderPower < pl.ban || targetPower >= senderPower) throw errors.forbidden('You cannot ban this user');
      break;
    }
    default:
      throw errors.badJson(`Unknown membership ${membership}`);
  }
  return append(store, room, { type: 'm.room.member', sender, content, state_key: target }, opts);
}

// --- redaction ---

/** The redaction algorithm of room versions 10 and 11 (keys kept at top level and in content). */
export function pruneEvent(event: ClientEvent, version: string): ClientEvent {
  const v11 = version === '11';
  const topKeys = ['event_id', 'type', 'room_id', 'sender', 'state_key', 'content', 'hashes', 'signatures', 'depth', 'prev_events', 'auth_events', 'origin_server_ts'];
  if (!v11) topKeys.push('prev_state', 'origin', 'membership');
  const contentKeys: Record<string, string[]> = {
    'm.room.member': ['membership', 'join_authorised_via_users_server'],
    'm.room.create': ['creator'],
    'm.room.join_rules': ['join_rule', 'allow'],
    'm.room.power_levels': ['ban', 'events', 'events_default', 'kick', 'redact', 'state_default', 'users', 'users_default'],
    'm.room.history_visibility': ['history_visibility'],
  };
  if (v11) {
    contentKeys['m.room.power_levels'].push('invite');
    contentKeys['m.room.redaction'] = ['redacts'];
  }
  const out: Record<string, unknown> = {};
  for (const k of topKeys) if (Object.hasOwn(event, k)) out[k] = event[k];
  // `redacts` stays a top-level key for clients (Synapse keeps it there in every version).
  if (Object.hasOwn(event, 'redacts')) out.redacts = event.redacts;
  const content = event.content ?? {};
  let kept: Record<string, unknown> = {};
  if (v11 && event.type === 'm.room.create') {
    kept = { ...content };
  } else if (Object.hasOwn(contentKeys, event.type)) {
    for (const k of contentKeys[event.type]) if (Object.hasOwn(content, k)) kept[k] = content[k];
    if (v11 && event.type === 'm.room.member') {
      const tpi = content.third_party_invite as Record<string, unknown> | undefined;
      if (tpi && typeof tpi === 'object' && 'signed' in tpi) kept.third_party_invite = { signed: tpi.signed };
    }
  }
  out.content = kept;
  // unsigned is rebuilt by the server: keep only what describes the event's place, not its content.
  const unsigned = event.unsigned ?? {};
  const keptUnsigned: Record<string, unknown> = {};
  for (const k of ['replaces_state', 'prev_content']) if (Object.hasOwn(unsigned, k)) keptUnsigned[k] = unsigned[k];
  out.unsigned = keptUnsigned;
  return out as ClientEvent;
}

/**
 * Redacts `target` (if known) with a new m.room.redaction from `sender`. Senders may redact their own events
 * with the power to send m.room.redaction; others' events need the `redact` level. The redacted event is
 * pruned in place and remembers the redaction (served as `unsigned.redacted_because`).
 */
export function redact(
  store: Store,
  room: RoomData,
  sender: string,
  targetId: string,
  reason: string | undefined,
  opts: { txn?: StoredEvent['txn']; ts?: number } = {},
): StoredEvent {
  const target = store.findEvent(room, targetId);
  const pl = powerLevels(store, room);
  if (store.membership(room, sender) === 'join' && (!target || target.event.sender !== sender) && userPower(pl, sender) < pl.redact) {
    throw errors.forbidden('You don\'t have permission to redact events');
  }
  const content: Record<string, unknown> = reason !== undefined ? { reason } : {};
  // v11 moved `redacts` into content; clients still read the top-level key, which Synapse keeps too.
  if (room.version === '11') content.redacts = targetId;
  const stored = sendEvent(store, room, sender, 'm.room.redaction', content, { ...opts, redacts: targetId });
  if (target && !target.redactedBy && target.event.type !== 'm.room.create') {
    target.event = pruneEvent(target.event, room.version);
    target.redactedBy = stored.event;
  }
  return stored;
}

// --- who may see what ---

export interface ReadAccess {
  /** Timeline events after this index are hidden (a departed user sees history up to their leave). */
  upTo: number;
  /** The requester has no membership that counts (never joined): world-readable peeking only. */
  peeking: boolean;
}

/**
 * May `userId` (undefined: unauthenticated) read a room's history, state and members? Joined members yes;
 * anyone authenticated when the room is world_readable; departed members up to their leave (Synapse's
 * `allow_departed_users`); everyone else 403 M_FORBIDDEN.
 */
export function readAccess(store: Store, room: RoomData, userId: string | undefined): ReadAccess {
  const m = userId ? store.membership(room, userId) : undefined;
  const end = room.timeline.length - 1;
  if (m === 'join') return { upTo: end, peeking: false };
  if (worldReadable(store, room)) return { upTo: end, peeking: m !== 'leave' && m !== 'ban' };
  if (userId && (m === 'leave' || m === 'ban')) {
    const idx = room.state[stateKey('m.room.member', userId)];
    return { upTo: idx ?? end, peeking: false };
  }
  throw errors.forbidden(`User ${userId ?? '(guest)'} not in room ${room.roomId}, and room previews are disabled`);
}

/**
 * For each timeline index, may `userId` see the event? History visibility and membership are taken as they
 * were at the event (Synapse `filter_events_for_client`): world_readable always; joined members always;
 * `invited` also invitees; `shared` anyone who is, or was, a member (not mere peekers); the user's own
 * membership events always. A history_visibility change is judged by the more permissive of old and new.
 */
export function visibility(room: RoomData, userId: string | undefined, access: ReadAccess): boolean[] {
  const out: boolean[] = new Array(room.timeline.length).fill(false);
  let hv = 'shared';
  let mem: string | undefined;
  const allowed = (h: string, m: string | undefined) =>
    h === 'world_readable' || m === 'join' || (h === 'invited' && m === 'invite') || (h === 'shared' && !access.peeking && !!userId);
  for (let i = 0; i < room.timeline.length && i <= access.upTo; i++) {
    const ev = room.timeline[i].event;
    let ok = allowed(hv, mem);
    let nextHv = hv;
    if (ev.type === 'm.room.history_visibility' && ev.state_key === '') {
      const v = ev.content?.history_visibility;
      nextHv = typeof v === 'string' ? v : 'shared';
      ok = ok || allowed(nextHv, mem);
    }
    if (ev.type === 'm.room.member' && ev.state_key === userId && userId) {
      const m = ev.content?.membership;
      mem = typeof m === 'string' ? m : undefined;
      ok = true;
    }
    out[i] = ok;
    hv = nextHv;
  }
  return out;
}

/** The state map (key -> timeline index) just before timeline index `index` (or after everything). */
export function stateBefore(room: RoomData, index: number): Map<string, number> {
  const map = new Map<string, number>();
  for (let i = 0; i < Math.min(index, room.timeline.length); i++) {
    const ev = room.timeline[i].event;
    if (typeof ev.state_key === 'string') map.set(stateKey(ev.type, ev.state_key), i);
  }
  return map;
}

/** Index of the first timeline event with a stream position above `pos`. */
export function indexAfter(room: RoomData, pos: number): number {
  let lo = 0;
  let hi = room.timeline.length;
  while (lo < hi) {
    const mid = (lo + hi) >> 1;
    if (room.timeline[mid].pos <= pos) lo = mid + 1;
    else hi = mid;
  }
  return lo;
}

// --- serving events ---

export interface Viewer {
  userId?: string;
  deviceId?: string;
}

/**
 * An event as clients receive it: a copy with `unsigned.age`, `unsigned.transaction_id` for the sending
 * device, `unsigned.redacted_because` for redacted events, and the bundled aggregations the spec requires
 * (`m.replace` latest edit by the same sender, `m.thread` summary, `m.reference` chunk).
 */
export function serveEvent(store: Store, room: RoomData, stored: StoredEvent, viewer: Viewer, opts: { withRoomId?: boolean; aggregations?: boolean } = {}): ClientEvent {
  const ev = structuredClone(stored.event);
  if (opts.withRoomId === false) delete (ev as Partial<ClientEvent>).room_id;
  const unsigned: Record<string, unknown> = { ...(ev.unsigned ?? {}) };
  if (typeof ev.origin_server_ts === 'number') unsigned.age = Math.max(0, Date.now() - ev.origin_server_ts);
  if (stored.txn && viewer.userId === stored.txn.userId && viewer.deviceId === stored.txn.deviceId) {
    unsigned.transaction_id = stored.txn.txnId;
  }
  if (stored.redactedBy) unsigned.redacted_because = structuredClone(stored.redactedBy);
  if (opts.aggregations !== false && !stored.redactedBy) {
    const rel = aggregations(store, room, stored, viewer);
    if (rel) unsigned['m.relations'] = rel;
  }
  ev.unsigned = unsigned;
  return ev;
}


function aggregations(store: Store, room: RoomData, parent: StoredEvent, viewer: Viewer): Record<string, unknown> | undefined {
  const id = parent.event.event_id;
  let edit: StoredEvent | undefined;
  let threadLatest: StoredEvent | undefined;
  let threadCount = 0;
  let participated = parent.event.sender === viewer.userId;
  const refs: string[] = [];
  for (const s of store.relationsTo(room, id)) {
    if (s.redactedBy) continue;
    const rel = relationOf(s.event);
    if (!rel || rel.event_id !== id) continue;
    if (rel.rel_type === 'm.replace') {
      // Only edits by the original sender, of the same type, with new content count (spec "Validity of replacement events").
      if (s.event.sender === parent.event.sender && s.event.type === parent.event.type && s.event.content?.['m.new_content'] && parent.event.state_key === undefined) {
        edit = s;
      }
    } else if (rel.rel_type === 'm.thread') {
      threadCount++;
      threadLatest = s;
      if (s.event.sender === viewer.userId) participated = true;
    } else if (rel.rel_type === 'm.reference') {
      refs.push(s.event.event_id);
    }
  }
  const out: Record<string, unknown> = {};
  if (edit) out['m.replace'] = serveEvent(store, room, edit, viewer, { aggregations: false });
  if (threadLatest) {
    out['m.thread'] = {
      latest_event: serveEvent(store, room, threadLatest, viewer),
      count: threadCount,
      current_user_participated: participated,
    };
  }
  if (refs.length) out['m.reference'] = { chunk: refs.map((event_id) => ({ event_id })) };
  return Object.keys(out).length ? out : undefined;
}

/** A stripped state event (invite_state). */
export function stripped(ev: ClientEvent): Record<string, unknown> {
  return { type: ev.type, state_key: ev.state_key, content: ev.content, sender: ev.sender };
}

// --- directory entries ---

/** A `/publicRooms` chunk entry / room summary for a room. */
export function roomEntry(store: Store, room: RoomData): Record<string, unknown> {
  const s = (type: string, key: string) => {
    const v = stateContent(store, room, type)[key];
    return typeof v === 'string' && v !== '' ? v : undefined;
  };
  const entry: Record<string, unknown> = {
    room_id: room.roomId,
    num_joined_members: membersWith(store, room, 'join').length,
    world_readable: worldReadable(store, room),
    guest_can_join: guestCanJoin(store, room),
    join_rule: joinRule(store, room),
  };
  const add = (k: string, v: unknown) => {
    if (v !== undefined) entry[k] = v;
  };
  add('name', s('m.room.name', 'name'));
  add('topic', s('m.room.topic', 'topic'));
  add('avatar_url', s('m.room.avatar', 'url'));
  add('canonical_alias', s('m.room.canonical_alias', 'alias'));
  add('room_type', s('m.room.create', 'type'));
  return entry;
}

/** A user record by id, if it exists. */
export function userOf(store: Store, userId: string): User | undefined {
  return Object.hasOwn(store.data.users, userId) ? store.data.users[userId] : undefined;
}

// --- filters (spec "Filtering"; Synapse validates the same fields with a JSON schema -> 400 M_BAD_JSON) ---

export interface EventFilter {
  limit?: number;
  types?: string[];
  not_types?: string[];
  senders?: string[];
  not_senders?: string[];
  rooms?: string[];
  not_rooms?: string[];
  contains_url?: boolean;
  lazy_load_members?: boolean;
  include_redundant_members?: boolean;
  unread_thread_notifications?: boolean;
}

export interface SyncFilter {
  account_data?: EventFilter;
  presence?: EventFilter;
  event_fields?: string[];
  event_format?: string;
  room?: {
    rooms?: string[];
    not_rooms?: string[];
    include_leave?: boolean;
    timeline?: EventFilter;
    state?: EventFilter;
    ephemeral?: EventFilter;
    account_data?: EventFilter;
  };
}

function checkEventFilter(v: unknown, where: string): EventFilter {
  if (v === undefined) return {};
  if (!v || typeof v !== 'object' || Array.isArray(v)) throw errors.badJson(`${where} must be an object`);
  const f = v as Record<string, unknown>;
  for (const k of ['types', 'not_types', 'senders', 'not_senders', 'rooms', 'not_rooms']) {
    if (f[k] !== undefined && (!Array.isArray(f[k]) || (f[k] as unknown[]).some((x) => typeof x !== 'string'))) {
      throw errors.badJson(`${where}.${k} must be a list of strings`);
    }
  }
  for (const k of ['contains_url', 'lazy_load_members', 'include_redundant_members', 'unread_thread_notifications']) {
    if (f[k] !== undefined && typeof f[k] !== 'boolean') throw errors.badJson(`${where}.${k} must be a boolean`);
  }
  if (f.limit !== undefined && (typeof f.limit !== 'number' || !Number.isInteger(f.limit) || f.limit < 1)) {
    throw errors.badJson(`${where}.limit must be a positive integer`);
  }
  return f as EventFilter;
}

/** Validates a filter definition (POST /filter, inline /sync filter). */
export function parseSyncFilter(v: unknown): SyncFilter {
  if (!v || typeof v !== 'object' || Array.isArray(v)) throw errors.badJson('Filter must be an object');
  const f = v as Record<string, unknown>;
  checkEventFilter(f.account_data, 'account_data');
  checkEventFilter(f.presence, 'presence');
  if (f.event_format !== undefined && f.event_format !== 'client' && f.event_format !== 'federation') {
    throw errors.badJson("event_format must be 'client' or 'federation'");
  }
  if (f.event_fields !== undefined && (!Array.isArray(f.event_fields) || f.event_fields.some((x) => typeof x !== 'string'))) {
    throw errors.badJson('event_fields must be a list of strings');
  }
  if (f.room !== undefined) {
    const r = checkEventFilter(f.room, 'room') as Record<string, unknown>;
    if (r.include_leave !== undefined && typeof r.include_leave !== 'boolean') throw errors.badJson('room.include_leave must be a boolean');
    for (const k of ['timeline', 'state', 'ephemeral', 'account_data']) checkEventFilter(r[k], `room.${k}`);
  }
  return f as SyncFilter;
}

/** Parses a RoomEventFilter given as JSON text in a query string (/messages, /context). */
export function parseEventFilterParam(text: string | null): EventFilter {
  if (!text) return {};
  let parsed: unknown;
  try {
    parsed = JSON.parse(text);
  } catch {
    throw errors.notJson('Invalid filter JSON');
  }
  return checkEventFilter(parsed, 'filter');
}

const typeMatches = (pattern: string, type: string) =>
  pattern.endsWith('*') ? type.startsWith(pattern.slice(0, -1)) : pattern === type;

/** Does an event pass a filter's type, sender, room and contains_url conditions? */
export function matchesFilter(f: EventFilter, ev: { type: string; sender?: string; room_id?: string; content?: Record<string, unknown> }): boolean {
  if (f.not_types?.some((p) => typeMatches(p, ev.type))) return false;
  if (f.types && !f.types.some((p) => typeMatches(p, ev.type))) return false;
  if (ev.sender !== undefined) {
    if (f.not_senders?.includes(ev.sender)) return false;
    if (f.senders && !f.senders.includes(ev.sender)) return false;
  }
  if (ev.room_id !== undefined) {
    if (f.not_rooms?.includes(ev.room_id)) return false;
    if (f.rooms && !f.rooms.includes(ev.room_id)) return false;
  }
  if (f.contains_url !== undefined) {
    const has = typeof ev.content?.url === 'string';
    if (has !== f.contains_url) return false;
  }
  return true;
}
