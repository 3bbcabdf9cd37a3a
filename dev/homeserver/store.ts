/**
 * All state of the local homeserver, as plain data that serializes to JSON (for `--data FILE`).
 * Logic lives in the route modules; this file only holds data, hands out ids and stream positions, and wakes
 * long-polling `/sync` requests when something changes.
 */
import { randomBytes, scryptSync, timingSafeEqual } from 'node:crypto';
import { readFileSync, writeFileSync, renameSync, existsSync } from 'node:fs';

export interface User {
  userId: string;
  localpart: string;
  /** `salt:hash` from scrypt; absent for guests and OAuth-only accounts without a password. */
  password?: string;
  displayname?: string;
  avatar_url?: string;
  guest: boolean;
  createdAt: number;
}

export interface Device {
  deviceId: string;
  userId: string;
  displayName?: string;
  lastSeenTs?: number;
}

/** One access token (and its refresh token) for one device. */
export interface Token {
  accessToken: string;
  refreshToken?: string;
  userId: string;
  deviceId: string;
  /** Epoch ms when the access token stops working (soft logout); undefined = never. */
  expiresAt?: number;
  /** OAuth client that obtained it, for revocation bookkeeping. */
  oauthClientId?: string;
  guest: boolean;
}

export interface ClientEvent {
  event_id: string;
  room_id: string;
  type: string;
  sender: string;
  origin_server_ts: number;
  content: Record<string, unknown>;
  state_key?: string;
  redacts?: string;
  unsigned?: Record<string, unknown>;
  [key: string]: unknown;
}

/** An event as stored: the event plus its position in the server-wide stream. */
export interface StoredEvent {
  event: ClientEvent;
  /** Stream position: strictly increasing across the whole server. */
  pos: number;
  /** Device + txnId that sent it, for idempotent `/send` and `unsigned.transaction_id`. */
  txn?: { userId: string; deviceId: string; txnId: string };
  /** The redaction event that removed this event's content, if any. */
  redactedBy?: ClientEvent;
}

export interface RoomData {
  roomId: string;
  version: string;
  /** Timeline in order (topological == stream order on a single server). */
  timeline: StoredEvent[];
  /** Current state: key is `${type}\u0000${stateKey}` -> index into `timeline`. */
  state: Record<string, number>;
  /** userId -> typing expiry (epoch ms). */
  typing: Record<string, number>;
  /** Position of the latest typing change (typing is ephemeral; sync compares positions). */
  typingPos: number;
  /** receipt type -> userId -> receipt. */
  receipts: Record<string, Record<string, { eventId: string; ts: number; threadId?: string; pos: number }>>;
  /** userId -> type -> content. */
  accountData: Record<string, Record<string, { content: Record<string, unknown>; pos: number }>>;
}

export interface MediaItem {
  mediaId: string;
  contentType: string;
  filename?: string;
  /** base64 of the bytes (keeps --data files plain JSON). */
  data: string;
  uploader: string;
  createdAt: number;
}

export interface OAuthClient {
  clientId: string;
  metadata: Record<string, unknown>;
  createdAt: number;
}

export interface StoreData {
  serverName: string;
  nextPos: number;
  users: Record<string, User>;
  devices: Record<string, Device>;
  tokens: Record<string, Token>;
  rooms: Record<string, RoomData>;
  aliases: Record<string, string>;
  /** Room IDs published in the room directory. */
  publicRooms: string[];
  media: Record<string, MediaItem>;
  /** userId -> filterId -> filter. */
  filters: Record<string, Record<string, Record<string, unknown>>>;
  /** userId -> type -> content (global account data). */
  accountData: Record<string, Record<string, { content: Record<string, unknown>; pos: number }>>;
  oauthClients: Record<string, OAuthClient>;
}

export const stateKey = (type: string, key: string) => `${type}\u0000${key}`;

/** An event's `m.relates_to`, its fields kept only when they are strings. */
export function relationOf(ev: ClientEvent): { rel_type?: string; event_id?: string; key?: string } | undefined {
  const r = ev.content?.['m.relates_to'];
  if (!r || typeof r !== 'object' || Array.isArray(r)) return undefined;
  const rel = r as Record<string, unknown>;
  return {
    rel_type: typeof rel.rel_type === 'string' ? rel.rel_type : undefined,
    event_id: typeof rel.event_id === 'string' ? rel.event_id : undefined,
    key: typeof rel.key === 'string' ? rel.key : undefined,
  };
}

function indexRelation(relations: Map<string, StoredEvent[]>, stored: StoredEvent): void {
  const parent = relationOf(stored.event)?.event_id;
  if (parent === undefined) return;
  const list = relations.get(parent);
  if (list) list.push(stored);
  else relations.set(parent, [stored]);
}

export class Store {
  data: StoreData;
  private waiters = new Set<() => void>();
  private saveTimer: NodeJS.Timeout | undefined;
  /**
   * Per room, the events that relate to each event (`m.relates_to.event_id`), in timeline order. Built on first
   * use, kept up to date by `append`; kept beside the room (not in it) so `--data` files stay plain JSON. Serving an
   * event looks its edits, thread and references up here: a scan of the whole timeline per served event made a
   * /sync or a page of /messages of a 10,000-event room take ~50 ms.
   */
  private relationIndex = new WeakMap<RoomData, Map<string, StoredEvent[]>>();

  constructor(
    serverName: string,
    private readonly file?: string,
  ) {
    this.data = file && existsSync(file) ? (JSON.parse(readFileSync(file, 'utf8')) as StoreData) : emptyData(serverName);
  }

  /** True when the store was loaded from an existing `--data` file (so it must not be seeded again). */
  get loaded(): boolean {
    return Object.keys(this.data.users).length > 0;
  }

  get serverName(): string {
    return this.data.serverName;
  }

  /** A new random opaque id: `prefix` + url-safe base64. */
  newId(prefix = '', bytes = 18): string {
    return prefix + randomBytes(bytes).toString('base64url');
  }

  /** Takes the next stream position; every change that `/sync` must report takes one. */
  nextPos(): number {
    return ++this.data.nextPos;
  }

  get currentPos(): number {
    return this.data.nextPos;
  }

  /** Wakes every long-polling request and schedules a save. */
  changed(): void {
    for (const wake of [...this.waiters]) wake();
    this.scheduleSave();
  }

  /** Resolves on the next change or after `ms`, whichever comes first; `signal` aborts the wait early. */
  waitForChange(ms: number, signal?: AbortSignal): Promise<void> {
    return new Promise((resolve) => {
      const done = () => {
        clearTimeout(timer);
        this.waiters.delete(done);
        signal?.removeEventListener('abort', done);
        resolve();
      };
      const timer = setTimeout(done, ms);
      this.waiters.add(done);
      signal?.addEventListener('abort', done);
    });
  }

  // --- users and tokens ---

  userId(localpart: string): string {
    return `@${localpart}:${this.serverName}`;
  }

  hashPassword(password: string): string {
    const salt = randomBytes(16).toString('hex');
    return `${salt}:${scryptSync(password, salt, 32).toString('hex')}`;
  }

  checkPassword(user: User, password: string): boolean {
    if (!user.password) return false;
    const [salt, hash] = user.password.split(':');
    const actual = scryptSync(password, salt, 32);
    const expected = Buffer.from(hash, 'hex');
    return actual.length === expected.length && timingSafeEqual(actual, expected);
  }

  /** Creates a device (or reuses `deviceId`) with a fresh token pair for `userId`. */
  issueToken(
    userId: string,
    opts: { deviceId?: string; displayName?: string; lifetimeMs?: number; refresh?: boolean; oauthClientId?: string } = {},
  ): Token {
    const user = this.data.users[userId];
    const deviceId = opts.deviceId || this.newId('', 6).toUpperCase().replace(/[^A-Z0-9]/g, 'X');
    // A device keeps one token at a time: logging in again on it replaces the old one, as Synapse does.
    for (const [k, t] of Object.entries(this.data.tokens)) {
      if (t.userId === userId && t.deviceId === deviceId) delete this.data.tokens[k];
    }
    this.data.devices[`${userId}|${deviceId}`] ??= { deviceId, userId, displayName: opts.displayName };
    const token: Token = {
      accessToken: this.newId('mat_', 24),
      refreshToken: opts.refresh ? this.newId('mar_', 24) : undefined,
      userId,
      deviceId,
      expiresAt: opts.refresh && opts.lifetimeMs ? Date.now() + opts.lifetimeMs : undefined,
      oauthClientId: opts.oauthClientId,
      guest: user?.guest ?? false,
    };
    this.data.tokens[token.accessToken] = token;
    this.changed();
    return token;
  }

  revokeDevice(userId: string, deviceId: string): void {
    for (const [k, t] of Object.entries(this.data.tokens)) {
      if (t.userId === userId && t.deviceId === deviceId) delete this.data.tokens[k];
    }
    delete this.data.devices[`${userId}|${deviceId}`];
    this.changed();
  }

  // --- rooms and events ---

  room(roomId: string): RoomData | undefined {
    return Object.hasOwn(this.data.rooms, roomId) ? this.data.rooms[roomId] : undefined;
  }

  /** Current state event of `type`/`key` in a room, if any. */
  state(room: RoomData, type: string, key = ''): ClientEvent | undefined {
    const i = room.state[stateKey(type, key)];
    return i === undefined ? undefined : room.timeline[i].event;
  }

  /** All current state events of a room. */
  allState(room: RoomData): ClientEvent[] {
    return Object.values(room.state).map((i) => room.timeline[i].event);
  }

  /** Membership of a user in a room (`join`, `invite`, `leave`, `ban`, `knock`) or undefined if never. */
  membership(room: RoomData, userId: string): string | undefined {
    const m = this.state(room, 'm.room.member', userId)?.content?.membership;
    return typeof m === 'string' ? m : undefined;
  }

  /**
   * Appends an event to a room's timeline and, for state events, to its current state. `raw` is stored exactly
   * as given except for the fields the server owns (event_id, room_id, origin_server_ts unless given, and
   * unsigned.prev_content for state). Used for normal sends and for injected hostile events alike.
   */
  appendEvent(
    room: RoomData,
    raw: Partial<ClientEvent> & { type: string; sender: string },
    opts: { txn?: StoredEvent['txn']; ts?: number; keepRaw?: boolean } = {},
  ): StoredEvent {
    const event = {
      ...raw,
      event_id: opts.keepRaw && typeof raw.event_id === 'string' ? raw.event_id : this.newId('$', 32),
      room_id: room.roomId,
      origin_server_ts: opts.keepRaw && raw.origin_server_ts !== undefined ? raw.origin_server_ts : (opts.ts ?? Date.now()),
    } as ClientEvent;
    if (!opts.keepRaw) event.content ??= {};
    if (typeof event.state_key === 'string') {
      const key = stateKey(event.type, event.state_key);
      const prevIndex = room.state[key];
      if (prevIndex !== undefined) {
        const prev = room.timeline[prevIndex].event;
        event.unsigned = { ...(event.unsigned ?? {}), prev_content: prev.content, replaces_state: prev.event_id };
      }
      room.state[key] = room.timeline.length;
    }
    const stored: StoredEvent = { event, pos: this.nextPos(), txn: opts.txn };
    room.timeline.push(stored);
    const relations = this.relationIndex.get(room);
    if (relations) indexRelation(relations, stored);
    this.changed();
    return stored;
  }

  /** Events whose `m.relates_to.event_id` is `eventId` (any relation type; redacted ones included), oldest first. */
  relationsTo(room: RoomData, eventId: string): readonly StoredEvent[] {
    let relations = this.relationIndex.get(room);
    if (!relations) {
      relations = new Map();
      for (const stored of room.timeline) indexRelation(relations, stored);
      this.relationIndex.set(room, relations);
    }
    return relations.get(eventId) ?? [];
  }

  findEvent(room: RoomData, eventId: string): StoredEvent | undefined {
    return room.timeline.find((e) => e.event.event_id === eventId);
  }

  resolveAlias(alias: string): string | undefined {
    return Object.hasOwn(this.data.aliases, alias) ? this.data.aliases[alias] : undefined;
  }

  // --- persistence ---

  private scheduleSave(): void {
    if (!this.file || this.saveTimer) return;
    this.saveTimer = setTimeout(() => {
      this.saveTimer = undefined;
      this.save();
    }, 200);
  }

  /** Writes the store to its `--data` file atomically (write + rename). */
  save(): void {
    if (!this.file) return;
    clearTimeout(this.saveTimer);
    this.saveTimer = undefined;
    const tmp = `${this.file}.tmp`;
    writeFileSync(tmp, JSON.stringify(this.data));
    renameSync(tmp, this.file);
  }
}

function emptyData(serverName: string): StoreData {
  return {
    serverName,
    nextPos: 0,
    users: {},
    devices: {},
    tokens: {},
    rooms: {},
    aliases: {},
    publicRooms: [],
    media: {},
    filters: {},
    accountData: {},
    oauthClients: {},
  };
}
