/**
 * Shared state and helpers of the local homeserver's authentication (legacy login/register, SSO, OAuth 2.0).
 *
 * The side tables live in `store.data.auth` (an additive key next to the Store's own tables) so they are saved
 * with `--data FILE` and survive a simulated restart exactly like users and tokens do.
 */
import { createHash } from 'node:crypto';
import { MatrixError, errors, type Ctx } from './http.ts';
import type { Homeserver, Requester } from './homeserver.ts';
import type { StoreData, Store, Token, User } from './store.ts';

/** One User-Interactive Authentication session (spec: "User-interactive API in the REST API"). */
export interface UiaSession {
  id: string;
  createdAt: number;
  /** The flows offered when the session began: later option changes do not move the goalposts. */
  flows: string[][];
  completed: string[];
  /**
   * The request parameters (minus `auth` and `password`). As in Synapse, a later request with an empty body
   * (just `{auth: {session}}`, as the fallback flow sends) reuses them.
   */
  clientdict: Record<string, unknown>;
  /** scrypt hash of the password from an earlier request of the session; the plain password is never kept. */
  passwordHash?: string;
  /** Set once the account exists, so a retried final request logs in again instead of registering twice. */
  registeredUserId?: string;
}

export interface LoginToken {
  userId: string;
  expiresAt: number;
}

/** A pending SSO login: the client's redirectUrl and the cookie that binds it to one browser. */
export interface SsoSession {
  redirectUrl: string;
  idpId: string;
  cookie: string;
  expiresAt: number;
}

export interface AuthorizationCode {
  clientId: string;
  redirectUri: string;
  codeChallenge: string;
  scope: string;
  userId: string;
  deviceId: string;
  expiresAt: number;
  used: boolean;
  /** Access token issued for this code, revoked if the code is replayed (RFC 6749 section 4.1.2). */
  issuedAccessToken?: string;
}

/** A refresh token that was rotated away but may still be replayed until its successor is used. */
export interface RetiredRefreshToken {
  userId: string;
  deviceId: string;
  nextAccessToken: string;
  nextRefreshToken: string;
  oauthClientId?: string;
  /** Set when the successor access token was used: replaying this token now is reuse, not a retry. */
  consumed?: boolean;
}

export interface AuthState {
  uia: Record<string, UiaSession>;
  loginTokens: Record<string, LoginToken>;
  sso: Record<string, SsoSession>;
  oauthCodes: Record<string, AuthorizationCode>;
  /** `${userId}|${deviceId}` -> the OAuth client and scope the device's tokens were granted with. */
  oauthSessions: Record<string, { clientId: string; scope: string }>;
  retiredRefreshTokens: Record<string, RetiredRefreshToken>;
  /** New access token -> older access tokens of the same device that stay valid until the new one is used. */
  pendingFirstUse: Record<string, string[]>;
  /** Next candidate for generated numeric localparts (guests, registrations without a username). */
  nextNumericLocalpart: number;
}

type DataWithAuth = StoreData & { auth?: AuthState };

export function authState(store: Store): AuthState {
  const data = store.data as DataWithAuth;
  data.auth ??= {
    uia: {},
    loginTokens: {},
    sso: {},
    oauthCodes: {},
    oauthSessions: {},
    retiredRefreshTokens: {},
    pendingFirstUse: {},
    nextNumericLocalpart: 1,
  };
  return data.auth;
}

/** `Object.hasOwn` lookup: client-supplied keys such as `__proto__` never reach the prototype. */
export function own<T>(table: Record<string, T>, key: string): T | undefined {
  return Object.hasOwn(table, key) ? table[key] : undefined;
}

// --- user IDs ---

/** Longest user ID the spec allows (appendices: user identifiers), in bytes. */
export const MAX_USER_ID_LENGTH = 255;

/** The spec's localpart grammar since v1.8: `a-z 0-9 . _ = - / +`. */
const LOCALPART = /^[a-z0-9._=\-/+]+$/;

/**
 * Synapse's `check_username` without the "already taken" part: M_INVALID_USERNAME for anything outside the
 * grammar, an empty localpart, a leading underscore (reserved for application services in Synapse), an ID
 * longer than 255 bytes, or an all-digits localpart (Synapse reserves those for guests) unless `allowNumeric`.
 */
export function checkLocalpart(store: Store, localpart: string, allowNumeric = false): void {
  if (!localpart) throw new MatrixError(400, 'M_INVALID_USERNAME', 'User ID cannot be empty');
  if (!LOCALPART.test(localpart)) {
    throw new MatrixError(400, 'M_INVALID_USERNAME', "User ID can only contain characters a-z, 0-9, or '=_-./+'");
  }
  if (localpart.startsWith('_')) throw new MatrixError(400, 'M_INVALID_USERNAME', 'User ID may not begin with _');
  if (Buffer.byteLength(store.userId(localpart)) > MAX_USER_ID_LENGTH) {
    throw new MatrixError(400, 'M_INVALID_USERNAME', `User ID may not be longer than ${MAX_USER_ID_LENGTH} characters`);
  }
  if (!allowNumeric && /^[0-9]+$/.test(localpart)) {
    throw new MatrixError(400, 'M_INVALID_USERNAME', 'Numeric user IDs are reserved for guest users.');
  }
}

/** A user by ID, matched exactly or else case-insensitively when that is unambiguous (as Synapse's login). */
export function findUser(store: Store, userId: string): User | undefined {
  const exact = own(store.data.users, userId);
  if (exact) return exact;
  const lower = userId.toLowerCase();
  const matches = Object.values(store.data.users).filter((u) => u.userId.toLowerCase() === lower);
  return matches.length === 1 ? matches[0] : undefined;
}

/** True when a user ID is taken, case-insensitively (Synapse refuses `@Alice` when `@alice` exists). */
export function userExists(store: Store, userId: string): boolean {
  return findUser(store, userId) !== undefined;
}

/** The next free all-digits localpart, as Synapse generates for guests and registrations without a username. */
export function generateNumericLocalpart(store: Store): string {
  const state = authState(store);
  for (;;) {
    const candidate = String(state.nextNumericLocalpart++);
    if (!userExists(store, store.userId(candidate))) return candidate;
  }
}

export function createUser(
  store: Store,
  localpart: string,
  opts: { password?: string; passwordHash?: string; guest?: boolean; displayname?: string } = {},
): User {
  const userId = store.userId(localpart);
  const user: User = {
    userId,
    localpart,
    password: opts.passwordHash ?? (opts.password !== undefined ? store.hashPassword(opts.password) : undefined),
    // Synapse gives every new non-guest account its localpart as display name.
    displayname: opts.displayname ?? (opts.guest ? undefined : localpart),
    guest: opts.guest ?? false,
    createdAt: Date.now(),
  };
  store.data.users[userId] = user;
  store.changed();
  return user;
}

// --- tokens ---

/** `device_id` as the legacy APIs accept it: a string of at most 512 characters (Synapse's limit). */
export function deviceIdParam(value: unknown): string | undefined {
  if (value === undefined || value === null || value === '') return undefined;
  if (typeof value !== 'string') throw errors.invalidParam('device_id must be a string');
  if (value.length > 512) throw errors.invalidParam('device_id cannot be longer than 512 characters.');
  return value;
}

/** The access-token part of a `/login` or `/register` response. */
export function tokenResponse(token: Token): Record<string, unknown> {
  const out: Record<string, unknown> = { access_token: token.accessToken, device_id: token.deviceId };
  if (token.expiresAt !== undefined) out.expires_in_ms = Math.max(0, token.expiresAt - Date.now());
  if (token.refreshToken) out.refresh_token = token.refreshToken;
  return out;
}

/**
 * The requester of `/logout` and `/logout/all`. Synapse accepts an expired access token there
 * (`allow_expired=True`): a soft-logged-out client must still be able to end its session.
 */
export function requireAuthAllowExpired(hs: Homeserver, ctx: Ctx): Requester {
  const raw = hs.tokenOf(ctx);
  if (!raw) throw errors.missingToken();
  const token = own(hs.store.data.tokens, raw);
  const user = token && own(hs.store.data.users, token.userId);
  if (!token || !user) throw errors.unknownToken(false);
  return { ...token, user };
}

/** Ends one device session: its tokens, its device, and everything that could mint new tokens for it. */
export function endSession(store: Store, userId: string, deviceId: string): void {
  const state = authState(store);
  for (const [rt, retired] of Object.entries(state.retiredRefreshTokens)) {
    if (retired.userId === userId && retired.deviceId === deviceId) delete state.retiredRefreshTokens[rt];
  }
  delete state.oauthSessions[`${userId}|${deviceId}`];
  store.revokeDevice(userId, deviceId);
  // Bookkeeping for tokens that no longer exist is dead weight.
  for (const at of Object.keys(state.pendingFirstUse)) {
    if (!Object.hasOwn(store.data.tokens, at)) delete state.pendingFirstUse[at];
  }
}

export type RefreshOutcome =
  | { kind: 'ok'; token: Token }
  /** The token was never issued (or its session ended): Synapse answers 401 M_UNKNOWN_TOKEN. */
  | { kind: 'unknown' }
  /** A rotated-away token replayed after its successor was used: Synapse answers 403 M_FORBIDDEN. */
  | { kind: 'reused'; userId: string; deviceId: string };

/**
 * Refresh-token rotation shared by `/refresh` and the OAuth refresh_token grant.
 *
 * Spec (Refreshing access tokens): "The old refresh token remains valid until the new access token or refresh
 * token is used, at which point the old refresh token is revoked", so a client that lost the response can retry.
 * The old access token likewise keeps working until the new one is first used, so requests already in flight
 * during a refresh do not fail with a hard logout.
 */
export function rotateRefreshToken(
  hs: Homeserver,
  refreshToken: string,
  opts: { oauthClientId?: string } = {},
): RefreshOutcome {
  const { store } = hs;
  const state = authState(store);
  const matchesClient = (t: { oauthClientId?: string }) => t.oauthClientId === opts.oauthClientId;

  let current = Object.values(store.data.tokens).find((t) => t.refreshToken === refreshToken);
  const retired = own(state.retiredRefreshTokens, refreshToken);
  if (!current && retired) {
    const successor = Object.values(store.data.tokens).find(
      (t) => t.userId === retired.userId && t.deviceId === retired.deviceId && t.refreshToken,
    );
    // Replaying the old token is allowed only while its successor pair is untouched.
    if (retired.consumed || !successor || successor.refreshToken !== retired.nextRefreshToken) {
      return { kind: 'reused', userId: retired.userId, deviceId: retired.deviceId };
    }
    current = successor;
  }
  if (!current || !matchesClient(current)) return { kind: 'unknown' };

  const { userId, deviceId } = current;
  const older = Object.values(store.data.tokens).filter((t) => t.userId === userId && t.deviceId === deviceId);
  const next = store.issueToken(userId, {
    deviceId,
    refresh: true,
    lifetimeMs: hs.options.tokenLifetimeMs,
    oauthClientId: current.oauthClientId,
  });
  // issueToken replaced every token of the device; the older access tokens come back without refresh power.
  for (const t of older) {
    store.data.tokens[t.accessToken] = { ...t, refreshToken: undefined };
    delete state.pendingFirstUse[t.accessToken];
  }
  state.pendingFirstUse[next.accessToken] = older.map((t) => t.accessToken);
  const entry: RetiredRefreshToken = {
    userId,
    deviceId,
    nextAccessToken: next.accessToken,
    nextRefreshToken: next.refreshToken!,
    oauthClientId: current.oauthClientId,
  };
  if (current.refreshToken) state.retiredRefreshTokens[current.refreshToken] = entry;
  // A replayed old token now points at the newest pair, so it can be retried again.
  if (retired) state.retiredRefreshTokens[refreshToken] = entry;
  store.changed();
  return { kind: 'ok', token: next };
}

/**
 * Makes the first accepted use of an access token issued by a refresh retire the older access tokens of its
 * device and mark the refresh tokens that could still replay that refresh as consumed.
 *
 * It wraps this server instance's `requireAuth` (every authenticated route goes through it) rather than adding
 * a request interceptor: `hs.interceptors` is the fault-injection hook, and a use only counts once the token
 * was accepted.
 */
export function trackFirstUse(hs: Homeserver): void {
  const requireAuth = hs.requireAuth.bind(hs);
  hs.requireAuth = (ctx, opts) => {
    const who = requireAuth(ctx, opts);
    const state = authState(hs.store);
    const older = own(state.pendingFirstUse, who.accessToken);
    if (older) {
      for (const at of older) delete hs.store.data.tokens[at];
      // Kept (marked) rather than deleted, so a later replay is told apart from a token never issued.
      for (const retired of Object.values(state.retiredRefreshTokens)) {
        if (retired.nextAccessToken === who.accessToken) retired.consumed = true;
      }
      delete state.pendingFirstUse[who.accessToken];
      hs.store.changed();
    }
    return who;
  };
}

// --- PKCE (RFC 7636) ---

/** `code_verifier` / `code_challenge` grammar: 43 to 128 unreserved characters. */
export const PKCE_VALUE = /^[A-Za-z0-9\-._~]{43,128}$/;

export function s256(verifier: string): string {
  return createHash('sha256').update(verifier, 'ascii').digest('base64url');
}

// --- HTML pages served by the homeserver (SSO, UIA fallback, policies, OAuth sign-in) ---

export function escapeHtml(value: unknown): string {
  return String(value)
    .replace(/&/g, '&amp;')
    .replace(/</g, '&lt;')
    .replace(/>/g, '&gt;')
    .replace(/"/g, '&quot;')
    .replace(/'/g, '&#39;');
}

/** A complete page. `body` must already be escaped; every form control on these pages has a real <label>. */
export function htmlPage(title: string, body: string, opts: { script?: string } = {}): string {
  return `<!doctype html>
<html lang="en">
<head>
<meta charset="utf-8">
<meta name="viewport" content="width=device-width, initial-scale=1">
<meta name="referrer" content="no-referrer">
<title>${escapeHtml(title)}</title>
<style>
  body { font: 16px/1.5 system-ui, sans-serif; max-width: 28rem; margin: 3rem auto; padding: 0 1rem; color: #1b1d22; }
  h1 { font-size: 1.4rem; }
  label { display: block; margin: .75rem 0 .25rem; font-weight: 600; }
  label.check { display: flex; gap: .5rem; align-items: center; font-weight: 400; }
  input[type=text], input[type=password] { width: 100%; box-sizing: border-box; padding: .5rem; font: inherit; }
  button { margin-top: 1rem; padding: .5rem 1rem; font: inherit; cursor: pointer; }
  .error { color: #b00020; border: 1px solid #b00020; padding: .5rem; border-radius: 4px; }
  .muted { color: #5c6370; font-size: .9rem; }
</style>
</head>
<body>
<p class="muted">Local Matrix homeserver (test and demo only)</p>
${body}
${opts.script ? `<script>${opts.script}</script>` : ''}
</body>
</html>
`;
}

export function hiddenInputs(values: Record<string, string | null | undefined>): string {
  return Object.entries(values)
    .filter(([, v]) => v !== null && v !== undefined)
    .map(([k, v]) => `<input type="hidden" name="${escapeHtml(k)}" value="${escapeHtml(v)}">`)
    .join('\n');
}

export function errorBox(message: string | undefined): string {
  return message ? `<p class="error" role="alert">${escapeHtml(message)}</p>` : '';
}
