/**
 * Raw event JSON → `TimelineItem`, defensively. Every field of a raw event is attacker-controlled: read only own
 * properties of plain objects, check every type, bound every length, and never copy an object from the event
 * into ours (so `__proto__` keys stay inert data and `Object.prototype` is never touched: CVE-2023-28103).
 */
import type {
  TimelineItem,
  TimelineItemStatus,
  TimelineMedia,
  TimelineMembership,
  TimelineReaction,
  TimelineStateChange,
} from './types.ts';
import { parseMxc } from './mxc.ts';
import { cleanName, cleanText, isUserId, MAX_HTML_LENGTH } from './names.ts';

/** Plain bodies are cut to this many characters (a 1 MB body must not freeze the page). */
export const MAX_BODY_LENGTH = 65_536;
/** Timestamps further in the future than this are clamped (clock skew is fine; year 3000 is not). */
const MAX_FUTURE_MS = 24 * 60 * 60 * 1000;

const MESSAGE_TYPES = new Set(['m.room.message', 'm.sticker']);
const MEDIA_MSGTYPES = new Set(['m.image', 'm.file', 'm.video', 'm.audio']);
const MEMBERSHIPS = new Set(['join', 'leave', 'invite', 'ban', 'knock']);
/** State events with a summary line; other state events are not shown in the timeline. */
const SHOWN_STATE = new Set([
  'm.room.create', 'm.room.name', 'm.room.topic', 'm.room.avatar', 'm.room.canonical_alias',
  'm.room.join_rules', 'm.room.history_visibility', 'm.room.encryption', 'm.room.power_levels',
  'm.room.guest_access', 'm.room.tombstone',
]);

/** What the builder needs to know about the room and the viewer. */
export interface TimelineContext {
  /** The signed-in user, to mark own messages and own reactions. */
  ownUserId?: string;
  /** userId → display name to show, from `disambiguateDisplayNames`. Missing users show their ID. */
  displayNames?: ReadonlyMap<string, string>;
  /** userId → validated avatar mxc URI. */
  avatars?: ReadonlyMap<string, string>;
  /** Whether `userId` may redact other people's events (from power levels). Default: nobody may. */
  canRedactOthers?: (userId: string) => boolean;
  /** Delivery status for local echoes, by event or transaction ID. */
  statusOf?: (eventId: string) => TimelineItemStatus | undefined;
  /** "Now" in ms, for clamping future timestamps (injectable for tests). */
  now?: number;
}

type Json = Record<string, unknown>;

/** A plain JSON object (not null, not an array), else `undefined`. */
function obj(value: unknown): Json | undefined {
  return typeof value === 'object' && value !== null && !Array.isArray(value) ? (value as Json) : undefined;
}

/** Own property only: `raw.__proto__` / `raw.constructor` from JSON are data, never the prototype chain. */
function field(o: Json | undefined, key: string): unknown {
  return o !== undefined && Object.hasOwn(o, key) ? o[key] : undefined;
}

function str(o: Json | undefined, key: string, max = 255): string | undefined {
  const v = field(o, key);
  return typeof v === 'string' && v.length > 0 && v.length <= max ? v : undefined;
}

function positiveInt(value: unknown, max: number): number | undefined {
  return typeof value === 'number' && Number.isInteger(value) && value > 0 && value <= max ? value : undefined;
}

/** Remove the plain-text reply fallback: leading `> ` lines and the blank line after them. */
export function stripReplyFallback(body: string): string {
  const lines = body.split('\n');
  let i = 0;
  while (i < lines.length && lines[i].startsWith('>')) i++;
  if (i === 0) return body;
  if (i < lines.length && lines[i] === '') i++;
  return lines.slice(i).join('\n');
}

function relatesTo(content: Json | undefined): Json | undefined {
  return obj(field(content, 'm.relates_to'));
}

function eventIdOf(raw: Json | undefined): string | undefined {
  const id = str(raw, 'event_id');
  return id && !/\s/.test(id) ? id : undefined;
}

function senderOf(raw: Json | undefined): string {
  const sender = field(raw, 'sender');
  return isUserId(sender) ? sender : '';
}

function timestamp(raw: Json | undefined, now: number): number {
  const ts = field(raw, 'origin_server_ts');
  if (typeof ts !== 'number' || !Number.isFinite(ts) || ts < 0) return 0;
  return Math.min(Math.floor(ts), now + MAX_FUTURE_MS);
}

function mediaOf(content: Json, msgtype: string, body: string): TimelineMedia {
  const info = obj(field(content, 'info'));
  const url = field(content, 'url');
  const thumb = field(info, 'thumbnail_url');
  const mimetype = str(info, 'mimetype', 100);
  const size = field(info, 'size');
  const duration = field(info, 'duration');
  const filename = cleanName(str(content, 'filename', 1024) ?? body, 255) || defaultFilename(msgtype);
  return {
    mxc: parseMxc(url) ? (url as string) : undefined,
    thumbnailMxc: parseMxc(thumb) ? (thumb as string) : undefined,
    filename,
    mimetype: mimetype && /^[\w.+-]+\/[\w.+-]+$/.test(mimetype) ? mimetype.toLowerCase() : undefined,
    size: typeof size === 'number' && Number.isSafeInteger(size) && size >= 0 ? size : undefined,
    width: positiveInt(field(info, 'w'), 100_000),
    height: positiveInt(field(info, 'h'), 100_000),
    durationMs: positiveInt(duration, 1e10),
  };
}

function defaultFilename(msgtype: string): string {
  return { 'm.image': 'image', 'm.video': 'video', 'm.audio': 'audio' }[msgtype] ?? 'file';
}

/** Fill the message fields (body, format, media) from a content object (the event's, or an edit's new content). */
function applyMessageContent(item: TimelineItem, content: Json, isReply: boolean): void {
  const msgtype = str(content, 'msgtype', 255);
  let rawBody = field(content, 'body');
  if (typeof rawBody !== 'string') rawBody = '';
  let body = rawBody as string;
  if (body.length > MAX_BODY_LENGTH) {
    body = body.slice(0, MAX_BODY_LENGTH);
    item.bodyTruncated = true;
  } else {
    item.bodyTruncated = undefined;
  }
  if (isReply) body = stripReplyFallback(body);
  item.body = cleanText(body);
  item.msgtype = msgtype ? cleanName(msgtype) : undefined;
  const formatted = field(content, 'formatted_body');
  item.formattedBody =
    field(content, 'format') === 'org.matrix.custom.html' && typeof formatted === 'string' &&
    formatted.length <= MAX_HTML_LENGTH && !item.bodyTruncated
      ? formatted
      : undefined;
  item.media = msgtype && MEDIA_MSGTYPES.has(msgtype) ? mediaOf(content, msgtype, body) : undefined;
  // A message without a msgtype or a string body is malformed: show the fallback, not an empty bubble.
  item.kind = msgtype && typeof field(content, 'body') === 'string' ? 'message' : 'unknown';
}

/**
 * Turn one raw event (client-server JSON, e.g. `MatrixEvent.getEffectiveEvent()`) into a timeline item.
 * @returns `null` for events that are not shown on their own: relations (edits, reactions), redaction events,
 *   state types we do not summarise, and events without a usable `event_id`.
 */
export function toTimelineItem(rawEvent: unknown, context: TimelineContext = {}): TimelineItem | null {
  const raw = obj(rawEvent);
  const eventId = eventIdOf(raw);
  if (!raw || !eventId) return null;
  const now = context.now ?? Date.now();
  const rawType = field(raw, 'type');
  const type = typeof rawType === 'string' && rawType.length <= 255 ? cleanName(rawType) : '';
  const content = obj(field(raw, 'content'));
  const unsigned = obj(field(raw, 'unsigned'));
  const stateKey = field(raw, 'state_key');
  const rel = relatesTo(content);
  const relType = field(rel, 'rel_type');

  if (type === 'm.reaction' || type === 'm.room.redaction') return null;
  if (relType === 'm.replace') return null; // an edit: applied to its target by buildTimeline
  if (typeof stateKey === 'string' && type !== 'm.room.member' && !SHOWN_STATE.has(type)) return null;

  const sender = senderOf(raw);
  const inReplyTo = str(obj(field(rel, 'm.in_reply_to')), 'event_id');
  const item: TimelineItem = {
    eventId,
    type: type || 'unknown',
    kind: 'unknown',
    sender: {
      userId: sender || 'unknown sender',
      displayName: (sender && context.displayNames?.get(sender)) || sender || 'unknown sender',
      avatarUrl: sender ? context.avatars?.get(sender) : undefined,
    },
    ts: timestamp(raw, now),
    body: '',
    redacted: false,
    edited: false,
    replyTo: inReplyTo ? { eventId: inReplyTo } : undefined,
    reactions: [],
    status: context.statusOf?.(eventId) ?? 'sent',
    mine: !!sender && sender === context.ownUserId,
  };
  const txnId = str(unsigned, 'transaction_id');
  if (txnId) item.txnId = txnId;

  if (field(unsigned, 'redacted_because') !== undefined) {
    // Redacted: the server already stripped the content; whatever is left is not shown.
    item.redacted = true;
    item.kind = 'redacted';
    item.replyTo = undefined;
    return item;
  }
  if (type === 'm.room.encrypted') {
    item.kind = 'encrypted';
    return item;
  }
  if (MESSAGE_TYPES.has(type)) {
    if (type === 'm.sticker') {
      // A sticker is an image with a caption in `body`.
      const sticker = content ?? {};
      item.kind = 'message';
      item.msgtype = 'm.image';
      item.body = cleanText(str(sticker, 'body', MAX_BODY_LENGTH) ?? '');
      item.media = mediaOf(sticker, 'm.image', item.body);
      return item;
    }
    if (!content) return item; // kind 'unknown': a message with no content
    applyMessageContent(item, content, !!inReplyTo);
    return item;
  }
  if (type === 'm.room.member' && typeof stateKey === 'string') {
    item.kind = 'membership';
    item.membership = membershipOf(stateKey, content, obj(field(unsigned, 'prev_content')));
    return item;
  }
  if (typeof stateKey === 'string') {
    item.kind = 'state';
    item.state = stateChangeOf(stateKey, content);
    return item;
  }
  return item; // unknown event type: fallback tile
}

function membershipOf(stateKey: string, content: Json | undefined, prev: Json | undefined): TimelineMembership {
  const raw = str(content, 'membership', 32);
  const prevRaw = str(prev, 'membership', 32);
  const name = cleanName(field(content, 'displayname'));
  const prevName = cleanName(field(prev, 'displayname'));
  const target = isUserId(stateKey) ? stateKey : cleanName(stateKey, 255);
  const membership: TimelineMembership = {
    membership: raw && MEMBERSHIPS.has(raw) ? raw : 'unknown',
    targetUserId: target,
    targetDisplayName: name || prevName || target,
  };
  if (prevRaw) membership.prevMembership = MEMBERSHIPS.has(prevRaw) ? prevRaw : 'unknown';
  if (membership.membership === 'join' && membership.prevMembership === 'join') {
    if (name !== prevName) membership.prevDisplayName = prevName || target;
    else if (field(content, 'avatar_url') !== field(prev, 'avatar_url')) membership.avatarChanged = true;
  }
  const reason = cleanName(field(content, 'reason'), 300);
  if (reason) membership.reason = reason;
  return membership;
}

function stateChangeOf(stateKey: string, content: Json | undefined): TimelineStateChange {
  const change: TimelineStateChange = { stateKey: cleanName(stateKey, 255) };
  const name = field(content, 'name');
  if (typeof name === 'string') change.name = cleanName(name);
  const topic = field(content, 'topic');
  if (typeof topic === 'string') change.topic = cleanText(topic, 1000);
  const alias = field(content, 'alias');
  if (typeof alias === 'string') change.alias = cleanName(alias);
  const joinRule = field(content, 'join_rule');
  if (typeof joinRule === 'string') change.joinRule = cleanName(joinRule, 32);
  const visibility = field(content, 'history_visibility');
  if (typeof visibility === 'string') change.historyVisibility = cleanName(visibility, 32);
  return change;
}

interface RawInfo {
  raw: Json;
  eventId: string;
  sender: string;
  type: string;
  roomId: unknown;
  ts: number;
}

/**
 * Build the displayable timeline from raw events in timeline order: drop duplicate IDs (first wins), apply
 * redactions (only by the original sender, or by users `canRedactOthers` allows), apply the latest valid edit
 * (same sender, same room, same event type, has `m.new_content`, not an edit of an edit), and aggregate
 * reactions (one per sender and key). Relations to events that are not in the list are ignored.
 */
export function buildTimeline(rawEvents: readonly unknown[], context: TimelineContext = {}): TimelineItem[] {
  const now = context.now ?? Date.now();
  const seen = new Set<string>();
  const events: RawInfo[] = [];
  for (const value of Array.isArray(rawEvents) ? rawEvents : []) {
    const raw = obj(value);
    const eventId = eventIdOf(raw);
    if (!raw || !eventId || seen.has(eventId)) continue;
    seen.add(eventId);
    const type = field(raw, 'type');
    events.push({
      raw, eventId, sender: senderOf(raw), type: typeof type === 'string' ? type : '', roomId: field(raw, 'room_id'),
      ts: timestamp(raw, now),
    });
  }
  const byId = new Map(events.map((e) => [e.eventId, e]));

  // Redactions.
  const redacted = new Set<string>();
  for (const e of events) {
    if (e.type !== 'm.room.redaction') continue;
    const content = obj(field(e.raw, 'content'));
    const target = str(content, 'redacts') ?? str(e.raw, 'redacts');
    const original = target ? byId.get(target) : undefined;
    if (!original) continue;
    if (original.sender === e.sender || (e.sender && context.canRedactOthers?.(e.sender))) redacted.add(original.eventId);
  }

  // Edits: latest valid one per target.
  const latestEdit = new Map<string, RawInfo>();
  for (const e of events) {
    if (redacted.has(e.eventId)) continue;
    const content = obj(field(e.raw, 'content'));
    const rel = relatesTo(content);
    if (field(rel, 'rel_type') !== 'm.replace') continue;
    const target = byId.get(str(rel, 'event_id') ?? '');
    const newContent = obj(field(content, 'm.new_content'));
    // An edit must itself be a complete message: a bad edit never blanks out a good message.
    if (!target || !newContent || typeof field(newContent, 'body') !== 'string' || !str(newContent, 'msgtype')) continue;
    if (target.sender !== e.sender || !e.sender || target.type !== e.type || target.roomId !== e.roomId) continue;
    if (field(relatesTo(obj(field(target.raw, 'content'))), 'rel_type') === 'm.replace') continue;
    const current = latestEdit.get(target.eventId);
    if (!current || e.ts > current.ts || (e.ts === current.ts && e.eventId > current.eventId)) {
      latestEdit.set(target.eventId, e);
    }
  }

  // Reactions: key → senders, per target.
  const reactions = new Map<string, Map<string, { senders: Set<string>; mine?: string }>>();
  for (const e of events) {
    if (e.type !== 'm.reaction' || redacted.has(e.eventId) || !e.sender) continue;
    const rel = relatesTo(obj(field(e.raw, 'content')));
    if (field(rel, 'rel_type') !== 'm.annotation') continue;
    const target = str(rel, 'event_id');
    const key = cleanName(field(rel, 'key'), 64);
    if (!target || !key || !byId.has(target)) continue;
    let keys = reactions.get(target);
    if (!keys) reactions.set(target, (keys = new Map()));
    let entry = keys.get(key);
    if (!entry) keys.set(key, (entry = { senders: new Set() }));
    entry.senders.add(e.sender);
    if (e.sender === context.ownUserId) entry.mine = e.eventId;
  }

  const items: TimelineItem[] = [];
  for (const e of events) {
    let item: TimelineItem | null;
    try {
      item = toTimelineItem(e.raw, context);
    } catch {
      item = null; // toTimelineItem does not throw by design; a getter-laden object must not stop the rest
    }
    if (!item) continue;
    if (redacted.has(e.eventId)) {
      item = { ...item, kind: 'redacted', redacted: true, body: '', formattedBody: undefined, media: undefined,
        replyTo: undefined, msgtype: undefined, membership: undefined, state: undefined };
    } else {
      const edit = latestEdit.get(e.eventId);
      const newContent = edit && obj(field(obj(field(edit.raw, 'content')), 'm.new_content'));
      if (newContent && item.kind === 'message') {
        applyMessageContent(item, newContent, false);
        item.edited = true;
      }
    }
    const keys = reactions.get(e.eventId);
    if (keys && !item.redacted) {
      item.reactions = Array.from(keys, ([key, entry]): TimelineReaction => {
        const reaction: TimelineReaction = { key, count: entry.senders.size, mine: entry.mine !== undefined };
        if (entry.mine) reaction.myEventId = entry.mine;
        return reaction;
      });
    }
    items.push(item);
  }
  return items;
}
