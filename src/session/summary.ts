/**
 * Room information for first paint, WITHOUT matrix-js-sdk: plain `fetch` against the homeserver.
 *
 * Order (each step only when the previous one is missing on this server or does not know the room):
 * 1. the summary endpoint: `GET /_matrix/client/v1/room_summary/{roomIdOrAlias}` (spec v1.15) or one of the MSC3266
 *    unstable paths (the older `/unstable/im.nheko.summary/rooms/.../summary`, `.../summary/...`), the one this
 *    server is most likely to have first (`endpoint-memory.ts`: what answered before on this page, its versions);
 * 3. a `/publicRooms` search (filtered POST, then unauthenticated GET pages);
 * 4. `GET /directory/room/{alias}`: the alias resolves, so the room exists, but all we know is its alias.
 *
 * Used by `<matrix-room>` (summary card, first paint) and by the join button. Everything the server returns is
 * untrusted: fields are copied only when they have the expected type.
 */
import { msg, str } from './texts.ts';
import { likelyFirst, noteAnswer } from './endpoint-memory.ts';
import { takeEarlyResponse } from './early-responses.ts';
import { parseRoomAddress, type RoomAddress } from './room-address.ts';
import type { MatrixErrorInfo, RoomSummary } from './types.ts';
import { asObject, readJson } from './answer.ts';
import { badAnswerText } from './errors.ts';

export interface SummaryOptions {
  /** Sent (as `Authorization: Bearer`) to the homeserver only; gives `membership` and private rooms we are in. */
  accessToken?: string;
  signal?: AbortSignal;
  /** For tests and special environments; defaults to the global `fetch`. */
  fetch?: typeof fetch;
}

/** A summary lookup that failed; `info.errcode` is `M_NOT_FOUND`, `M_FORBIDDEN`, `ME_UNREACHABLE`, ... */
export class RoomSummaryError extends Error {
  readonly info: MatrixErrorInfo;
  constructor(errcode: string, message: string) {
    super(message);
    this.name = 'RoomSummaryError';
    this.info = { operation: 'load-room', errcode, message };
  }
  get errcode(): string {
    return this.info.errcode;
  }
}

interface Answer {
  status: number;
  /** Parsed JSON object, or undefined when the body was not a JSON object. */
  body: Record<string, unknown> | undefined;
}

const stringValue = (v: unknown): string | undefined => (typeof v === 'string' ? v : undefined);
const bool = (v: unknown): boolean => v === true;
const count = (v: unknown): number | undefined =>
  typeof v === 'number' && Number.isSafeInteger(v) && v >= 0 ? v : undefined;

/** The spec's types for the summary fields we read (room_summary and publicRooms chunk entries alike). */
const FIELD_TYPES: Record<string, (v: unknown) => boolean> = {
  room_id: (v) => typeof v === 'string',
  canonical_alias: (v) => typeof v === 'string',
  name: (v) => typeof v === 'string',
  topic: (v) => typeof v === 'string',
  avatar_url: (v) => typeof v === 'string',
  join_rule: (v) => typeof v === 'string',
  membership: (v) => typeof v === 'string',
  world_readable: (v) => typeof v === 'boolean',
  guest_can_join: (v) => typeof v === 'boolean',
  num_joined_members: (v) => typeof v === 'number',
};

const badAnswer = () => new RoomSummaryError('ME_BAD_ANSWER', badAnswerText());

/** Builds a RoomSummary from a room_summary or publicRooms chunk entry (same field names in both). */
function fromServer(o: Record<string, unknown>, source: RoomSummary['source'], asked: RoomAddress): RoomSummary | undefined {
  // A field of the wrong type is a broken or hostile server, said as such (not silently half-shown).
  for (const [field, valid] of Object.entries(FIELD_TYPES)) {
    if (Object.hasOwn(o, field) && o[field] !== null && !valid(o[field])) throw badAnswer();
  }
  const roomId = stringValue(o.room_id);
  if (!roomId || !roomId.startsWith('!')) return undefined;
  const avatar = stringValue(o.avatar_url);
  const summary: RoomSummary = {
    roomId,
    worldReadable: bool(o.world_readable),
    guestCanJoin: bool(o.guest_can_join),
    source,
  };
  const alias = stringValue(o.canonical_alias) ?? (asked.kind === 'alias' ? asked.value : undefined);
  if (alias) summary.alias = alias;
  const name = stringValue(o.name);
  if (name) summary.name = name;
  const topic = stringValue(o.topic);
  if (topic) summary.topic = topic;
  if (avatar?.startsWith('mxc://')) summary.avatarUrl = avatar;
  const members = count(o.num_joined_members);
  if (members !== undefined) summary.memberCount = members;
  const joinRule = stringValue(o.join_rule) ?? (source === 'public_rooms' ? 'public' : undefined);
  if (joinRule) summary.joinRule = joinRule;
  const membership = stringValue(o.membership);
  if (membership) summary.membership = membership;
  return summary;
}

/** True when the answer means "this server has no such endpoint" rather than an answer about the room. */
function endpointMissing(a: Answer): boolean {
  const errcode = stringValue(a.body?.errcode);
  if (errcode === 'M_UNRECOGNIZED') return true;
  if (a.status === 404 || a.status === 405 || a.status === 501) return errcode === undefined;
  return a.status >= 500 || (a.status === 400 && errcode === undefined);
}

const inflight = new Map<string, Promise<RoomSummary>>();

/**
 * Looks a room up for display. `room` is a parsed address or anything `parseRoomAddress` accepts.
 * Resolves with a summary or rejects with a {@link RoomSummaryError}. Identical concurrent lookups (same server,
 * room and token) share one set of requests.
 */
export function fetchRoomSummary(
  homeserverUrl: string,
  room: RoomAddress | string,
  options: SummaryOptions = {},
): Promise<RoomSummary> {
  let address: RoomAddress;
  if (typeof room === 'string') {
    const parsed = parseRoomAddress(room);
    if (!parsed.ok) return Promise.reject(new RoomSummaryError('ME_BAD_ATTRIBUTE', parsed.message));
    address = parsed.address;
  } else {
    address = room;
  }
  const base = homeserverUrl.replace(/\/+$/, '');
  // Only share lookups that cannot be aborted separately.
  if (options.signal || options.fetch) return lookup(base, address, options);
  const key = `${base}\n${address.value}\n${address.via.join(',')}\n${options.accessToken ?? ''}`;
  let p = inflight.get(key);
  if (!p) {
    p = lookup(base, address, options).finally(() => inflight.delete(key));
    inflight.set(key, p);
  }
  return p;
}

async function lookup(base: string, address: RoomAddress, options: SummaryOptions): Promise<RoomSummary> {
  const doFetch = options.fetch ?? globalThis.fetch.bind(globalThis);

  const request = async (method: 'GET' | 'POST', path: string, body?: unknown, auth = true): Promise<Answer> => {
    const headers: Record<string, string> = {};
    if (auth && options.accessToken) headers.Authorization = `Bearer ${options.accessToken}`;
    if (body !== undefined) headers['Content-Type'] = 'application/json';
    let res: Response;
    try {
      const send = () => doFetch(base + path, {
        method,
        headers,
        body: body === undefined ? undefined : JSON.stringify(body),
        signal: options.signal,
        credentials: 'omit',
      });
      // The loader may have asked already (a signed-in page's room summary): its answer, sooner.
      const early = method === 'GET' && !options.fetch ? takeEarlyResponse(base + path, headers.Authorization ?? null, send) : undefined;
      res = await (early ?? send());
    } catch (e) {
      if (options.signal?.aborted) throw e;
      throw new RoomSummaryError('ME_UNREACHABLE', msg('The Matrix server cannot be reached. Check your connection and try again.'));
    }
    const read = await readJson(res).catch(() => undefined);
    if (read && !read.ok && read.reason === 'too-large') throw badAnswer();
    return { status: res.status, body: read?.ok ? asObject(read.value) : undefined };
  };

  const id = encodeURIComponent(address.value);
  const via = address.via.map((v) => `via=${encodeURIComponent(v)}`).join('&');
  const query = via ? `?${via}` : '';

  // What the summary endpoints said about the room, when one of them exists on this server.
  let refused: 'M_NOT_FOUND' | 'M_FORBIDDEN' | undefined;

  for (const { key, path } of likelyFirst(base, [
    { key: 'room_summary', stableIn: 'v1.15', path: `/_matrix/client/v1/room_summary/${id}${query}` },
    // The older MSC3266 shape first: Synapse (1.67, with msc3266_enabled) serves only this one.
    { key: 'msc3266-rooms', path: `/_matrix/client/unstable/im.nheko.summary/rooms/${id}/summary${query}` },
    { key: 'msc3266', path: `/_matrix/client/unstable/im.nheko.summary/summary/${id}${query}` },
  ])) {
    const a = await request('GET', path);
    if (a.status === 200 && a.body) {
      noteAnswer(base, key, true);
      const s = fromServer(a.body, 'room_summary', address);
      if (s) return s;
      continue;
    }
    if (endpointMissing(a)) {
      // A server error says nothing about whether the path exists: only a clear "unknown path" is remembered.
      if (a.status < 500) noteAnswer(base, key, false);
      continue;
    }
    noteAnswer(base, key, true);
    const errcode = stringValue(a.body?.errcode);
    refused = errcode === 'M_FORBIDDEN' || a.status === 403 ? 'M_FORBIDDEN' : 'M_NOT_FOUND';
    break;
  }

  // The public room directory: a public room is there even on servers without a summary endpoint.
  const listed = await searchPublicRooms(request, address);
  if (listed) return listed;

  let roomId: string | undefined;
  if (address.kind === 'alias') {
    const a = await request('GET', `/_matrix/client/v3/directory/room/${id}`, undefined, false);
    if (a.status === 200) roomId = stringValue(a.body?.room_id);
    else if (!endpointMissing(a) && stringValue(a.body?.errcode) !== 'M_NOT_FOUND' && a.status !== 404) {
      throw new RoomSummaryError(stringValue(a.body?.errcode) ?? 'ME_UNREACHABLE', msg('The Matrix server could not look this room up.'));
    }
    if (!roomId || !roomId.startsWith('!')) {
      throw new RoomSummaryError('M_NOT_FOUND', msg(str`The room ${address.value} does not exist.`));
    }
  } else {
    roomId = address.value;
  }

  if (refused === 'M_FORBIDDEN' || (refused === 'M_NOT_FOUND' && address.kind === 'alias')) {
    // The room exists (its alias resolves, or the server said forbidden), but its details are not public.
    throw new RoomSummaryError('M_FORBIDDEN', msg('This room is private: you can see it only when you are invited or a member.'));
  }
  if (refused === 'M_NOT_FOUND') {
    throw new RoomSummaryError('M_NOT_FOUND', msg(str`The room ${address.value} does not exist, or it is not visible to you.`));
  }
  // No summary endpoint and not in the directory: all we know is the address. A card with it and "Join".
  const bare: RoomSummary = { roomId, worldReadable: false, guestCanJoin: false, source: 'directory' };
  if (address.kind === 'alias') bare.alias = address.value;
  return bare;
}

type Request = (method: 'GET' | 'POST', path: string, body?: unknown, auth?: boolean) => Promise<Answer>;

async function searchPublicRooms(request: Request, address: RoomAddress): Promise<RoomSummary | undefined> {
  const matches = (o: Record<string, unknown>) =>
    address.kind === 'id'
      ? o.room_id === address.value
      : o.canonical_alias === address.value || (Array.isArray(o.aliases) && o.aliases.includes(address.value));
  const find = (body: Record<string, unknown> | undefined) => {
    const chunk = Array.isArray(body?.chunk) ? (body.chunk as unknown[]) : [];
    for (const entry of chunk) {
      if (entry && typeof entry === 'object' && matches(entry as Record<string, unknown>)) {
        return fromServer(entry as Record<string, unknown>, 'public_rooms', address);
      }
    }
    return undefined;
  };

  // A filtered search first (one request); the term is the alias's local part, which servers match on.
  if (address.kind === 'alias') {
    const term = address.value.slice(1, address.value.indexOf(':'));
    const a = await request('POST', '/_matrix/client/v3/publicRooms', { limit: 50, filter: { generic_search_term: term } });
    if (a.status === 200) {
      const hit = find(a.body);
      if (hit) return hit;
    }
  }
  // Then page through the unauthenticated listing (bounded: a huge directory is not worth more requests).
  let since: string | undefined;
  for (let page = 0; page < 5; page++) {
    const a = await request(
      'GET',
      `/_matrix/client/v3/publicRooms?limit=100${since ? `&since=${encodeURIComponent(since)}` : ''}`,
      undefined,
      false,
    );
    if (a.status !== 200) return undefined;
    const hit = find(a.body);
    if (hit) return hit;
    since = stringValue(a.body?.next_batch);
    if (!since) return undefined;
  }
  return undefined;
}
