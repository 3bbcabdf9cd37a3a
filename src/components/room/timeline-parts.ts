/**
 * Small pure pieces of `<matrix-room>`'s timeline and composer: row keys, the scroll anchor, day separators,
 * typing and membership summaries, image sizes, the loading skeleton.
 */
import { html, type TemplateResult } from 'lit';
import type { RoomActionError } from '../../session/room-model.ts';
import { formatLongDate } from '../../render/dates-and-lists.ts';
import { formatNumber, msg, plural, str } from '../../session/texts.ts';
import type { TimelineItem } from '../../session/types.ts';

/**
 * The key of an item's row: the transaction ID of our own messages (the same from local echo to remote echo, so
 * the row, and what the reader is looking at, stays when the server's ID arrives), else the event ID.
 */
export function rowKey(item: TimelineItem): string {
  return item.txnId ? `t:${item.txnId}` : `e:${item.eventId}`;
}

/** Rows and collapsed membership runs of a timeline (rows inside a closed run have no box and are skipped). */
export const ANCHOR_SELECTOR = '.row[data-row-id], summary.membership-run[data-event-id]';

/**
 * What stays put for the reader: an event's content (its sender line may come or go as older messages of the
 * same sender are loaded above it), or the whole row / run summary.
 */
export function anchorBox(row: HTMLElement): HTMLElement {
  return row.querySelector<HTMLElement>(':scope > [part~="event"] > .content') ?? row;
}

/** The first event shown in the timeline's viewport and its offset (px) from the timeline's top edge. */
export function firstVisibleEvent(timeline: HTMLElement): { id?: string; offset?: number } {
  // The first event that starts inside the view: what the reader's eye is on. One cut off at the top may change
  // size as history arrives (a run of joins growing, a header going), which must not move what is below it.
  const top = timeline.getBoundingClientRect().top;
  let partly: { id?: string; offset?: number } = {};
  for (const el of timeline.querySelectorAll<HTMLElement>(ANCHOR_SELECTOR)) {
    const rect = el.getBoundingClientRect();
    if (rect.height === 0 || rect.bottom <= top) continue;
    const id = el.dataset.rowId ?? el.dataset.eventId;
    if (!id) continue;
    const found = { id, offset: anchorBox(el).getBoundingClientRect().top - top };
    if (rect.top >= top) return found;
    if (partly.id === undefined) partly = found;
  }
  return partly;
}

export function anchorElement(timeline: HTMLElement, id: string): HTMLElement | null {
  const esc = CSS.escape(id);
  const el = timeline.querySelector<HTMLElement>(`.row[data-row-id="${esc}"], summary.membership-run[data-event-id="${esc}"]`);
  return el && el.getBoundingClientRect().height > 0 ? anchorBox(el) : null;
}

/** Authenticated media: spec v1.11 or later, or the MSC3916 stable flag. */

export function dayKey(ts: number): string {
  if (!ts) return '';
  const d = new Date(ts);
  return `${d.getFullYear()}-${d.getMonth()}-${d.getDate()}`;
}

export function formatDay(ts: number): string {
  const d = new Date(ts);
  const today = new Date();
  const yesterday = new Date(Date.now() - 86_400_000);
  if (dayKey(ts) === dayKey(today.getTime())) return msg('Today');
  if (dayKey(ts) === dayKey(yesterday.getTime())) return msg('Yesterday');
  return formatLongDate(d);
}

export function typingText(names: string[]): string {
  const [a, b] = names;
  if (names.length === 0) return '';
  if (names.length === 1) return msg(str`${a} is typing…`);
  if (names.length === 2) return msg(str`${a} and ${b} are typing…`);
  const n = names.length - 2;
  const count = formatNumber(n);
  return plural(n, msg(str`${a}, ${b} and ${count} other are typing…`), msg(str`${a}, ${b} and ${count} others are typing…`));
}

type MembershipChange = 'profile' | 'join' | 'leave' | 'invite' | 'ban' | 'other';

/** "1 person joined" / "3 people joined": each change a whole sentence for translators, by the plural rules. */
function membershipPhrase(change: MembershipChange, n: number): string {
  const c = formatNumber(n);
  switch (change) {
    case 'profile': return plural(n, msg(str`${c} person changed their profile`), msg(str`${c} people changed their profile`));
    case 'join': return plural(n, msg(str`${c} person joined`), msg(str`${c} people joined`));
    case 'leave': return plural(n, msg(str`${c} person left`), msg(str`${c} people left`));
    case 'invite': return plural(n, msg(str`${c} person was invited`), msg(str`${c} people were invited`));
    case 'ban': return plural(n, msg(str`${c} person was banned`), msg(str`${c} people were banned`));
    default: return plural(n, msg(str`${c} person changed membership`), msg(str`${c} people changed membership`));
  }
}

/** "3 people joined", "2 people joined, 1 person left", ... */
export function summarizeMemberships(run: TimelineItem[]): string {
  const counts = new Map<MembershipChange, Set<string>>();
  for (const item of run) {
    const m = item.membership;
    if (!m) continue;
    const change: MembershipChange = m.membership === 'join' && m.prevMembership === 'join' ? 'profile'
      : m.membership === 'join' || m.membership === 'leave' || m.membership === 'invite' || m.membership === 'ban' ? m.membership
      : 'other';
    let set = counts.get(change);
    if (!set) counts.set(change, (set = new Set()));
    set.add(m.targetUserId);
  }
  return Array.from(counts, ([change, users]) => membershipPhrase(change, users.size)).join(', ');
}

export function imageSize(file: File): Promise<{ width: number; height: number } | undefined> {
  return createImageBitmap(file).then(
    (bitmap) => {
      const size = { width: bitmap.width, height: bitmap.height };
      bitmap.close();
      return size;
    },
    () => undefined,
  );
}

/** The placeholder shown while the room loads. */
export function loadingSkeleton(): TemplateResult {
  return html`<div class="skeleton" role="status" aria-label=${msg('Loading room')}>
    <div class="skeleton-line short"></div><div class="skeleton-line mid"></div>
    <div class="skeleton-line"></div><div class="skeleton-line short"></div><div class="skeleton-line mid"></div>
  </div>`;
}

/** `instanceof` without a static import of room-model.ts (the class lives in the lazily loaded chunk). */
export function isRoomActionError(e: unknown): e is RoomActionError {
  return e instanceof Error && e.name === 'RoomActionError' && typeof (e as RoomActionError).errcode === 'string';
}
