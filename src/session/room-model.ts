/**
 * One room as plain data, for the elements: timeline items, membership, typing, history and actions
 * (send with Markdown, local echo with Retry/Delete, edits, reactions, redactions, replies, uploads, read
 * receipts). DOM-free; matrix-js-sdk is reached only through the client the session hands us and the SDK
 * module object from `sdk.ts` (types only are imported here).
 *
 * Two sources feed the same item list:
 * - **live** (the visitor is joined): the SDK's synced room, seen through a bounded {@link TimelineWindow}
 *   (the last `windowLimit` events are rendered; older ones are paginated in on demand, newer ones dropped from
 *   the window when the visitor reads far back, and re-loaded by {@link RoomModel.jumpToLatest});
 * - **preview** (not joined, world-readable room): plain `/messages` requests with the session's (guest or user)
 *   token, back-paginated on demand and polled forwards — read-only, no SDK room, several rooms at once.
 *
 * Before the SDK has loaded, a model made with {@link RoomModel.early} shows the room's **first page** (one
 * `/messages` page and the room state, through the session's own fetch): for a joined member, read-only rows and
 * the outbox (what the visitor sends is queued there, and actions that need the SDK wait for it); for anyone else,
 * the preview source itself. When the client is up, {@link RoomModel.acquire} connects that same object, and a
 * member's first page hands over to the live window once the window covers it and names are known — unchanged
 * items keep their objects, so the element keeps every row it rendered.
 *
 * Events, edits (`m.replace`, same sender only, latest wins), reactions and redactions are aggregated by the
 * render layer's `buildTimeline` from the raw events, so both sources render identically.
 */
import { msg } from './texts.ts';
import type { MatrixClient, MatrixEvent, Room, TimelineWindow, IContent } from 'matrix-js-sdk';
import type { Sdk } from './sdk.ts';
import type { Outbox, OutboxEntry } from './outbox.ts';
import type { JoinError } from './join.ts';
import type { TimelineItem, TimelineItemStatus } from './types.ts';
import { buildTimeline } from './timeline.ts';
import { disambiguateDisplayNames, displayNameFor } from './display-names.ts';
import { parseMxc } from './mxc.ts';
import { FIRST_PAGE_SIZE, MEMBER_LIST_LIMIT, requestFirstPage, type EarlyGet, type FirstPageRequests } from './first-page.ts';
import type { CachedPage } from './room-cache.ts';

/** One raw event as the model keeps it before aggregation, with its delivery state. */
export interface RoomEntry {
  /** Client-server event JSON (untrusted). */
  event: Record<string, unknown>;
  status: TimelineItemStatus;
  /** Transaction ID of our own local echo. */
  txnId?: string;
}

export interface RoomModelOptions {
  /**
   * Most events kept in the rendered window (default 100: about 1,200 timeline DOM nodes; a long scroll-back
   * drops the newest events beyond it and "Jump to latest" brings them back).
   */
  windowLimit?: number;
  /** Events per back-pagination request (default 25: a small page renders in one short task). */
  pageSize?: number;
  /** Events the window is filled with when it opens at the live end (default 60, at most `windowLimit`). */
  initialSize?: number;
  /** Preview polling interval in ms (default 2000). */
  previewPollMs?: number;
  /**
   * Events of the early first page ({@link RoomModel.early}; default `FIRST_PAGE_SIZE`, 30: a first screen and
   * then some). Fewer than the live window's first fill, so the live window covers it and a first paint renders
   * few tiles.
   */
  firstPageSize?: number;
  /** The signed-in user's send queue for this room (`session.outbox(roomId)`): messages go out through it. */
  outbox?: Outbox;
}

/** A message as the composer made it (`render/markdown.ts`): plain `body`, and HTML when there was Markdown. */
export interface MessageText {
  body: string;
  format?: string;
  formatted_body?: string;
}

/** What the model shows: the live joined room, a read-only preview, or nothing yet (`idle`). */
export type RoomModelMode = 'idle' | 'live' | 'preview';

/** Details of a `message` event: a new incoming message from someone else. */
export interface IncomingMessage {
  eventId: string;
  sender: string;
  body: string;
}

/** A failure of one of the model's actions, in the shape of `matrix-error`. */
/**
 * A failed room action. Its `message` is written when it is read, not when it is thrown: a room model is shared by
 * every element showing the room, and each reads the message in its own language (session/texts.ts).
 */
export class RoomActionError extends Error {
  constructor(
    readonly operation: string,
    readonly errcode: string,
    message: string | (() => string),
  ) {
    super();
    this.name = 'RoomActionError';
    Object.defineProperty(this, 'message', { get: typeof message === 'function' ? message : () => message, configurable: true });
  }
}

function errcodeOf(e: unknown): string {
  const any = e as { errcode?: unknown; data?: { errcode?: unknown }; name?: unknown };
  if (typeof any?.errcode === 'string') return any.errcode;
  if (typeof any?.data?.errcode === 'string') return any.data.errcode;
  if (any?.name === 'ConnectionError' || e instanceof TypeError) return 'ME_UNREACHABLE';
  return 'M_UNKNOWN';
}

function actionError(operation: string, e: unknown, fallback: () => string): RoomActionError {
  const errcode = errcodeOf(e);
  const messages = (): Record<string, string> => ({
    ME_UNREACHABLE: msg('The Matrix server cannot be reached. Check your connection and try again.'),
    M_FORBIDDEN: msg('You are not allowed to do that in this room.'),
    M_LIMIT_EXCEEDED: msg('Too many requests: wait a moment and try again.'),
    M_TOO_LARGE: msg('That is too large for the server.'),
    M_GUEST_ACCESS_FORBIDDEN: msg('Guests cannot do that here: sign in first.'),
  });
  return new RoomActionError(operation, errcode, () => messages()[errcode] ?? fallback());
}

const EDIT_PREFIX = '* ';

/** Keys the model shares by: one model per client and room, however many elements show it. */
const registry = new WeakMap<object, Map<string, RoomModel>>();
/** Models made before the SDK loaded ({@link RoomModel.early}), by user and room, until a client connects them. */
const earlyModels = new Map<string, RoomModel>();
const earlyKey = (userId: string, roomId: string) => `${userId}\n${roomId}`;

/** How a model reads its room before matrix-js-sdk is loaded (see {@link RoomModel.early}). */
export interface EarlyInit {
  roomId: string;
  /** The signed-in (or guest) user. */
  userId: string;
  /**
   * An authenticated `GET` of a client-server API path (relative to `/_matrix/client/v3`, as the SDK's
   * `authedRequest` takes it) through the session's own fetch (token, refresh, only to the homeserver):
   * resolves with the JSON body, rejects with `{errcode}` on an error answer.
   */
  get: EarlyGet;
  /** Joined members from the room summary: above MEMBER_LIST_LIMIT the full state is not loaded. */
  joinedMemberCount?: number;
}

/** Events a room keeps for the next visit (`snapshot`). */
const CACHED_EVENTS = 50;
/** Look-alike names kept in a cached page at most (beyond, its names are shown with user IDs until the hand-over). */
const MAX_CACHED_LOOKALIKES = 200;

/** The membership of `userId` in a list of state events (untrusted), if it has one. */
function membershipIn(state: unknown[], userId: string): string | undefined {
  const own = state.find((e) => (e as { type?: unknown })?.type === 'm.room.member' && (e as { state_key?: unknown }).state_key === userId) as
    | { content?: { membership?: unknown } }
    | undefined;
  return typeof own?.content?.membership === 'string' ? own.content.membership : undefined;
}

/** After the window is in, the hand-over waits this long at most for the member list (names must not change). */
const HANDOVER_MEMBERS_WAIT_MS = 3000;

export class RoomModel extends EventTarget {
  /**
   * The page-wide model of `roomId` for `client` (created on first use). Call {@link release} when the element
   * that acquired it disconnects; the last release disposes it.
   */
  static acquire(sdk: Sdk, client: MatrixClient, roomId: string, options: RoomModelOptions = {}): RoomModel {
    let byRoom = registry.get(client);
    if (!byRoom) registry.set(client, (byRoom = new Map()));
    let model = byRoom.get(roomId);
    if (!model || model.disposed) {
      // A first page shown before the SDK loaded (see {@link early}) becomes the live model: same object, same
      // items, so the element keeps every row it rendered.
      const early = earlyModels.get(earlyKey(client.getUserId() ?? '', roomId));
      if (early && !early.disposed && !early.clientRef) {
        model = early;
        byRoom.set(roomId, model);
        model.connect(sdk, client);
      } else {
        model = new RoomModel(roomId, options);
        byRoom.set(roomId, model);
        model.connect(sdk, client);
      }
    }
    if (options.outbox) model.useOutbox(options.outbox);
    model.refs++;
    return model;
  }

  /**
   * The page-wide model of `roomId` for the signed-in (or guest) `init.userId` BEFORE matrix-js-sdk is loaded:
   * {@link loadFirstPage} fills it from one `/messages` request and the room state (plain authenticated
   * `fetch`, see `init.get`), and {@link acquire} with the client later turns this same object into the live
   * model. Call {@link release} as with `acquire`.
   */
  static early(init: EarlyInit, options: RoomModelOptions = {}): RoomModel {
    const key = earlyKey(init.userId, init.roomId);
    let model = earlyModels.get(key);
    if (!model || model.disposed || model.clientRef) {
      model = new RoomModel(init.roomId, options, init);
      earlyModels.set(key, model);
    }
    if (options.outbox) model.useOutbox(options.outbox);
    model.refs++;
    return model;
  }

  /** Timeline items, oldest first (bounded by the window). */
  items: readonly TimelineItem[] = [];
  mode: RoomModelMode = 'idle';
  /** The visitor's membership (`join`, `invite`, `leave`, `ban`, ...) or undefined when never in the room. */
  membership: string | undefined;
  /** Display names of members typing now (never the visitor). */
  typing: string[] = [];
  /** A back-pagination request is running. */
  paginating = false;
  /** The room's first event is in the window: nothing older exists. */
  reachedStart = false;
  /** The window ends at the newest event (new events are appended as they arrive). */
  atLiveEnd = true;
  /** Messages from others that arrived since the reader left the newest ones ("Jump to latest (n new)"). */
  unseenCount = 0;
  /**
   * A limited (gappy) sync arrived while the reader was away: the server skipped messages the client never saw,
   * so {@link unseenCount} is a lower bound ("n+ new").
   */
  unseenMore = false;
  /** Room name / topic / avatar from the live room's state, when known. */
  name?: string;
  topic?: string;
  avatarUrl?: string;
  memberCount?: number;
  /** Set when the preview could not be loaded (e.g. `M_FORBIDDEN`). */
  previewError?: RoomActionError;

  private refs = 0;
  private disposed = false;
  private sdkRef: Sdk | undefined;
  private clientRef: MatrixClient | undefined;
  /**
   * A joined member sees the first page fetched without the SDK (`loadFirstPage`: the preview source's events,
   * members and tokens, read-only except for the outbox) until the live window covers it: then the items come
   * from the SDK's timeline, and every unchanged item keeps its object (so the element keeps its rows).
   */
  private early = false;
  private earlyMembersFull = false;
  private earlyPower: Record<string, unknown> | undefined;
  private readonly earlyAbort = new AbortController();
  private firstPage: Promise<void> | undefined;
  /** The early page is the cache's ({@link showCached}): the server's first page replaces it when it comes. */
  private cachedOnly = false;
  /** The cached page's events older than those painted, oldest first (see {@link showCached}). */
  private cachedOlder: Array<Record<string, unknown>> = [];
  private cachedReachedStart = false;
  /** The live window is loading or filling (the hand-over waits for it). */
  private windowFilling = false;
  /** Pages the live window loaded to reach back to the early page's oldest event (bounded). */
  private coverPages = 0;
  private handoverDeadline = false;
  private handoverTimer: ReturnType<typeof setTimeout> | undefined;
  private readonly windowLimit: number;
  private readonly pageSize: number;
  private readonly initialSize: number;
  private readonly previewPollMs: number;
  private readonly firstPageSize: number;
  private room: Room | null = null;
  private window: TimelineWindow | null = null;
  private unsubscribers: Array<() => void> = [];
  private changeQueued = false;
  /** The rebuild `changed` put off to the next task while paginating (see there). */
  private pendingChange: Promise<void> | undefined;
  private lastReceipt?: string;
  private typingSentAt = 0;
  private typingOn = false;
  // Preview state.
  private previewEvents: Array<Record<string, unknown>> = [];
  private previewMembers = new Map<string, { displayName?: unknown; avatarUrl?: unknown; membership?: unknown }>();
  private previewBackToken: string | null = null;
  private previewForwardToken: string | null = null;
  private previewTimer: ReturnType<typeof setTimeout> | undefined;
  private previewAbort: AbortController | undefined;
  private previewGeneration = 0;
  /** Event IDs already announced as `message` (each incoming message is announced once). */
  private announced = new Set<string>();
  /**
   * The items of the last rebuild by key, with a signature of their content: an item that did not change keeps
   * its object identity across rebuilds, so the render layer can reuse what it rendered for it.
   */
  private itemCache = new Map<string, { item: TimelineItem; sig: string }>();
  /** Where the visitor's messages wait until the server has them (see outbox.ts). */
  private outbox: Outbox | undefined;
  private readonly onOutboxChange = () => this.changed();
  /**
   * The reader is not at the newest messages (scrolled back, or the window ends before the live end): new
   * messages from others count towards {@link unseenCount} — the one "n new" count every element shows.
   */
  private readerAway = false;
  private readonly membersLoaded = new WeakSet<Room>();

  private constructor(
    readonly roomId: string,
    options: RoomModelOptions,
    private readonly earlyInit?: EarlyInit,
  ) {
    super();
    this.windowLimit = options.windowLimit ?? 100;
    this.pageSize = options.pageSize ?? 25;
    this.initialSize = options.initialSize ?? 60;
    this.previewPollMs = options.previewPollMs ?? 2000;
    this.firstPageSize = Math.min(options.firstPageSize ?? FIRST_PAGE_SIZE, this.windowLimit);
  }

  /** The SDK and the page's client arrived: listen to the client and show the room through it. */
  private connect(sdk: Sdk, client: MatrixClient): void {
    this.sdkRef = sdk;
    this.clientRef = client;
    if (this.earlyInit) earlyModels.delete(earlyKey(this.earlyInit.userId, this.roomId));
    const onRoom = (room: Room) => {
      if (room.roomId === this.roomId) this.attach();
    };
    client.on(sdk.ClientEvent.Room, onRoom);
    this.unsubscribers.push(() => client.off(sdk.ClientEvent.Room, onRoom));
    const onMembership = (room: Room) => {
      if (room.roomId === this.roomId) this.attach();
    };
    client.on(sdk.RoomEvent.MyMembership, onMembership);
    this.unsubscribers.push(() => client.off(sdk.RoomEvent.MyMembership, onMembership));
    const onTyping = (_e: MatrixEvent, member: { roomId: string }) => {
      if (member.roomId === this.roomId) this.updateTyping();
    };
    client.on(sdk.RoomMemberEvent.Typing, onTyping);
    this.unsubscribers.push(() => client.off(sdk.RoomMemberEvent.Typing, onTyping));
    this.attach();
    if (this.early && !this.room) {
      // The first page said "joined", the client (after its first sync) does not: it is not ours to show as live.
      this.endEarly();
      this.mode = 'idle';
      this.changed();
    }
  }

  /** The page's client, once {@link acquire} connected the model (undefined while it shows an early first page). */
  get client(): MatrixClient | undefined {
    return this.clientRef;
  }

  private get sdk(): Sdk {
    if (!this.sdkRef) throw new RoomActionError('load-room', 'ME_NOT_READY', () => msg('The room could not be loaded.'));
    return this.sdkRef;
  }

  private get mx(): MatrixClient {
    if (!this.clientRef) throw new RoomActionError('load-room', 'ME_NOT_READY', () => msg('The room could not be loaded.'));
    return this.clientRef;
  }

  /** Sends the visitor's messages through `outbox` from now on (the session's queue for this user and room). */
  useOutbox(outbox: Outbox): void {
    if (this.outbox === outbox) return;
    this.outbox?.removeEventListener('change', this.onOutboxChange);
    this.outbox = outbox;
    outbox.addEventListener('change', this.onOutboxChange);
    this.changed();
  }

  /**
   * The element says whether the reader sees the newest messages. While away, new messages from others are
   * counted in {@link unseenCount}; back at the bottom (and the window at the live end) the count is 0.
   */
  setReaderAway(away: boolean): void {
    if (this.readerAway === away) return;
    this.readerAway = away;
    if (!away && this.atLiveEnd) this.clearUnseen();
    this.changed();
  }

  private clearUnseen(): void {
    this.unseenCount = 0;
    this.unseenMore = false;
  }

  /** Gives up this holder's reference; the last one stops listening and polling. */
  release(): void {
    if (--this.refs > 0) return;
    this.dispose();
  }

  private dispose(): void {
    this.disposed = true;
    this.outbox?.removeEventListener('change', this.onOutboxChange);
    this.stopPreview();
    this.detachRoom();
    for (const off of this.unsubscribers) off();
    this.unsubscribers = [];
    if (this.clientRef && registry.get(this.clientRef)?.get(this.roomId) === this) registry.get(this.clientRef)?.delete(this.roomId);
    if (this.earlyInit) {
      const key = earlyKey(this.earlyInit.userId, this.roomId);
      if (earlyModels.get(key) === this) earlyModels.delete(key);
    }
    this.earlyAbort.abort();
    this.endEarly();
  }

  /** The signed-in (or guest) user's ID. */
  get userId(): string {
    return this.clientRef?.getUserId() ?? this.earlyInit?.userId ?? '';
  }

  /** True when older events can be loaded. */
  get canPaginateBack(): boolean {
    return !this.reachedStart;
  }

  // ---------------------------------------------------------------------------------------------------------
  // Change notification
  // ---------------------------------------------------------------------------------------------------------

  /**
   * Coalesces many SDK callbacks in one task into one rebuild and one `change` event. While a page of history is
   * loading, the rebuild waits for the next task: the SDK adds the page's events in the task that received them,
   * and that task then also rebuilt and rendered the whole window (one task of ~50 ms on a desktop, several times
   * that on a phone; the visitor's input waits behind it). `paginate` resolves once that rebuild is done.
   */
  private changed(): void {
    if (this.changeQueued || this.disposed) return;
    this.changeQueued = true;
    const run = () => {
      this.changeQueued = false;
      if (this.disposed) return;
      this.handOverIfReady();
      this.rebuild();
      this.dispatchEvent(new Event('change'));
    };
    if (!this.paginating) {
      queueMicrotask(run);
      return;
    }
    this.pendingChange = new Promise<void>((resolve) => setTimeout(() => {
      try {
        run();
      } finally {
        resolve();
      }
    }, 0));
  }

  // ---------------------------------------------------------------------------------------------------------
  // Live source (joined)
  // ---------------------------------------------------------------------------------------------------------

  /** Picks the source from the client's current knowledge of the room. */
  private attach(): void {
    if (this.disposed) return;
    const room = this.mx.getRoom(this.roomId);
    this.membership = room?.getMyMembership() || undefined;
    if (room && this.membership === 'join') {
      if (this.room !== room) {
        this.stopPreview();
        this.attachRoom(room);
      }
    } else if (this.room) {
      // We left (or were kicked): the live room no longer updates for us.
      this.detachRoom();
      this.mode = 'idle';
    }
    this.changed();
  }

  private attachRoom(room: Room): void {
    this.detachRoom();
    this.room = room;
    this.mode = 'live';
    const { sdk } = this;
    const w = new sdk.TimelineWindow(this.mx, room.getUnfilteredTimelineSet(), { windowLimit: this.windowLimit });
    this.window = w;
    void this.loadWindow(w);

    const onTimeline = (
      event: MatrixEvent,
      r: Room | undefined,
      toStart: boolean | undefined,
      removed: boolean,
      data: { liveEvent?: boolean; timeline: { getTimelineSet(): unknown } },
    ) => {
      // The window in use now, not the one this listener was made with: "Jump to latest" and a timeline reset
      // replace the window, and live events must keep extending whichever one is shown.
      const current = this.window;
      if (r?.roomId !== this.roomId || this.room !== room || !current) return;
      if (data.timeline.getTimelineSet() !== room.getUnfilteredTimelineSet()) return;
      if (!toStart && !removed && data.liveEvent) {
        // Grow the window over what just arrived (it drops the oldest beyond its limit); a window that ends
        // before the live end (the reader went far back) stays where it is.
        if (this.atLiveEnd) current.extend(sdk.EventTimeline.FORWARDS, 100);
        if ((this.readerAway || !this.atLiveEnd) && isNewMessage(event, this.userId)) this.unseenCount++;
        this.announce(event);
      }
      this.changed();
    };
    const onAnyChange = (_a?: unknown, r?: unknown) => {
      if (r && (r as Room).roomId !== undefined && (r as Room).roomId !== this.roomId) return;
      this.changed();
    };
    const onReset = (r: Room | undefined) => {
      if (r && r.roomId !== this.roomId) return;
      // A gappy (limited) sync replaced the live timeline; the SDK fires this before it adds the sync's events
      // to the new one. A reader at the bottom starts over at the (still empty) new live end, following it: the
      // events about to arrive extend the new window (see onTimeline), and history behind the gap is paginated
      // in on demand. A reader scrolled back keeps the window they are reading (its end now paginates forwards
      // across the gap): they are never moved, and what arrives counts as unseen until they come down.
      if (this.room !== room || !this.window) return;
      if (this.readerAway) {
        this.atLiveEnd = false;
        this.unseenMore = true;
        this.changed();
      } else void this.jumpToLatest();
    };
    room.on(sdk.RoomEvent.Timeline, onTimeline as never);
    room.on(sdk.RoomEvent.LocalEchoUpdated, onAnyChange as never);
    room.on(sdk.RoomEvent.Redaction, onAnyChange as never);
    room.on(sdk.RoomEvent.Name, onAnyChange as never);
    room.on(sdk.RoomEvent.TimelineReset, onReset as never);
    room.on(sdk.RoomStateEvent.Members, onAnyChange as never);
    room.on(sdk.RoomStateEvent.Events, onAnyChange as never);
    this.roomOff = () => {
      room.off(sdk.RoomEvent.Timeline, onTimeline as never);
      room.off(sdk.RoomEvent.LocalEchoUpdated, onAnyChange as never);
      room.off(sdk.RoomEvent.Redaction, onAnyChange as never);
      room.off(sdk.RoomEvent.Name, onAnyChange as never);
      room.off(sdk.RoomEvent.TimelineReset, onReset as never);
      room.off(sdk.RoomStateEvent.Members, onAnyChange as never);
      room.off(sdk.RoomStateEvent.Events, onAnyChange as never);
    };
    this.updateTyping();
    this.loadAllMembers(room);
  }

  /**
   * A name is unique only among members we know: with lazily loaded members the client knows only those who
   * spoke in what it synced, so "Sam" would look unique while another joined "Sam" is silent (impersonation).
   * Rooms up to {@link MEMBER_LIST_LIMIT} joined members load their member list once; in larger ones every
   * name is shown with its user ID.
   */
  private loadAllMembers(room: Room): void {
    if (room.getJoinedMemberCount() > MEMBER_LIST_LIMIT || this.membersLoaded.has(room)) return;
    room.loadMembersIfNeeded().then(
      () => {
        this.membersLoaded.add(room);
        this.changed();
      },
      () => undefined, // offline: names stay disambiguated against what is known, and show IDs meanwhile
    );
  }

  private roomOff: (() => void) | undefined;

  private detachRoom(): void {
    this.roomOff?.();
    this.roomOff = undefined;
    this.room = null;
    this.window = null;
  }

  /**
   * Loads a window at the live end and, when the synced timeline holds fewer events than a first screen needs
   * (a room just joined comes with only the sync's few events), fills it from history.
   */
  private async loadWindow(w: TimelineWindow): Promise<void> {
    const target = Math.min(this.windowLimit, this.initialSize);
    this.windowFilling = true;
    try {
      await w.load(undefined, target);
      if (this.window !== w) return;
      this.syncWindowFlags();
      this.changed();
      const { EventTimeline } = this.sdk;
      // (A `paginate()` waiting behind an early page for the hand-over does not use the window: fill it.)
      if (w.getEvents().length >= target || !w.canPaginate(EventTimeline.BACKWARDS) || (this.paginating && !this.early)) return;
      // Behind an early first page the reader sees its rows meanwhile: no spinner for this.
      const shown = !this.early;
      if (shown) this.paginating = true;
      this.changed();
      try {
        for (let i = 0; i < 5 && this.window === w && w.getEvents().length < target; i++) {
          if (!w.canPaginate(EventTimeline.BACKWARDS)) break;
          if (!(await w.paginate(EventTimeline.BACKWARDS, target - w.getEvents().length))) break;
        }
      } catch {
        // History could not be loaded now: the window shows what the sync brought; scrolling up tries again.
      } finally {
        if (shown) this.paginating = false;
        if (this.window === w) this.syncWindowFlags();
        this.changed();
      }
    } finally {
      if (this.window === w) this.windowFilling = false;
    }
  }

  private syncWindowFlags(): void {
    const w = this.window;
    if (!w || this.early) return; // the early page's flags stand until the hand-over
    const { EventTimeline } = this.sdk;
    this.reachedStart = !w.canPaginate(EventTimeline.BACKWARDS);
    this.atLiveEnd = !w.canPaginate(EventTimeline.FORWARDS);
    if (this.atLiveEnd) this.clearUnseen();
  }

  /** Fires `message` once for a new incoming message from someone else. */
  private announce(event: MatrixEvent): void {
    const id = event.getId();
    if (!id || event.getType() !== 'm.room.message' || event.getSender() === this.userId) return;
    if (event.isRelation('m.replace') || this.announced.has(id)) return;
    this.announced.add(id);
    if (this.announced.size > 1000) this.announced.delete(this.announced.values().next().value as string);
    const body = event.getContent().body;
    const detail: IncomingMessage = { eventId: id, sender: event.getSender() ?? '', body: typeof body === 'string' ? body : '' };
    this.dispatchEvent(new CustomEvent<IncomingMessage>('message', { detail }));
  }

  private updateTyping(): void {
    const room = this.mx.getRoom(this.roomId);
    const names: string[] = [];
    if (room) {
      const members = room.currentState.getMembers();
      // A non-ASCII name loads the confusables table the first time: compute the names again once it is in.
      const shown = disambiguateDisplayNames(
        members.map((m) => ({ userId: m.userId, displayName: m.rawDisplayName })),
        () => this.updateTyping(),
      );
      for (const m of members) {
        if (m.typing && m.userId !== this.userId) names.push(shown.get(m.userId) ?? m.userId);
      }
    }
    if (names.join('\n') !== this.typing.join('\n')) {
      this.typing = names;
      this.changed();
    }
  }

  // ---------------------------------------------------------------------------------------------------------
  // Preview source (not joined, world-readable)
  // ---------------------------------------------------------------------------------------------------------

  /**
   * Shows the room read-only through `/messages` (the server must allow it: a world-readable room). Resolves
   * when the first page is in; rejects with a {@link RoomActionError} (`M_FORBIDDEN` when the room is not
   * world-readable). No-op when the room is live.
   */
  async startPreview(): Promise<void> {
    if (this.mode === 'live') return;
    this.stopPreview();
    const generation = ++this.previewGeneration;
    this.previewAbort = new AbortController();
    this.previewEvents = [];
    this.previewMembers.clear();
    try {
      const page = await this.messages('b', null, Math.min(this.windowLimit, this.initialSize));
      if (generation !== this.previewGeneration) return;
      this.showPreviewPage(page);
      await this.loadPreviewState();
      this.changed();
      this.schedulePoll(generation);
    } catch (e) {
      if (generation !== this.previewGeneration) return;
      this.previewError = e instanceof RoomActionError ? e : actionError('load-room', e, () => msg('The room could not be loaded.'));
      this.changed();
      throw this.previewError;
    }
  }

  /** The newest page of a room (a `/messages` answer read by {@link messagesFrom}) as the preview's window. */
  private showPreviewPage(page: { chunk: Array<Record<string, unknown>>; start: string | null; end: string | null }): void {
    this.previewForwardToken = page.start;
    this.previewBackToken = page.end;
    this.previewEvents = page.chunk.reverse();
    this.reachedStart = !page.end || page.chunk.length === 0;
    this.atLiveEnd = true;
    this.mode = 'preview';
    this.previewError = undefined;
  }

  /** Stops polling a preview (the element calls it when it disconnects or the room becomes live). */
  stopPreview(): void {
    this.previewGeneration++;
    clearTimeout(this.previewTimer);
    this.previewAbort?.abort();
    this.previewAbort = undefined;
    if (this.mode === 'preview') this.mode = 'idle';
  }

  private async request(path: string, query?: Record<string, string>): Promise<unknown> {
    const signal = this.previewAbort?.signal ?? this.earlyAbort.signal;
    // Before the SDK: the session's own authenticated fetch (the same token and refresh handling).
    if (!this.clientRef && this.earlyInit) return this.earlyInit.get(path, query ?? {}, signal);
    // The SDK's HTTP layer: the session's token, only to the homeserver, with the session's refresh handling.
    return this.mx.http.authedRequest(this.sdk.Method.Get, path, query, undefined, { abortSignal: signal });
  }

  private async messages(dir: 'b' | 'f', from: string | null, limit: number) {
    const query: Record<string, string> = { dir, limit: String(limit), filter: JSON.stringify({ lazy_load_members: true }) };
    if (from) query.from = from;
    let answer: unknown;
    try {
      answer = await this.request(`/rooms/${encodeURIComponent(this.roomId)}/messages`, query);
    } catch (e) {
      throw actionError('load-room', e, () => msg('The room could not be loaded.'));
    }
    return this.messagesFrom(answer);
  }

  /** A `/messages` answer (untrusted): its events, the member events it carried remembered, and its tokens. */
  private messagesFrom(answer: unknown) {
    const res = answer && typeof answer === 'object' ? (answer as Record<string, unknown>) : {};
    const chunk = (Array.isArray(res.chunk) ? res.chunk : []).filter(
      (e): e is Record<string, unknown> => !!e && typeof e === 'object' && !Array.isArray(e),
    );
    for (const s of Array.isArray(res.state) ? res.state : []) this.rememberMember(s);
    for (const e of chunk) this.rememberMember(e);
    return {
      chunk,
      start: typeof res.start === 'string' ? res.start : null,
      end: typeof res.end === 'string' ? res.end : null,
    };
  }

  /**
   * Pagination tokens just before (`start`) and just after (`end`) `eventId`, from `/context` with no
   * surrounding events; null where the server gave none.
   */
  private async tokensAround(eventId: string): Promise<{ start: string | null; end: string | null }> {
    let res: unknown;
    try {
      res = await this.request(`/rooms/${encodeURIComponent(this.roomId)}/context/${encodeURIComponent(eventId)}`, {
        limit: '0',
        filter: JSON.stringify({ lazy_load_members: true }),
      });
    } catch (e) {
      throw actionError('paginate', e, () => msg('Older messages could not be loaded.'));
    }
    const { start, end } = (res ?? {}) as { start?: unknown; end?: unknown };
    return { start: typeof start === 'string' ? start : null, end: typeof end === 'string' ? end : null };
  }

  private rememberMember(e: unknown): void {
    const ev = e as { type?: unknown; state_key?: unknown; content?: { displayname?: unknown; avatar_url?: unknown; membership?: unknown } };
    if (ev?.type !== 'm.room.member' || typeof ev.state_key !== 'string' || !ev.content) return;
    this.previewMembers.set(ev.state_key, { displayName: ev.content.displayname, avatarUrl: ev.content.avatar_url, membership: ev.content.membership });
  }

  private async loadPreviewState(): Promise<void> {
    try {
      this.applyState(await this.request(`/rooms/${encodeURIComponent(this.roomId)}/state`));
    } catch {
      // Names fall back to user IDs; the timeline still shows.
    }
  }

  /** Members, name, topic, avatar and power levels from a room's current state (`/state`, untrusted). */
  private applyState(state: unknown): void {
    if (!Array.isArray(state)) return;
    for (const ev of state) {
      this.rememberMember(ev);
      const e = ev as { type?: unknown; state_key?: unknown; content?: Record<string, unknown> };
      if (e?.state_key !== '' || !e.content || typeof e.content !== 'object') continue;
      if (e.type === 'm.room.name' && typeof e.content.name === 'string') this.name = e.content.name;
      if (e.type === 'm.room.topic' && typeof e.content.topic === 'string') this.topic = e.content.topic;
      if (e.type === 'm.room.avatar' && typeof e.content.url === 'string') this.avatarUrl = e.content.url;
      if (e.type === 'm.room.power_levels') this.earlyPower = e.content;
    }
  }

  // ---------------------------------------------------------------------------------------------------------
  // Early first page (before the SDK)
  // ---------------------------------------------------------------------------------------------------------

  /**
   * Fills a model made with {@link RoomModel.early} from one `/messages` page (members lazily loaded) and the
   * room state (all members, for names that cannot be impersonated; power levels; the visitor's own membership),
   * both at once, without the SDK: `requests`, when the caller sent them already (`requestFirstPage` with the
   * model's `get`). Afterwards `mode` is `live` for a joined member (read-only rows from this page until the SDK's
   * timeline takes over: the composer sends through the outbox meanwhile, actions that need the SDK wait for it)
   * or `preview` (the preview source, polled, exactly as {@link startPreview} would have it). A page painted
   * from the cache ({@link showCached}) is replaced by this one (rows of events in both keep their objects).
   * Rejects when the page or the membership could not be read; the model is then unchanged.
   */
  loadFirstPage(requests?: FirstPageRequests): Promise<void> {
    this.firstPage ??= this.fetchFirstPage(requests);
    this.firstPage.catch(() => (this.firstPage = undefined));
    return this.firstPage;
  }

  /**
   * Paints a page kept from an earlier visit (`room-cache.ts`, written from {@link snapshot}) on a model made
   * with {@link RoomModel.early}, before any request: the joined member's room as they left it, read-only like
   * the first page, until {@link loadFirstPage} or the SDK's timeline replaces it. The page is untrusted (read
   * back from storage): its events and state go through the same checks as a server's. Returns false (nothing
   * changed) unless it shows the visitor joined and the model shows nothing yet.
   */
  showCached(page: CachedPage): boolean {
    const userId = this.earlyInit?.userId;
    if (!userId || this.clientRef || this.mode !== 'idle' || this.firstPage) return false;
    if (membershipIn(page.state, userId) !== 'join') return false;
    // Read as a server's `/messages` answer is (events that are objects; the member events among them remembered).
    const events = this.messagesFrom({ chunk: page.events }).chunk;
    this.applyState(page.state);
    // A first screen's worth is painted (what a first page paints: no slower a first paint), the older ones are
    // there for reading back before the network answers (offline, say).
    const shown = events.slice(-this.firstPageSize);
    this.cachedOlder = events.slice(0, events.length - shown.length);
    this.showEarly({ events: shown, full: page.membersFull, back: null, forward: null, reachedStart: page.reachedStart && !this.cachedOlder.length });
    this.cachedReachedStart = page.reachedStart;
    this.cachedOnly = true;
    if (page.memberCount !== undefined) this.memberCount = page.memberCount;
    this.changed();
    return true;
  }

  /** What {@link showCached} shows (a cached page), not yet replaced by the server's first page or the SDK's timeline. */
  get fromCache(): boolean {
    return this.cachedOnly && this.early;
  }

  /**
   * What the next visit's cache would change with: the newest event the client has (a message, an edit, a
   * reaction, a redaction, a change of name or member all arrive as one) and how many of the newest 50 it holds;
   * undefined unless live.
   */
  get liveEnd(): string | undefined {
    if (!this.room || this.mode !== 'live' || this.early) return undefined;
    const events = this.room.getLiveTimeline().getEvents();
    const newest = events.at(-1)?.getId();
    // (With how many of the newest CACHED_EVENTS the client has: a window still filling back changes it too.)
    return newest && `${newest} ${Math.min(events.length, CACHED_EVENTS)}`;
  }

  /**
   * The room's newest `limit` events and the state they need, for the next visit's cache (`room-cache.ts`), or
   * undefined unless the visitor is joined and the SDK's timeline is shown. Only what the server sent (no local
   * echoes, nothing decrypted). The members kept are the senders and everyone whose name is shown with their
   * user ID (it looks like another's): the same names come out of this subset as out of the whole list.
   */
  snapshot(limit = CACHED_EVENTS): CachedPage | undefined {
    const room = this.room;
    if (!room || this.mode !== 'live' || this.early || room.getMyMembership() !== 'join') return undefined;
    const timeline = room.getLiveTimeline();
    const all = timeline.getEvents().filter((e) => !!e.getId() && e.status === null);
    const events = all.slice(-limit);
    const state = room.currentState;
    const kept = new Set<string>([this.userId]);
    for (const e of events) kept.add(e.getSender() ?? '');
    const members = state.getMembers();
    const shown = disambiguateDisplayNames(members.map((m) => ({ userId: m.userId, displayName: m.rawDisplayName })));
    let lookAlikes = 0;
    for (const m of members) {
      if (m.rawDisplayName !== m.userId && shown.get(m.userId)?.includes(m.userId) && lookAlikes++ < MAX_CACHED_LOOKALIKES) kept.add(m.userId);
    }
    const stateEvents = ['m.room.power_levels', 'm.room.name', 'm.room.topic', 'm.room.avatar'].map((type) => state.getStateEvents(type, ''));
    for (const userId of kept) stateEvents.push(state.getStateEvents('m.room.member', userId));
    const { EventTimeline } = this.sdk;
    return {
      events: events.map((e) => e.event),
      state: stateEvents.filter((e): e is MatrixEvent => !!e).map((e) => e.event),
      memberCount: room.getJoinedMemberCount(),
      membersFull: this.liveMembersKnown(room) && lookAlikes <= MAX_CACHED_LOOKALIKES,
      reachedStart: events.length === all.length && !timeline.getPaginationToken(EventTimeline.BACKWARDS),
    };
  }

  private async fetchFirstPage(sent?: FirstPageRequests): Promise<void> {
    const init = this.earlyInit;
    if (!init || this.clientRef || (this.mode !== 'idle' && !this.fromCache)) return;
    const requests = sent ?? requestFirstPage(init.get, this.roomId, init.userId, init.joinedMemberCount, this.earlyAbort.signal, this.firstPageSize);
    const full = requests.full;
    const [answer, state] = await Promise.all([
      requests.messages.catch((e: unknown) => {
        throw actionError('load-room', e, () => msg('The room could not be loaded.'));
      }),
      requests.state,
    ]);
    const cached = this.fromCache;
    // The client got there first (or the cached page gave way to it meanwhile).
    if (this.clientRef || this.disposed || (this.mode !== 'idle' && !this.fromCache)) return;
    if (!Array.isArray(state)) throw new RoomActionError('load-room', 'M_UNKNOWN', () => msg('The room could not be loaded.'));
    // The server's members replace the cached ones (who left since must not count for names).
    if (cached) this.previewMembers.clear();
    this.cachedOnly = false;
    this.cachedOlder = [];
    const page = this.messagesFrom(answer);
    const membership = membershipIn(state, init.userId);
    this.applyState(state);
    this.membership = membership;
    if (membership === 'join') {
      const events = page.chunk.reverse();
      const overlap = cached ? this.previewEvents.findIndex((e) => typeof e.event_id === 'string' && e.event_id === events[0]?.event_id) : -1;
      if (overlap > 0) {
        // The cached rows above the server's page stay (they still are the room's history): no row vanishes from
        // the top, and the page reaches back from the oldest of them (a position asked for when needed).
        const merged = [...this.previewEvents.slice(0, overlap), ...events].slice(-this.windowLimit);
        this.showEarly({ events: merged, full, back: null, forward: page.start, reachedStart: this.reachedStart && merged.length === overlap + events.length });
      } else {
        this.showEarly({ events, full, back: page.end, forward: page.start, reachedStart: !page.end || page.chunk.length === 0 });
      }
      if (full) this.memberCount = [...this.previewMembers.values()].filter((m) => m.membership === 'join').length;
    } else {
      this.endEarly();
      this.showPreviewPage(page);
      const generation = ++this.previewGeneration;
      this.previewAbort = new AbortController();
      this.schedulePoll(generation);
    }
    this.changed();
  }

  /** A joined member's early page (from the server or the cache): read-only rows until the hand-over. */
  private showEarly(p: { events: Array<Record<string, unknown>>; full: boolean; back: string | null; forward: string | null; reachedStart: boolean }): void {
    this.earlyMembersFull = p.full;
    this.membership = 'join';
    this.previewForwardToken = p.forward;
    this.previewBackToken = p.back;
    this.previewEvents = p.events;
    this.reachedStart = p.reachedStart;
    this.atLiveEnd = true;
    this.mode = 'live';
    this.early = true;
  }

  /**
   * The early page gives way to the SDK's timeline once it can without a visible change: the window loaded, the
   * member list in (or waited for long enough), and the window reaching back to the page's oldest event (it is
   * paginated back a few pages for that, within its limit). Called before every rebuild.
   */
  private handOverIfReady(): void {
    if (!this.early) return;
    const w = this.window;
    const room = this.room;
    if (!w || !room || this.windowFilling) return;
    if (!this.liveMembersKnown(room) && !this.handoverDeadline) {
      this.handoverTimer ??= setTimeout(() => {
        this.handoverDeadline = true;
        this.changed();
      }, HANDOVER_MEMBERS_WAIT_MS);
      return;
    }
    const oldest = this.previewEvents.find((e) => typeof e.event_id === 'string')?.event_id;
    const { EventTimeline } = this.sdk;
    const inWindow = w.getEvents().some((e) => e.getId() === oldest);
    // Up to the window's limit, never beyond it (that would drop its newest events): the early page holds at
    // most `windowLimit` events, so a window at the live end covers it unless more than the room's newest
    // `windowLimit` events came after the page's oldest (then the page's oldest rows give way).
    const free = this.windowLimit - w.getEvents().length;
    if (typeof oldest === 'string' && !inWindow && w.canPaginate(EventTimeline.BACKWARDS) && this.coverPages < 10 && free > 0) {
      this.coverPages++;
      this.windowFilling = true;
      w.paginate(EventTimeline.BACKWARDS, Math.min(this.pageSize, free)).then(
        (added) => {
          if (!added) this.coverPages = Infinity;
        },
        () => (this.coverPages = Infinity),
      ).finally(() => {
        if (this.window === w) this.windowFilling = false;
        this.changed();
      });
      return;
    }
    // What arrived after the page (in the client's first sync, so not "live" to the SDK) is new to the reader:
    // announced, and counted while they read back, as a live event would have been (once: announced = counted).
    const newest = this.previewEvents.findLast((e) => typeof e.event_id === 'string')?.event_id;
    const events = w.getEvents();
    const after = events.findIndex((e) => e.getId() === newest);
    if (after >= 0) {
      for (const event of events.slice(after + 1)) {
        const id = event.getId();
        if (id && !this.announced.has(id) && this.readerAway && isNewMessage(event, this.userId)) this.unseenCount++;
        this.announce(event);
      }
    }
    this.endEarly();
    this.previewEvents = [];
    this.previewMembers.clear();
    // The window's edges now (not syncWindowFlags: what the reader has not seen yet stays counted).
    this.reachedStart = !w.canPaginate(EventTimeline.BACKWARDS);
    this.atLiveEnd = !w.canPaginate(EventTimeline.FORWARDS);
  }

  private endEarly(): void {
    this.early = false;
    clearTimeout(this.handoverTimer);
    this.handoverTimer = undefined;
  }

  /** Resolves once the SDK's room is attached (an action needing the SDK pressed on an early page), bounded. */
  private async liveRoom(operation: string): Promise<Room> {
    if (this.mode === 'live' && !this.room && this.early) await this.until(() => !!this.room || !this.early || this.mode !== 'live', 30_000);
    return this.requireLive(operation);
  }

  /** Resolves once `done()` holds after a change, or after `ms`. */
  private until(done: () => boolean, ms: number): Promise<void> {
    return new Promise<void>((resolve) => {
      const finish = () => {
        clearTimeout(timer);
        this.removeEventListener('change', check);
        resolve();
      };
      const check = () => {
        if (done()) finish();
      };
      const timer = setTimeout(finish, ms);
      this.addEventListener('change', check);
    });
  }

  private schedulePoll(generation: number): void {
    clearTimeout(this.previewTimer);
    this.previewTimer = setTimeout(() => void this.poll(generation), this.previewPollMs);
  }

  private async poll(generation: number): Promise<void> {
    if (generation !== this.previewGeneration || !this.previewForwardToken) return;
    try {
      const page = await this.messages('f', this.previewForwardToken, 100);
      if (generation !== this.previewGeneration) return;
      if (page.end) this.previewForwardToken = page.end;
      else if (page.chunk.length) {
        // A server may omit `end` at the live end (the spec allows it): without a new position every poll
        // would fetch the same events again. Ask for the position after the newest one.
        const newest = page.chunk[page.chunk.length - 1].event_id;
        const after = typeof newest === 'string' ? (await this.tokensAround(newest)).end : null;
        if (generation !== this.previewGeneration) return;
        if (after) this.previewForwardToken = after;
      }
      if (page.chunk.length) {
        const known = new Set(this.previewEvents.map((e) => e.event_id));
        for (const ev of page.chunk) {
          if (known.has(ev.event_id)) continue;
          // The same rule as the live timeline's: a message from someone else that arrives while the reader
          // is away from the newest messages counts once towards "Jump to latest (n new)".
          if ((this.readerAway || !this.atLiveEnd) && countsAsNew(ev.type, ev.sender, relationType(ev.content), this.userId)) {
            this.unseenCount++;
          }
          // A window that ends before the newest events (trimmed while reading back) is not extended: appending
          // here would leave a hole. "Jump to latest" reloads the live end.
          if (this.atLiveEnd) this.previewEvents.push(ev);
        }
        const excess = this.previewEvents.length - this.windowLimit;
        if (excess > 0 && this.atLiveEnd) {
          this.previewEvents.splice(0, excess);
          this.reachedStart = false;
          // The token we had points before the events just dropped: paginate() asks the server for one that
          // points before the oldest event kept (/context), so nothing is skipped and nothing is claimed as the start.
          this.previewBackToken = null;
        }
        this.changed();
      }
    } catch {
      // Offline or rate-limited: try again at the next tick.
    }
    this.schedulePoll(generation);
  }

  // ---------------------------------------------------------------------------------------------------------
  // History
  // ---------------------------------------------------------------------------------------------------------

  /**
   * Loads older events into the window. Resolves with true when events were added, false at the room's start.
   * In a preview the window is capped the same way (the newest events beyond the cap are dropped, and
   * {@link jumpToLatest} brings them back).
   */
  async paginate(): Promise<boolean> {
    if (this.paginating || this.reachedStart) return false;
    this.paginating = true;
    this.changed();
    try {
      if (this.early && (this.room || this.previewEvents.length >= this.windowLimit)) {
        // The early page is a window too: it never holds more than `windowLimit` events (it is not trimmed at
        // its newest end, since it is what the live window hands over from), and once the SDK's room is there it
        // stops growing, so that the live window can reach back over all of it. Older pages then come from the
        // live window, after the hand-over (bounded wait; the spinner shows meanwhile).
        await this.until(() => !this.early || this.mode !== 'live', 30_000);
        if (this.early || this.reachedStart) return false;
      }
      if (this.mode === 'live' && this.window && !this.early) {
        const { EventTimeline } = this.sdk;
        const added = await this.window.paginate(EventTimeline.BACKWARDS, this.pageSize);
        this.syncWindowFlags();
        return added;
      }
      if (this.fromCache && this.cachedOlder.length) {
        // Reading back on a cached page: its older events first, without a request.
        const older = this.cachedOlder.splice(Math.max(0, this.cachedOlder.length - Math.min(this.pageSize, this.windowLimit - this.previewEvents.length)));
        this.previewEvents = [...older, ...this.previewEvents];
        this.reachedStart = this.cachedReachedStart && !this.cachedOlder.length;
        return older.length > 0;
      }
      // A preview, or the early first page of a joined room (its window then reaches back to what was loaded).
      if (this.mode === 'preview' || this.early) {
        if (!this.previewBackToken) {
          // The window was trimmed at its old end: older events exist. Find the position just before the
          // oldest event still shown and go on from there.
          const oldest = this.previewEvents[0]?.event_id;
          if (typeof oldest !== 'string') {
            this.reachedStart = true;
            return false;
          }
          this.previewBackToken = (await this.tokensAround(oldest)).start;
          if (!this.previewBackToken) {
            this.reachedStart = true;
            return false;
          }
        }
        const size = this.early ? Math.min(this.pageSize, this.windowLimit - this.previewEvents.length) : this.pageSize;
        const page = await this.messages('b', this.previewBackToken, size);
        this.previewBackToken = page.end;
        const known = new Set(this.previewEvents.map((e) => e.event_id));
        const older = page.chunk.reverse().filter((e) => !known.has(e.event_id));
        this.previewEvents = [...older, ...this.previewEvents];
        if (!page.end || page.chunk.length === 0) this.reachedStart = true;
        const excess = this.previewEvents.length - this.windowLimit;
        if (excess > 0 && !this.early) {
          this.previewEvents.splice(this.previewEvents.length - excess, excess);
          this.atLiveEnd = false;
        }
        return older.length > 0;
      }
      return false;
    } catch (e) {
      throw actionError('paginate', e, () => msg('Older messages could not be loaded.'));
    } finally {
      this.paginating = false;
      this.changed();
      await this.pendingChange;
    }
  }

  /** Moves the window back to the newest events (after reading far back). */
  async jumpToLatest(): Promise<void> {
    // The early page ends at the newest events it knows; once the SDK's room is there (a gappy sync reset its
    // timeline), a new window at the live end is what it hands over to.
    if (this.early && !this.room) return;
    if (this.mode === 'live' && this.room) {
      const w = new this.sdk.TimelineWindow(this.mx, this.room.getUnfilteredTimelineSet(), { windowLimit: this.windowLimit });
      this.window = w;
      // The new window opens at the live end: events arriving before its load settles must extend it.
      this.atLiveEnd = true;
      this.clearUnseen();
      await this.loadWindow(w);
    } else if (this.mode === 'preview') {
      await this.startPreview();
      this.clearUnseen();
    }
  }

  // ---------------------------------------------------------------------------------------------------------
  // Items
  // ---------------------------------------------------------------------------------------------------------

  /** The raw entries of the current window, oldest first, local echoes included. */
  entries(): RoomEntry[] {
    if (this.mode === 'preview' || this.early) {
      const rows = this.previewEvents.map((event): RoomEntry => {
        const txnId = (event.unsigned as { transaction_id?: unknown } | undefined)?.transaction_id;
        return typeof txnId === 'string' ? { event, status: 'sent', txnId } : { event, status: 'sent' };
      });
      // A joined member's messages sent meanwhile (through the outbox) show as they will in the live room.
      return this.early ? [...rows, ...this.outboxRows(rows)] : rows;
    }
    if (this.mode !== 'live' || !this.window || !this.room) return [];
    const events = this.window.getEvents();
    // With `pendingEventOrdering: detached` local echoes live outside the timeline: show them last.
    let pending: MatrixEvent[] = [];
    try {
      pending = this.room.getPendingEvents();
    } catch {
      pending = [];
    }
    const seen = new Set<MatrixEvent>();
    const out: RoomEntry[] = [];
    for (const ev of [...events, ...pending]) {
      if (seen.has(ev)) continue;
      seen.add(ev);
      if (ev.status === this.sdk.EventStatus.CANCELLED) continue;
      out.push(this.entryOf(ev));
    }
    return [...out, ...this.outboxRows(out)];
  }

  /**
   * The outbox's messages as local rows after the timeline: waiting (`pending`), refused (`failed`), or accepted
   * but not yet synced back. One the timeline already holds (by transaction or event ID) is confirmed and not
   * shown twice; the synced event carries the same transaction ID, so its row keeps its place and key.
   */
  private outboxRows(timeline: RoomEntry[]): RoomEntry[] {
    const outbox = this.outbox;
    if (!outbox || this.mode !== 'live') return [];
    const txns = new Set(timeline.map((e) => e.txnId).filter(Boolean));
    const ids = new Set(timeline.map((e) => e.event.event_id));
    const rows: RoomEntry[] = [];
    for (const entry of outbox.entries) {
      if (txns.has(entry.txnId) || (entry.eventId && ids.has(entry.eventId))) {
        queueMicrotask(() => outbox.confirm(entry.txnId));
        continue;
      }
      const status: TimelineItemStatus = entry.state === 'failed' ? 'failed' : entry.state === 'sent' ? 'sent' : 'pending';
      const event: Record<string, unknown> = {
        event_id: entry.eventId ?? `~${this.roomId}:${entry.txnId}`,
        room_id: this.roomId,
        sender: this.userId,
        type: entry.type,
        content: entry.content,
        origin_server_ts: entry.createdAt,
        unsigned: { transaction_id: entry.txnId },
      };
      rows.push({ event, status, txnId: entry.txnId });
    }
    return rows;
  }

  private entryOf(ev: MatrixEvent): RoomEntry {
    const { EventStatus } = this.sdk;
    let status: TimelineItemStatus = 'sent';
    if (ev.status === EventStatus.NOT_SENT) status = 'failed';
    else if (ev.status === EventStatus.SENDING || ev.status === EventStatus.QUEUED || ev.status === EventStatus.ENCRYPTING) {
      status = 'pending';
    }
    const event = ev.getEffectiveEvent() as unknown as Record<string, unknown>;
    const txnId = ev.getTxnId() ?? ev.getUnsigned().transaction_id;
    return txnId ? { event, status, txnId } : { event, status };
  }

  private members(): Map<string, { displayName?: unknown; avatarUrl?: unknown }> {
    if (this.mode === 'preview' || this.early) return this.previewMembers;
    const map = new Map<string, { displayName?: unknown; avatarUrl?: unknown }>();
    if (!this.room) return map;
    for (const m of this.room.currentState.getMembers()) {
      map.set(m.userId, { displayName: m.rawDisplayName === m.userId ? undefined : m.rawDisplayName, avatarUrl: m.getMxcAvatarUrl() });
    }
    return map;
  }

  private rebuild(): void {
    const entries = this.entries();
    const members = this.members();
    const displayNames = !this.membersKnown()
      ? new Map(Array.from(members, ([userId, m]) => [userId, displayNameFor(userId, m.displayName, 2)]))
      : disambiguateDisplayNames(
          Array.from(members, ([userId, m]) => ({ userId, displayName: m.displayName })),
          () => this.changed(), // a non-ASCII name loads the confusables table once: rebuild when it is in
        );
    const avatars = new Map<string, string>();
    for (const [userId, m] of members) {
      if (typeof m.avatarUrl === 'string' && parseMxc(m.avatarUrl)) avatars.set(userId, m.avatarUrl);
    }
    const statusById = new Map<string, TimelineItemStatus>();
    const txnById = new Map<string, string>();
    for (const e of entries) {
      const id = e.event.event_id;
      if (typeof id !== 'string') continue;
      statusById.set(id, e.status);
      if (e.txnId) txnById.set(id, e.txnId);
    }
    const redactLevel = this.redactPower();
    const items = buildTimeline(
      entries.map((e) => e.event),
      {
        ownUserId: this.userId,
        displayNames,
        avatars,
        statusOf: (id) => statusById.get(id),
        canRedactOthers: redactLevel,
      },
    );
    for (const item of items) {
      const txnId = txnById.get(item.eventId);
      if (txnId) item.txnId = txnId;
    }
    this.items = this.reuseUnchanged(items);
    if (this.mode === 'live' && this.room) {
      this.name = this.room.currentState.getStateEvents('m.room.name', '')?.getContent().name;
      this.topic = this.room.currentState.getStateEvents('m.room.topic', '')?.getContent().topic;
      this.avatarUrl = this.room.getMxcAvatarUrl() ?? undefined;
      this.memberCount = this.room.getJoinedMemberCount();
    }
  }

  /**
   * Every joined member of the live room is known (its list was loaded, or everyone in it is already in what
   * the client synced): only then can a display name count as unique. A preview reads the full room state.
   */
  private membersKnown(): boolean {
    if (this.early) return this.earlyMembersFull;
    const room = this.room;
    if (this.mode !== 'live' || !room) return true;
    return this.liveMembersKnown(room);
  }

  private liveMembersKnown(room: Room): boolean {
    if (room.getJoinedMemberCount() > MEMBER_LIST_LIMIT) return false;
    return this.membersLoaded.has(room) || room.getJoinedMembers().length >= room.getJoinedMemberCount();
  }

  /** `items` with each one equal to the previous rebuild's item of the same key replaced by that object. */
  private reuseUnchanged(items: TimelineItem[]): TimelineItem[] {
    const next = new Map<string, { item: TimelineItem; sig: string }>();
    const out = items.map((item) => {
      const key = `${item.eventId}\n${item.txnId ?? ''}`;
      let sig: string;
      try {
        sig = JSON.stringify(item);
      } catch {
        return item;
      }
      const old = this.itemCache.get(key);
      if (old && old.sig === sig && !next.has(key)) {
        next.set(key, old);
        return old.item;
      }
      if (!next.has(key)) next.set(key, { item, sig });
      return item;
    });
    this.itemCache = next;
    return out;
  }

  /** Who may redact other people's events, from the live room's power levels. */
  private redactPower(): ((userId: string) => boolean) | undefined {
    const state = this.early ? undefined : this.room?.currentState;
    if (!state && !this.early) return undefined;
    const pl = (this.early ? this.earlyPower : state?.getStateEvents('m.room.power_levels', '')?.getContent()) as
      | { redact?: unknown; users?: Record<string, unknown>; users_default?: unknown }
      | undefined;
    if (!pl || typeof pl !== 'object') return undefined;
    const num = (v: unknown, d: number) => (typeof v === 'number' && Number.isFinite(v) ? v : d);
    const needed = num(pl.redact, 50);
    const users = pl.users && typeof pl.users === 'object' ? pl.users : {};
    return (userId) => num(Object.hasOwn(users, userId) ? users[userId] : undefined, num(pl.users_default, 0)) >= needed;
  }

  /** The item with this event (or transaction) ID in the window, if any. */
  find(id: string): TimelineItem | undefined {
    return this.items.find((i) => i.eventId === id || i.txnId === id);
  }

  /** Loads older events until `eventId` is in the window (for "jump to the replied message"), bounded. */
  async reveal(eventId: string, maxPages = 10): Promise<boolean> {
    for (let i = 0; i <= maxPages; i++) {
      if (this.find(eventId)) return true;
      if (!(await this.paginate())) break;
      this.rebuild();
    }
    return !!this.find(eventId);
  }

  // ---------------------------------------------------------------------------------------------------------
  // Actions (live only)
  // ---------------------------------------------------------------------------------------------------------

  /** Joined (live, or an early first page of a joined room): messages may be queued in the outbox. */
  private requireJoined(operation: string): void {
    if (this.mode !== 'live') throw new RoomActionError(operation, 'M_FORBIDDEN', () => msg('Join the room first.'));
  }

  private requireLive(operation: string): Room {
    if (this.mode !== 'live' || !this.room) {
      throw new RoomActionError(operation, 'M_FORBIDDEN', () => msg('Join the room first.'));
    }
    return this.room;
  }

  /**
   * Sends a message the composer made (`message`: body and, for Markdown, HTML), optionally as a reply. It is
   * queued in the outbox at once — it shows as `pending` right away, survives a reload and goes out exactly once,
   * after every message queued before it. Resolves with `{txnId, eventId}` once the server has it; rejects with a
   * {@link RoomActionError} when the server refused it for good (it then shows `failed`, "Not sent", with
   * {@link retry} and {@link discard}, its text kept). `text` is what the visitor typed, kept with it.
   */
  send(
    message: MessageText,
    opts: { replyTo?: string; msgtype?: 'm.text' | 'm.emote' | 'm.notice'; text?: string } = {},
  ): Promise<{ txnId: string; eventId: string }> {
    const content: Record<string, unknown> = { msgtype: opts.msgtype ?? 'm.text', ...message };
    if (opts.replyTo) content['m.relates_to'] = { 'm.in_reply_to': { event_id: opts.replyTo } };
    return this.queue('send', content, opts.text);
  }

  /** Replaces the text of one of the visitor's own messages (`m.replace`), through the outbox like a message. */
  edit(eventId: string, message: MessageText, text?: string): Promise<{ txnId: string; eventId: string }> {
    this.requireJoined('edit');
    const original = this.find(eventId);
    if (!original || !original.mine) return Promise.reject(new RoomActionError('edit', 'M_FORBIDDEN', () => msg('You can edit only your own messages.')));
    const newContent = { msgtype: original.msgtype === 'm.emote' ? 'm.emote' : 'm.text', ...message };
    const content: Record<string, unknown> = {
      ...newContent,
      body: EDIT_PREFIX + newContent.body,
      ...(newContent.formatted_body ? { formatted_body: EDIT_PREFIX + newContent.formatted_body } : {}),
      'm.new_content': newContent,
      'm.relates_to': { rel_type: 'm.replace', event_id: eventId },
    };
    return this.queue('edit', content, text);
  }

  /** Puts an `m.room.message` in the outbox and resolves once the server has it. */
  private async queue(operation: string, content: Record<string, unknown>, text?: string): Promise<{ txnId: string; eventId: string }> {
    this.requireJoined(operation);
    const outbox = this.outbox;
    if (!outbox) throw new RoomActionError(operation, 'ME_SIGNED_OUT', () => msg('Sign in to send messages.'));
    this.stopTyping();
    const entry = outbox.enqueue('m.room.message', content, text);
    try {
      return { txnId: entry.txnId, eventId: await outbox.whenSent(entry.txnId) };
    } catch (e) {
      const refusal = e as { errcode?: string; message?: string };
      throw new RoomActionError(operation, refusal.errcode ?? 'M_UNKNOWN', refusal.message ?? (() => msg('The message was not sent.')));
    }
  }

  /** Adds the visitor's reaction `key` to an event, or removes it when they already reacted with it. */
  async toggleReaction(eventId: string, key: string): Promise<void> {
    await this.liveRoom('react');
    const item = this.find(eventId);
    const mine = item?.reactions.find((r) => r.key === key && r.mine);
    if (mine?.myEventId) {
      await this.redact(mine.myEventId, 'react');
      return;
    }
    await this.sendContent('react', 'm.reaction', { 'm.relates_to': { rel_type: 'm.annotation', event_id: eventId, key } });
  }

  /** Deletes (redacts) an event. A local echo that never reached the server is simply discarded. */
  async redact(eventId: string, operation = 'delete'): Promise<void> {
    this.requireJoined(operation);
    const queued = this.outboxEntry(eventId);
    if (queued) {
      if (this.outbox?.discard(queued.txnId)) return; // never reached the server: nothing to redact
      eventId = queued.eventId ?? (await this.outbox!.whenSent(queued.txnId).catch(() => '')); // on its way: redact what the server stores
      if (!eventId) return;
    }
    const room = await this.liveRoom(operation);
    const pending = room.findEventById(eventId) ?? this.pendingEvent(room, eventId);
    if (pending && pending.status === this.sdk.EventStatus.NOT_SENT) {
      this.mx.cancelPendingEvent(pending);
      this.changed();
      return;
    }
    try {
      // A local echo (clicked before the server answered): redact what the server stored once it is there.
      const target = await this.serverIdOf(room, eventId);
      if (!target) throw new RoomActionError(operation, 'M_NOT_FOUND', () => msg('That message was not sent.'));
      await this.mx.redactEvent(this.roomId, target);
    } catch (e) {
      throw e instanceof RoomActionError ? e : actionError(operation, e, () => msg('The message could not be deleted.'));
    } finally {
      this.changed();
    }
  }

  /**
   * "Retry" on a message that was not sent: back in the outbox with its own transaction ID (a reaction the
   * SDK holds is resent by the SDK, with its own). Resolves with the event ID once the server has it.
   */
  async retry(id: string): Promise<string> {
    this.requireJoined('send');
    const queued = this.outboxEntry(id);
    if (queued && this.outbox) {
      if (queued.eventId) return queued.eventId;
      this.outbox.retry(queued.txnId);
      try {
        return await this.outbox.whenSent(queued.txnId);
      } catch (e) {
        const refusal = e as { errcode?: string; message?: string };
        throw new RoomActionError('send', refusal.errcode ?? 'M_UNKNOWN', refusal.message ?? (() => msg('The message could not be sent.')));
      }
    }
    const room = await this.liveRoom('send');
    const ev = this.pendingEvent(room, id);
    if (!ev || ev.status !== this.sdk.EventStatus.NOT_SENT) {
      const sent = ev?.getId();
      if (ev && ev.status === null && sent?.startsWith('$')) return sent;
      throw new RoomActionError('send', 'M_NOT_FOUND', () => msg('That message is no longer waiting to be sent.'));
    }
    try {
      const res = await this.mx.resendEvent(ev, room);
      return res.event_id;
    } catch (e) {
      throw actionError('send', e, () => msg('The message could not be sent.'));
    } finally {
      this.changed();
    }
  }

  /** "Delete" on a message that was not sent. */
  discard(id: string): void {
    this.requireJoined('send');
    const queued = this.outboxEntry(id);
    if (queued) this.outbox?.discard(queued.txnId);
    else {
      const ev = this.pendingEvent(this.requireLive('send'), id);
      if (ev) this.mx.cancelPendingEvent(ev);
    }
    this.changed();
  }

  /** The outbox entry an item stands for: by transaction ID, event ID or local row ID. */
  private outboxEntry(id: string): OutboxEntry | undefined {
    const txn = id.startsWith(`~${this.roomId}:`) ? id.slice(this.roomId.length + 2) : id;
    return this.outbox?.entries.find((e) => e.txnId === txn || e.eventId === id);
  }

  /** One of our own events by event ID, transaction ID or local-echo ID (`~<roomId>:<txnId>`). */
  private pendingEvent(room: Room, id: string): MatrixEvent | undefined {
    const txn = id.startsWith(`~${this.roomId}:`) ? id.slice(this.roomId.length + 2) : undefined;
    const all = [...localEchoes(room), ...(this.window?.getEvents() ?? [])];
    return all.find((e) => e.getId() === id || e.getTxnId() === id || (txn !== undefined && e.getTxnId() === txn));
  }

  /**
   * The server's ID of one of our events named by a local-echo ID: waits (bounded) while it is being sent.
   * Undefined when it never reached the server (then there is nothing to redact).
   */
  private async serverIdOf(room: Room, id: string): Promise<string | undefined> {
    if (id.startsWith('$')) return id;
    const ev = this.pendingEvent(room, id);
    if (!ev) return undefined;
    const { EventStatus } = this.sdk;
    const deadline = Date.now() + 15_000;
    while (ev.status === EventStatus.SENDING || ev.status === EventStatus.ENCRYPTING || ev.status === EventStatus.QUEUED) {
      if (Date.now() > deadline) return undefined;
      await new Promise<void>((resolve) => {
        const done = () => {
          clearTimeout(timer);
          room.off(this.sdk.RoomEvent.LocalEchoUpdated, done as never);
          resolve();
        };
        const timer = setTimeout(done, 500);
        room.on(this.sdk.RoomEvent.LocalEchoUpdated, done as never);
      });
    }
    const real = ev.getId();
    return ev.status === null || ev.status === EventStatus.SENT ? (real?.startsWith('$') ? real : undefined) : undefined;
  }

  private async sendContent(operation: string, type: string, content: IContent): Promise<{ txnId: string; eventId: string }> {
    const txnId = this.mx.makeTxnId();
    this.stopTyping();
    const sending = this.mx.sendEvent(this.roomId, type as never, content as never, txnId);
    this.changed();
    try {
      const res = await sending;
      return { txnId, eventId: res.event_id };
    } catch (e) {
      throw actionError(operation, e, () => (operation === 'send' ? msg('The message could not be sent.') : msg('That did not work.')));
    } finally {
      this.changed();
    }
  }

  /**
   * Uploads a file and sends it as `m.image` / `m.video` / `m.audio` / `m.file`. `onProgress(fraction)` is called
   * while uploading. Images get their width and height when the caller knows them.
   */
  async upload(
    file: File,
    opts: { onProgress?: (fraction: number) => void; width?: number; height?: number; signal?: AbortSignal } = {},
  ): Promise<{ txnId: string; eventId: string }> {
    await this.liveRoom('upload');
    let contentUri: string;
    try {
      const res = await this.mx.uploadContent(file, {
        name: file.name,
        type: file.type || 'application/octet-stream',
        includeFilename: true,
        progressHandler: ({ loaded, total }) => opts.onProgress?.(total ? loaded / total : 0),
        abortController: undefined,
      });
      contentUri = res.content_uri;
    } catch (e) {
      throw actionError('upload', e, () => msg('The file could not be uploaded.'));
    }
    opts.onProgress?.(1);
    const mime = file.type || 'application/octet-stream';
    const msgtype = mime.startsWith('image/') ? 'm.image' : mime.startsWith('video/') ? 'm.video' : mime.startsWith('audio/') ? 'm.audio' : 'm.file';
    const info: Record<string, unknown> = { mimetype: mime, size: file.size };
    if (msgtype === 'm.image' && opts.width && opts.height) Object.assign(info, { w: opts.width, h: opts.height });
    return this.queue('upload', { msgtype, body: file.name, filename: file.name, url: contentUri, info });
  }

  // ---------------------------------------------------------------------------------------------------------
  // Typing and receipts
  // ---------------------------------------------------------------------------------------------------------

  /** The visitor is typing (call on input; throttled) or stopped (`false`). */
  setTyping(typing: boolean): void {
    if (this.mode !== 'live' || !this.room) return;
    const now = Date.now();
    if (typing) {
      if (this.typingOn && now - this.typingSentAt < 20_000) return;
      this.typingOn = true;
      this.typingSentAt = now;
      this.mx.sendTyping(this.roomId, true, 30_000).catch(() => undefined);
    } else {
      this.stopTyping();
    }
  }

  private stopTyping(): void {
    if (!this.typingOn) return;
    this.typingOn = false;
    this.mx.sendTyping(this.roomId, false, 0).catch(() => undefined);
  }

  /**
   * The visitor has seen everything up to `eventId`: sends a read receipt, once per newer event, only for
   * events from the server (never a local echo) and never backwards.
   */
  markRead(eventId: string): void {
    if (this.mode !== 'live' || !this.room || eventId === this.lastReceipt || !eventId.startsWith('$')) return;
    const ev = this.room.findEventById(eventId);
    if (!ev || ev.status !== null) return;
    if (this.room.hasUserReadEvent(this.userId, eventId)) return;
    this.lastReceipt = eventId;
    this.mx.sendReadReceipt(ev).catch(() => {
      this.lastReceipt = undefined;
    });
  }

  // ---------------------------------------------------------------------------------------------------------
  // Membership
  // ---------------------------------------------------------------------------------------------------------

  /** Joins the room (by alias when given, so the server can route it) and waits until it is live. */
  async join(aliasOrId: string = this.roomId, viaServers: string[] = []): Promise<void> {
    try {
      // Its own chunk (shared with the join button): the room's first page does not wait for it.
      const { joinRoom } = await import('./join.ts');
      await joinRoom(this.mx, aliasOrId, viaServers);
    } catch (e) {
      const j = e as JoinError;
      throw new RoomActionError('join', j.errcode, j.message);
    }
    this.attach();
    // The join call resolves before the sync that carries the room; wait for it (bounded).
    if (this.mode !== 'live') await this.until(() => this.mode === 'live', 15_000);
  }
}

/** A message from someone else that the reader has not seen yet (edits are not new messages). */
function isNewMessage(event: MatrixEvent, ownUserId: string): boolean {
  return countsAsNew(event.getType(), event.getSender(), event.getRelation()?.rel_type, ownUserId);
}

/**
 * What "n new" counts, for live events and preview JSON alike: messages from others. Edits are not new
 * messages, and neither are reactions, state or the visitor's own messages (sent from this or another device).
 */
function countsAsNew(type: unknown, sender: unknown, relType: unknown, ownUserId: string): boolean {
  return type === 'm.room.message' && sender !== ownUserId && relType !== 'm.replace';
}

function relationType(content: unknown): unknown {
  const rel = (content as { 'm.relates_to'?: { rel_type?: unknown } } | undefined)?.['m.relates_to'];
  return rel && typeof rel === 'object' ? rel.rel_type : undefined;
}

/**
 * Our own events that are not (yet) confirmed by the server: in the live timeline with the default
 * `pendingEventOrdering: chronological`, in the pending list with `detached`.
 */
function localEchoes(room: Room): MatrixEvent[] {
  const out = new Set<MatrixEvent>();
  for (const e of room.getLiveTimeline().getEvents()) if (e.status !== null) out.add(e);
  for (const e of safePending(room)) out.add(e);
  return [...out];
}

function safePending(room: Room): MatrixEvent[] {
  try {
    return room.getPendingEvents();
  } catch {
    return [];
  }
}
