/**
 * The unread badge's count for one room, DOM-free: messages from others that arrived while the element showing
 * it was "away" (a closed launcher). With a session (signed in or guest) it follows the page's one client —
 * starting from the server's notification count, then counting live messages once each — so an element never
 * talks to matrix-js-sdk itself. Fires `change` when `count` changes.
 */
import type { MatrixClient, MatrixEvent, Room } from 'matrix-js-sdk';
import { loadSdk } from './sdk.ts';
import type { MatrixSession } from './session.ts';

export class UnreadCounter extends EventTarget {
  /** Messages from others since the visitor last looked. */
  count = 0;
  private away = true;
  private counted = new Set<string>();
  private trackedKey = '';
  private generation = 0;
  private untrack: (() => void) | undefined;
  private readonly onSession = () => void this.track();

  constructor(
    private readonly session: MatrixSession,
    /** Whether a room ID or alias is the room counted for. */
    private readonly matches: (roomIdOrAlias: string) => boolean,
  ) {
    super();
  }

  /** Starts following the session (and its client, once there is one). */
  start(): void {
    this.session.addEventListener('change', this.onSession);
    void this.track();
  }

  stop(): void {
    this.session.removeEventListener('change', this.onSession);
    this.generation++;
    this.trackedKey = '';
    this.untrack?.();
    this.untrack = undefined;
  }

  /** The visitor looks at the room (`false`: nothing counts, and the count is cleared) or not (`true`). */
  setAway(away: boolean): void {
    this.away = away;
    if (!away) this.set(0);
  }

  /** One new event: counted once when it is someone else's message and the visitor is away. */
  countMessage(eventId: string, type: string, sender: string): void {
    if (!this.away || !eventId || type !== 'm.room.message' || sender === this.session.userId || this.counted.has(eventId)) return;
    this.counted.add(eventId);
    if (this.counted.size > 500) this.counted = new Set([...this.counted].slice(-250));
    this.set(this.count + 1);
  }

  /**
   * Follows the page's one client for this room. Starts the client (and so the SDK) in the background: the
   * visitor already has a session, so the page is going to sync anyway.
   */
  private async track(): Promise<void> {
    const session = this.session;
    const active = session.status === 'signed-in' || session.status === 'guest';
    const key = active ? `${session.userId ?? ''}|${session.homeserverUrl ?? ''}` : '';
    if (key === this.trackedKey) return;
    this.untrack?.();
    this.untrack = undefined;
    this.trackedKey = key;
    if (!active) return;
    const generation = ++this.generation;
    let client: MatrixClient;
    let sdk: Awaited<ReturnType<typeof loadSdk>>;
    try {
      [client, sdk] = await Promise.all([session.client(), loadSdk()]);
    } catch {
      // No client (signed out meanwhile, server down): no count; the next session change tries again.
      if (generation === this.generation) this.trackedKey = '';
      return;
    }
    if (generation !== this.generation) return;
    const mine = (room: Room | undefined) =>
      !!room && (this.matches(room.roomId) || (!!room.getCanonicalAlias() && this.matches(room.getCanonicalAlias()!)));
    // What arrived while the visitor was away from the page: the server's count, unless they looked already.
    if (this.away) {
      const room = client.getRooms().find((r) => mine(r) && r.getMyMembership() === 'join');
      const n = room?.getUnreadNotificationCount(sdk.NotificationCountType.Total) ?? 0;
      if (n > this.count) this.set(n);
    }
    const onTimeline = (event: MatrixEvent, room: Room | undefined, toStart: boolean | undefined, removed: boolean, data: { liveEvent?: boolean }) => {
      if (toStart || removed || !data?.liveEvent || !mine(room)) return;
      // A room the visitor just joined (here or from another element) arrives with its recent history as "live"
      // events: that is what they are about to read, not what they missed. Only events that reach a room the
      // client already holds, after the visitor's own join, count.
      if (client.getRoom(room!.roomId) !== room || room!.getMyMembership() !== 'join') return;
      this.countMessage(event.getId() ?? '', event.getType(), event.getSender() ?? '');
    };
    client.on(sdk.RoomEvent.Timeline, onTimeline);
    this.untrack = () => client.off(sdk.RoomEvent.Timeline, onTimeline);
  }

  private set(n: number): void {
    if (n === this.count) return;
    this.count = n;
    this.dispatchEvent(new Event('change'));
  }
}
