/**
 * The OAuth 2.0 API of spec v1.15 (MSC2964/2965/2966/2967): server metadata, dynamic client registration
 * (RFC 7591), the authorization code grant with PKCE S256 (RFC 6749 + RFC 7636) behind a real HTML sign-in /
 * create-account page, the refresh token grant, and token revocation (RFC 7009).
 *
 * Errors on these endpoints use the OAuth format `{error, error_description}`, not Matrix errcodes, as the
 * RFCs require. Tokens issued here are ordinary access tokens of the Client-Server API.
 */
import { CSRF_FIELD, csrfValid, formSession } from '../csrf.ts';
import { MatrixError, Reply, type Ctx } from '../http.ts';
import type { Homeserver } from '../homeserver.ts';
import type { OAuthClient, User } from '../store.ts';
import {
  PKCE_VALUE,
  authState,
  checkLocalpart,
  createUser,
  endSession,
  errorBox,
  escapeHtml,
  findUser,
  hiddenInputs,
  htmlPage,
  own,
  rotateRefreshToken,
  s256,
  userExists,
} from '../auth-state.ts';

export const OAUTH_PATHS = {
  authorization: '/oauth2/auth',
  token: '/oauth2/token',
  registration: '/oauth2/registration',
  revocation: '/oauth2/revoke',
} as const;

export const API_SCOPE = 'urn:matrix:client:api:*';
export const DEVICE_SCOPE_PREFIX = 'urn:matrix:client:device:';

/** RFC 6749 section 4.1.2: codes are short-lived (at most 10 minutes recommended). */
const CODE_LIFETIME_MS = 10 * 60_000;

const SUPPORTED_GRANTS = ['authorization_code', 'refresh_token'];
/** The authorization request parameters a sign-in form carries through its POST. */
const AUTH_PARAMS = [
  'client_id',
  'redirect_uri',
  'response_type',
  'response_mode',
  'scope',
  'state',
  'code_challenge',
  'code_challenge_method',
  'prompt',
] as const;

const issuerOf = (hs: Homeserver) => `${hs.baseUrl}/`;

export function register(hs: Homeserver): void {
  // On a legacy-only server none of this exists: /auth_metadata answers 404 M_UNRECOGNIZED, which is how
  // clients discover that the OAuth 2.0 API is not available (spec: Authentication API discovery).
  if (!hs.oauth) return;
  const { router } = hs;

  const metadata = () => ({
    issuer: issuerOf(hs),
    authorization_response_iss_parameter_supported: true,
    authorization_endpoint: hs.baseUrl + OAUTH_PATHS.authorization,
    token_endpoint: hs.baseUrl + OAUTH_PATHS.token,
    registration_endpoint: hs.baseUrl + OAUTH_PATHS.registration,
    revocation_endpoint: hs.baseUrl + OAUTH_PATHS.revocation,
    response_types_supported: ['code'],
    response_modes_supported: ['query', 'fragment'],
    grant_types_supported: [...SUPPORTED_GRANTS],
    code_challenge_methods_supported: ['S256'],
    // `create` only where accounts can be created (as MAS advertises it only with registration on).
    prompt_values_supported: hs.options.registration ? ['create'] : [],
    token_endpoint_auth_methods_supported: ['none'],
    revocation_endpoint_auth_methods_supported: ['none'],
  });
  router.add('GET', '/_matrix/client/v1/auth_metadata', metadata);
  // The MSC2965 unstable path, for clients older than v1.15 (versions advertises org.matrix.msc2965).
  router.add('GET', '/_matrix/client/unstable/org.matrix.msc2965/auth_metadata', metadata);

  router.add('POST', OAUTH_PATHS.registration, (ctx) => registerClient(hs, ctx), { maxBody: 64 * 1024 });
  router.add('GET', OAUTH_PATHS.authorization, (ctx) => authorize(hs, ctx, ctx.query, 'GET'));
  router.add('POST', OAUTH_PATHS.authorization, async (ctx) => authorize(hs, ctx, await ctx.form(), 'POST'), {
    maxBody: 64 * 1024,
  });
  router.add('POST', OAUTH_PATHS.token, (ctx) => tokenEndpoint(hs, ctx), { maxBody: 64 * 1024 });
  router.add('POST', OAUTH_PATHS.revocation, (ctx) => revoke(hs, ctx), { maxBody: 64 * 1024 });
}

function oauthError(status: number, error: string, description: string): Reply {
  return Reply.json(status, { error, error_description: description }, { Pragma: 'no-cache' });
}

// --- dynamic client registration (RFC 7591, spec "Client registration") ---

function isLoopbackHost(hostname: string): boolean {
  return hostname === 'localhost' || hostname === '127.0.0.1' || hostname === '[::1]';
}

/** Same host as the client URI, or a subdomain of it (spec: client_uri is the common base). */
function underHost(url: URL, base: URL): boolean {
  return url.hostname === base.hostname || url.hostname.endsWith(`.${base.hostname}`);
}

/**
 * An https URL, except that plain http is accepted on a loopback host so a client served from
 * http://localhost during development can register (the spec's loopback exception, widened to web clients
 * for the demo and the browser tests).
 */
function webUrl(value: unknown): URL | undefined {
  if (typeof value !== 'string' || !URL.canParse(value)) return undefined;
  const url = new URL(value);
  if (url.username || url.password) return undefined;
  if (url.protocol === 'https:') return url;
  if (url.protocol === 'http:' && isLoopbackHost(url.hostname)) return url;
  return undefined;
}

/** Redirect URI validation, spec "Redirect URI validation" (RFC 8252 section 7 for native clients). */
function redirectUriProblem(raw: string, clientUri: URL, applicationType: string): string | undefined {
  if (!URL.canParse(raw)) return 'is not a valid URI';
  if (raw.includes('#')) return 'must not have a fragment';
  const url = new URL(raw);
  if (url.username || url.password) return 'must not contain a user or password';
  if (url.protocol === 'https:' || (applicationType === 'web' && url.protocol === 'http:')) {
    // Web clients, and claimed https URIs of native clients.
    if (!webUrl(raw)) return 'must use https (http only on localhost, 127.0.0.1 or [::1])';
    if (!underHost(url, clientUri)) return `must be on ${clientUri.hostname} or one of its subdomains`;
    return undefined;
  }
  if (applicationType !== 'native') return 'must use https';
  if (url.protocol === 'http:') {
    if (!isLoopbackHost(url.hostname)) return 'may use http only on the loopback interface';
    if (url.port) return 'must not have a port: any port is accepted during authorization';
    return undefined;
  }
  // Private-use scheme: the reversed client URI host as prefix, and no authority component.
  const scheme = url.protocol.slice(0, -1);
  const reversed = clientUri.hostname.split('.').reverse().join('.');
  if (scheme !== reversed && !scheme.startsWith(`${reversed}.`)) return `must use a scheme starting with ${reversed}`;
  if (raw.slice(url.protocol.length).startsWith('//')) return 'must not have an authority component';
  return undefined;
}

async function registerClient(hs: Homeserver, ctx: Ctx): Promise<Reply> {
  let body: Record<string, unknown>;
  try {
    body = await ctx.json();
  } catch (err) {
    if (err instanceof MatrixError && err.status === 413) throw err;
    return oauthError(400, 'invalid_client_metadata', 'The request body must be a JSON object');
  }
  const bad = (description: string) => oauthError(400, 'invalid_client_metadata', description);
  const badRedirect = (description: string) => oauthError(400, 'invalid_redirect_uri', description);

  const clientUri = webUrl(body.client_uri);
  if (!clientUri) return bad('client_uri is required and must be an https URL (http only on localhost) without user info');
  const applicationType = body.application_type ?? 'web';
  if (applicationType !== 'web' && applicationType !== 'native') return bad('application_type must be web or native');
  const authMethod = body.token_endpoint_auth_method ?? 'none';
  if (authMethod !== 'none') return bad('Only public clients are supported: token_endpoint_auth_method must be none');

  const stringArray = (v: unknown) => Array.isArray(v) && v.every((s) => typeof s === 'string');
  // RFC 7591 defaults; values this server does not understand are ignored, as the spec requires.
  const grantTypesIn = body.grant_types ?? ['authorization_code'];
  if (!stringArray(grantTypesIn)) return bad('grant_types must be an array of strings');
  const grantTypes = (grantTypesIn as string[]).filter((g) => SUPPORTED_GRANTS.includes(g));
  const responseTypesIn = body.response_types ?? ['code'];
  if (!stringArray(responseTypesIn)) return bad('response_types must be an array of strings');
  const responseTypes = (responseTypesIn as string[]).filter((r) => r === 'code');
  if (grantTypes.includes('authorization_code') !== responseTypes.includes('code')) {
    return bad('The authorization_code grant type and the code response type go together (RFC 7591 section 2.1)');
  }

  const redirectUris = body.redirect_uris;
  if (redirectUris !== undefined && !stringArray(redirectUris)) return badRedirect('redirect_uris must be an array of strings');
  if (grantTypes.includes('authorization_code') && (!redirectUris || (redirectUris as string[]).length === 0)) {
    return badRedirect('redirect_uris is required for the authorization code grant');
  }
  for (const uri of (redirectUris as string[] | undefined) ?? []) {
    const problem = redirectUriProblem(uri, clientUri, applicationType);
    if (problem) return badRedirect(`redirect_uri ${uri} ${problem}`);
  }

  const metadata: Record<string, unknown> = {
    client_uri: body.client_uri,
    application_type: applicationType,
    token_endpoint_auth_method: 'none',
    grant_types: grantTypes,
    response_types: responseTypes,
  };
  if (redirectUris !== undefined) metadata.redirect_uris = redirectUris;
  if (body.client_name !== undefined) {
    if (typeof body.client_name !== 'string') return bad('client_name must be a string');
    metadata.client_name = body.client_name;
  }
  for (const key of ['logo_uri', 'tos_uri', 'policy_uri'] as const) {
    if (body[key] === undefined) continue;
    const url = webUrl(body[key]);
    if (!url || !underHost(url, clientUri)) return bad(`${key} must be an https URL on the client_uri host`);
    metadata[key] = body[key];
  }
  // Localized variants (client_name#fr, ...) are not kept; the spec lets a server drop them.

  const clientId = hs.store.newId('', 16);
  const client: OAuthClient = { clientId, metadata, createdAt: Date.now() };
  hs.store.data.oauthClients[clientId] = client;
  hs.store.changed();
  return Reply.json(201, { client_id: clientId, client_id_issued_at: Math.floor(client.createdAt / 1000), ...metadata });
}

// --- CSRF protection of the sign-in / create-account form: see ../csrf.ts ---

const OAUTH_FORM = { cookie: 'mx_oauth_session', path: OAUTH_PATHS.authorization };

// --- authorization endpoint ---

interface ValidRequest {
  client: OAuthClient;
  redirectUri: string;
  responseMode: 'query' | 'fragment';
  state: string | null;
  scope: string;
  deviceId: string;
  codeChallenge: string;
  create: boolean;
}

function clientOf(hs: Homeserver, clientId: string | null): OAuthClient | undefined {
  return clientId ? own(hs.store.data.oauthClients, clientId) : undefined;
}

function registeredRedirect(client: OAuthClient, requested: string): boolean {
  const registered = (client.metadata.redirect_uris as string[] | undefined) ?? [];
  if (registered.includes(requested)) return true;
  // Native loopback redirect URIs are registered without a port; any port matches (RFC 8252 section 7.3).
  if (client.metadata.application_type !== 'native' || !URL.canParse(requested)) return false;
  const req = new URL(requested);
  return registered.some((r) => {
    const reg = new URL(r);
    return (
      reg.protocol === 'http:' &&
      isLoopbackHost(reg.hostname) &&
      req.protocol === 'http:' &&
      req.hostname === reg.hostname &&
      req.pathname === reg.pathname &&
      req.search === reg.search
    );
  });
}

/** The redirect URI with the response parameters in its query or fragment (spec "Callback"). */
/** The redirect back to the client, with `iss` (RFC 9207) so the client can tell which server answered. */
function callbackUrl(hs: Homeserver, redirectUri: string, mode: 'query' | 'fragment', params: Record<string, string | null>): string {
  const url = new URL(redirectUri);
  const entries = Object.entries({ ...params, iss: issuerOf(hs) }).filter((e): e is [string, string] => e[1] !== null);
  if (mode === 'fragment') {
    url.hash = new URLSearchParams(entries).toString();
  } else {
    for (const [k, v] of entries) url.searchParams.append(k, v);
  }
  return url.toString();
}

function redirectTo(location: string, method: 'GET' | 'POST'): Reply {
  // 303 after a form POST so the browser follows with GET.
  return new Reply(method === 'POST' ? 303 : 302, '', { Location: location });
}

/** A page for errors that must not be redirected: bad client_id or redirect_uri (RFC 6749 section 4.1.2.1). */
function errorPage(message: string, status = 400): Reply {
  return Reply.html(htmlPage('Authorization error', `<h1>Authorization error</h1>${errorBox(message)}`), status);
}

/**
 * Validates an authorization request. Returns the parsed request, or the reply to send: an error page when the
 * client or redirect URI cannot be trusted, otherwise an RFC 6749 error redirect carrying `state`.
 */
function validateAuthRequest(hs: Homeserver, p: URLSearchParams, method: 'GET' | 'POST'): ValidRequest | Reply {
  const client = clientOf(hs, p.get('client_id'));
  if (!client) return errorPage('Unknown client_id. The application must register itself first.');
  const redirectUri = p.get('redirect_uri');
  if (!redirectUri || !registeredRedirect(client, redirectUri)) {
    return errorPage('The redirect_uri does not match any redirect URI registered by this application.');
  }
  const state = p.get('state');
  const modeParam = p.get('response_mode');
  const responseMode = modeParam === 'fragment' ? 'fragment' : 'query';
  const fail = (error: string, description: string) =>
    redirectTo(callbackUrl(hs, redirectUri, responseMode, { error, error_description: description, state }), method);

  if (modeParam !== null && modeParam !== 'query' && modeParam !== 'fragment') {
    return fail('invalid_request', 'response_mode must be query or fragment');
  }
  const responseType = p.get('response_type');
  if (!responseType) return fail('invalid_request', 'response_type is required');
  if (responseType !== 'code') return fail('unsupported_response_type', 'Only the code response type is supported');
  const grants = (client.metadata.grant_types as string[] | undefined) ?? [];
  if (!grants.includes('authorization_code')) {
    return fail('unauthorized_client', 'This client did not register the authorization_code grant type');
  }
  const codeChallenge = p.get('code_challenge');
  if (!codeChallenge) return fail('invalid_request', 'PKCE is required: code_challenge is missing');
  // RFC 7636: a missing method means "plain", which this server (like the spec) does not accept.
  if (p.get('code_challenge_method') !== 'S256') {
    return fail('invalid_request', 'code_challenge_method must be S256');
  }
  if (!PKCE_VALUE.test(codeChallenge)) return fail('invalid_request', 'code_challenge is malformed');

  const scopeTokens = (p.get('scope') ?? '').split(' ').filter(Boolean);
  const deviceScopes = scopeTokens.filter((s) => s.startsWith(DEVICE_SCOPE_PREFIX));
  const unknown = scopeTokens.filter((s) => s !== API_SCOPE && !s.startsWith(DEVICE_SCOPE_PREFIX));
  if (unknown.length > 0) return fail('invalid_scope', `Unsupported scope: ${unknown.join(' ')}`);
  if (!scopeTokens.includes(API_SCOPE)) return fail('invalid_scope', `The scope must include ${API_SCOPE}`);
  // Spec: "There MUST be exactly one urn:matrix:client:device:<device_id> token in the requested scope".
  if (deviceScopes.length !== 1) return fail('invalid_scope', 'The scope must include exactly one device scope token');
  const deviceId = deviceScopes[0].slice(DEVICE_SCOPE_PREFIX.length);
  // The spec lets a server refuse device IDs outside RFC 3986's unreserved characters.
  if (!/^[A-Za-z0-9\-._~]+$/.test(deviceId)) {
    return fail('invalid_scope', 'The device ID may only use the characters A-Z a-z 0-9 - . _ ~');
  }

  const prompts = (p.get('prompt') ?? '').split(' ').filter(Boolean);
  // Every sign-in here needs the user's interaction (no browser session is kept), so prompt=none cannot succeed.
  if (prompts.includes('none')) return fail('login_required', 'The user must sign in');

  return {
    client,
    redirectUri,
    responseMode,
    state,
    scope: [...new Set(scopeTokens)].join(' '),
    deviceId,
    codeChallenge,
    create: prompts.includes('create'),
  };
}

function authPage(
  hs: Homeserver,
  p: URLSearchParams,
  req: ValidRequest,
  opts: { create: boolean; error?: string; username?: string; csrf: string },
): string {
  const clientName = typeof req.client.metadata.client_name === 'string' ? req.client.metadata.client_name : req.client.clientId;
  const clientHost = new URL(String(req.client.metadata.client_uri)).host;
  const carried: Record<string, string | null> = {};
  for (const k of AUTH_PARAMS) carried[k] = p.get(k);
  // The link to the other form: the same request with prompt=create added or removed.
  const other = new URLSearchParams();
  for (const k of AUTH_PARAMS) {
    const v = p.get(k);
    if (v !== null && k !== 'prompt') other.set(k, v);
  }
  const otherPrompts = (p.get('prompt') ?? '').split(' ').filter((s) => s && s !== 'create');
  if (!opts.create) otherPrompts.push('create');
  if (otherPrompts.length) other.set('prompt', otherPrompts.join(' '));
  const otherLink = `${OAUTH_PATHS.authorization}?${other.toString()}`;

  const canCreate = hs.options.registration;
  const create = opts.create && canCreate;
  const title = create ? 'Create an account' : 'Sign in';
  const notice = opts.create && !canCreate ? errorBox('Registration is disabled on this homeserver. Sign in instead.') : '';
  const fields = create
    ? `<label for="username">Username</label>
<input type="text" id="username" name="username" autocomplete="username" required value="${escapeHtml(opts.username ?? '')}">
<label for="password">Password</label>
<input type="password" id="password" name="password" autocomplete="new-password" required>
<label for="password_confirm">Confirm password</label>
<input type="password" id="password_confirm" name="password_confirm" autocomplete="new-password" required>
<button type="submit" name="action" value="register">Create account</button>`
    : `<label for="username">Username</label>
<input type="text" id="username" name="username" autocomplete="username" required value="${escapeHtml(opts.username ?? '')}">
<label for="password">Password</label>
<input type="password" id="password" name="password" autocomplete="current-password" required>
<button type="submit" name="action" value="login">Sign in</button>`;
  const switchLink = create
    ? `<p>Already have an account? <a href="${escapeHtml(otherLink)}">Sign in</a></p>`
    : canCreate
      ? `<p>New here? <a href="${escapeHtml(otherLink)}">Create an account</a></p>`
      : '';
  return htmlPage(
    `${title} – ${hs.serverName}`,
    `<h1>${escapeHtml(title)}</h1>
<p><strong>${escapeHtml(clientName)}</strong> (${escapeHtml(clientHost)}) wants to access your Matrix account
on <strong>${escapeHtml(hs.serverName)}</strong>.</p>
${notice}${errorBox(opts.error)}
<form method="post" action="${escapeHtml(OAUTH_PATHS.authorization)}">
${hiddenInputs({ ...carried, [CSRF_FIELD]: opts.csrf })}
${fields}
<button type="submit" name="action" value="deny" formnovalidate>Cancel</button>
</form>
${switchLink}`,
  );
}

async function authorize(hs: Homeserver, ctx: Ctx, p: URLSearchParams, method: 'GET' | 'POST'): Promise<Reply> {
  const req = validateAuthRequest(hs, p, method);
  if (req instanceof Reply) return req;
  const session = formSession(hs, ctx, OAUTH_FORM);
  const page = (opts: { create: boolean; error?: string; username?: string }, status = 200) =>
    Reply.html(authPage(hs, p, req, { ...opts, csrf: session.csrf }), status, session.setCookie ? { 'Set-Cookie': session.setCookie } : {});
  if (method === 'GET') return page({ create: req.create });

  // Every action, Cancel included, only from this server's own page in this browser. A refused post changes
  // nothing and shows the form again, with a fresh token when the browser session was unknown.
  if (!csrfValid(hs, ctx, p, OAUTH_FORM)) {
    return page({ create: p.get('action') === 'register' || req.create, error: 'This form expired or was not sent from this page. Please try again.' }, 403);
  }

  const action = p.get('action');
  if (action === 'deny') {
    return redirectTo(
      callbackUrl(hs, req.redirectUri, req.responseMode, {
        error: 'access_denied',
        error_description: 'The user cancelled the request.',
        state: req.state,
      }),
      'POST',
    );
  }
  const username = (p.get('username') ?? '').trim();
  const password = p.get('password') ?? '';
  const create = action === 'register';
  const again = (error: string, status: number) => page({ create, error, username }, status);
  if (action !== 'login' && action !== 'register') return again('Choose to sign in or to create an account.', 400);
  if (!username || !password) return again('Enter a username and a password.', 400);

  let user: User | undefined;
  if (create) {
    if (!hs.options.registration) return again('Registration is disabled on this homeserver.', 403);
    if (password !== p.get('password_confirm')) return again('The passwords do not match.', 400);
    const localpart = username.toLowerCase();
    try {
      checkLocalpart(hs.store, localpart);
    } catch (err) {
      return again(err instanceof MatrixError ? err.message : 'Invalid username.', 400);
    }
    if (userExists(hs.store, hs.store.userId(localpart))) return again('That username is taken.', 400);
    user = createUser(hs.store, localpart, { password });
  } else {
    user = findUser(hs.store, username.startsWith('@') ? username : hs.store.userId(username));
    if (!user || !hs.store.checkPassword(user, password)) return again('Wrong username or password.', 403);
  }

  const state = authState(hs.store);
  const now = Date.now();
  for (const [k, c] of Object.entries(state.oauthCodes)) if (c.expiresAt <= now) delete state.oauthCodes[k];
  const code = hs.store.newId('', 24);
  state.oauthCodes[code] = {
    clientId: req.client.clientId,
    redirectUri: req.redirectUri,
    codeChallenge: req.codeChallenge,
    scope: req.scope,
    userId: user.userId,
    deviceId: req.deviceId,
    expiresAt: now + CODE_LIFETIME_MS,
    used: false,
  };
  hs.store.changed();
  return redirectTo(callbackUrl(hs, req.redirectUri, req.responseMode, { code, state: req.state }), 'POST');
}

// --- token endpoint ---

function tokenReply(token: { accessToken: string; refreshToken?: string; expiresAt?: number }, scope: string) {
  const body: Record<string, unknown> = { access_token: token.accessToken, token_type: 'Bearer' };
  if (token.expiresAt !== undefined) body.expires_in = Math.max(0, Math.floor((token.expiresAt - Date.now()) / 1000));
  body.refresh_token = token.refreshToken;
  body.scope = scope;
  return Reply.json(200, body, { Pragma: 'no-cache' });
}

async function formBody(ctx: Ctx): Promise<URLSearchParams | Reply> {
  const type = (ctx.header('content-type') ?? '').split(';')[0].trim().toLowerCase();
  if (type !== 'application/x-www-form-urlencoded') {
    return oauthError(400, 'invalid_request', 'The body must be application/x-www-form-urlencoded');
  }
  const form = await ctx.form();
  // RFC 6749 section 3.2: parameters must not be repeated.
  for (const key of new Set(form.keys())) {
    if (form.getAll(key).length > 1) return oauthError(400, 'invalid_request', `Repeated parameter: ${key}`);
  }
  return form;
}

async function tokenEndpoint(hs: Homeserver, ctx: Ctx): Promise<Reply> {
  const form = await formBody(ctx);
  if (form instanceof Reply) return form;
  const grantType = form.get('grant_type');
  if (!grantType) return oauthError(400, 'invalid_request', 'grant_type is required');
  const clientId = form.get('client_id');
  const client = clientOf(hs, clientId);
  // Public clients identify themselves with client_id; an unknown one fails client authentication.
  if (!client) return oauthError(401, 'invalid_client', 'Unknown or missing client_id');
  if (!SUPPORTED_GRANTS.includes(grantType)) return oauthError(400, 'unsupported_grant_type', `Unsupported grant_type ${grantType}`);
  if (!((client.metadata.grant_types as string[] | undefined) ?? []).includes(grantType)) {
    return oauthError(400, 'unauthorized_client', `This client did not register the ${grantType} grant type`);
  }
  const state = authState(hs.store);

  if (grantType === 'authorization_code') {
    const code = form.get('code');
    const redirectUri = form.get('redirect_uri');
    const verifier = form.get('code_verifier');
    if (!code) return oauthError(400, 'invalid_request', 'code is required');
    if (!redirectUri) return oauthError(400, 'invalid_request', 'redirect_uri is required');
    if (!verifier) return oauthError(400, 'invalid_request', 'code_verifier is required (PKCE)');
    const grant = own(state.oauthCodes, code);
    if (!grant || grant.clientId !== client.clientId) return oauthError(400, 'invalid_grant', 'Unknown authorization code');
    if (grant.used) {
      // RFC 6749 section 4.1.2: a replayed code revokes what it already granted.
      const session = own(state.oauthSessions, `${grant.userId}|${grant.deviceId}`);
      if (session && session.clientId === grant.clientId) endSession(hs.store, grant.userId, grant.deviceId);
      return oauthError(400, 'invalid_grant', 'The authorization code was already used');
    }
    if (grant.expiresAt <= Date.now()) return oauthError(400, 'invalid_grant', 'The authorization code has expired');
    if (grant.redirectUri !== redirectUri) return oauthError(400, 'invalid_grant', 'redirect_uri does not match');
    if (!PKCE_VALUE.test(verifier) || s256(verifier) !== grant.codeChallenge) {
      return oauthError(400, 'invalid_grant', 'The code_verifier does not match the code_challenge');
    }
    grant.used = true;
    if (!own(hs.store.data.users, grant.userId)) return oauthError(400, 'invalid_grant', 'The user no longer exists');
    // Device scope: the client picked the device ID; reusing one replaces that device's tokens (spec).
    const token = hs.store.issueToken(grant.userId, {
      deviceId: grant.deviceId,
      refresh: true,
      lifetimeMs: hs.options.tokenLifetimeMs,
      oauthClientId: client.clientId,
    });
    grant.issuedAccessToken = token.accessToken;
    state.oauthSessions[`${grant.userId}|${grant.deviceId}`] = { clientId: client.clientId, scope: grant.scope };
    hs.store.changed();
    return tokenReply(token, grant.scope);
  }

  // refresh_token grant
  const refreshToken = form.get('refresh_token');
  if (!refreshToken) return oauthError(400, 'invalid_request', 'refresh_token is required');
  const holder =
    Object.values(hs.store.data.tokens).find((t) => t.refreshToken === refreshToken) ??
    own(state.retiredRefreshTokens, refreshToken);
  const session = holder && own(state.oauthSessions, `${holder.userId}|${holder.deviceId}`);
  if (!holder || !session) return oauthError(400, 'invalid_grant', 'Unknown refresh token');
  const requested = form.get('scope');
  if (requested !== null) {
    const granted = new Set(session.scope.split(' '));
    if (!requested.split(' ').filter(Boolean).every((s) => granted.has(s))) {
      return oauthError(400, 'invalid_scope', 'The requested scope exceeds the granted scope');
    }
  }
  const outcome = rotateRefreshToken(hs, refreshToken, { oauthClientId: client.clientId });
  if (outcome.kind === 'reused') {
    // Spec: a server SHOULD consider the session compromised when an invalidated refresh token is used.
    endSession(hs.store, outcome.userId, outcome.deviceId);
    return oauthError(400, 'invalid_grant', 'The refresh token was already used; the session has been revoked');
  }
  if (outcome.kind === 'unknown') return oauthError(400, 'invalid_grant', 'Unknown refresh token');
  return tokenReply(outcome.token, session.scope);
}

// --- revocation (RFC 7009) ---

async function revoke(hs: Homeserver, ctx: Ctx): Promise<Reply> {
  const form = await formBody(ctx);
  if (form instanceof Reply) return form;
  const token = form.get('token');
  if (!token) return oauthError(400, 'invalid_request', 'token is required');
  const state = authState(hs.store);
  // Either token of a pair ends the whole device session (spec: revoke both). A client_id that is missing or
  // does not match still revokes (spec: helps secret scanners); an unknown token is 200 as RFC 7009 says.
  const holder =
    own(hs.store.data.tokens, token) ??
    Object.values(hs.store.data.tokens).find((t) => t.refreshToken === token) ??
    own(state.retiredRefreshTokens, token);
  if (holder) endSession(hs.store, holder.userId, holder.deviceId);
  return Reply.json(200, {});
}
