/**
 * One room on the page as a state machine, DOM-free: `loading -> card | preview | joined | error`, from the room
 * address an element was given, the page's session and the element's homeserver. `<matrix-room>` renders its
 * state and forwards the visitor's actions; everything that talks to a server for the room's lifecycle is here.
 *
 * - First paint from the room summary (plain fetch, no SDK). For someone signed in (or a guest), the room's first
 *   page next, still without the SDK (`first-page.ts`: one `/messages` and the room state), shown through the
 *   same room model and tiles; matrix-js-sdk loads once that is on screen (`afterPaint`), and its client, after
 *   its first sync, takes the same model over (`RoomModel.early` / `acquire`). Then the live room (joined) or a
 *   read-only preview (world-readable, through the visitor's or a guest's session) through the page's one client.
 *   If the first page fails, nothing is lost: the SDK path shows the room as before.
 * - Failures that retrying fixes (network, server, rate limit) never replace what is shown: the view stays and
 *   loads again on the connection's backoff (`connection.ts`), telling the page once per outage. Only what
 *   retrying cannot fix (no such room, not allowed, a bad attribute, not a Matrix server) is an `error` state.
 * - A soft logout keeps the live room as it is (the client and its requests wait for the visitor to sign in).
 *
 * Fires `change` whenever `state`, `summary`, `model` or `outage` change (and when the model changes), `error`
 * (`CustomEvent<MatrixErrorInfo>`), `joined` (`CustomEvent<{roomId, alias?}>`) and the model's `message`.
 */
import { msg } from './texts.ts';
import type { MatrixClient } from 'matrix-js-sdk';
import { parseRoomAddress, type RoomAddress } from './room-address.ts';
import { fetchRoomSummary, RoomSummaryError } from './summary.ts';
import { loadSdk } from './sdk.ts';
import { requestFirstPage } from './first-page.ts';
import { readCachedRoom, writeCachedRoom, type CachedRoom } from './room-cache.ts';
import { MatrixApiError } from './errors.ts';
import type { MatrixSession } from './session.ts';
import type { RoomModel } from './room-model.ts';
import type { MatrixErrorInfo, RoomSummary } from './types.ts';

export type RoomViewState =
  | { kind: 'loading' }
  | { kind: 'error'; info: MatrixErrorInfo }
  | { kind: 'card' }
  | { kind: 'preview' }
  | { kind: 'joined' };

export interface RoomViewInput {
  /** The room as the page wrote it: alias, ID, matrix.to link or `matrix:` URI. */
  room: string;
  /** The element's own homeserver (server name or base URL), for visitors who are not signed in. */
  homeserver: string;
  /** Never create a guest account for this room: a signed-out visitor sees the summary card. */
  withoutGuest: boolean;
}

/** A function, not a table: the words are looked up in the locale of the moment (session/texts.ts). */
const errorMessages = (): Record<string, string> => ({
  M_NOT_FOUND: msg('This room does not exist. Check the address.'),
  M_FORBIDDEN: msg('You are not allowed to see this room. It is private: you need an invitation.'),
  ME_UNREACHABLE: msg('The Matrix server cannot be reached right now. Check your connection and try again.'),
});

const loadRoomModel = () => import('./room-model.ts');

/** How long the first page (without the SDK) may hold up loading the SDK: a slow one does not delay the live room. */
const FIRST_PAGE_WAIT_MS = 2000;
/** The live room is written to the cache for the next visit at most this often (and when the page goes away). */
const CACHE_EVERY_MS = 2000;

export interface RoomViewOptions {
  /**
   * Resolves once the element has painted what it shows now. matrix-js-sdk (hundreds of kB to parse) is loaded
   * after the first page is on screen, not before. Default: the next task.
   */
  afterPaint?: () => Promise<void>;
}

export class RoomView extends EventTarget {
  state: RoomViewState = { kind: 'loading' };
  summary: RoomSummary | undefined;
  model: RoomModel | undefined;
  address: RoomAddress | undefined;
  /** The server the room is read from, and whether it serves authenticated media (spec v1.11). */
  mediaServer: { baseUrl: string; authenticated: boolean } | undefined;
  /** A failure that retrying fixes was reported and the room has not loaded since. */
  outage = false;
  joining = false;
  /** The visitor asked to join before signing in: join as soon as they are. */
  private pendingJoin = false;
  private input: RoomViewInput = { room: '', homeserver: '', withoutGuest: false };
  private generation = 0;
  private sessionKey = '';
  private active = false;
  private readonly onSession = () => {
    const key = this.keyOf();
    if (!this.active || key === this.sessionKey) return;
    void this.load();
  };
  private readonly onModelChange = () => this.onModelChanged();
  private saveTimer: ReturnType<typeof setTimeout> | undefined;
  /** The room and newest event of the last write to the cache. */
  private savedKey = '';
  private readonly onModelMessage = (e: Event) => this.dispatchEvent(new CustomEvent('message', { detail: (e as CustomEvent).detail }));

  /**
   * `inLocale` writes this view's messages in its element's language (session/texts.ts), as they are made in
   * callbacks, outside the element's render.
   */
  constructor(
    private readonly session: MatrixSession,
    private readonly inLocale: <T>(fn: () => T) => T = (fn) => fn(),
    private readonly options: RoomViewOptions = {},
  ) {
    super();
  }

  /** Starts (or restarts, with new input) following the room. */
  open(input: RoomViewInput): void {
    this.input = input;
    if (!this.active) {
      this.session.addEventListener('change', this.onSession);
      globalThis.addEventListener?.('pagehide', this.saveNow);
    }
    this.active = true;
    void this.load();
  }

  /** Stops: no more loading, the model is released. */
  close(): void {
    this.active = false;
    this.generation++;
    this.session.removeEventListener('change', this.onSession);
    globalThis.removeEventListener?.('pagehide', this.saveNow);
    if (this.saveTimer !== undefined) this.saveNow();
    this.model?.setTyping(false);
    this.setModel(undefined);
  }

  /** The visitor pressed Join: joins now when signed in; otherwise returns false (sign in first, then it joins). */
  requestJoin(): boolean {
    if (this.session.status !== 'signed-in') {
      this.pendingJoin = true;
      return false;
    }
    void this.join();
    return true;
  }

  /** (Re)loads everything for the current room, session and homeserver. */
  async load(): Promise<void> {
    const generation = ++this.generation;
    const stale = () => generation !== this.generation || !this.active;
    this.sessionKey = this.keyOf();
    const parsed = this.inLocale(() => parseRoomAddress(this.input.room));
    if (!parsed.ok) {
      this.address = undefined;
      this.setModel(undefined);
      this.fail({ operation: 'load-room', errcode: 'ME_BAD_ATTRIBUTE', message: parsed.message });
      return;
    }
    const address = parsed.address;
    const sameRoom = this.address?.value === address.value;
    this.address = address;
    if (!sameRoom || this.state.kind === 'error') {
      this.summary = undefined;
      this.set({ kind: 'loading' });
    }
    const session = this.session;
    await session.whenReady();
    if (stale()) return;
    if (session.status === 'soft-logout' && sameRoom && this.model && (this.model.client === session.currentClient || !this.model.client)) {
      // The session expired but kept its device: the room stays as it is, read-only until the visitor signs in
      // again (requests wait meanwhile, messages stay queued), then carries on with the same client (a first page
      // shown before the SDK is connected to it then).
      return;
    }

    // 1. First paint from the summary (plain fetch, no SDK).
    const signedIn = session.status === 'signed-in' || session.status === 'guest';
    // Signed in, the server is known (it was validated at sign-in): the room's summary (anonymous) and code are
    // asked for while /versions is, rather than one after the other.
    const ownServer = signedIn ? session.homeserverUrl : undefined;
    const summaryAhead = ownServer ? fetchRoomSummary(ownServer, address) : undefined;
    summaryAhead?.catch(() => undefined);
    if (signedIn) void loadRoomModel().catch(() => undefined);
    // A repeat visit paints the room as the visitor left it (IndexedDB), before any answer; the rest reconciles.
    // (Not with the page's client running: its live room is there at once.)
    if (signedIn && session.userId && !this.model && !session.currentClient) void this.showCached(generation, readCachedRoom(session.userId, address.value));
    let baseUrl: string;
    try {
      // Signed in: the user's own server (it reaches other servers' rooms). Otherwise this element's
      // homeserver, the page default, or the room's own server.
      const info = await session.resolveHomeserver(
        signedIn && session.homeserverUrl ? session.homeserverUrl : this.input.homeserver || session.defaultHomeserver || address.serverName || undefined,
      );
      baseUrl = signedIn && session.homeserverUrl ? session.homeserverUrl : info.baseUrl;
      if (stale()) return;
      this.mediaServer = { baseUrl, authenticated: advertisesAuthenticatedMedia(info) };
    } catch (e) {
      if (stale()) return;
      const errcode = (e as { errcode?: string }).errcode ?? 'ME_UNREACHABLE';
      if (errcode === 'ME_NOT_MATRIX' || errcode === 'ME_BAD_URL' || errcode === 'ME_BAD_ANSWER') {
        const message = this.inLocale(() =>
          errcode === 'ME_BAD_URL' ? msg('The homeserver address is not valid.') : errcode === 'ME_BAD_ANSWER' ? msg('That server’s answer was not valid Matrix.') : msg('That address is not a Matrix server.'));
        this.fail({ operation: 'load-room', errcode, message });
      } else {
        this.retryLater(generation, { operation: 'load-room', errcode: 'ME_UNREACHABLE', message: this.inLocale(() => errorMessages().ME_UNREACHABLE) });
      }
      return;
    }
    let summaryError: RoomSummaryError | undefined;
    try {
      const summary = await (summaryAhead && baseUrl === ownServer ? summaryAhead : fetchRoomSummary(baseUrl, address));
      if (stale()) return;
      this.summary = summary;
      this.outage = false;
      session.connection.succeeded(); // the server answers again (this request went around the session's fetch)
    } catch (e) {
      if (stale()) return;
      summaryError = e instanceof RoomSummaryError ? e : new RoomSummaryError('ME_UNREACHABLE', this.inLocale(() => errorMessages().ME_UNREACHABLE));
      if (summaryError.errcode === 'ME_UNREACHABLE' || summaryError.errcode === 'M_LIMIT_EXCEEDED') {
        this.retryLater(generation, { ...summaryError.info, message: this.inLocale(() => errorMessages().ME_UNREACHABLE) });
        return;
      }
      // A private room we are a member of is invisible to an anonymous summary: ask the client below.
      if (!(signedIn && (summaryError.errcode === 'M_FORBIDDEN' || summaryError.errcode === 'M_NOT_FOUND'))) {
        this.setModel(undefined);
        this.failWith(summaryError);
        return;
      }
    }
    // Signed in, the room itself is coming (its first page below): no card with "Join" in between for a member.
    if (this.summary && this.state.kind === 'loading' && !signedIn) this.set({ kind: 'card' });

    // 2. The live room (or a preview) through the page's one client.
    const summary = this.summary;
    const wantsGuest = !signedIn && !this.input.withoutGuest && !!summary?.worldReadable && session.status === 'signed-out';
    if (!signedIn && !wantsGuest) {
      this.setModel(undefined);
      if (summary) this.set({ kind: 'card' });
      return;
    }
    const knownRoomId = summary?.roomId ?? (address.kind === 'id' ? address.value : undefined);
    const shownAlready =
      !!this.model && this.model.roomId === knownRoomId && this.model.userId === session.userId && !!session.userId && !this.model.fromCache;
    if (knownRoomId && !shownAlready) {
      // 2a. The first page without the SDK (one /messages request and the room state, plain fetch), painted
      // through the same model and tiles; the SDK loads once it is on screen (or failed, or is slow).
      const first = this.showFirstPage(generation, knownRoomId, summary, wantsGuest, baseUrl);
      await Promise.race([first, new Promise((resolve) => setTimeout(resolve, FIRST_PAGE_WAIT_MS))]);
      if (stale()) return;
    }
    if (this.summary && this.state.kind === 'loading') this.set({ kind: 'card' });
    let client: MatrixClient;
    let model: RoomModel;
    try {
      client = await session.client(wantsGuest ? { guest: true, homeserver: baseUrl } : {});
      if (stale()) return;
      const roomId = summary?.roomId ?? (address.kind === 'id' ? address.value : await this.roomIdOf(client, address, summaryError));
      if (!roomId || stale()) return;
      model = await this.acquire(client, roomId);
    } catch {
      if (stale()) return;
      // No guests here (or the session could not start): the card with "Join" is what we can show.
      this.setModel(undefined);
      if (summary) this.set({ kind: 'card' });
      else if (summaryError) this.failWith(summaryError);
      return;
    }
    if (stale()) {
      model.release();
      return;
    }
    this.setModel(model);
    if (model.mode === 'live') {
      this.set({ kind: 'joined' });
    } else if (summary?.worldReadable || (!summary && summaryError?.errcode !== 'M_FORBIDDEN')) {
      try {
        if (model.mode !== 'preview') await model.startPreview();
        if (stale()) return;
        this.set((model.mode as string) === 'live' ? { kind: 'joined' } : { kind: 'preview' });
      } catch {
        if (stale()) return;
        if (summary) this.set({ kind: 'card' });
        else this.failWith(summaryError!);
      }
    } else if (summary) {
      this.set({ kind: 'card' });
    } else {
      this.failWith(summaryError!);
    }
    if (this.pendingJoin && session.status === 'signed-in') void this.join();
  }

  /**
   * Shows the room's first page before matrix-js-sdk is loaded (`RoomModel.early`): a joined member's live room
   * (read-only rows until the SDK's timeline takes over in the same model), or a world-readable room's preview.
   * Never fails: whatever goes wrong here, the SDK path below still shows the room.
   */
  private async showFirstPage(generation: number, roomId: string, summary: RoomSummary | undefined, guest: boolean, baseUrl: string): Promise<void> {
    const stale = () => generation !== this.generation || !this.active;
    const session = this.session;
    try {
      await session.account(guest ? { guest: true, homeserver: baseUrl } : {});
      const userId = session.userId;
      if (stale() || !userId) return;
      // The requests go out now; the room model's code loads meanwhile.
      const get = this.earlyGet;
      const requests = requestFirstPage(get, roomId, userId, summary?.memberCount, AbortSignal.timeout(30_000));
      const { RoomModel } = await loadRoomModel();
      if (stale()) return;
      const outbox = session.outbox(roomId);
      const model = RoomModel.early({ roomId, userId, joinedMemberCount: summary?.memberCount, get }, outbox ? { outbox } : {});
      try {
        await model.loadFirstPage(requests);
      } catch {
        model.release();
        return;
      }
      // Too late (the SDK's model is shown), or not for this visitor to see as a preview (history up to a leave).
      const shown = model.mode === 'live' || (model.mode === 'preview' && !!summary?.worldReadable);
      if (stale() || model.client || !shown || session.userId !== userId) {
        model.release();
        return;
      }
      this.setModel(model);
      this.outage = false;
      this.set(model.mode === 'live' ? { kind: 'joined' } : { kind: 'preview' });
      await (this.options.afterPaint ?? (() => new Promise<void>((resolve) => setTimeout(resolve, 0))))();
    } catch {
      // No account to read with, or the room code could not load: the SDK path decides what is shown.
    }
  }

  /**
   * Paints the room from the last visit's cache (`room-cache.ts`) while nothing is shown yet: the same early
   * model the first page then fills (`showFirstPage` replaces the cached rows with the server's).
   */
  private async showCached(generation: number, cached: Promise<CachedRoom | undefined>): Promise<void> {
    try {
      const [record, { RoomModel }] = await Promise.all([cached, loadRoomModel()]);
      const session = this.session;
      const userId = session.userId;
      if (!record || !userId || generation !== this.generation || !this.active || this.model || this.state.kind !== 'loading') return;
      const outbox = session.outbox(record.roomId);
      const model = RoomModel.early({ roomId: record.roomId, userId, joinedMemberCount: record.page.memberCount, get: this.earlyGet }, outbox ? { outbox } : {});
      if (!model.showCached(record.page)) {
        model.release();
        return;
      }
      this.mediaServer ??= { baseUrl: session.homeserverUrl ?? '', authenticated: record.mediaAuthenticated };
      this.setModel(model);
      this.set({ kind: 'joined' });
    } catch {
      // The room code could not load: the first page (or the SDK) shows the room.
    }
  }

  /** Keeps the live room for the next visit (at most every {@link CACHE_EVERY_MS}, and when the page goes away). */
  private keepForNextVisit(): void {
    if (this.saveTimer === undefined) this.saveTimer = setTimeout(this.saveNow, CACHE_EVERY_MS);
  }

  private readonly saveNow = (): void => {
    clearTimeout(this.saveTimer);
    this.saveTimer = undefined;
    const { model, address, session } = this;
    const userId = session.userId;
    // Never after a sign-out (the cache was forgotten with the session), never another client's room.
    if (!model || !address || !userId || model.userId !== userId || !model.client || model.client !== session.currentClient) return;
    // Unchanged since the last write (reading back, typing, receipts): nothing to keep.
    const liveEnd = model.liveEnd;
    const key = `${userId}\n${address.value}\n${liveEnd}`;
    if (!liveEnd || key === this.savedKey) return;
    const page = model.snapshot();
    if (!page) return;
    this.savedKey = key;
    void writeCachedRoom(userId, {
      v: 1,
      address: address.value,
      roomId: model.roomId,
      savedAt: Date.now(),
      mediaAuthenticated: this.mediaServer?.authenticated ?? false,
      page,
    });
  };

  /** An authenticated GET for the early first page: the session's fetch, no retries (the SDK path is the fallback). */
  private readonly earlyGet = async (path: string, query: Record<string, string>, signal: AbortSignal): Promise<unknown> => {
    const qs = new URLSearchParams(query).toString();
    const res = await this.session.authedFetch(`/_matrix/client/v3${path}${qs ? `?${qs}` : ''}`, { signal }, { retry: false });
    const body = (await res.json().catch(() => undefined)) as { errcode?: unknown; error?: unknown } | undefined;
    if (!res.ok) {
      const errcode = typeof body?.errcode === 'string' ? body.errcode : res.status >= 500 ? 'ME_UNREACHABLE' : 'M_UNKNOWN';
      throw new MatrixApiError(errcode, typeof body?.error === 'string' ? body.error : `HTTP ${res.status}`, res.status);
    }
    return body;
  };

  /** Joins (signed in), waits until the room is live, and fires `joined`; a failure fires `error` (operation `join`). */
  async join(): Promise<void> {
    this.pendingJoin = false;
    const address = this.address;
    if (!address || this.joining) return;
    this.joining = true;
    this.changed();
    try {
      const client = await this.session.client();
      let model = this.model;
      if (!model || model.client !== client) {
        const roomId = this.summary?.roomId ?? (address.kind === 'id' ? address.value : (await client.getRoomIdForAlias(address.value)).room_id);
        model = await this.acquire(client, roomId);
        this.setModel(model);
      }
      await model.join(address.kind === 'alias' ? address.value : model.roomId, address.via);
      this.set({ kind: 'joined' });
      const alias = this.summary?.alias ?? (address.kind === 'alias' ? address.value : undefined);
      this.dispatchEvent(new CustomEvent('joined', { detail: alias ? { roomId: model.roomId, alias } : { roomId: model.roomId } }));
    } catch (e) {
      const f = e as { errcode?: string; message?: string; name?: string };
      const known = f?.name === 'RoomActionError' || f?.name === 'JoinError';
      const info = { operation: 'join', errcode: f?.errcode ?? 'M_UNKNOWN', message: this.inLocale(() => (known && f.message ? f.message : msg('Joining the room failed.'))) };
      this.report(info);
    } finally {
      this.joining = false;
      this.changed();
    }
  }

  private async roomIdOf(client: MatrixClient, address: RoomAddress, summaryError: RoomSummaryError | undefined): Promise<string | undefined> {
    try {
      return (await client.getRoomIdForAlias(address.value)).room_id;
    } catch {
      if (summaryError) this.failWith(summaryError);
      return undefined;
    }
  }

  /** The page-wide model of the room; the visitor's messages go out through the session's outbox for them. */
  private async acquire(client: MatrixClient, roomId: string): Promise<RoomModel> {
    const [sdk, { RoomModel }] = await Promise.all([loadSdk(), loadRoomModel()]);
    const outbox = this.session.outbox(roomId);
    return RoomModel.acquire(sdk, client, roomId, outbox ? { outbox } : {});
  }

  private setModel(model: RoomModel | undefined): void {
    if (this.model === model) {
      if (model) model.release(); // acquired twice: keep one reference
      return;
    }
    if (this.model) {
      this.model.removeEventListener('change', this.onModelChange);
      this.model.removeEventListener('message', this.onModelMessage);
      this.model.release();
    }
    this.model = model;
    if (model) {
      model.addEventListener('change', this.onModelChange);
      model.addEventListener('message', this.onModelMessage);
    }
    this.changed();
  }

  private onModelChanged(): void {
    const model = this.model;
    if (!model) return;
    if (model.mode === 'live' && this.state.kind !== 'joined') this.state = { kind: 'joined' };
    else if (model.mode === 'preview' && this.state.kind === 'joined') this.state = { kind: 'preview' };
    else if (model.mode === 'idle' && this.state.kind === 'joined') void this.load(); // we left elsewhere
    if (model.mode === 'live' && model.client) this.keepForNextVisit();
    this.changed();
  }

  /**
   * Loading failed on something that retrying fixes: whatever is shown stays, the page hears it once per outage,
   * and the load runs again on the connection's backoff — no reload, no "Try again" needed.
   */
  private retryLater(generation: number, info: MatrixErrorInfo): void {
    if (!this.outage) {
      this.outage = true;
      this.report(info);
    }
    const connection = this.session.connection;
    connection.failed('server');
    void connection.wait().then(() => {
      if (generation === this.generation && this.active) void this.load();
    });
    this.changed();
  }

  private failWith(e: RoomSummaryError): void {
    this.fail({ ...e.info, message: this.inLocale(() => errorMessages()[e.errcode] ?? e.message) });
  }

  private fail(info: MatrixErrorInfo): void {
    this.set({ kind: 'error', info });
    this.report(info);
  }

  private report(info: MatrixErrorInfo): void {
    this.dispatchEvent(new CustomEvent<MatrixErrorInfo>('error', { detail: info }));
  }

  private keyOf(): string {
    const s = this.session;
    return `${s.status}|${s.userId ?? ''}|${s.homeserverUrl ?? ''}`;
  }

  private set(state: RoomViewState): void {
    this.state = state;
    this.changed();
  }

  private changed(): void {
    this.dispatchEvent(new Event('change'));
  }
}

/** Whether a server serves media through the authenticated API: spec v1.11 or later, or the MSC3916 flag. */
function advertisesAuthenticatedMedia(info: { versions: string[]; unstableFeatures: Record<string, boolean> }): boolean {
  if (info.unstableFeatures['org.matrix.msc3916.stable'] === true) return true;
  return info.versions.some((v) => {
    const m = /^v1\.(\d+)$/.exec(v);
    return !!m && Number(m[1]) >= 11;
  });
}
