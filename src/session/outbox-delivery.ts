/**
 * What the outbox asks the server: is this message there already, and how to word a refusal. Kept apart from
 * `outbox.ts` (which knows no HTTP) so the queue's rules read on their own.
 */
import { msg } from './texts.ts';
import type { MatrixClient } from 'matrix-js-sdk';
import type { Outbox, OutboxEntry } from './outbox.ts';
import { seg } from './http.ts';

/** How far back to look for our own copy of a message before sending it again. */
const LOOK_BACK = 50;

/**
 * The event ID of `entry`'s event when the server already has it: an event of ours with its transaction ID in
 * `unsigned.transaction_id` — first in what the running client synced, then in the room's recent history. A
 * server that no longer tells us the transaction ID (before spec v1.7 it is kept per access token, and a
 * refresh gives a new one) is matched by content: the same type and content from us, sent no earlier than the
 * message was queued, and not already claimed by another queued message.
 */
export async function findDelivered(
  entry: OutboxEntry,
  userId: string,
  get: (path: string) => Promise<Response>,
  client: MatrixClient | undefined,
  box: Outbox,
): Promise<string | undefined> {
  const synced = client?.getRoom(entry.roomId)?.getLiveTimeline().getEvents() ?? [];
  for (const ev of synced) {
    if (ev.getUnsigned().transaction_id === entry.txnId && ev.getId()?.startsWith('$')) return ev.getId();
  }
  const filter = JSON.stringify({ senders: [userId], types: [entry.type], lazy_load_members: true });
  const res = await get(`/_matrix/client/v3/rooms/${seg(entry.roomId)}/messages?dir=b&limit=${LOOK_BACK}&filter=${seg(filter)}`);
  if (!res.ok) throw new TypeError(`HTTP ${res.status}`); // cannot tell: try again later rather than risk a duplicate
  const body = (await res.json().catch(() => ({}))) as { chunk?: unknown };
  const chunk = Array.isArray(body.chunk) ? (body.chunk as Array<Record<string, unknown>>) : [];
  const claimed = new Set(box.entries.map((e) => e.eventId).filter(Boolean));
  const want = contentKey(entry.content);
  let byContent: string | undefined;
  for (const ev of chunk) {
    if (!ev || typeof ev !== 'object' || ev.sender !== userId || typeof ev.event_id !== 'string') continue;
    const txn = (ev.unsigned as { transaction_id?: unknown } | undefined)?.transaction_id;
    if (txn === entry.txnId) return ev.event_id;
    if (txn !== undefined || claimed.has(ev.event_id) || ev.type !== entry.type) continue;
    const ts = typeof ev.origin_server_ts === 'number' ? ev.origin_server_ts : 0;
    // Clocks differ: a minute of slack between the page's clock and the server's.
    if (ts >= entry.createdAt - 60_000 && contentKey(ev.content) === want) byContent ??= ev.event_id;
  }
  return byContent;
}

/** The parts of a message's content that make it the same message. */
function contentKey(content: unknown): string {
  const c = (content ?? {}) as Record<string, unknown>;
  return JSON.stringify([c.msgtype, c.body, c.format, c.formatted_body, c.url, c['m.relates_to']]);
}

/** A sentence for a message the server refused for good. */
export function refusalText(errcode: string, status: number): string {
  if (status === 413 || errcode === 'M_TOO_LARGE') return msg('Not sent: the message is too large for the server.');
  if (errcode === 'M_FORBIDDEN' || status === 403) return msg('Not sent: you are not allowed to post in this room.');
  if (errcode === 'M_GUEST_ACCESS_FORBIDDEN') return msg('Not sent: guests cannot post here. Sign in first.');
  return msg('Not sent: the server refused the message.');
}
