/**
 * The legacy authentication API (spec v1.15 "Legacy API"): /login (password, SSO + login token), /logout,
 * /refresh, /register with User-Interactive Authentication and its fallback pages, guest accounts.
 *
 * Where Synapse answers differently from the letter of the spec, this follows Synapse and says so, because the
 * widget has to work against Synapse and matrix.org.
 */
import { randomBytes } from 'node:crypto';
import { MatrixError, Reply, errors, type Ctx } from '../http.ts';
import { CSRF_FIELD, csrfValid, formSession, type FormKind } from '../csrf.ts';
import type { Homeserver } from '../homeserver.ts';
import type { User } from '../store.ts';
import { jwtLogin } from '../jwt-login.ts';
import {
  authState,
  checkLocalpart,
  createUser,
  deviceIdParam,
  endSession,
  errorBox,
  escapeHtml,
  findUser,
  generateNumericLocalpart,
  hiddenInputs,
  htmlPage,
  own,
  requireAuthAllowExpired,
  rotateRefreshToken,
  tokenResponse,
  trackFirstUse,
  userExists,
  type UiaSession,
} from '../auth-state.ts';

/** The one identity provider of the built-in SSO flow. */
export const SSO_IDP = { id: 'local', name: 'Local test SSO' } as const;

/** Default token for the m.login.registration_token stage (option `registrationToken`). */
export const DEFAULT_REGISTRATION_TOKEN = 'letmein';

/** The privacy policy presented by the m.login.terms stage. */
export const PRIVACY_POLICY_VERSION = '1.0';
export const PRIVACY_POLICY_PATH = `/_local/policies/privacy-${PRIVACY_POLICY_VERSION}.html`;

/** Stages this server can check (through the API, or only through the fallback page for m.login.recaptcha). */
export const SUPPORTED_STAGES = ['m.login.dummy', 'm.login.terms', 'm.login.registration_token', 'm.login.recaptcha'];

/**
 * Synapse's guest device: guests cannot choose a device ID, and Synapse gives every guest this one
 * (`synapse.api.auth.GUEST_DEVICE_ID`).
 */
const GUEST_DEVICE_ID = 'guest_device';

/** Lifetime of an SSO login token. The spec suggests ~5 s; Synapse uses 2 minutes, which slow tests need. */
const LOGIN_TOKEN_LIFETIME_MS = 2 * 60_000;
const SSO_SESSION_LIFETIME_MS = 15 * 60_000;
const SSO_COOKIE = 'matrix_embed_sso';
const SSO_PAGE_PATH = '/_local/sso/idp';

/** Synapse's cap on username and password lengths at /register. */
const MAX_REGISTER_FIELD = 512;

export function register(hs: Homeserver): void {
  const { router } = hs;
  // Refresh-token rotation (here and in the OAuth token endpoint) needs to see first uses, in every mode.
  trackFirstUse(hs);

  // /logout works with any access token, whichever API issued it: an OAuth session can end this way too.
  // Not for guests: /logout is not among the spec's guest endpoints, and Synapse answers a guest's /logout
  // (and /logout/all) with 403 M_GUEST_ACCESS_FORBIDDEN, leaving the guest token valid.
  const requireMember = (ctx: Ctx) => {
    const who = requireAuthAllowExpired(hs, ctx);
    if (who.user.guest) throw errors.guestForbidden();
    return who;
  };
  router.client('POST', '/logout', (ctx) => {
    const who = requireMember(ctx);
    endSession(hs.store, who.userId, who.deviceId);
    return {};
  });

  router.client('POST', '/logout/all', (ctx) => {
    const who = requireMember(ctx);
    const deviceIds = new Set<string>();
    for (const t of Object.values(hs.store.data.tokens)) if (t.userId === who.userId) deviceIds.add(t.deviceId);
    for (const d of Object.values(hs.store.data.devices)) if (d.userId === who.userId) deviceIds.add(d.deviceId);
    for (const deviceId of deviceIds) endSession(hs.store, who.userId, deviceId);
    return {};
  });

  if (!hs.legacyAuth) {
    registerOAuthOnlyRegister(hs);
    // /login, /refresh, /register/available and the UIA fallback are not registered at all, so they answer
    // 404 M_UNRECOGNIZED as Synapse does when it delegates authentication (MSC3861 / MAS).
    return;
  }

  router.client('GET', '/login', () => ({
    // Synapse's order: SSO, then the token type SSO depends on, then password.
    flows: [
      { type: 'm.login.sso', identity_providers: [{ ...SSO_IDP }] },
      { type: 'm.login.token', get_login_token: true },
      { type: 'm.login.password' },
      { type: 'org.matrix.login.jwt' },
    ],
  }));

  router.client('POST', '/login', (ctx) => login(hs, ctx));
  // A signed-in client asks for a one-time login token for another client (spec v1.7, MSC3882). The spec puts
  // this behind User-Interactive Auth; this test server issues it on the access token alone.
  router.add('POST', '/_matrix/client/v1/login/get_token', async (ctx) => {
    const who = hs.requireAuth(ctx);
    await ctx.json();
    return { login_token: issueLoginToken(hs, who.user.userId), expires_in_ms: LOGIN_TOKEN_LIFETIME_MS };
  });

  router.client('GET', '/login/sso/redirect', (ctx) => ssoRedirect(hs, ctx, undefined));
  router.client('GET', '/login/sso/redirect/:idpId', (ctx) => ssoRedirect(hs, ctx, ctx.params.idpId));
  router.add('GET', SSO_PAGE_PATH, (ctx) => ssoPage(hs, ctx));
  router.add('POST', SSO_PAGE_PATH, (ctx) => ssoSubmit(hs, ctx), { maxBody: 64 * 1024 });

  router.client('POST', '/refresh', async (ctx) => {
    const body = await ctx.json();
    if (!Object.hasOwn(body, 'refresh_token')) throw errors.missingParam('refresh_token');
    if (typeof body.refresh_token !== 'string') throw errors.invalidParam('Invalid param: refresh_token');
    // Only legacy refresh tokens: an OAuth refresh token belongs to the token endpoint.
    const outcome = rotateRefreshToken(hs, body.refresh_token);
    if (outcome.kind === 'unknown') {
      throw new MatrixError(401, 'M_UNKNOWN_TOKEN', 'refresh token does not exist', { soft_logout: false });
    }
    if (outcome.kind === 'reused') throw errors.forbidden("refresh token isn't valid anymore");
    const out: Record<string, unknown> = {
      access_token: outcome.token.accessToken,
      refresh_token: outcome.token.refreshToken,
    };
    if (outcome.token.expiresAt !== undefined) out.expires_in_ms = Math.max(0, outcome.token.expiresAt - Date.now());
    return out;
  });

  router.client('POST', '/register', (ctx) => registerAccount(hs, ctx));

  router.client('GET', '/register/available', (ctx) => {
    if (!hs.options.registration) throw errors.forbidden('Registration has been disabled');
    const username = ctx.query.get('username');
    if (username === null) throw errors.missingParam('username');
    // Synapse checks the name exactly as given here (no lower-casing), so `Alice` is M_INVALID_USERNAME.
    checkUsername(hs, username, undefined, undefined);
    return { available: true };
  });

  router.add('GET', '/_matrix/client/v1/register/m.login.registration_token/validity', (ctx) => {
    if (!hs.options.registration) throw errors.forbidden('Registration has been disabled');
    const token = ctx.query.get('token');
    if (token === null) throw errors.missingParam('token');
    return { valid: token === registrationToken(hs) };
  });

  router.client('GET', '/auth/:type/fallback/web', (ctx) => fallbackPage(hs, ctx));
  router.client('POST', '/auth/:type/fallback/web', (ctx) => fallbackSubmit(hs, ctx), { maxBody: 64 * 1024 });

  router.add('GET', PRIVACY_POLICY_PATH, () =>
    Reply.html(
      htmlPage(
        'Privacy Policy',
        `<h1>Privacy Policy</h1>
<p>Version ${escapeHtml(PRIVACY_POLICY_VERSION)}.</p>
<p>This local homeserver is test and demo infrastructure. It keeps everything in memory (or in the file given
with <code>--data</code>), never federates, and only listens on 127.0.0.1.</p>`,
      ),
    ),
  );
}

function registrationToken(hs: Homeserver): string {
  return hs.options.registrationToken ?? DEFAULT_REGISTRATION_TOKEN;
}

// --- /login ---

async function login(hs: Homeserver, ctx: Ctx): Promise<Record<string, unknown>> {
  const body = await ctx.json();
  const refresh = refreshParam(body);
  if (typeof body.type !== 'string') throw new MatrixError(400, 'M_UNKNOWN', 'Missing JSON keys.');
  let user: User;
  if (body.type === 'm.login.password') {
    user = passwordLogin(hs, body);
  } else if (body.type === 'm.login.token') {
    if (!Object.hasOwn(body, 'token')) throw new MatrixError(400, 'M_UNKNOWN', 'Missing JSON keys.');
    const state = authState(hs.store);
    const key = typeof body.token === 'string' ? body.token : '';
    const entry = own(state.loginTokens, key);
    // Login tokens are single use, whatever the outcome.
    if (entry) delete state.loginTokens[key];
    const found = entry && entry.expiresAt > Date.now() ? own(hs.store.data.users, entry.userId) : undefined;
    if (!found) throw errors.forbidden('Invalid login token');
    user = found;
  } else if (body.type === 'org.matrix.login.jwt') {
    user = jwtLogin(hs, body);
  } else {
    // The spec's example answer for an unknown type, and Synapse's: 400 M_UNKNOWN.
    throw new MatrixError(400, 'M_UNKNOWN', `Unknown login type ${body.type}`);
  }
  const deviceId = deviceIdParam(body.device_id);
  const displayName = typeof body.initial_device_display_name === 'string' ? body.initial_device_display_name : undefined;
  const token = hs.store.issueToken(user.userId, {
    deviceId,
    displayName,
    refresh,
    lifetimeMs: hs.options.tokenLifetimeMs,
  });
  return {
    user_id: user.userId,
    ...tokenResponse(token),
    home_server: hs.serverName,
    well_known: { 'm.homeserver': { base_url: hs.baseUrl } },
  };
}

/** `refresh_token: true` in a /login or /register body; Synapse refuses anything but a boolean. */
function refreshParam(body: Record<string, unknown>): boolean {
  const value = body.refresh_token ?? false;
  if (typeof value !== 'boolean') throw new MatrixError(400, 'M_UNKNOWN', '`refresh_token` should be true or false.');
  return value;
}

function passwordLogin(hs: Homeserver, body: Record<string, unknown>): User {
  if (!Object.hasOwn(body, 'password')) {
    throw new MatrixError(400, 'M_UNKNOWN', "Missing parameters for login type m.login.password: ['password']");
  }
  if (typeof body.password !== 'string') throw errors.invalidParam('Bad parameter: password');
  // `identifier`, or the deprecated top-level `user` (and `medium`/`address`) fields.
  let identifier: Record<string, unknown>;
  if (body.identifier !== undefined) {
    if (!body.identifier || typeof body.identifier !== 'object' || Array.isArray(body.identifier)) {
      throw errors.invalidParam('Invalid identifier');
    }
    identifier = body.identifier as Record<string, unknown>;
  } else if (body.user !== undefined) {
    identifier = { type: 'm.id.user', user: body.user };
  } else if (body.medium !== undefined && body.address !== undefined) {
    identifier = { type: 'm.id.thirdparty', medium: body.medium, address: body.address };
  } else {
    throw new MatrixError(400, 'M_UNKNOWN', 'Invalid login submission');
  }
  const invalid = () => errors.forbidden('Invalid username or password');
  if (identifier.type === 'm.id.thirdparty' || identifier.type === 'm.id.phone') {
    // No account here has a 3PID; the spec says an unknown 3PID is 403 Forbidden.
    throw invalid();
  }
  if (identifier.type !== 'm.id.user') throw new MatrixError(400, 'M_UNKNOWN', 'Unknown login identifier type');
  if (typeof identifier.user !== 'string') throw errors.invalidParam("User identifier is missing 'user' key");
  const userId = identifier.user.startsWith('@') ? identifier.user : hs.store.userId(identifier.user);
  const user = findUser(hs.store, userId);
  if (!user || !hs.store.checkPassword(user, body.password)) throw invalid();
  return user;
}

/** A one-time `m.login.token` for a user (SSO's return, `login/get_token`). */
function issueLoginToken(hs: Homeserver, userId: string): string {
  const state = authState(hs.store);
  pruneExpired(state.loginTokens);
  const loginToken = hs.store.newId('', 24);
  state.loginTokens[loginToken] = { userId, expiresAt: Date.now() + LOGIN_TOKEN_LIFETIME_MS };
  hs.store.changed();
  return loginToken;
}

// --- SSO (m.login.sso + m.login.token) ---

/** The identity-provider page's form carries a CSRF token (../csrf.ts), on top of the cookie of the flow. */
const SSO_FORM: FormKind = { cookie: 'mx_sso_form', path: SSO_PAGE_PATH };

function ssoRedirect(hs: Homeserver, ctx: Ctx, idpId: string | undefined): Reply {
  const redirectUrl = ctx.query.get('redirectUrl');
  if (redirectUrl === null) throw errors.missingParam('redirectUrl');
  if (!URL.canParse(redirectUrl)) throw errors.invalidParam('redirectUrl must be an absolute URL');
  if (idpId !== undefined && idpId !== SSO_IDP.id) throw errors.notFound('Unknown identity provider');
  const state = authState(hs.store);
  pruneExpired(state.sso);
  const session = hs.store.newId('', 18);
  const cookie = randomBytes(18).toString('base64url');
  state.sso[session] = { redirectUrl, idpId: SSO_IDP.id, cookie, expiresAt: Date.now() + SSO_SESSION_LIFETIME_MS };
  hs.store.changed();
  // The cookie ties the flow to the browser that started it (spec: guard against unsolicited authentication).
  return new Reply(302, '', {
    Location: `${hs.baseUrl}${SSO_PAGE_PATH}?session=${encodeURIComponent(session)}`,
    'Set-Cookie': `${SSO_COOKIE}=${cookie}; Path=${SSO_PAGE_PATH}; HttpOnly; SameSite=Lax`,
  });
}

function ssoSessionOf(hs: Homeserver, id: string | null) {
  const state = authState(hs.store);
  const session = id ? own(state.sso, id) : undefined;
  return session && session.expiresAt > Date.now() ? session : undefined;
}

function ssoForm(hs: Homeserver, sessionId: string, redirectUrl: string, opts: { csrf: string; error?: string; username?: string }) {
  const target = new URL(redirectUrl);
  const host = target.host || target.protocol;
  const newAccounts = hs.options.registration
    ? '<p class="muted">A username that does not exist yet is created on first sign-in, as an SSO provider would.</p>'
    : '';
  return htmlPage(
    `Sign in with ${SSO_IDP.name}`,
    `<h1>Sign in with ${escapeHtml(SSO_IDP.name)}</h1>
<p>Continue to <strong>${escapeHtml(host)}</strong>? It will get access to your Matrix account
on <strong>${escapeHtml(hs.serverName)}</strong>. If you did not start this, close this page.</p>
${errorBox(opts.error)}
<form method="post" action="${escapeHtml(SSO_PAGE_PATH)}">
${hiddenInputs({ session: sessionId, [CSRF_FIELD]: opts.csrf })}
<label for="username">Username</label>
<input type="text" id="username" name="username" autocomplete="username" required value="${escapeHtml(opts.username ?? '')}">
<label for="password">Password</label>
<input type="password" id="password" name="password" autocomplete="current-password" required>
<button type="submit">Continue</button>
</form>
${newAccounts}`,
  );
}

function ssoPage(hs: Homeserver, ctx: Ctx): Reply {
  const id = ctx.query.get('session');
  const session = ssoSessionOf(hs, id);
  if (!id || !session) return expiredPage('This sign-in link has expired or is not valid.');
  const f = formSession(hs, ctx, SSO_FORM);
  return Reply.html(ssoForm(hs, id, session.redirectUrl, { csrf: f.csrf }), 200, f.setCookie ? { 'Set-Cookie': f.setCookie } : {});
}

async function ssoSubmit(hs: Homeserver, ctx: Ctx): Promise<Reply> {
  const form = await ctx.form();
  const id = form.get('session');
  const session = ssoSessionOf(hs, id);
  if (!id || !session) return expiredPage('This sign-in link has expired or is not valid.');
  if (cookieValue(ctx, SSO_COOKIE) !== session.cookie) {
    return expiredPage('This sign-in was started in another browser. Start again from the application.', 403);
  }
  const username = (form.get('username') ?? '').trim();
  const password = form.get('password') ?? '';
  const f = formSession(hs, ctx, SSO_FORM);
  const again = (error: string, status = 400) =>
    Reply.html(ssoForm(hs, id, session.redirectUrl, { csrf: f.csrf, error, username }), status, f.setCookie ? { 'Set-Cookie': f.setCookie } : {});
  // A post that did not come from this page in this browser changes nothing (login CSRF).
  if (!csrfValid(hs, ctx, form, SSO_FORM)) return again('This form expired or was not sent from this page. Please try again.', 403);
  if (!username || !password) return again('Enter a username and a password.');
  const userId = username.startsWith('@') ? username : hs.store.userId(username.toLowerCase());
  let user = findUser(hs.store, userId);
  if (user) {
    if (!hs.store.checkPassword(user, password)) return again('Wrong username or password.', 403);
  } else {
    if (!hs.options.registration || username.startsWith('@')) return again('Wrong username or password.', 403);
    try {
      checkLocalpart(hs.store, username.toLowerCase());
    } catch (err) {
      return again(err instanceof MatrixError ? err.message : 'Invalid username.');
    }
    user = createUser(hs.store, username.toLowerCase(), { password });
  }
  const state = authState(hs.store);
  delete state.sso[id];
  const loginToken = issueLoginToken(hs, user.userId);
  // Spec: drop any loginToken already on redirectUrl before adding the new one.
  const target = new URL(session.redirectUrl);
  target.searchParams.delete('loginToken');
  target.searchParams.append('loginToken', loginToken);
  return new Reply(303, '', {
    Location: target.toString(),
    'Set-Cookie': `${SSO_COOKIE}=; Path=${SSO_PAGE_PATH}; HttpOnly; SameSite=Lax; Max-Age=0`,
  });
}

function cookieValue(ctx: Ctx, name: string): string | undefined {
  for (const part of (ctx.header('cookie') ?? '').split(';')) {
    const [k, ...v] = part.trim().split('=');
    if (k === name) return v.join('=');
  }
  return undefined;
}

function expiredPage(message: string, status = 400): Reply {
  return Reply.html(htmlPage('Cannot continue', `<h1>Cannot continue</h1>${errorBox(message)}`), status);
}

function pruneExpired(table: Record<string, { expiresAt: number }>): void {
  const now = Date.now();
  for (const [k, v] of Object.entries(table)) if (v.expiresAt <= now) delete table[k];
}

// --- /register ---

/**
 * Synapse's `check_username`: grammar (M_INVALID_USERNAME), the session's already-registered ID, then taken
 * names (M_USER_IN_USE) — unless a guest is upgrading its own account with `guest_access_token`.
 */
function checkUsername(
  hs: Homeserver,
  localpart: string,
  guestAccessToken: string | undefined,
  assignedUserId: string | undefined,
): void {
  checkLocalpart(hs.store, localpart, guestAccessToken !== undefined);
  const userId = hs.store.userId(localpart);
  if (assignedUserId) {
    if (userId === assignedUserId) return;
    throw new MatrixError(400, 'M_UNKNOWN', 'A different user ID has already been registered for this session');
  }
  if (!userExists(hs.store, userId)) return;
  if (guestAccessToken === undefined) throw new MatrixError(400, 'M_USER_IN_USE', 'User ID already taken.');
  const guest = guestOf(hs, guestAccessToken);
  if (!guest.guest || guest.localpart !== localpart) {
    throw errors.forbidden('Cannot register taken user ID without valid guest credentials for that user.');
  }
}

function guestOf(hs: Homeserver, guestAccessToken: string): User {
  const token = own(hs.store.data.tokens, guestAccessToken);
  const user = token && own(hs.store.data.users, token.userId);
  if (!token || !user) throw errors.unknownToken(false);
  if (token.expiresAt !== undefined && token.expiresAt <= Date.now()) throw errors.unknownToken(true);
  return user;
}

async function registerAccount(hs: Homeserver, ctx: Ctx): Promise<unknown> {
  const body = await ctx.json();
  const kind = ctx.query.get('kind') ?? 'user';
  if (kind === 'guest') return registerGuest(hs, body);
  if (kind !== 'user') throw new MatrixError(400, 'M_UNRECOGNIZED', `Do not understand membership kind: ${kind}`);
  const refresh = refreshParam(body);
  if (Object.hasOwn(body, 'username') && (typeof body.username !== 'string' || body.username.length > MAX_REGISTER_FIELD)) {
    throw new MatrixError(400, 'M_UNKNOWN', 'Invalid username');
  }
  // Synapse refuses an access token here; a guest upgrades with `guest_access_token` in the body instead.
  if (hs.tokenOf(ctx)) {
    throw new MatrixError(
      400,
      'M_UNKNOWN',
      'An access token should not be provided on requests to /register (except if type is m.login.application_service)',
    );
  }
  if (!hs.options.registration) throw errors.forbidden('Registration has been disabled');

  const { auth, password, ...rest } = body;
  if (password !== undefined && (typeof password !== 'string' || password.length > MAX_REGISTER_FIELD)) {
    throw new MatrixError(400, 'M_UNKNOWN', 'Invalid password');
  }
  // Synapse checks its password policy right after that, before the user name and before any UIA stage
  // (synapse/handlers/password_policy.py): errcode M_PASSWORD_TOO_SHORT (MSC2000), a subtype of the spec's
  // M_WEAK_PASSWORD, with the requirement in the message.
  const minLength = hs.options.passwordMinLength;
  if (typeof password === 'string' && password.length < minLength) {
    throw new MatrixError(400, 'M_PASSWORD_TOO_SHORT', `The password must be at least ${minLength} characters long`);
  }
  // Synapse ignores a display name sent without a password (a client bug once wiped the stored parameters).
  if (password === undefined) delete rest.initial_device_display_name;
  if (auth !== undefined && (auth === null || typeof auth !== 'object' || Array.isArray(auth))) {
    throw errors.invalidParam('auth must be an object');
  }
  const authDict = (auth ?? {}) as Record<string, unknown>;
  const state = authState(hs.store);
  let session: UiaSession | undefined;
  if (authDict.session !== undefined) {
    session = typeof authDict.session === 'string' ? own(state.uia, authDict.session) : undefined;
    if (!session) throw new MatrixError(400, 'M_UNKNOWN', `Unknown session ID: ${String(authDict.session)}`);
  }

  // Name checks come before authentication (spec: "Homeservers MUST perform the relevant checks ... before
  // performing User-Interactive Authentication").
  const guestToken = typeof rest.guest_access_token === 'string' ? rest.guest_access_token : undefined;
  if (typeof rest.username === 'string') {
    checkUsername(hs, rest.username.toLowerCase(), guestToken, session?.registeredUserId);
  }

  if (!session) {
    session = {
      id: hs.store.newId('', 18),
      createdAt: Date.now(),
      flows: hs.options.registrationFlows.map((f) => [...f]),
      completed: [],
      clientdict: {},
    };
    state.uia[session.id] = session;
  }
  // Synapse: parameters given now replace the stored ones; an empty body reuses them.
  if (Object.keys(rest).length > 0) session.clientdict = rest;
  const params = session.clientdict;

  let stageError: MatrixError | undefined;
  if (authDict.type !== undefined) {
    stageError = checkStage(hs, String(authDict.type), authDict);
    if (!stageError && !session.completed.includes(String(authDict.type))) session.completed.push(String(authDict.type));
  }
  // Synapse accepts the stages of a flow in any order; completion means some flow is a subset of `completed`.
  const done = session.flows.some((flow) => flow.every((stage) => session.completed.includes(stage)));
  if (!done) {
    if (typeof password === 'string' && !session.passwordHash) session.passwordHash = hs.store.hashPassword(password);
    hs.store.changed();
    const extra = stageError ? { errcode: stageError.errcode, error: stageError.message } : {};
    return Reply.json(401, { ...uiaBody(hs, session), ...extra });
  }

  let userId = session.registeredUserId;
  if (!userId) {
    const passwordHash = typeof password === 'string' ? hs.store.hashPassword(password) : session.passwordHash;
    if (!passwordHash) throw new MatrixError(400, 'M_MISSING_PARAM', 'Missing params: password');
    const desired = typeof params.username === 'string' ? params.username.toLowerCase() : undefined;
    const upgradeToken = typeof params.guest_access_token === 'string' ? params.guest_access_token : undefined;
    if (desired !== undefined) {
      // Again, in case the name was taken while the client was authenticating.
      checkUsername(hs, desired, upgradeToken, undefined);
      const existing = findUser(hs.store, hs.store.userId(desired));
      if (upgradeToken !== undefined) {
        // Synapse's store refuses to "upgrade" a guest row that does not exist (a name other than the guest's).
        if (!existing) throw errors.notFound('No row found');
        upgradeGuest(hs, existing, passwordHash);
        userId = existing.userId;
      } else {
        userId = createUser(hs.store, desired, { passwordHash }).userId;
      }
    } else {
      userId = createUser(hs.store, generateNumericLocalpart(hs.store), { passwordHash }).userId;
    }
    session.registeredUserId = userId;
    hs.store.changed();
  }

  const out: Record<string, unknown> = { user_id: userId, home_server: hs.serverName };
  if (params.inhibit_login !== true) {
    const token = hs.store.issueToken(userId, {
      deviceId: deviceIdParam(params.device_id),
      displayName: typeof params.initial_device_display_name === 'string' ? params.initial_device_display_name : undefined,
      refresh,
      lifetimeMs: hs.options.tokenLifetimeMs,
    });
    Object.assign(out, tokenResponse(token));
  }
  return out;
}

/** A guest becomes a full account with the same user ID, so its rooms and history stay with it. */
function upgradeGuest(hs: Homeserver, user: User, passwordHash: string): void {
  user.guest = false;
  user.password = passwordHash;
  for (const t of Object.values(hs.store.data.tokens)) if (t.userId === user.userId) t.guest = false;
}

function registerGuest(hs: Homeserver, body: Record<string, unknown>): Record<string, unknown> {
  // Synapse: `SynapseError(403, "Guest access is disabled")`, whose errcode defaults to M_UNKNOWN. The spec
  // only says 403 (its example shows M_FORBIDDEN); clients must go by the status.
  if (!hs.guestsAllowed) throw new MatrixError(403, 'M_UNKNOWN', 'Guest access is disabled');
  // Spec: every parameter but initial_device_display_name is ignored for guests; the server picks the device.
  const user = createUser(hs.store, generateNumericLocalpart(hs.store), { guest: true });
  const displayName = typeof body.initial_device_display_name === 'string' ? body.initial_device_display_name : undefined;
  // Synapse gives guests no refresh token and a non-expiring access token.
  const token = hs.store.issueToken(user.userId, { deviceId: GUEST_DEVICE_ID, displayName });
  return { user_id: user.userId, ...tokenResponse(token), home_server: hs.serverName };
}

/** The 401 body of the User-Interactive Authentication API. */
function uiaBody(hs: Homeserver, session: UiaSession): Record<string, unknown> {
  const params: Record<string, unknown> = {};
  const stages = new Set(session.flows.flat());
  if (stages.has('m.login.terms')) {
    params['m.login.terms'] = {
      policies: {
        privacy_policy: {
          version: PRIVACY_POLICY_VERSION,
          en: { name: 'Privacy Policy', url: `${hs.baseUrl}${PRIVACY_POLICY_PATH}` },
        },
      },
    };
  }
  if (stages.has('m.login.recaptcha')) {
    // There is no real captcha here; the stage is only completable on its fallback page.
    params['m.login.recaptcha'] = { public_key: 'local-test-captcha' };
  }
  return {
    session: session.id,
    flows: session.flows.map((stages) => ({ stages })),
    params,
    completed: [...session.completed],
  };
}

/** Checks one stage submitted through the API; returns the error to merge into the 401 when it fails. */
function checkStage(hs: Homeserver, type: string, auth: Record<string, unknown>): MatrixError | undefined {
  switch (type) {
    case 'm.login.dummy':
    case 'm.login.terms':
      return undefined;
    case 'm.login.registration_token':
      if (typeof auth.token !== 'string') {
        return new MatrixError(401, 'M_MISSING_PARAM', 'Registration token missing or invalid');
      }
      return auth.token === registrationToken(hs)
        ? undefined
        : new MatrixError(401, 'M_UNAUTHORIZED', 'Invalid registration token');
    case 'm.login.recaptcha':
      // As Synapse's checker: no response is M_CAPTCHA_NEEDED, a wrong one M_UNAUTHORIZED. No response is ever
      // right here, so the stage can only be completed on the fallback page (the widget's popup test).
      if (typeof auth.response !== 'string') return new MatrixError(401, 'M_CAPTCHA_NEEDED', 'Captcha response is required');
      return new MatrixError(401, 'M_UNAUTHORIZED', 'Captcha authentication failed');
    default:
      throw new MatrixError(400, 'M_UNKNOWN', `Unknown login type ${type}`);
  }
}

// --- UIA fallback pages (spec: User-Interactive Authentication API, Fallback) ---

/** The fallback pages' forms carry a CSRF token (../csrf.ts): only this page, in this browser, completes a stage. */
const FALLBACK_FORM: FormKind = { cookie: 'mx_uia_fallback', path: '/_matrix/client/' };

function fallbackForm(hs: Homeserver, type: string, sessionId: string, csrf: string, error?: string): string {
  const action = `/_matrix/client/v3/auth/${encodeURIComponent(type)}/fallback/web?session=${encodeURIComponent(sessionId)}`;
  let fields: string;
  let title: string;
  switch (type) {
    case 'm.login.recaptcha':
      title = 'Are you a robot?';
      fields = `<label class="check" for="not_a_robot"><input type="checkbox" id="not_a_robot" name="not_a_robot" value="yes"> I am not a robot</label>`;
      break;
    case 'm.login.terms':
      title = 'Terms and conditions';
      fields = `<p>Please read and accept the <a href="${escapeHtml(hs.baseUrl + PRIVACY_POLICY_PATH)}" target="_blank" rel="noopener">Privacy Policy</a> (version ${escapeHtml(PRIVACY_POLICY_VERSION)}).</p>
<label class="check" for="accept"><input type="checkbox" id="accept" name="accept" value="yes"> I accept the Privacy Policy</label>`;
      break;
    case 'm.login.registration_token':
      title = 'Registration token';
      fields = `<label for="token">Registration token</label>
<input type="text" id="token" name="token" autocomplete="off" required>`;
      break;
    default:
      title = 'Continue registration';
      fields = '<p>No further information is needed.</p>';
  }
  return htmlPage(
    title,
    `<h1>${escapeHtml(title)}</h1>
${errorBox(error)}
<form method="post" action="${escapeHtml(action)}">
${hiddenInputs({ session: sessionId, [CSRF_FIELD]: csrf })}
${fields}
<button type="submit">Continue</button>
</form>`,
  );
}

function fallbackSession(hs: Homeserver, ctx: Ctx, sessionId: string | null): UiaSession | Reply {
  const type = ctx.params.type;
  // Synapse: an unknown stage type is 404 "Unknown auth stage type" (errcode M_UNKNOWN).
  if (!SUPPORTED_STAGES.includes(type)) throw new MatrixError(404, 'M_UNKNOWN', 'Unknown auth stage type');
  if (!sessionId) throw errors.missingParam('session');
  const session = own(authState(hs.store).uia, sessionId);
  if (!session) return expiredPage('Unknown or expired registration session. Start again from the application.');
  return session;
}

function fallbackPage(hs: Homeserver, ctx: Ctx): Reply {
  const sessionId = ctx.query.get('session');
  const session = fallbackSession(hs, ctx, sessionId);
  if (session instanceof Reply) return session;
  const f = formSession(hs, ctx, FALLBACK_FORM);
  return Reply.html(fallbackForm(hs, ctx.params.type, session.id, f.csrf), 200, f.setCookie ? { 'Set-Cookie': f.setCookie } : {});
}

async function fallbackSubmit(hs: Homeserver, ctx: Ctx): Promise<Reply> {
  const form = await ctx.form();
  const session = fallbackSession(hs, ctx, form.get('session') ?? ctx.query.get('session'));
  if (session instanceof Reply) return session;
  const type = ctx.params.type;
  const f = formSession(hs, ctx, FALLBACK_FORM);
  const again = (error: string, status: number) =>
    Reply.html(fallbackForm(hs, type, session.id, f.csrf, error), status, f.setCookie ? { 'Set-Cookie': f.setCookie } : {});
  if (!csrfValid(hs, ctx, form, FALLBACK_FORM)) return again('This form expired or was not sent from this page. Please try again.', 403);
  let error: string | undefined;
  if (type === 'm.login.recaptcha' && form.get('not_a_robot') !== 'yes') error = 'Please confirm that you are not a robot.';
  if (type === 'm.login.terms' && form.get('accept') !== 'yes') error = 'You need to accept the Privacy Policy to continue.';
  if (type === 'm.login.registration_token' && form.get('token') !== registrationToken(hs)) {
    error = 'That registration token is not valid.';
  }
  if (error) return again(error, 400);
  if (!session.completed.includes(type)) session.completed.push(type);
  hs.store.changed();
  // The completion script is exactly the one the spec prescribes.
  return Reply.html(
    htmlPage(
      'Done',
      '<h1>Thank you</h1><p>You may now close this window and return to the application.</p>',
      {
        script: `if (window.onAuthDone) {
    window.onAuthDone();
} else if (window.opener && window.opener.postMessage) {
    window.opener.postMessage("authDone", "*");
}`,
      },
    ),
  );
}

// --- /register on an OAuth-only server ---

/**
 * Synapse with delegated authentication (MSC3861) keeps /register only for application services
 * (`RegisterAppServiceOnlyRestServlet`): guests get 403 "Guest access is disabled", everyone else 403
 * "Non-application service registration type" (both M_UNKNOWN, SynapseError's default errcode).
 */
function registerOAuthOnlyRegister(hs: Homeserver): void {
  hs.router.client('POST', '/register', async (ctx) => {
    const body = await ctx.json();
    const kind = ctx.query.get('kind') ?? 'user';
    if (kind === 'guest') throw new MatrixError(403, 'M_UNKNOWN', 'Guest access is disabled');
    if (kind !== 'user') throw new MatrixError(400, 'M_UNRECOGNIZED', `Do not understand membership kind: ${kind}`);
    if (typeof body.username !== 'string' || body.username.length > MAX_REGISTER_FIELD) {
      throw new MatrixError(400, 'M_UNKNOWN', 'Invalid username');
    }
    if (body.type !== 'm.login.application_service') {
      throw new MatrixError(403, 'M_UNKNOWN', 'Non-application service registration type');
    }
    if (!hs.tokenOf(ctx)) {
      throw new MatrixError(400, 'M_UNKNOWN', 'Appservice token must be provided when using a type of m.login.application_service');
    }
    // This server has no application services, so no token can be an appservice token.
    throw errors.unknownToken(false);
  });
}
