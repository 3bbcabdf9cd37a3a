/**
 * The page's one Matrix session: who is signed in, on which homeserver, and the one matrix-js-sdk client with
 * its one sync loop. DOM-free (fetch, storage and the address bar only); every element reads it through
 * `getSession()` and listens for `change`.
 */
import { msg, str } from './texts.ts';
import type { Logger } from 'matrix-js-sdk/lib/logger.js';
import type { MatrixClient } from 'matrix-js-sdk';
import { discoverHomeserver, localpartOf, serverNameOf, type HomeserverInfo } from './discovery.ts';
import { ME, MatrixApiError } from './errors.ts';
import { errorFromResponse, retryAfterMs } from './error-response.ts';
import { describeError } from './error-texts.ts';
import { requestJson, seg } from './http.ts';
import { getAuthMethods, type AuthMethods } from './auth/methods.ts';
import { SSO_NONCE_PARAM, parseCallback, stripCallback } from './auth/callback.ts';
import { requireSafeUrl, sameOrigin } from './urls.ts';
import type { PendingAuthorization } from './auth/oauth.ts';
import type { LoginResult, UiaHandler } from './auth/legacy.ts';
import { KEYS, SessionStore, type AuthKind, type StoredSession } from './storage.ts';
import { loadSdk } from './sdk.ts';
import { MatrixErrorEvent } from '../events/matrix-error.ts';
import { Connection } from './connection.ts';
import { forgetCachedRooms } from './room-cache.ts';
import { takeEarlyResponse } from './early-responses.ts';
import { Outbox, OutboxRefusal, forgetTyped, pendingCount, type OutboxTransport } from './outbox.ts';
import { findDelivered, refusalText } from './outbox-delivery.ts';
import { MIN_REFRESH_GAP_MS, refreshBackoffMs, refreshDueAt, timerDelay } from './token-timing.ts';
import type { MatrixErrorInfo, SessionStatus } from './types.ts';

// Sign-in, registration (with UIA), guest and token-refresh code loads only when one of those happens: restoring
// a stored session and painting the sign-in form need none of it (each import() is its own chunk).
const oauthApi = () => import('./auth/oauth.ts');
const legacyApi = () => import('./auth/legacy.ts');
const guestApi = () => import('./auth/guest.ts');

/**
 * The SDK logs every request at debug level. On someone else's page only warnings and errors belong in the
 * console, and a log line must never carry a token (the SDK's own lines redact them; ours add none).
 */
const quietLogger: Logger = {
  trace: () => {},
  debug: () => {},
  info: () => {},
  warn: (...args: unknown[]) => console.warn('matrix-embed:', ...args),
  error: (...args: unknown[]) => console.error('matrix-embed:', ...args),
  getChild: () => quietLogger,
};

export type { UiaHandler, UiaStep, UiaAnswer, Policy } from './auth/legacy.ts';
export type { AuthMethods, IdentityProvider } from './auth/methods.ts';
export type { HomeserverInfo } from './discovery.ts';

/** Who is signed in, as events carry it. */
export interface SessionUser {
  userId: string;
  /** The homeserver's base URL. */
  homeserver: string;
  guest: boolean;
}

/** A homeserver's ways in, with the names to show. */
export interface ServerAuth extends AuthMethods {
  serverName: string;
  /** Guest accounts may be tried (legacy API present, not refused before). */
  guests: boolean;
}

export interface SignInOptions {
  /** A user name (localpart) or a full user ID; a user ID picks its own homeserver. */
  username: string;
  password: string;
  /**
   * Server name or base URL; default: the page's default homeserver. A full user ID whose own server cannot be
   * discovered is tried here.
   */
  homeserver?: string;
}

export interface RegisterOptions {
  /** The wanted user name (a localpart, or a full user ID to pick its server). */
  username: string;
  password: string;
  homeserver?: string;
  /** Answers interactive UIA stages (terms, registration token, fallback page). Without it they fail. */
  ask?: UiaHandler;
  signal?: AbortSignal;
}

export interface OAuthOptions {
  homeserver?: string;
  /** Open the server's create-account page (`prompt=create`). */
  create?: boolean;
  /** Where the server sends the browser back; default: this page (origin + path). */
  redirectUri?: string;
}

export interface SessionInit {
  storage?: Storage;
  fetchFn?: typeof fetch;
}

/** An SSO sign-in not completed within this time is forgotten: a `loginToken` arriving later is ignored. */
const SSO_PENDING_MS = 10 * 60_000;

/** The SSO sign-in this tab started (sessionStorage), bound to the return by `nonce`. */
interface PendingSso {
  nonce: string;
  baseUrl: string;
  createdAt: number;
}

/** Web Locks name that serializes refreshes across this site's tabs (a refresh token is single-use). */
const REFRESH_LOCK = 'matrix-embed:v1:refresh';

/** How long one attempt may take: a `/sync` long-poll its own `timeout` + 15 s, media uploads 10 min, else 30 s. */
function attemptTimeoutMs(url: string): number {
  try {
    const u = new URL(url);
    if (/\/sync$/.test(u.pathname)) return Number(u.searchParams.get('timeout') ?? 0) + 15_000;
    if (/\/upload$/.test(u.pathname)) return 10 * 60_000;
  } catch {
    // Not a URL we can read: the default.
  }
  return 30_000;
}

const pageUrl = () => {
  const href = globalThis.location?.href;
  if (!href) return undefined;
  const u = new URL(stripCallback(href));
  u.hash = '';
  return u.href;
};

/**
 * The shared session. Fires `change` (a plain `Event`) whenever `status`, `userId`, `homeserverUrl`,
 * `profile` or `notice` change.
 */
export class MatrixSession extends EventTarget {
  private state: SessionStatus = 'restoring';
  /**
   * The connection to the homeserver (online / offline / rate-limited / ...), shared by every element: see
   * `connection.ts`. Its changes are the session's `change` events too.
   */
  readonly connection = new Connection();
  private tokens: StoredSession | undefined;
  private readonly store: SessionStore;
  private readonly fetchFn: typeof fetch;
  private defaultInput: string | undefined;
  private defaultInfo: HomeserverInfo | undefined;
  private clientPromise: Promise<MatrixClient> | undefined;
  private sdkClient: MatrixClient | undefined;
  private refreshing: Promise<boolean> | undefined;
  private refreshTimer: ReturnType<typeof setTimeout> | undefined;
  private refreshRetries = 0;
  /** No refresh starts before this (epoch ms): a gap after each refresh, backoff after failures. */
  private refreshAllowedAt = 0;
  private generation = 0;
  private readonly guestRefused = new Set<string>();
  private readonly ready: Promise<void>;
  private noticeInfo: MatrixErrorInfo | undefined;
  private profileInfo: { displayName?: string; avatarUrl?: string } = {};
  private redirectResult: SessionUser | undefined;

  /**
   * Page-wide: whether guest accounts may be created (default true). Set it to false, before any element asks
   * to read a room, on sites that want no account made for a visitor who did not sign in: signed-out visitors
   * then see the room's summary card, and "Continue as guest" is not offered.
   */
  allowGuests = true;

  /** How the session leaves the page for OAuth/SSO. Replaceable (tests capture the URL instead). */
  navigate: (url: string) => void = (url) => globalThis.location.assign(url);

  constructor(init: SessionInit = {}) {
    super();
    this.connection.addEventListener('change', () => this.dispatchEvent(new Event('change')));
    this.store = new SessionStore(init.storage);
    this.fetchFn = init.fetchFn ?? ((input, opts) => globalThis.fetch(input, opts));
    const stored = this.store.loadSession();
    const href = globalThis.location?.href;
    const returning = href ? this.isReturnFromRedirect(href) : false;
    if (stored) this.tokens = stored;
    if (returning && href) {
      this.ready = this.completeRedirect(href).then(
        (user) => {
          this.redirectResult = user;
          if (!user) this.setStatus(this.statusOf(this.tokens));
          this.scheduleRefresh();
        },
        (e: unknown) => {
          this.noticeInfo = describeError('sign-in', e);
          this.state = this.statusOf(this.tokens);
          this.emit(); // the notice changed even when the status did not
          this.scheduleRefresh();
        },
      );
    } else {
      this.state = this.statusOf(stored);
      this.ready = Promise.resolve();
      this.scheduleRefresh();
      if (stored && !stored.softLogout) void this.verify();
    }
    if (stored) void this.loadProfile();
    globalThis.addEventListener?.('storage', (e: StorageEvent) => {
      if (e.key === KEYS.session || e.key === null) this.onStorageChange();
    });
  }

  // --- state ---

  /** `restoring` | `signed-out` | `signed-in` | `guest` | `soft-logout`. */
  get status(): SessionStatus {
    return this.state;
  }

  get userId(): string | undefined {
    return this.tokens?.userId;
  }

  get deviceId(): string | undefined {
    return this.tokens?.deviceId;
  }

  /** Base URL of the signed-in server, else of the page's default homeserver once validated. */
  get homeserverUrl(): string | undefined {
    return this.tokens?.homeserverUrl ?? this.defaultInfo?.baseUrl;
  }

  get isGuest(): boolean {
    return this.tokens?.guest === true && this.state === 'guest';
  }

  /** How the current session signed in. */
  get authKind(): AuthKind | undefined {
    return this.tokens?.auth;
  }

  /** The signed-in user's profile (display name, mxc avatar), once loaded. */
  get profile(): { displayName?: string; avatarUrl?: string } {
    return this.profileInfo;
  }

  /** A message about the session for the person (e.g. why they were signed out); cleared on sign-in. */
  get notice(): MatrixErrorInfo | undefined {
    return this.noticeInfo;
  }

  /** The `homeserver` attribute value that became the page default, if any. */
  get defaultHomeserver(): string | undefined {
    return this.defaultInput;
  }

  /** Resolves once a redirect return (OAuth/SSO) has been handled. */
  whenReady(): Promise<void> {
    return this.ready;
  }

  /**
   * The sign-in that a redirect return (OAuth/SSO) just completed, handed out once per page so exactly one
   * element announces it with `matrix-after-login`.
   */
  takeRedirectResult(): SessionUser | undefined {
    const r = this.redirectResult;
    this.redirectResult = undefined;
    return r;
  }

  clearNotice(): void {
    if (!this.noticeInfo) return;
    this.noticeInfo = undefined;
    this.emit();
  }

  /** Sets the page's default homeserver (server name or base URL). The first call wins; later ones are ignored. */
  setDefaultHomeserver(input: string): void {
    const value = input.trim();
    if (!value || this.defaultInput !== undefined) return;
    this.defaultInput = value;
    discoverHomeserver(value, this.fetchFn).then(
      (info) => {
        if (this.defaultInput !== value) return;
        this.defaultInfo = info;
        this.emit();
      },
      () => {
        // Reported when an element or a sign-in actually uses it.
      },
    );
  }

  /**
   * Validates a server name, base URL or user ID (or the page default when omitted). Throws `ME_BAD_URL`,
   * `ME_NOT_MATRIX`, `ME_UNREACHABLE`, or `ME_SIGNED_OUT` when there is nothing to resolve.
   */
  resolveHomeserver(input?: string): Promise<HomeserverInfo> {
    const value = input?.trim() || this.defaultInput || this.tokens?.homeserverUrl;
    if (!value) return Promise.reject(new MatrixApiError(ME.badUrl, msg('Enter your homeserver or your full user ID (@you:example.org).')));
    return discoverHomeserver(value, this.fetchFn);
  }

  /**
   * The ways into a homeserver (OAuth, password, SSO, guests), read without credentials. For a full user ID
   * whose server cannot be discovered, those of `configured` (where `signIn` will try it).
   */
  async serverAuth(input?: string, configured?: string): Promise<ServerAuth> {
    const { info } = input && serverNameOf(input) ? await this.resolveForUser(input, configured) : { info: await this.resolveHomeserver(input) };
    const methods = await getAuthMethods(info.baseUrl, this.fetchFn);
    return { ...methods, serverName: info.serverName, guests: this.allowGuests && methods.legacyApi && !this.guestRefused.has(info.baseUrl) };
  }

  // --- signing in ---

  /** Password sign-in with a user name or full user ID. After a soft logout, the same device is kept. */
  async signIn(opts: SignInOptions): Promise<SessionUser> {
    const user = opts.username.trim();
    const { info, undiscovered } = await this.resolveForUser(user, opts.homeserver);
    const methods = await getAuthMethods(info.baseUrl, this.fetchFn);
    if (!methods.password) {
      throw new MatrixApiError(
        ME.noSignIn,
        methods.oauth
          ? msg(str`${info.serverName} signs you in on its own page: use "Continue with ${info.serverName}".`)
          : msg(str`${info.serverName} offers no password sign-in.`),
      );
    }
    let result: LoginResult;
    try {
      result = await (await legacyApi()).passwordLogin(info.baseUrl, {
        user,
        password: opts.password,
        deviceId: this.softLogoutDeviceFor(info.baseUrl, user, 'password'),
        fetchFn: this.fetchFn,
      });
    } catch (e) {
      if (undiscovered && e instanceof MatrixApiError && e.httpStatus >= 400 && e.httpStatus < 500 && e.errcode !== 'M_LIMIT_EXCEEDED') {
        throw new MatrixApiError(
          ME.userServerUnknown,
          msg(str`${undiscovered}, the server of ${user}, could not be found, and ${info.serverName} did not accept this user ID and password.`),
          e.httpStatus,
          e.data,
        );
      }
      throw e;
    }
    return this.adopt(result, info.baseUrl, 'password');
  }

  /**
   * Signs the visitor in with a JSON Web Token the host site minted for them (`org.matrix.login.jwt`,
   * Synapse's `jwt_config`; the account is created on first use). `homeserver` defaults to the page's.
   * Rejects with a {@link MatrixApiError} whose message is for people, and fires `matrix-error` on the session.
   */
  signInWithJwt(jwt: string, opts: { homeserver?: string } = {}): Promise<SessionUser> {
    return this.hostSignIn('sign-in-jwt', 'jwt', opts.homeserver, async (api, baseUrl, deviceId) => api.jwtLogin(baseUrl, jwt, deviceId, this.fetchFn));
  }

  /** Signs the visitor in with a one-time `m.login.token` (e.g. from `login/get_token`); otherwise as {@link signInWithJwt}. */
  signInWithLoginToken(token: string, opts: { homeserver?: string } = {}): Promise<SessionUser> {
    return this.hostSignIn('sign-in-token', 'login-token', opts.homeserver, async (api, baseUrl, deviceId) => api.tokenLogin(baseUrl, token, deviceId, this.fetchFn));
  }

  private async hostSignIn(
    operation: string,
    auth: AuthKind,
    homeserver: string | undefined,
    login: (api: Awaited<ReturnType<typeof legacyApi>>, baseUrl: string, deviceId: string | undefined) => Promise<LoginResult>,
  ): Promise<SessionUser> {
    let server: string | undefined;
    try {
      const info = await this.resolveHomeserver(homeserver);
      server = info.serverName;
      return this.adopt(await login(await legacyApi(), info.baseUrl, this.softLogoutDeviceFor(info.baseUrl, undefined, auth)), info.baseUrl, auth);
    } catch (e) {
      const info = describeError(operation, e, server);
      this.dispatchEvent(new MatrixErrorEvent(info));
      throw new MatrixApiError(info.errcode, info.message, e instanceof MatrixApiError ? e.httpStatus : 0);
    }
  }

  /**
   * The homeserver to sign `user` in on: a full user ID's own server when it can be discovered, else
   * `configured` (or the page default). Many servers publish no `.well-known` and their name is no web address
   * (Synapse's `localhost`, or `example.org` served from `matrix.example.org`): then the configured homeserver is
   * asked with the full user ID — a server refuses IDs that are not its own. `undiscovered` names the user's
   * server when that fallback was taken.
   */
  private async resolveForUser(user: string, configured?: string): Promise<{ info: HomeserverInfo; undiscovered?: string }> {
    const own = serverNameOf(user);
    if (!own) return { info: await this.resolveHomeserver(configured) };
    try {
      return { info: await this.resolveHomeserver(user) };
    } catch (e) {
      const fallback = configured?.trim() || this.defaultInput;
      const lost = e instanceof MatrixApiError && (e.errcode === ME.unreachable || e.errcode === ME.notMatrix);
      if (!lost || !fallback) throw e;
      const info = await this.resolveHomeserver(fallback).catch(() => {
        throw e;
      });
      if (info.serverName === own) throw e;
      return { info, undiscovered: own };
    }
  }

  /**
   * Creates an account with `/register` and User-Interactive Auth. A guest registering on its own server is
   * upgraded (spec "Guest access") and keeps its rooms.
   */
  async register(opts: RegisterOptions): Promise<SessionUser> {
    const user = opts.username.trim();
    const info = await this.resolveHomeserver(serverNameOf(user) ? user : opts.homeserver);
    const methods = await getAuthMethods(info.baseUrl, this.fetchFn);
    if (!methods.legacyApi) {
      if (methods.oauthSignUp) {
        throw new MatrixApiError(ME.noSignIn, msg(str`${info.serverName} creates accounts on its own page: use "Continue with ${info.serverName}".`));
      }
      throw new MatrixApiError(ME.noSignUp, msg('Registration is not available.'));
    }
    const guest = this.state === 'guest' && this.tokens?.homeserverUrl === info.baseUrl ? this.tokens : undefined;
    // Synapse upgrades a guest in place only under the guest's own (numeric) name. Under a chosen name we
    // create the account and join the guest's rooms with it: the visitor keeps their rooms either way.
    const upgrade = !!guest && localpartOf(user) === localpartOf(guest.userId);
    const guestRooms = guest && !upgrade ? await this.joinedRoomsOf(guest) : [];
    const result = await (await legacyApi()).registerAccount(info.baseUrl, {
      username: localpartOf(user),
      password: opts.password,
      ask: opts.ask ?? (() => Promise.reject(new MatrixApiError(ME.noSignUp, msg('This server needs a step this page cannot show.')))),
      guestAccessToken: upgrade ? guest?.accessToken : undefined,
      signal: opts.signal,
      fetchFn: this.fetchFn,
    });
    for (const roomId of guestRooms) {
      await requestJson(`${info.baseUrl}/_matrix/client/v3/rooms/${seg(roomId)}/join`, {
        body: {},
        accessToken: result.accessToken,
        tokenOrigin: info.baseUrl,
        fetchFn: this.fetchFn,
      }).catch(() => undefined); // a room that no longer admits us is dropped, not fatal
    }
    return this.adopt(result, info.baseUrl, 'password', { replacingGuest: upgrade });
  }

  private async joinedRoomsOf(t: StoredSession): Promise<string[]> {
    try {
      const res = await requestJson<{ joined_rooms?: unknown }>(`${t.homeserverUrl}/_matrix/client/v3/joined_rooms`, {
        accessToken: t.accessToken,
        tokenOrigin: t.homeserverUrl,
        fetchFn: this.fetchFn,
      });
      return Array.isArray(res.joined_rooms) ? res.joined_rooms.filter((r): r is string => typeof r === 'string') : [];
    } catch {
      return [];
    }
  }

  /** Whether a user name is free on a server (`/register/available`). Throws M_USER_IN_USE / M_INVALID_USERNAME. */
  async usernameAvailable(username: string, homeserver?: string, signal?: AbortSignal): Promise<boolean> {
    const info = await this.resolveHomeserver(homeserver);
    return (await legacyApi()).usernameAvailable(info.baseUrl, localpartOf(username), signal, this.fetchFn);
  }

  /**
   * Starts a guest session where the server allows it: the visitor's earlier guest account on that server when
   * it still works (one guest per visitor, across reloads, visits and sign-outs), else a new one. Throws
   * M_GUEST_ACCESS_FORBIDDEN where guests are refused, or when the page set `allowGuests = false`.
   */
  async startGuest(opts: { homeserver?: string } = {}): Promise<SessionUser> {
    if (!this.allowGuests) throw new MatrixApiError(ME.noGuests, msg('This page does not use guest accounts.'), 403);
    const info = await this.resolveHomeserver(opts.homeserver);
    const kept = await this.keptGuest(info.baseUrl);
    if (kept) return this.adopt(kept, info.baseUrl, 'guest', { guest: true });
    const methods = await getAuthMethods(info.baseUrl, this.fetchFn);
    if (!methods.legacyApi || this.guestRefused.has(info.baseUrl)) {
      throw new MatrixApiError(ME.noGuests, msg(str`${info.serverName} does not allow guests.`), 403);
    }
    let result: LoginResult;
    try {
      result = await (await guestApi()).registerGuest(info.baseUrl, this.fetchFn);
    } catch (e) {
      if (e instanceof MatrixApiError && (e.httpStatus === 403 || e.httpStatus === 404 || e.httpStatus === 405)) {
        this.guestRefused.add(info.baseUrl);
        throw new MatrixApiError(ME.noGuests, msg(str`${info.serverName} does not allow guests.`), 403, e.data);
      }
      throw e;
    }
    return this.adopt(result, info.baseUrl, 'guest', { guest: true });
  }

  /**
   * Where the server sends the browser back: `given` (the `redirect-uri` attribute) or this page. Only an
   * address on this page's origin: the return carries a code or login token, which must come back to us.
   */
  private redirectTarget(given: string | undefined): string {
    const here = pageUrl();
    const uri = given ?? here;
    if (!uri || !here) throw new MatrixApiError(ME.oauth, msg('No page to come back to.'));
    if (!sameOrigin(uri, here)) {
      throw new MatrixApiError(ME.badUrl, msg(str`redirect-uri must be an address on this site (${new URL(here).origin}).`));
    }
    return new URL(uri).href;
  }

  /** Leaves the page for a server's sign-in page, after checking once more that it is an address (not script). */
  private leaveFor(url: string): void {
    this.navigate(requireSafeUrl(url, msg('its sign-in page', { desc: 'Completes: The server gave an unsafe address for …' })).href);
  }

  /** The visitor's stored guest account on `baseUrl`, if its token still works (checked with /whoami). */
  private async keptGuest(baseUrl: string): Promise<LoginResult | undefined> {
    const g = this.store.readJson<StoredSession>(KEYS.guest);
    if (!g?.guest || g.homeserverUrl !== baseUrl || typeof g.accessToken !== 'string' || !g.accessToken) return undefined;
    try {
      await requestJson(`${baseUrl}/_matrix/client/v3/account/whoami`, { accessToken: g.accessToken, tokenOrigin: baseUrl, fetchFn: this.fetchFn });
    } catch (e) {
      // Offline or failing: no second guest account for the same visitor; the caller may try again later.
      if (!(e instanceof MatrixApiError && e.httpStatus === 401)) throw e;
      this.store.writeJson(KEYS.guest, undefined); // gone on the server: a new one is made
      return undefined;
    }
    return { userId: g.userId, deviceId: g.deviceId, accessToken: g.accessToken, refreshToken: g.refreshToken, expiresAt: g.expiresAt };
  }

  /**
   * Prepares an OAuth 2.0 sign-in (or sign-up with `create`): registers this page as a client for it,
   * keeps PKCE verifier + state in storage, and returns the server's authorization URL.
   */
  async beginOAuth(opts: OAuthOptions = {}): Promise<string> {
    const oauth = await oauthApi();
    const info = await this.resolveHomeserver(opts.homeserver);
    const methods = await getAuthMethods(info.baseUrl, this.fetchFn);
    const metadata = methods.oauth;
    if (!metadata) throw new MatrixApiError(ME.noSignIn, msg(str`${info.serverName} does not offer OAuth sign-in.`));
    if (opts.create && !methods.oauthSignUp) throw new MatrixApiError(ME.noSignUp, msg('Registration is not available.'));
    const redirectUri = this.redirectTarget(opts.redirectUri);
    const clientId = await this.registerOAuthClient(metadata, redirectUri);
    const keep = this.state === 'soft-logout' && this.tokens?.auth === 'oauth' && this.tokens.homeserverUrl === info.baseUrl;
    const pending: PendingAuthorization = {
      state: oauth.randomString(18),
      codeVerifier: oauth.randomString(48),
      redirectUri,
      baseUrl: info.baseUrl,
      clientId,
      deviceId: keep && this.tokens ? this.tokens.deviceId : oauth.newDeviceId(),
      metadata,
      createdAt: Date.now(),
    };
    const all = new Map(Object.entries(this.store.readJson<Record<string, PendingAuthorization>>(KEYS.oauthPending) ?? {}));
    for (const [k, p] of all) if (!(Date.now() - p.createdAt <= 3_600_000)) all.delete(k);
    all.set(pending.state, pending);
    this.store.writeJson(KEYS.oauthPending, Object.fromEntries(all));
    return oauth.authorizationUrl(pending, { prompt: opts.create ? 'create' : undefined });
  }

  /** `beginOAuth`, then leaves the page for the server's sign-in page (the session resumes on return). */
  async signInWithOAuth(opts: OAuthOptions = {}): Promise<void> {
    this.leaveFor(await this.beginOAuth(opts));
  }

  /** The SSO redirect URL for a legacy server (optionally one identity provider); remembers the server for the return. */
  async beginSso(opts: { homeserver?: string; idpId?: string; redirectUri?: string } = {}): Promise<string> {
    const info = await this.resolveHomeserver(opts.homeserver);
    const back = new URL(this.redirectTarget(opts.redirectUri));
    // The return must carry this tab's nonce: a link to the page with someone else's loginToken is ignored.
    const nonce = Array.from(crypto.getRandomValues(new Uint8Array(16)), (b) => b.toString(16).padStart(2, '0')).join('');
    back.searchParams.set(SSO_NONCE_PARAM, nonce);
    this.store.writeJson(KEYS.ssoPending, undefined); // what earlier versions kept site-wide
    this.store.writeTabJson(KEYS.ssoPending, { nonce, baseUrl: info.baseUrl, createdAt: Date.now() } satisfies PendingSso);
    return (await legacyApi()).ssoRedirectUrl(info.baseUrl, back.href, opts.idpId);
  }

  async signInWithSso(opts: { homeserver?: string; idpId?: string; redirectUri?: string } = {}): Promise<void> {
    this.leaveFor(await this.beginSso(opts));
  }

  private isReturnFromRedirect(href: string): boolean {
    const cb = parseCallback(href);
    if (cb) return !!this.pendingOAuth(cb.state);
    return !!this.pendingSso(href);
  }

  /** The pending OAuth sign-in stored under `state` (an own key only: `state=__proto__` finds nothing). */
  private pendingOAuth(state: string): PendingAuthorization | undefined {
    const all = this.store.readJson<Record<string, PendingAuthorization>>(KEYS.oauthPending);
    return all && Object.hasOwn(all, state) ? all[state] : undefined;
  }

  /** The SSO sign-in this tab started, when `href` is its return: a loginToken, this tab's nonce, within 10 minutes. */
  private pendingSso(href: string): PendingSso | undefined {
    const params = new URL(href).searchParams;
    const p = this.store.readTabJson<PendingSso>(KEYS.ssoPending);
    if (!params.get('loginToken') || !p || typeof p.nonce !== 'string' || typeof p.baseUrl !== 'string') return undefined;
    if (params.get(SSO_NONCE_PARAM) !== p.nonce || !(Date.now() - p.createdAt <= SSO_PENDING_MS)) return undefined;
    return p;
  }

  /**
   * Finishes a sign-in that came back from the server's page: OAuth `code` + `state` (query or fragment) or
   * an SSO `loginToken`. Removes them from the address bar. Returns undefined when `href` is not a return
   * this session started.
   */
  async completeRedirect(href: string): Promise<SessionUser | undefined> {
    const before = this.state;
    try {
      return await this.finishRedirect(href);
    } catch (e) {
      // Not stuck on "restoring": back to what the page had (signed out, guest, soft logout...).
      if (this.state === 'restoring') this.setStatus(before === 'restoring' ? this.statusOf(this.tokens) : before);
      throw e;
    }
  }

  private async finishRedirect(href: string): Promise<SessionUser | undefined> {
    const cleanAddressBar = () => {
      if (globalThis.location?.href === href) globalThis.history?.replaceState(globalThis.history.state, '', stripCallback(href));
    };
    const cb = parseCallback(href);
    if (cb) {
      const pending = this.pendingOAuth(cb.state);
      if (!pending) return undefined;
      const all = new Map(Object.entries(this.store.readJson<Record<string, PendingAuthorization>>(KEYS.oauthPending) ?? {}));
      all.delete(cb.state); // single use
      this.store.writeJson(KEYS.oauthPending, all.size ? Object.fromEntries(all) : undefined);
      cleanAddressBar();
      this.setStatus('restoring');
      // RFC 9207: the answer must come from the server the sign-in started on (a mix-up attack sends another's).
      const issuer = pending.metadata.issuer;
      if (cb.iss !== undefined ? cb.iss !== issuer : pending.metadata.authorization_response_iss_parameter_supported) {
        throw new MatrixApiError(ME.oauth, msg('The sign-in came back from a different server than it started on, so it was stopped.'));
      }
      if (cb.error || !cb.code) {
        throw new MatrixApiError(ME.oauth, cb.error === 'access_denied' ? msg('Sign-in was cancelled.') : (cb.errorDescription ?? cb.error ?? msg('Sign-in failed.')));
      }
      const tokens = await (await oauthApi()).exchangeCode(pending, cb.code, this.fetchFn);
      const who = await requestJson<{ user_id?: unknown; device_id?: unknown }>(`${pending.baseUrl}/_matrix/client/v3/account/whoami`, {
        accessToken: tokens.accessToken,
        tokenOrigin: pending.baseUrl,
        fetchFn: this.fetchFn,
      });
      if (typeof who.user_id !== 'string') throw new MatrixApiError(ME.oauth, msg('The server did not say who signed in.'));
      const m = pending.metadata;
      return this.adopt(
        {
          userId: who.user_id,
          deviceId: typeof who.device_id === 'string' ? who.device_id : pending.deviceId,
          accessToken: tokens.accessToken,
          refreshToken: tokens.refreshToken,
          expiresAt: tokens.expiresAt,
        },
        pending.baseUrl,
        'oauth',
        { oauth: { clientId: pending.clientId, issuer: m.issuer, tokenEndpoint: m.token_endpoint, revocationEndpoint: m.revocation_endpoint } },
      );
    }
    const sso = this.pendingSso(href);
    const loginToken = new URL(href).searchParams.get('loginToken');
    if (!sso || !loginToken) return undefined;
    this.store.writeTabJson(KEYS.ssoPending, undefined); // single use
    cleanAddressBar();
    this.setStatus('restoring');
    const result = await (await legacyApi()).tokenLogin(sso.baseUrl, loginToken, this.softLogoutDeviceFor(sso.baseUrl, undefined, 'sso'), this.fetchFn);
    return this.adopt(result, sso.baseUrl, 'sso');
  }

  /**
   * Registers this page as an OAuth client for one sign-in. A registration is not reused for the next sign-in:
   * the spec gives no way to ask whether a client still exists, and a server that forgot it (restarted without
   * its data, client deleted by an admin) would strand the visitor on its own error page, which cannot report
   * back. Registering is one small request per sign-in, as Element Web does; the session keeps its client_id
   * for refresh and revocation.
   */
  private async registerOAuthClient(metadata: NonNullable<AuthMethods['oauth']>, redirectUri: string): Promise<string> {
    this.store.writeJson(KEYS.oauthClients, undefined); // what earlier versions cached
    const origin = new URL(redirectUri).origin;
    return (await oauthApi()).registerClient(metadata, {
      clientUri: `${origin}/`,
      redirectUri,
      clientName: `matrix-embed on ${new URL(redirectUri).host}`,
      fetchFn: this.fetchFn,
    });
  }

  /** The device to keep when re-authenticating after a soft logout as the same user on the same server. */
  private softLogoutDeviceFor(baseUrl: string, user: string | undefined, auth: AuthKind): string | undefined {
    const t = this.tokens;
    if (this.state !== 'soft-logout' || !t || t.homeserverUrl !== baseUrl) return undefined;
    if (t.auth === 'oauth' && auth !== 'oauth') return undefined;
    if (user !== undefined && user !== t.userId && localpartOf(user) !== localpartOf(t.userId)) return undefined;
    return t.deviceId;
  }

  /** Makes a login result the page's session: stores it, stops the old client, tells everyone. */
  private adopt(
    r: LoginResult,
    baseUrl: string,
    auth: AuthKind,
    extra: { guest?: boolean; oauth?: StoredSession['oauth']; replacingGuest?: boolean } = {},
  ): SessionUser {
    const previous = this.tokens;
    const next: StoredSession = {
      v: 1,
      homeserverUrl: baseUrl,
      userId: r.userId,
      deviceId: r.deviceId,
      accessToken: r.accessToken,
      refreshToken: r.refreshToken,
      expiresAt: r.expiresAt,
      issuedAt: r.expiresAt !== undefined ? Date.now() : undefined,
      guest: extra.guest === true,
      auth,
      oauth: extra.oauth,
    };
    // Replaced a live session on another device: end it. Except a guest's, kept for reading as a guest again
    // after signing out (reusing it, not creating a guest per sign-out); an upgraded guest is this account now.
    if (previous && previous.accessToken && previous.deviceId !== next.deviceId && !extra.replacingGuest && !previous.guest) {
      void this.revoke(previous);
    }
    if (next.guest) this.store.writeJson(KEYS.guest, next);
    else if (extra.replacingGuest) this.store.writeJson(KEYS.guest, undefined);
    // Signed in again after a soft logout, as the same user on the same device: the running client carries on
    // with the new token (requests held meanwhile go out now). Anyone else gets a fresh client.
    const resumes = !!previous?.softLogout && !!this.sdkClient && previous.userId === next.userId &&
      previous.deviceId === next.deviceId && previous.homeserverUrl === next.homeserverUrl;
    if (resumes) {
      this.sdkClient?.setAccessToken(next.accessToken);
    } else {
      this.generation++;
      this.stopClient();
      this.connection.reset();
    }
    this.tokens = next;
    this.store.saveSession(next);
    this.noticeInfo = undefined;
    this.profileInfo = {};
    this.state = next.guest ? 'guest' : 'signed-in';
    this.scheduleRefresh();
    this.emit();
    void this.loadProfile();
    return { userId: next.userId, homeserver: baseUrl, guest: next.guest };
  }

  // --- the outbox ---

  /** Messages of the signed-in user not on the server yet, in every room ("2 messages are not sent yet"). */
  get unsentCount(): number {
    return this.tokens ? pendingCount(this.store.backing, this.tokens.userId) : 0;
  }

  /**
   * The signed-in user's send queue for `roomId` (see `outbox.ts`), sending through this session while it
   * lasts. Undefined when nobody is signed in.
   */
  outbox(roomId: string): Outbox | undefined {
    const t = this.tokens;
    if (!t) return undefined;
    const box = Outbox.for(this.store.backing, t.userId, roomId);
    box.attach(this.outboxTransport(box));
    return box;
  }

  private readonly transports = new WeakMap<Outbox, { generation: number; transport: OutboxTransport }>();

  private outboxTransport(box: Outbox): OutboxTransport {
    const known = this.transports.get(box);
    if (known && known.generation === this.generation) return known.transport;
    const generation = this.generation;
    const userId = box.userId;
    const stale = () => generation !== this.generation || this.tokens?.userId !== userId;
    const transport: OutboxTransport = {
      send: async (entry) => {
        if (stale()) throw this.leave(box, transport);
        const path = `/_matrix/client/v3/rooms/${seg(entry.roomId)}/send/${seg(entry.type)}/${seg(entry.txnId)}`;
        const res = await this.authedFetch(path, { method: 'PUT', body: JSON.stringify(entry.content), headers: { 'Content-Type': 'application/json' } }, { retry: false });
        if (res.ok) {
          const body = (await res.json().catch(() => ({}))) as { event_id?: unknown };
          if (typeof body.event_id === 'string') return body.event_id;
          throw new TypeError(msg('The server did not say which event it stored.'));
        }
        if (res.status >= 500 || res.status === 401) throw new TypeError(`HTTP ${res.status}`); // try again later
        const err = await errorFromResponse(res);
        throw new OutboxRefusal(err.errcode, refusalText(err.errcode, res.status));
      },
      findDelivered: async (entry) => {
        if (stale()) throw this.leave(box, transport);
        return findDelivered(entry, userId, (path) => this.authedFetch(path), this.sdkClient, box);
      },
      waitForRetry: () => this.connection.wait(),
    };
    this.transports.set(box, { generation, transport });
    return transport;
  }

  /** A transport of a session that ended: the outbox stops using it (what it holds stays queued). */
  private leave(box: Outbox, transport: OutboxTransport): Error {
    box.detach(transport);
    return new MatrixApiError(ME.signedOut, msg('The session changed.'));
  }

  // --- signing out ---

  /** Signs out: stops the client, forgets the session in every tab, and ends it on the server (revokes OAuth tokens). */
  async signOut(): Promise<void> {
    const t = this.tokens;
    if (t) forgetTyped(this.store.backing, t.userId);
    this.endLocally(undefined);
    this.store.saveSession(undefined);
    if (t?.guest) this.store.writeJson(KEYS.guest, undefined); // a guest signing out asks for a new one next time
    if (t) await this.revoke(t);
  }

  private async revoke(t: StoredSession): Promise<void> {
    try {
      if (t.oauth?.revocationEndpoint) {
        const { revocationEndpoint, clientId } = t.oauth;
        const { revokeToken } = await oauthApi();
        // Revoking the refresh token ends the whole grant; the access token too, in case it outlives it.
        await Promise.all([
          t.refreshToken ? revokeToken(revocationEndpoint, clientId, t.refreshToken, 'refresh_token', this.fetchFn) : undefined,
          t.accessToken ? revokeToken(revocationEndpoint, clientId, t.accessToken, 'access_token', this.fetchFn) : undefined,
        ]);
      } else if (t.accessToken) {
        await (await legacyApi()).logoutLegacy(t.homeserverUrl, t.accessToken, this.fetchFn);
      }
    } catch {
      // Already gone, or the server is unreachable: the local session is forgotten either way.
    }
  }

  private endLocally(notice: MatrixErrorInfo | undefined): void {
    // What the visitor read is forgotten with the session (not on a soft logout: that keeps the device).
    if (this.tokens) void forgetCachedRooms(this.tokens.userId);
    this.generation++;
    this.stopClient();
    this.tokens = undefined;
    this.profileInfo = {};
    this.noticeInfo = notice;
    this.state = 'signed-out';
    this.emit();
  }

  // --- the client ---

  /**
   * The page's one matrix-js-sdk client, started with one sync loop; resolves after the first sync.
   * Rejects (`ME_SIGNED_OUT`) when nobody is signed in — unless `guest` is set and the server allows guests,
   * in which case a guest session is started for reading world-readable rooms.
   */
  async client(opts: { guest?: boolean; homeserver?: string } = {}): Promise<MatrixClient> {
    await this.account(opts);
    if (this.clientPromise) return this.clientPromise;
    const started = this.startClient();
    this.clientPromise = started;
    started.catch(() => {
      if (this.clientPromise === started) this.clientPromise = undefined;
    });
    return started;
  }

  /**
   * Makes sure someone is signed in to read with, without loading matrix-js-sdk: resolves when signed in (or a
   * guest); with `guest` set, starts a guest session where the server allows it (as {@link client} does).
   * Rejects (`ME_SIGNED_OUT`) otherwise. Then {@link authedFetch} works, e.g. for a room's first page.
   */
  async account(opts: { guest?: boolean; homeserver?: string } = {}): Promise<void> {
    await this.ready;
    if (this.clientPromise) return;
    if (this.state === 'signed-in' || this.state === 'guest') return;
    if (opts.guest && this.state === 'signed-out') {
      // The guest account must be on the server the caller is reading (not the page default), and elements
      // asking at the same time share one guest registration.
      this.guestStart ??= this.startGuest(opts.homeserver ? { homeserver: opts.homeserver } : {}).finally(() => {
        this.guestStart = undefined;
      });
      await this.guestStart.catch((e: unknown) => {
        throw e instanceof MatrixApiError && e.errcode === ME.noGuests
          ? new MatrixApiError(ME.signedOut, msg('Sign in to continue.'), 401, e.data)
          : e;
      });
      return this.account();
    }
    throw new MatrixApiError(ME.signedOut, this.state === 'soft-logout' ? msg('Your session has expired. Sign in again.') : msg('Sign in to continue.'));
  }

  /** A guest registration started by `client({guest: true})`, shared by concurrent callers. */
  private guestStart: Promise<SessionUser> | undefined;

  /** Fetches matrix-js-sdk ahead of need (a launcher about to open): nothing starts, the first client is quicker. */
  preloadClient(): void {
    void loadSdk().catch(() => undefined);
  }

  /** The running client, if `client()` has created one (no loading). */
  get currentClient(): MatrixClient | undefined {
    return this.sdkClient;
  }

  private async startClient(): Promise<MatrixClient> {
    const gen = this.generation;
    const t = this.tokens;
    if (!t) throw new MatrixApiError(ME.signedOut, msg('Sign in to continue.'));
    const sdk = await loadSdk();
    if (gen !== this.generation) throw new MatrixApiError(ME.signedOut, msg('The session changed.'));
    const client = sdk.createClient({
      baseUrl: t.homeserverUrl,
      userId: t.userId,
      deviceId: t.deviceId,
      accessToken: t.accessToken,
      fetchFn: this.sdkFetch,
      timelineSupport: true,
      logger: quietLogger,
    });
    if (t.guest) client.setGuest(true);
    this.sdkClient = client;
    await new Promise<void>((resolve, reject) => {
      const onChange = () => {
        if (gen !== this.generation) {
          cleanup();
          reject(new MatrixApiError(ME.signedOut, msg('The session ended.')));
        }
      };
      const onSync = (state: string) => {
        if (state === 'PREPARED' || state === 'SYNCING') {
          cleanup();
          resolve();
        }
      };
      const cleanup = () => {
        this.removeEventListener('change', onChange);
        client.off(sdk.ClientEvent.Sync, onSync);
      };
      this.addEventListener('change', onChange);
      client.on(sdk.ClientEvent.Sync, onSync);
      client.startClient({ initialSyncLimit: 20, lazyLoadMembers: true }).catch((e: unknown) => {
        cleanup();
        reject(e);
      });
    });
    return client;
  }

  /** Stops the client and the refresh timer (callers that keep a session schedule it again). */
  private stopClient(): void {
    this.cancelRefresh();
    const c = this.sdkClient;
    this.sdkClient = undefined;
    this.clientPromise = undefined;
    if (c) {
      // matrix-js-sdk answers the browser's `online` event with a keep-alive whose promise only a failed sync
      // loop awaits; stopping the client rejects it (with no reason), which would reach the page as an
      // unhandled rejection. It is ours to mark handled: the client is going away.
      (c as unknown as { syncApi?: { connectionReturnedResolvers?: { promise: Promise<unknown> } } }).syncApi
        ?.connectionReturnedResolvers?.promise.catch(() => undefined);
      c.stopClient();
      c.removeAllListeners();
    }
  }

  /**
   * The fetch the SDK (and {@link authedFetch}) uses: the one place where requests to the homeserver wait and
   * retry, so that the sync loop, history and actions all follow one {@link Connection} state.
   * - The Authorization header is kept current (refreshed before expiry, once more on `M_UNKNOWN_TOKEN`) and is
   *   sent only to the session's homeserver.
   * - Every attempt has a timeout: 30 s, or a `/sync` long-poll's own timeout + 15 s.
   * - 429: wait as long as the server said (`Retry-After` / `retry_after_ms`, the SDK ignores both on `/sync`),
   *   then try again, whatever the method (the server did not apply the request).
   * - Network failure, timeout or 5xx on a request that is safe to repeat (GET, PUT — Matrix PUTs are
   *   idempotent): back off with jitter and try again until the caller aborts. Other methods fail at once (the
   *   server may have applied them), after telling the connection.
   * - Soft logout (`soft_logout: true`): requests are held until the visitor signs in again on the same device,
   *   then go out with the new token (the SDK never sees the 401, so its sync loop and our outbox just resume).
   * - The token goes only to the session's homeserver: stripped from requests to any other origin, and a
   *   request that carries it does not follow redirects (`manual`: a redirect is refused, whatever this browser
   *   would do with the header on a cross-origin hop).
   */
  private readonly sdkFetch = (input: RequestInfo | URL, init: RequestInit = {}): Promise<Response> =>
    this.homeserverFetch(input, init, true);

  private async homeserverFetch(input: RequestInfo | URL, init: RequestInit, retryTransient: boolean): Promise<Response> {
    const url = typeof input === 'string' ? input : input instanceof URL ? input.href : input.url;
    const ours = () => !!this.tokens && new URL(url).origin === new URL(this.tokens.homeserverUrl).origin;
    const method = (init.method ?? 'GET').toUpperCase();
    const repeatable = retryTransient && (method === 'GET' || method === 'HEAD' || method === 'PUT');
    const timeoutMs = attemptTimeoutMs(url);
    for (let attempt = 0; ; attempt++) {
      const headers = new Headers(init.headers);
      const authed = headers.has('Authorization');
      if (authed && !ours()) headers.delete('Authorization');
      if (authed && ours()) {
        if (this.state === 'soft-logout' && !(await this.untilSignedInAgain(init.signal))) {
          throw new MatrixApiError(ME.signedOut, msg('You were signed out.'));
        }
        const due = refreshDueAt(this.tokens);
        if (due !== undefined && Date.now() >= Math.max(due, this.refreshAllowedAt)) await this.refresh().catch(() => false);
        if (this.tokens?.accessToken) headers.set('Authorization', `Bearer ${this.tokens.accessToken}`);
      }
      const used = headers.get('Authorization');
      const timeout = AbortSignal.timeout(timeoutMs);
      const signal = init.signal ? AbortSignal.any([init.signal, timeout]) : timeout;
      let res: Response;
      try {
        const send = () => this.fetchFn(input, { ...init, headers, signal, ...(used ? { redirect: 'manual' as const } : {}) });
        // The loader may have sent this very request already (a signed-in page's first page): its answer, sooner.
        res = await ((attempt === 0 && method === 'GET' && takeEarlyResponse(url, used, send)) || send());
      } catch (e) {
        if (init.signal?.aborted) throw e;
        if (!ours()) throw e;
        this.connection.failed('server');
        if (!repeatable) throw e instanceof DOMException && e.name === 'TimeoutError' ? new TypeError(msg('The request timed out.')) : e;
        await this.connection.wait(init.signal ?? undefined);
        continue;
      }
      if (res.type === 'opaqueredirect') {
        throw new MatrixApiError(ME.badUrl, msg('The homeserver redirected a signed-in request; it was not followed.'));
      }
      if (!ours()) return res;
      if (res.status === 401 && used) {
        const body = await res.clone().json().catch(() => ({}) as Record<string, unknown>);
        if (body?.errcode === 'M_UNKNOWN_TOKEN' && attempt < 3) {
          const soft = body.soft_logout === true;
          if (await this.onUnknownToken(soft, used.replace(/^Bearer /, ''))) continue;
          if (this.state === 'soft-logout') continue; // held at the top of the loop until signed in again
        }
        return res;
      }
      if (res.status === 429) {
        const body = await res.clone().json().catch(() => ({}) as Record<string, unknown>);
        this.connection.rateLimited(retryAfterMs(res, body) ?? 1000 * 2 ** Math.min(attempt, 5));
        await this.connection.wait(init.signal ?? undefined);
        continue;
      }
      if (res.status >= 500) {
        this.connection.failed('server');
        if (!repeatable) return res;
        await this.connection.wait(init.signal ?? undefined);
        continue;
      }
      this.connection.succeeded();
      return res;
    }
  }

  /**
   * While soft-logged-out: resolves true once the visitor signed in again (as the same user: the held request
   * goes out with the new token), false when the session ended instead. Rejects when `signal` aborts.
   */
  private untilSignedInAgain(signal?: AbortSignal | null): Promise<boolean> {
    return new Promise<boolean>((resolve, reject) => {
      const check = () => {
        if (this.state === 'soft-logout' || this.state === 'restoring') return;
        cleanup();
        resolve(this.state === 'signed-in' || this.state === 'guest');
      };
      const onAbort = () => {
        cleanup();
        reject(signal?.reason);
      };
      const cleanup = () => {
        this.removeEventListener('change', check);
        signal?.removeEventListener('abort', onAbort);
      };
      if (signal?.aborted) return onAbort();
      this.addEventListener('change', check);
      signal?.addEventListener('abort', onAbort);
      check();
    });
  }

  // --- tokens ---

  /**
   * Handles `M_UNKNOWN_TOKEN`: refresh if we can; otherwise soft logout (keeping the device) or, without
   * `soft_logout`, forget the session and say why. Returns true when requests may be retried.
   */
  private async onUnknownToken(soft: boolean, usedToken: string): Promise<boolean> {
    const t = this.tokens;
    if (!t) return false;
    if (t.accessToken && t.accessToken !== usedToken) return true; // refreshed meanwhile
    if (t.refreshToken) {
      // Refreshing is failing (network, server error): wait out the backoff instead of retrying per request.
      if (this.refreshRetries > 0 && Date.now() < this.refreshAllowedAt) return false;
      try {
        if (await this.refresh()) return true;
      } catch {
        return false; // network trouble while refreshing: keep the session, let the caller fail and retry later
      }
    }
    if (this.tokens !== t) return !!this.tokens?.accessToken;
    if (soft) this.enterSoftLogout();
    else {
      // The session is gone for good (hard logout): nothing typed for it is kept either.
      forgetTyped(this.store.backing, t.userId);
      this.store.saveSession(undefined);
      if (t.guest) this.store.writeJson(KEYS.guest, undefined);
      this.endLocally({ operation: 'session', errcode: 'M_UNKNOWN_TOKEN', message: msg('You were signed out. Sign in again.') });
    }
    return false;
  }

  /**
   * The server ended the access token but kept the device: keep the client, its rooms and every queued message,
   * and hold requests (see homeserverFetch) until the visitor signs in again as the same user on this device.
   */
  private enterSoftLogout(): void {
    const t = this.tokens;
    if (!t) return;
    this.cancelRefresh();
    const kept: StoredSession = { ...t, accessToken: '', refreshToken: undefined, expiresAt: undefined, softLogout: true };
    this.tokens = kept;
    this.store.saveSession(kept);
    this.noticeInfo = { operation: 'session', errcode: 'M_UNKNOWN_TOKEN', message: msg('Your session has expired. Sign in again to continue.') };
    this.state = 'soft-logout';
    this.emit();
  }

  /**
   * Refreshes the access token once (concurrent callers share the attempt). Another tab may already have
   * refreshed it (refresh tokens are single-use): storage is checked first. Resolves false when the server
   * refused the refresh token; throws on network trouble.
   */
  private refresh(): Promise<boolean> {
    // The token this refresh is for: waiting for the lock, another tab may refresh it and this one adopt the result
    // through storage; then there is nothing left to do (refreshing the brand-new token would be a second refresh).
    const asked = this.tokens?.accessToken;
    this.refreshing ??= this.underRefreshLock(() => (this.tokens?.accessToken !== asked && this.tokens?.accessToken ? Promise.resolve(true) : this.doRefresh())).then(
      (ok) => {
        this.refreshing = undefined;
        this.refreshRetries = 0;
        this.refreshAllowedAt = Date.now() + MIN_REFRESH_GAP_MS;
        return ok;
      },
      (e: unknown) => {
        this.refreshing = undefined;
        this.refreshRetries++;
        this.refreshAllowedAt = Date.now() + refreshBackoffMs(this.refreshRetries);
        throw e;
      },
    );
    return this.refreshing;
  }

  /**
   * Runs a refresh holding the site-wide Web Lock, so two tabs never spend the same refresh token: the one
   * that waited finds the other's new tokens in storage (doRefresh checks first). A refresh token replayed
   * after its successor was used ends the whole session on the server (spec; Synapse and MAS do so).
   */
  private underRefreshLock<T>(fn: () => Promise<T>): Promise<T> {
    const locks = globalThis.navigator?.locks;
    if (!locks || !this.store.persistent) return fn();
    return locks.request(REFRESH_LOCK, fn) as Promise<T>;
  }

  /**
   * Refreshes the access token ahead of its expiry (see refreshDueAt), so that an idle page still holds a
   * working token and no request meets M_UNKNOWN_TOKEN. Network trouble retries with backoff; a refused refresh
   * token stops here (the next request's M_UNKNOWN_TOKEN decides between soft logout and signing out).
   */
  private scheduleRefresh(): void {
    this.cancelRefresh();
    const t = this.tokens;
    if (this.state !== 'signed-in' && this.state !== 'guest') return;
    const due = refreshDueAt(t);
    if (due === undefined) return;
    const at = Math.max(due, this.refreshAllowedAt);
    this.refreshTimer = setTimeout(() => {
      this.refreshTimer = undefined;
      if (this.tokens !== t) return;
      // Not yet: a delay beyond setTimeout's range (waited in steps), or a refresh finished meanwhile (gap).
      if (Date.now() < Math.max(at, this.refreshAllowedAt)) return this.scheduleRefresh();
      // Another session of this site changed the stored one (signed out or in elsewhere): its storage event
      // decides what happens here, not a refresh with tokens that may no longer be ours.
      const saved = this.store.loadSession();
      if (this.store.persistent && (!saved || saved.deviceId !== t?.deviceId || saved.userId !== t?.userId)) return;
      this.refresh().then(
        (ok) => {
          if (!ok) return;
          if (this.tokens === t) this.scheduleRefresh(); // nothing changed: try again at the next due time
        },
        () => {
          if (this.tokens === t) this.scheduleRefresh(); // after the backoff refresh() set
        },
      );
    }, timerDelay(at - Date.now()));
  }

  private cancelRefresh(): void {
    if (this.refreshTimer !== undefined) clearTimeout(this.refreshTimer);
    this.refreshTimer = undefined;
  }

  private async doRefresh(): Promise<boolean> {
    const t = this.tokens;
    if (!t?.refreshToken) return false;
    const fromOtherTab = this.store.loadSession();
    if (fromOtherTab && fromOtherTab.deviceId === t.deviceId && fromOtherTab.accessToken && fromOtherTab.accessToken !== t.accessToken) {
      this.tokens = fromOtherTab;
      this.sdkClient?.setAccessToken(fromOtherTab.accessToken);
      this.scheduleRefresh();
      return true;
    }
    let next: { accessToken: string; refreshToken?: string; expiresAt?: number };
    try {
      next = t.oauth
        ? await (await oauthApi()).refreshTokens(t.oauth.tokenEndpoint, t.oauth.clientId, t.refreshToken, this.fetchFn)
        : await (await legacyApi()).refreshLegacy(t.homeserverUrl, t.refreshToken, this.fetchFn);
    } catch (e) {
      if (e instanceof MatrixApiError && e.errcode !== ME.unreachable && e.httpStatus >= 400 && e.httpStatus < 500) {
        // Lost a race with another tab? Its tokens are in storage.
        const again = this.store.loadSession();
        if (again && again.deviceId === t.deviceId && again.accessToken && again.accessToken !== t.accessToken) {
          this.tokens = again;
          this.sdkClient?.setAccessToken(again.accessToken);
          this.scheduleRefresh();
          return true;
        }
        return false;
      }
      throw e;
    }
    if (this.tokens !== t) return !!this.tokens;
    const updated: StoredSession = {
      ...t,
      accessToken: next.accessToken,
      refreshToken: next.refreshToken ?? t.refreshToken,
      expiresAt: next.expiresAt,
      issuedAt: next.expiresAt !== undefined ? Date.now() : undefined,
    };
    this.tokens = updated;
    this.store.saveSession(updated);
    this.sdkClient?.setAccessToken(updated.accessToken);
    this.scheduleRefresh();
    return true;
  }

  /**
   * An authenticated request outside the SDK, with the same token handling, waits and retries as the SDK's
   * (see {@link homeserverFetch}). `retry: false` leaves network failures and 5xx to the caller even for GET and
   * PUT (the outbox checks what the server already has before it sends again). During a soft logout the
   * request waits until the visitor signs in again.
   */
  async authedFetch(path: string, init: RequestInit = {}, opts: { retry?: boolean } = {}): Promise<Response> {
    const t = this.tokens;
    if (!t || (!t.accessToken && this.state !== 'soft-logout')) throw new MatrixApiError(ME.signedOut, msg('Sign in to continue.'));
    const headers = new Headers(init.headers);
    headers.set('Authorization', `Bearer ${t.accessToken}`);
    return this.homeserverFetch(`${t.homeserverUrl}${path}`, { ...init, headers }, opts.retry !== false);
  }

  /** Checks a restored session with `/whoami` (no SDK): catches expired or revoked tokens early. */
  private async verify(): Promise<void> {
    try {
      const res = await this.authedFetch('/_matrix/client/v3/account/whoami');
      if (!res.ok && res.status !== 401) throw await errorFromResponse(res);
    } catch {
      // Offline: keep the session; the sync loop retries.
    }
  }

  private async loadProfile(): Promise<void> {
    const t = this.tokens;
    if (!t?.accessToken || t.guest) return;
    try {
      const res = await this.authedFetch(`/_matrix/client/v3/profile/${seg(t.userId)}`);
      if (!res.ok || this.tokens?.userId !== t.userId) return;
      const body = (await res.json()) as { displayname?: unknown; avatar_url?: unknown };
      this.profileInfo = {
        displayName: typeof body.displayname === 'string' ? body.displayname : undefined,
        avatarUrl: typeof body.avatar_url === 'string' && body.avatar_url.startsWith('mxc://') ? body.avatar_url : undefined,
      };
      this.emit();
    } catch {
      // No profile: the user ID is shown instead.
    }
  }

  // --- other tabs ---

  private onStorageChange(): void {
    const stored = this.store.loadSession();
    const t = this.tokens;
    if (!stored) {
      if (t) this.endLocally(undefined);
      return;
    }
    if (t && stored.userId === t.userId && stored.deviceId === t.deviceId && stored.homeserverUrl === t.homeserverUrl) {
      // Same session: another tab refreshed tokens, or re-authenticated after a soft logout, or hit one.
      const wasSoft = this.state === 'soft-logout';
      this.tokens = stored;
      if (stored.softLogout && !wasSoft) this.enterSoftLogout();
      else if (!stored.softLogout && wasSoft) {
        if (stored.accessToken) this.sdkClient?.setAccessToken(stored.accessToken);
        this.setStatus(stored.guest ? 'guest' : 'signed-in');
      }
      else if (stored.accessToken) this.sdkClient?.setAccessToken(stored.accessToken);
      this.scheduleRefresh();
      return;
    }
    // Another account signed in elsewhere on this site: follow it.
    this.generation++;
    this.stopClient();
    this.tokens = stored;
    this.profileInfo = {};
    this.noticeInfo = undefined;
    this.state = this.statusOf(stored);
    this.scheduleRefresh();
    this.emit();
    void this.loadProfile();
  }

  // --- helpers ---

  private statusOf(s: StoredSession | undefined): SessionStatus {
    if (!s) return 'signed-out';
    if (s.softLogout) return 'soft-logout';
    return s.guest ? 'guest' : 'signed-in';
  }

  private setStatus(s: SessionStatus): void {
    if (this.state === s) return;
    this.state = s;
    this.emit();
  }

  private emit(): void {
    this.connection.setAuth(this.state === 'soft-logout' ? 'soft-logged-out' : this.state === 'signed-out' ? 'signed-out' : undefined);
    this.dispatchEvent(new Event('change'));
  }
}
