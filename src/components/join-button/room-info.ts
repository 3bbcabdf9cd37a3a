/**
 * What `<matrix-join-button>` and `<matrix-chat-launcher>` show before anything else: the room's name, avatar,
 * member count and whether the visitor is already in it — read WITHOUT matrix-js-sdk (plain `fetch` through
 * `session/summary.ts`), so a page with only these elements never downloads the SDK until someone uses them.
 *
 * Nor the session code, for a visitor with no session (nothing stored, not returning from a sign-in, no other
 * element created one): the lookup then runs as signed out, and the session loads after the first paint (or when
 * the host asks, e.g. on a click) — see `context/lazy-session.ts`.
 *
 * Internal (not exported from the package). Lives next to the join button; the launcher imports it too.
 */
import type { ReactiveController, ReactiveControllerHost } from 'lit';
import { LazySessionController } from '../../context/lazy-session.ts';
import type { AfterJoinDetail } from '../../events/matrix-after-join.ts';
import { createMediaResolver, parseMxc } from '../../render/media.ts';
import { forgetMediaOnSignOut } from '../../internal/forget-media-on-sign-out.ts';
import { cleanName } from '../../render/names.ts';
import { discoverHomeserver } from '../../session/discovery.ts';
import { matrixToLink, parseRoomAddress, type RoomAddress } from '../../session/room-address.ts';
import type { MatrixSession } from '../../session/session.ts';
import { fetchRoomSummary, RoomSummaryError } from '../../session/summary.ts';
import { msg } from '../../session/texts.ts';
import type { MatrixErrorInfo, RoomSummary } from '../../session/types.ts';

/** The element using the controller: it has the public `room` and `homeserver` attributes. */
export type RoomInfoHost = ReactiveControllerHost & HTMLElement & { room: string; homeserver: string; inLocale<T>(fn: () => T): T };

/** One lookup's result. */
export interface RoomInfo {
  address: RoomAddress;
  /** The homeserver that answered (the signed-in user's, else the element's / page's / room's own). */
  baseUrl: string;
  summary: RoomSummary;
  /** The visitor (signed in) is a member of the room. */
  joined: boolean;
}

/** Messages for a person; the summary layer's own messages are longer than a button has room for. */
const messages = (): Record<string, string> => ({
  ME_UNREACHABLE: msg('The chat server cannot be reached right now.'),
  ME_NOT_MATRIX: msg('The chat server address is not a Matrix server.'),
  ME_BAD_URL: msg('The chat server address is not valid.'),
  M_NOT_FOUND: msg('This room does not exist.'),
  M_FORBIDDEN: msg('This room is private: you need an invitation.'),
});

/** Avatar thumbnails are shown at up to ~3rem: 96 px covers 2x screens. */
const AVATAR_PX = 96;

/**
 * Loads and keeps the room information for its host. Re-runs when `room` / `homeserver` change or when the
 * visitor signs in or out (so "already joined" follows the session), and notices joins made anywhere on the
 * page (`matrix-after-join` from any element).
 */
export class RoomInfoController implements ReactiveController {
  readonly session: LazySessionController;
  // The lookup's own small lifecycle, not @lit/task: that is 0.7 kB gzip of the join button's 25 kB first paint.
  /** 'pending' from the first render until the first answer, and while a new lookup runs. */
  private status: 'pending' | 'complete' | 'error' = 'pending';
  private lookupValue: RoomInfo | undefined;
  private lookupKey: string | undefined;
  private lookupAbort: AbortController | undefined;
  /** A `blob:` URL of the room avatar's thumbnail, once loaded. */
  avatarSrc: string | undefined;
  /** The last error, in `matrix-error` form (the host fires it). */
  error: MatrixErrorInfo | undefined;

  private readonly joinedHere = new Set<string>();
  private idleLoad = false;
  private avatarKey = '';
  private parsedFor: string | undefined;
  private parsed: ReturnType<typeof parseRoomAddress> | undefined;

  private readonly onAfterJoin = (e: Event) => {
    const d = (e as CustomEvent<AfterJoinDetail>).detail;
    if (!d || typeof d.roomId !== 'string') return;
    if (this.matches(d.roomId) || (d.alias !== undefined && this.matches(d.alias))) {
      this.joinedHere.add(d.roomId);
      this.host.requestUpdate();
    }
  };

  constructor(
    private readonly host: RoomInfoHost,
    private readonly callbacks: {
      onError?: (info: MatrixErrorInfo) => void;
      onSession?: (s: MatrixSession) => void;
      /** The page's session when the host holds it from the start (the launcher); else it loads on demand. */
      session?: MatrixSession;
    } = {},
  ) {
    this.session = new LazySessionController(host, (s) => {
      forgetMediaOnSignOut(s);
      callbacks.onSession?.(s);
    }, callbacks.session);
    host.addController(this);
  }

  /** Before each render: a new room, homeserver or session (signed in / out, another user) looks the room up again. */
  hostUpdate(): void {
    const key = JSON.stringify([this.host.room, this.host.homeserver, this.sessionKey()]);
    if (key !== this.lookupKey) void this.run(key);
  }

  private async run(key = this.lookupKey): Promise<void> {
    this.lookupKey = key;
    this.lookupAbort?.abort();
    const abort = (this.lookupAbort = new AbortController());
    this.status = 'pending';
    this.host.requestUpdate();
    try {
      const info = await this.lookup(this.host.room, this.host.homeserver, abort.signal);
      if (abort !== this.lookupAbort) return;
      this.lookupValue = info;
      this.status = 'complete';
      this.error = undefined;
      void this.loadAvatar(info);
      this.loadSessionLater();
    } catch (e) {
      if (abort !== this.lookupAbort || signal(e)) return;
      this.lookupValue = undefined;
      this.status = 'error';
      this.loadSessionLater();
      const info = this.host.inLocale(() =>
        e instanceof RoomSummaryError
          ? { ...e.info, message: messages()[e.errcode] ?? e.message }
          : { operation: 'load-room', errcode: 'ME_UNREACHABLE', message: messages().ME_UNREACHABLE });
      this.error = info;
      this.callbacks.onError?.(info);
    }
    this.host.requestUpdate();
  }

  hostConnected(): void {
    document.addEventListener('matrix-after-join', this.onAfterJoin);
  }

  hostDisconnected(): void {
    document.removeEventListener('matrix-after-join', this.onAfterJoin);
  }

  /** The parsed `room` attribute (cached per value). */
  get addressResult(): ReturnType<typeof parseRoomAddress> {
    if (this.parsedFor !== this.host.room || !this.parsed) {
      this.parsedFor = this.host.room;
      this.parsed = parseRoomAddress(this.host.room);
    }
    return this.parsed;
  }

  get address(): RoomAddress | undefined {
    const r = this.addressResult;
    return r.ok ? r.address : undefined;
  }

  /** `https://matrix.to/#/...` for the room, whenever the attribute is a valid address (server up or not). */
  get matrixToUrl(): string | undefined {
    const a = this.address;
    return a ? matrixToLink(a) : undefined;
  }

  /** The latest successful lookup (kept while a new one runs, so the element does not flicker). */
  get value(): RoomInfo | undefined {
    return this.lookupValue;
  }

  get loading(): boolean {
    return this.status === 'pending';
  }

  get failed(): boolean {
    return this.status === 'error';
  }

  get summary(): RoomSummary | undefined {
    return this.value?.summary;
  }

  get roomId(): string | undefined {
    return this.summary?.roomId ?? (this.address?.kind === 'id' ? this.address.value : undefined);
  }

  /** The room's alias: the canonical one, or the one the page gave. */
  get alias(): string | undefined {
    return this.summary?.alias ?? (this.address?.kind === 'alias' ? this.address.value : undefined);
  }

  /** A name to show: the room's name, else its alias, else what the page wrote. */
  get name(): string {
    return cleanName(this.summary?.name || this.alias || this.address?.value || this.host.room || msg('Room', { desc: 'Stands in for the name of a room that has none' }));
  }

  /**
   * The room's member count. A summary read before the visitor joined on this page counts them in at once: the
   * server does (its next summary says so), and a count that lags behind "Joined" looks broken.
   */
  get memberCount(): number | undefined {
    const n = this.summary?.memberCount;
    if (n === undefined) return undefined;
    const countedIn = this.value?.joined === true || this.summary?.membership === 'join';
    return this.joined && !countedIn ? n + 1 : n;
  }

  /** The signed-in visitor is in the room (the server said so, or a join on this page succeeded). */
  get joined(): boolean {
    if (!this.signedIn()) return false;
    const id = this.roomId;
    if (id && this.joinedHere.has(id)) return true;
    const client = this.session.value?.currentClient;
    if (id && client) {
      const membership = client.getRoom(id)?.getMyMembership();
      if (membership === 'join') return true;
      if (membership === 'leave' || membership === 'ban') return false;
    }
    return this.value?.joined === true;
  }

  /** Records a join made by the host itself. */
  markJoined(roomId: string): void {
    this.joinedHere.add(roomId);
    this.host.requestUpdate();
  }

  /** True when `idOrAlias` names this element's room. */
  matches(idOrAlias: string): boolean {
    if (!idOrAlias) return false;
    return idOrAlias === this.address?.value || idOrAlias === this.summary?.roomId || idOrAlias === this.summary?.alias;
  }

  /** Runs the lookup again (e.g. "Try again" after the server was unreachable). */
  retry(): void {
    void this.run();
  }

  /**
   * Loads the session code once the room information is painted, when the visitor had none (the sign-in dialog,
   * joining, sign-ins by other elements or tabs need it; the paint does not). After the frame, when the page is idle.
   */
  private loadSessionLater(): void {
    if (this.session.value || this.idleLoad) return;
    this.idleLoad = true;
    void this.host.updateComplete.then(() => {
      const load = () => void this.session.load().catch(() => {
        // Retried by the host on the next use (a click), which reports a failure.
      });
      const idle = (globalThis as { requestIdleCallback?: (cb: () => void, o?: { timeout: number }) => number }).requestIdleCallback;
      requestAnimationFrame(() => (idle ? idle(load, { timeout: 2_000 }) : setTimeout(load, 50)));
    });
  }

  private sessionKey(): string {
    const s = this.session.value;
    if (!s) return 'signed-out';
    const signedIn = s.status === 'signed-in' || s.status === 'guest';
    return signedIn ? `${s.status}|${s.userId ?? ''}|${s.homeserverUrl ?? ''}` : s.status;
  }

  private signedIn(): boolean {
    const s = this.session.value?.status;
    return s === 'signed-in' || s === 'guest';
  }

  private async lookup(room: string, homeserver: string, signal: AbortSignal): Promise<RoomInfo> {
    this.joinedHere.clear();
    const parsed = parseRoomAddress(room);
    if (!parsed.ok) throw new RoomSummaryError('ME_BAD_ATTRIBUTE', parsed.message);
    const address = parsed.address;
    if (homeserver) this.session.setDefaultHomeserver(homeserver);
    if (!this.session.value && !this.session.neededNow) return this.lookupSignedOut(address, homeserver, signal);
    // Who the visitor is decides where to ask and whether they are in the room: that code comes with the session.
    const [session, { lookupWithSession }] = await Promise.all([this.session.load(), import('./room-info-session.ts')]);
    signal.throwIfAborted();
    return { address, ...(await lookupWithSession(session, address, homeserver, signal, baseUrlOf)) };
  }

  /** The lookup of a visitor with no session (none on the page, nothing stored): no session code needed. */
  private async lookupSignedOut(address: RoomAddress, homeserver: string, signal: AbortSignal): Promise<RoomInfo> {
    const input = homeserver || this.session.defaultHomeserver || address.serverName;
    const baseUrl = await baseUrlOf(() => (input ? discoverHomeserver(input) : Promise.reject({ errcode: 'ME_BAD_URL' })));
    signal.throwIfAborted();
    return { address, baseUrl, summary: await fetchRoomSummary(baseUrl, address, { signal }), joined: false };
  }

  /**
   * The avatar thumbnail. Signed in: authenticated media (spec v1.11) with the session's token, sent only to
   * the user's homeserver. Otherwise (or when that fails): the legacy unauthenticated thumbnail, without any
   * token. Both become `blob:` URLs through `render/media.ts` (validated mxc, same-origin check, safe types).
   * Failing both, the element shows the room's initial.
   */
  private async loadAvatar(info: RoomInfo): Promise<void> {
    const mxc = parseMxc(info.summary.avatarUrl);
    const authenticated = this.signedIn() && this.session.value?.homeserverUrl === info.baseUrl;
    const key = mxc ? `${info.baseUrl}|${info.summary.avatarUrl}|${authenticated}` : '';
    if (key === this.avatarKey) return;
    this.avatarKey = key;
    this.avatarSrc = undefined;
    this.host.requestUpdate();
    if (!mxc) return;
    if (this.session.value) forgetMediaOnSignOut(this.session.value);
    const request = { thumbnail: { width: AVATAR_PX, height: AVATAR_PX, method: 'crop' as const } };
    const session = this.session.value;
    const attempts = authenticated && session
      ? [createMediaResolver({ homeserverUrl: info.baseUrl, authenticated: true }, () => ({}), (await import('./room-info-session.ts')).authedFetchFor(session, info.baseUrl))]
      : [];
    attempts.push(createMediaResolver({ homeserverUrl: info.baseUrl, authenticated: false }));
    for (const resolve of attempts) {
      try {
        const src = await resolve(mxc, request);
        if (this.avatarKey !== key) return;
        this.avatarSrc = src;
        this.host.requestUpdate();
        return;
      } catch {
        // Next way, or the initial.
      }
    }
  }
}

/** A validated homeserver's base URL; failures in `RoomSummaryError` form with the button's short messages. */
export async function baseUrlOf(resolve: () => Promise<{ baseUrl: string }>): Promise<string> {
  try {
    return (await resolve()).baseUrl;
  } catch (e) {
    const errcode = (e as { errcode?: unknown }).errcode;
    const code = errcode === 'ME_NOT_MATRIX' || errcode === 'ME_BAD_URL' ? errcode : 'ME_UNREACHABLE';
    throw new RoomSummaryError(code, messages()[code]);
  }
}

function signal(e: unknown): boolean {
  return e instanceof DOMException && e.name === 'AbortError';
}
