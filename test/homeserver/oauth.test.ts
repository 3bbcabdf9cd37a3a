/**
 * Conformance of the OAuth 2.0 API (spec v1.15): server metadata, dynamic client registration, the
 * authorization endpoint's HTML pages, the token endpoint (authorization_code + PKCE S256, refresh_token) and
 * revocation — end to end over raw HTTP, and once through matrix-js-sdk's own OAuth2 client.
 */
import assert from 'node:assert/strict';
import { createHash, randomBytes } from 'node:crypto';
import { after, before, describe, it } from 'node:test';
import { createClient, OAuth2 } from 'matrix-js-sdk';
import { api, assertError, registerUser, start, type ApiResponse, type RunningHomeserver } from './helpers.ts';

const V3 = '/_matrix/client/v3';
const METADATA = '/_matrix/client/v1/auth_metadata';
const FORM = { 'Content-Type': 'application/x-www-form-urlencoded' };
const form = (fields: Record<string, string>) => new URLSearchParams(fields).toString();
const CLIENT_URI = 'http://localhost:8000/';
const REDIRECT = 'http://localhost:8000/callback';

function pkce() {
  const verifier = randomBytes(48).toString('base64url');
  return { verifier, challenge: createHash('sha256').update(verifier).digest('base64url') };
}

async function registerClient(hs: RunningHomeserver, extra: Record<string, unknown> = {}): Promise<string> {
  const res = await api(hs, 'POST', '/oauth2/registration', {
    body: { client_name: 'Widget tests', client_uri: CLIENT_URI, redirect_uris: [REDIRECT], token_endpoint_auth_method: 'none', grant_types: ['authorization_code', 'refresh_token'], response_types: ['code'], ...extra },
  });
  assert.equal(res.status, 201, JSON.stringify(res.body));
  return res.body.client_id;
}

interface AuthRequest {
  clientId: string;
  deviceId: string;
  challenge: string;
  state?: string;
  responseMode?: 'query' | 'fragment';
  prompt?: string;
  redirectUri?: string;
  scope?: string;
}

function authParams(r: AuthRequest): Record<string, string> {
  const p: Record<string, string> = {
    response_type: 'code',
    client_id: r.clientId,
    redirect_uri: r.redirectUri ?? REDIRECT,
    scope: r.scope ?? `urn:matrix:client:api:* urn:matrix:client:device:${r.deviceId}`,
    state: r.state ?? 'state-123',
    code_challenge: r.challenge,
    code_challenge_method: 'S256',
  };
  if (r.responseMode) p.response_mode = r.responseMode;
  if (r.prompt) p.prompt = r.prompt;
  return p;
}

/** Reads the callback parameters from a redirect, in the query or the fragment. */
function callback(res: ApiResponse, mode: 'query' | 'fragment' = 'query'): URLSearchParams {
  const location = new URL(res.headers.get('location')!);
  assert.equal(location.origin + location.pathname, new URL(REDIRECT).href);
  return mode === 'fragment' ? new URLSearchParams(location.hash.slice(1)) : location.searchParams;
}

/** The hidden fields of an HTML page's form. */
function hiddenFields(html: string): Record<string, string> {
  const hidden: Record<string, string> = {};
  for (const m of html.matchAll(/<input type="hidden" name="([^"]+)" value="([^"]*)">/g)) {
    hidden[m[1]] = m[2].replace(/&amp;/g, '&').replace(/&quot;/g, '"').replace(/&#39;/g, "'").replace(/&lt;/g, '<').replace(/&gt;/g, '>');
  }
  return hidden;
}

/** The `name=value` part of the page's Set-Cookie header, as a browser would send it back. */
function cookieOf(res: ApiResponse): string {
  const set = res.headers.get('set-cookie');
  assert.ok(set, 'the page sets its browser-session cookie');
  return set.split(';')[0];
}

/** GET the authorization page (as a browser: the page's cookie and hidden fields), ready to POST its form. */
async function openForm(hs: RunningHomeserver, params: Record<string, string>): Promise<{ hidden: Record<string, string>; cookie: string; page: ApiResponse }> {
  const page = await api(hs, 'GET', `/oauth2/auth?${form(params)}`);
  assert.equal(page.status, 200, page.body);
  return { hidden: hiddenFields(page.body as string), cookie: cookieOf(page), page };
}

/** GET the authorization page, then POST its form as a browser would. Returns the redirect response. */
async function signIn(hs: RunningHomeserver, r: AuthRequest, fields: Record<string, string>): Promise<ApiResponse> {
  const params = authParams(r);
  const { hidden, cookie } = await openForm(hs, params);
  // Every hidden field of the page's form goes back, as a browser submits it, with the page's cookie.
  const { csrf_token: csrf, ...carried } = hidden;
  assert.deepEqual(carried, params);
  assert.match(csrf, /^[A-Za-z0-9_-]{32,}$/);
  return api(hs, 'POST', '/oauth2/auth', { body: form({ ...hidden, ...fields }), headers: { ...FORM, Cookie: cookie } });
}

function token(hs: RunningHomeserver, fields: Record<string, string>): Promise<ApiResponse> {
  return api(hs, 'POST', '/oauth2/token', { body: form(fields), headers: FORM });
}

function assertOAuthError(res: ApiResponse, status: number, error: string): void {
  assert.equal(res.status, status, JSON.stringify(res.body));
  assert.equal(res.body.error, error);
  assert.equal(typeof res.body.error_description, 'string');
  assert.equal(res.body.errcode, undefined, 'OAuth endpoints answer in the OAuth error format');
}

describe('OAuth 2.0 API: metadata and discovery', () => {
  it('serves the server metadata in oauth and both modes, and 404 M_UNRECOGNIZED in legacy mode', async () => {
    for (const auth of ['oauth', 'both'] as const) {
      const hs = await start({ auth });
      try {
        const res = await api(hs, 'GET', METADATA);
        assert.equal(res.status, 200);
        assert.equal(res.body.issuer, `${hs.url}/`);
        for (const k of ['authorization_endpoint', 'token_endpoint', 'registration_endpoint', 'revocation_endpoint']) {
          assert.ok(res.body[k].startsWith(hs.url), k);
        }
        assert.deepEqual(res.body.response_types_supported, ['code']);
        assert.deepEqual(res.body.grant_types_supported, ['authorization_code', 'refresh_token']);
        assert.deepEqual(res.body.response_modes_supported, ['query', 'fragment']);
        assert.deepEqual(res.body.code_challenge_methods_supported, ['S256']);
        assert.deepEqual(res.body.prompt_values_supported, ['create']);
        assert.equal(res.headers.get('access-control-allow-origin'), '*');
        // matrix-js-sdk validates the metadata the way the widget will.
        const validated = await createClient({ baseUrl: hs.url }).getAuthMetadata();
        assert.equal(validated.token_endpoint, res.body.token_endpoint);
        assert.equal((await api(hs, 'GET', '/_matrix/client/unstable/org.matrix.msc2965/auth_metadata')).status, 200);
      } finally {
        await hs.close();
      }
    }
    const legacy = await start({ auth: 'legacy' });
    try {
      assertError(await api(legacy, 'GET', METADATA), 404, 'M_UNRECOGNIZED');
      assertError(await api(legacy, 'POST', '/oauth2/registration', { body: { client_uri: CLIENT_URI } }), 404, 'M_UNRECOGNIZED');
    } finally {
      await legacy.close();
    }
  });
});

describe('OAuth 2.0 API: dynamic client registration', () => {
  let hs: RunningHomeserver;
  before(async () => {
    hs = await start({ auth: 'oauth' });
  });
  after(() => hs.close());

  const reg = (body: unknown) => api(hs, 'POST', '/oauth2/registration', { body });

  it('registers a web client and echoes the metadata it kept with 201', async () => {
    const res = await reg({
      client_name: 'Widget',
      client_uri: 'https://example.com/',
      redirect_uris: ['https://app.example.com/callback', 'https://example.com:5173/?query=value'],
      logo_uri: 'https://example.com/logo.png',
      grant_types: ['authorization_code', 'refresh_token', 'urn:ietf:params:oauth:grant-type:token-exchange'],
      response_types: ['code'],
      token_endpoint_auth_method: 'none',
      'client_name#fr': 'Gadget',
    });
    assert.equal(res.status, 201);
    assert.equal(typeof res.body.client_id, 'string');
    assert.equal(res.body.client_name, 'Widget');
    assert.deepEqual(res.body.grant_types, ['authorization_code', 'refresh_token'], 'unknown grant types are dropped');
    assert.equal(res.body.application_type, 'web');
    assert.equal(res.body.token_endpoint_auth_method, 'none');
    assert.equal(res.body.logo_uri, 'https://example.com/logo.png');
  });

  it("enforces the spec's redirect URI rules", async () => {
    const web = (redirect: string, clientUri = 'https://example.com/') =>
      reg({ client_uri: clientUri, redirect_uris: [redirect], grant_types: ['authorization_code', 'refresh_token'] });
    const native = (redirect: string) =>
      reg({ client_uri: 'https://example.com/', application_type: 'native', redirect_uris: [redirect], grant_types: ['authorization_code', 'refresh_token'] });
    for (const bad of ['https://example.com/callback#fragment', 'http://example.com/callback', 'http://localhost/', 'https://app.com/callback', 'https://user:pw@example.com/cb', 'not a uri']) {
      assertOAuthError(await web(bad), 400, 'invalid_redirect_uri');
    }
    for (const good of ['com.example.app:/callback', 'com.example:/', 'com.example:callback', 'http://localhost/callback', 'http://127.0.0.1/callback', 'http://[::1]/callback', 'https://example.com/claimed']) {
      assert.equal((await native(good)).status, 201, good);
    }
    for (const bad of ['example:/callback', 'com.example.app://callback', 'https://localhost/callback', 'http://localhost:1234/callback']) {
      assertOAuthError(await native(bad), 400, 'invalid_redirect_uri');
    }
    // The development exception: a web client served from http://localhost or 127.0.0.1.
    assert.equal((await web('http://localhost:8000/callback', 'http://localhost:8000/')).status, 201);
    assert.equal((await web('http://127.0.0.1:8000/cb', 'http://127.0.0.1:8000/')).status, 201);
    assertOAuthError(await reg({ client_uri: 'https://example.com/', grant_types: ['authorization_code'] }), 400, 'invalid_redirect_uri');
  });

  it('refuses invalid client metadata', async () => {
    assertOAuthError(await reg({ redirect_uris: ['https://example.com/cb'] }), 400, 'invalid_client_metadata');
    assertOAuthError(await reg({ client_uri: 'http://example.com/', redirect_uris: ['https://example.com/cb'] }), 400, 'invalid_client_metadata');
    assertOAuthError(await reg({ client_uri: 'https://example.com/', redirect_uris: ['https://example.com/cb'], token_endpoint_auth_method: 'client_secret_basic' }), 400, 'invalid_client_metadata');
    assertOAuthError(await reg({ client_uri: 'https://example.com/', redirect_uris: ['https://example.com/cb'], application_type: 'tv' }), 400, 'invalid_client_metadata');
    assertOAuthError(await reg({ client_uri: 'https://example.com/', redirect_uris: ['https://example.com/cb'], tos_uri: 'https://evil.test/tos' }), 400, 'invalid_client_metadata');
    assertOAuthError(await api(hs, 'POST', '/oauth2/registration', { body: 'nope', headers: { 'Content-Type': 'application/json' } }), 400, 'invalid_client_metadata');
  });
});

describe('OAuth 2.0 API: authorization code grant end to end (mode both)', () => {
  let hs: RunningHomeserver;
  before(async () => {
    hs = await start({ auth: 'both', tokenLifetimeMs: 120_000 });
    await registerUser(hs, 'olivia', 'olivia password');
  });
  after(() => hs.close());

  it('signs in on the HTML page, exchanges the code with PKCE, refreshes, revokes', async () => {
    const clientId = await registerClient(hs);
    const { verifier, challenge } = pkce();
    const page = await api(hs, 'GET', `/oauth2/auth?${form(authParams({ clientId, deviceId: 'OAUTHDEVICE1', challenge }))}`);
    assert.match(page.headers.get('content-type') ?? '', /text\/html/);
    assert.match(page.body, /<label for="username">Username<\/label>/);
    assert.match(page.body, /<label for="password">Password<\/label>/);
    assert.match(page.body, /Widget tests/);

    const redirect = await signIn(hs, { clientId, deviceId: 'OAUTHDEVICE1', challenge }, { action: 'login', username: 'olivia', password: 'olivia password' });
    assert.equal(redirect.status, 303);
    const cb = callback(redirect);
    assert.equal(cb.get('state'), 'state-123');
    const code = cb.get('code')!;
    assert.ok(code);

    const exchanged = await token(hs, { grant_type: 'authorization_code', code, redirect_uri: REDIRECT, client_id: clientId, code_verifier: verifier });
    assert.equal(exchanged.status, 200, JSON.stringify(exchanged.body));
    assert.equal(exchanged.body.token_type, 'Bearer');
    assert.equal(typeof exchanged.body.access_token, 'string');
    assert.equal(typeof exchanged.body.refresh_token, 'string');
    assert.ok(exchanged.body.expires_in > 100 && exchanged.body.expires_in <= 120);
    assert.equal(exchanged.body.scope, 'urn:matrix:client:api:* urn:matrix:client:device:OAUTHDEVICE1');
    assert.equal(exchanged.headers.get('access-control-allow-origin'), '*', 'a browser page can call the token endpoint');
    assert.equal(exchanged.headers.get('cache-control'), 'no-store');

    // An ordinary Client-Server access token, bound to the device from the scope.
    const who = await api(hs, 'GET', `${V3}/account/whoami`, { token: exchanged.body.access_token });
    assert.deepEqual(who.body, { user_id: '@olivia:localhost', device_id: 'OAUTHDEVICE1', is_guest: false });

    // Codes are single use; a replay revokes what the code granted.
    assertOAuthError(
      await token(hs, { grant_type: 'authorization_code', code, redirect_uri: REDIRECT, client_id: clientId, code_verifier: verifier }),
      400,
      'invalid_grant',
    );
    assertError(await api(hs, 'GET', `${V3}/account/whoami`, { token: exchanged.body.access_token }), 401, 'M_UNKNOWN_TOKEN');
  });

  it('refreshes with rotation and revokes the whole session with either token', async () => {
    const clientId = await registerClient(hs);
    const { verifier, challenge } = pkce();
    const cb = callback(await signIn(hs, { clientId, deviceId: 'OAUTHDEVICE2', challenge }, { action: 'login', username: 'olivia', password: 'olivia password' }));
    const first = (await token(hs, { grant_type: 'authorization_code', code: cb.get('code')!, redirect_uri: REDIRECT, client_id: clientId, code_verifier: verifier })).body;

    const refreshed = await token(hs, { grant_type: 'refresh_token', refresh_token: first.refresh_token, client_id: clientId });
    assert.equal(refreshed.status, 200, JSON.stringify(refreshed.body));
    assert.notEqual(refreshed.body.access_token, first.access_token);
    assert.notEqual(refreshed.body.refresh_token, first.refresh_token);
    assert.equal(refreshed.body.scope, first.scope);
    const who = await api(hs, 'GET', `${V3}/account/whoami`, { token: refreshed.body.access_token });
    assert.equal(who.body.device_id, 'OAUTHDEVICE2');
    // An OAuth refresh token is not a legacy one, and belongs to its client.
    assertError(await api(hs, 'POST', `${V3}/refresh`, { body: { refresh_token: refreshed.body.refresh_token } }), 401, 'M_UNKNOWN_TOKEN');
    const otherClient = await registerClient(hs);
    assertOAuthError(await token(hs, { grant_type: 'refresh_token', refresh_token: refreshed.body.refresh_token, client_id: otherClient }), 400, 'invalid_grant');
    assertOAuthError(await token(hs, { grant_type: 'refresh_token', refresh_token: refreshed.body.refresh_token, client_id: clientId, scope: 'urn:matrix:client:api:* urn:matrix:client:device:OTHER' }), 400, 'invalid_scope');

    // Revoking the refresh token ends the device session: the access token is gone too.
    const revoked = await api(hs, 'POST', '/oauth2/revoke', { body: form({ token: refreshed.body.refresh_token, token_type_hint: 'refresh_token', client_id: clientId }), headers: FORM });
    assert.equal(revoked.status, 200);
    const gone = await api(hs, 'GET', `${V3}/account/whoami`, { token: refreshed.body.access_token });
    assertError(gone, 401, 'M_UNKNOWN_TOKEN');
    assert.equal(gone.body.soft_logout, false);
    assertOAuthError(await token(hs, { grant_type: 'refresh_token', refresh_token: refreshed.body.refresh_token, client_id: clientId }), 400, 'invalid_grant');
    // Revoking an unknown or already revoked token is fine (RFC 7009).
    assert.equal((await api(hs, 'POST', '/oauth2/revoke', { body: form({ token: 'whatever' }), headers: FORM })).status, 200);
    assertOAuthError(await api(hs, 'POST', '/oauth2/revoke', { body: form({}), headers: FORM }), 400, 'invalid_request');
  });

  it('treats a replayed refresh token, after its successor was used, as a compromised session', async () => {
    const clientId = await registerClient(hs);
    const { verifier, challenge } = pkce();
    const cb = callback(await signIn(hs, { clientId, deviceId: 'OAUTHDEVICE3', challenge }, { action: 'login', username: 'olivia', password: 'olivia password' }));
    const first = (await token(hs, { grant_type: 'authorization_code', code: cb.get('code')!, redirect_uri: REDIRECT, client_id: clientId, code_verifier: verifier })).body;
    const second = (await token(hs, { grant_type: 'refresh_token', refresh_token: first.refresh_token, client_id: clientId })).body;
    assert.equal((await api(hs, 'GET', `${V3}/account/whoami`, { token: second.access_token })).status, 200);
    assertOAuthError(await token(hs, { grant_type: 'refresh_token', refresh_token: first.refresh_token, client_id: clientId }), 400, 'invalid_grant');
    assertError(await api(hs, 'GET', `${V3}/account/whoami`, { token: second.access_token }), 401, 'M_UNKNOWN_TOKEN');
  });

  it('answers token endpoint errors in the RFC 6749 format', async () => {
    const clientId = await registerClient(hs);
    const { verifier, challenge } = pkce();
    const cb = callback(await signIn(hs, { clientId, deviceId: 'OAUTHDEVICE4', challenge }, { action: 'login', username: 'olivia', password: 'olivia password' }));
    const code = cb.get('code')!;
    const base = { grant_type: 'authorization_code', code, redirect_uri: REDIRECT, client_id: clientId, code_verifier: verifier };
    assertOAuthError(await token(hs, { ...base, code_verifier: pkce().verifier }), 400, 'invalid_grant');
    assertOAuthError(await token(hs, { ...base, redirect_uri: 'http://localhost:8000/other' }), 400, 'invalid_grant');
    assertOAuthError(await token(hs, { ...base, client_id: 'unknown' }), 401, 'invalid_client');
    assertOAuthError(await token(hs, { ...base, grant_type: 'password' }), 400, 'unsupported_grant_type');
    assertOAuthError(await token(hs, { grant_type: 'authorization_code', client_id: clientId }), 400, 'invalid_request');
    assertOAuthError(await api(hs, 'POST', '/oauth2/token', { body: base }), 400, 'invalid_request');
    assertOAuthError(await api(hs, 'POST', '/oauth2/token', { body: `${form(base)}&code=again`, headers: FORM }), 400, 'invalid_request');
    // The failed attempts did not use up the code.
    assert.equal((await token(hs, base)).status, 200);
  });

  it('validates the authorization request, redirecting errors only to a registered redirect URI', async () => {
    const clientId = await registerClient(hs);
    const { challenge } = pkce();
    const ok = authParams({ clientId, deviceId: 'DEV', challenge });
    const get = (params: Record<string, string>) => api(hs, 'GET', `/oauth2/auth?${form(params)}`);
    // Untrusted client or redirect URI: an error page, never a redirect.
    assert.equal((await get({ ...ok, client_id: 'nope' })).status, 400);
    assert.equal((await get({ ...ok, redirect_uri: 'https://evil.test/cb' })).status, 400);
    const { redirect_uri: _omitted, ...noRedirect } = ok;
    assert.equal((await get(noRedirect)).status, 400);
    const expectRedirectError = async (params: Record<string, string>, error: string, mode: 'query' | 'fragment' = 'query') => {
      const res = await get(params);
      assert.equal(res.status, 302, `${error}: ${res.status}`);
      const cb = callback(res, mode);
      assert.equal(cb.get('error'), error);
      assert.equal(cb.get('state'), 'state-123');
    };
    await expectRedirectError({ ...ok, response_type: 'token' }, 'unsupported_response_type');
    await expectRedirectError({ ...ok, code_challenge_method: 'plain' }, 'invalid_request');
    const { code_challenge: _c, ...noChallenge } = ok;
    await expectRedirectError(noChallenge, 'invalid_request');
    await expectRedirectError({ ...ok, scope: 'urn:matrix:client:api:*' }, 'invalid_scope');
    await expectRedirectError({ ...ok, scope: 'urn:matrix:client:device:A urn:matrix:client:device:B urn:matrix:client:api:*' }, 'invalid_scope');
    await expectRedirectError({ ...ok, scope: 'urn:matrix:client:device:A' }, 'invalid_scope');
    await expectRedirectError({ ...ok, scope: `${ok.scope} urn:synapse:admin:*` }, 'invalid_scope');
    await expectRedirectError({ ...ok, response_mode: 'fragment', prompt: 'none' }, 'login_required', 'fragment');
    await expectRedirectError({ ...ok, response_mode: 'form_post' }, 'invalid_request');
  });

  it('returns the code in the fragment for response_mode=fragment, and access_denied on Cancel', async () => {
    const clientId = await registerClient(hs);
    const { challenge } = pkce();
    const frag = await signIn(hs, { clientId, deviceId: 'DEVF', challenge, responseMode: 'fragment' }, { action: 'login', username: 'olivia', password: 'olivia password' });
    const cb = callback(frag, 'fragment');
    assert.ok(cb.get('code'));
    assert.equal(new URL(frag.headers.get('location')!).search, '');
    const denied = callback(await signIn(hs, { clientId, deviceId: 'DEVD', challenge }, { action: 'deny' }));
    assert.equal(denied.get('error'), 'access_denied');
    assert.equal(denied.get('state'), 'state-123');
    const wrong = await signIn(hs, { clientId, deviceId: 'DEVW', challenge }, { action: 'login', username: 'olivia', password: 'wrong' });
    assert.equal(wrong.status, 403);
    assert.match(wrong.body, /Wrong username or password/);
  });

  it('refuses a form post without this browser\'s CSRF token (login CSRF): nothing is created, no code issued', async () => {
    const clientId = await registerClient(hs);
    const { challenge } = pkce();
    const params = authParams({ clientId, deviceId: 'CSRFDEV', challenge, prompt: 'create' });
    const a = await openForm(hs, params);
    const b = await openForm(hs, params); // another browser: its own session and token
    assert.notEqual(a.cookie, b.cookie);
    assert.notEqual(a.hidden.csrf_token, b.hidden.csrf_token);
    const cookieHeader = a.page.headers.get('set-cookie')!;
    assert.match(cookieHeader, /HttpOnly/i);
    assert.match(cookieHeader, /SameSite=Strict/i);
    const fields = { action: 'register', username: 'forged', password: 'pw', password_confirm: 'pw' };
    const { csrf_token: _t, ...withoutToken } = a.hidden;
    const post = (body: Record<string, string>, cookie?: string) =>
      api(hs, 'POST', '/oauth2/auth', { body: form(body), headers: cookie ? { ...FORM, Cookie: cookie } : FORM });
    const refused = [
      await post({ ...withoutToken, ...fields }, a.cookie), // what another site's form would send, had it the cookie
      await post({ ...a.hidden, ...fields }), // the token without the browser session (SameSite keeps it off cross-site posts)
      await post({ ...a.hidden, ...fields, csrf_token: 'x'.repeat(32) }, a.cookie), // a wrong token
      await post({ ...b.hidden, ...fields }, a.cookie), // another browser's token
      await post({ ...a.hidden, ...fields, csrf_token: a.hidden.csrf_token }, 'mx_oauth_session=unknown'),
      await post({ ...withoutToken, action: 'deny' }), // even Cancel
    ];
    for (const res of refused) {
      assert.equal(res.status, 403, String(res.body));
      assert.equal(res.headers.get('location'), null, 'no redirect, so no code and no error sent to the client');
      assert.match(res.body, /This form expired or was not sent from this page/);
    }
    const login = await api(hs, 'POST', `${V3}/login`, { body: { type: 'm.login.password', user: 'forged', password: 'pw' } });
    assert.equal(login.status, 403, 'no account was created');
    // The refused page is a working form again: its own token (with the same browser session) goes through.
    const retry = hiddenFields(refused[2].body as string);
    assert.equal(retry.csrf_token, a.hidden.csrf_token);
    const created = await post({ ...retry, ...fields }, a.cookie);
    assert.equal(created.status, 303, String(created.body));
    assert.ok(callback(created).get('code'));
  });

  it('creates an account with prompt=create, usable with the legacy login too', async () => {
    const clientId = await registerClient(hs);
    const { verifier, challenge } = pkce();
    const params = authParams({ clientId, deviceId: 'NEWDEV', challenge, prompt: 'create' });
    const page = await api(hs, 'GET', `/oauth2/auth?${form(params)}`);
    assert.match(page.body, /<label for="password_confirm">Confirm password<\/label>/);
    const mismatch = await signIn(hs, { clientId, deviceId: 'NEWDEV', challenge, prompt: 'create' }, { action: 'register', username: 'Petra', password: 'a', password_confirm: 'b' });
    assert.equal(mismatch.status, 400);
    const taken = await signIn(hs, { clientId, deviceId: 'NEWDEV', challenge, prompt: 'create' }, { action: 'register', username: 'olivia', password: 'a', password_confirm: 'a' });
    assert.equal(taken.status, 400);
    const invalid = await signIn(hs, { clientId, deviceId: 'NEWDEV', challenge, prompt: 'create' }, { action: 'register', username: 'no way', password: 'a', password_confirm: 'a' });
    assert.equal(invalid.status, 400);
    const created = await signIn(hs, { clientId, deviceId: 'NEWDEV', challenge, prompt: 'create' }, { action: 'register', username: 'Petra', password: 'petra pw', password_confirm: 'petra pw' });
    assert.equal(created.status, 303, created.body);
    const tokens = await token(hs, { grant_type: 'authorization_code', code: callback(created).get('code')!, redirect_uri: REDIRECT, client_id: clientId, code_verifier: verifier });
    const who = await api(hs, 'GET', `${V3}/account/whoami`, { token: tokens.body.access_token });
    assert.equal(who.body.user_id, '@petra:localhost');
    const legacy = await api(hs, 'POST', `${V3}/login`, { body: { type: 'm.login.password', user: 'petra', password: 'petra pw' } });
    assert.equal(legacy.status, 200);
  });
});

describe('OAuth 2.0 API: OAuth-only server, driven by matrix-js-sdk', () => {
  let hs: RunningHomeserver;
  before(async () => {
    hs = await start({ auth: 'oauth' });
  });
  after(() => hs.close());

  it('registers, authorizes, exchanges, refreshes and revokes with the SDK OAuth2 client', async () => {
    const client = createClient({ baseUrl: hs.url });
    const metadata = await client.getAuthMetadata();
    const clientId = await OAuth2.registerClient(metadata, { client_name: 'SDK test', client_uri: CLIENT_URI, redirect_uris: [REDIRECT] });
    const oauth = new OAuth2(metadata, { clientId, deviceId: 'SDKDEVICE1' });
    const url = new URL(await oauth.generateAuthorizationCodeGrantUrl('sdk-state', REDIRECT, 'fragment', 'create'));
    assert.equal(url.origin, hs.url);
    const page = await api(hs, 'GET', url.pathname + url.search);
    assert.match(page.body, /Create an account/);
    const hidden = hiddenFields(page.body as string);
    assert.deepEqual({ ...hidden, csrf_token: undefined }, { ...Object.fromEntries([...url.searchParams.entries()]), csrf_token: undefined });
    const created = await api(hs, 'POST', url.pathname, {
      body: form({ ...hidden, action: 'register', username: 'sdkuser', password: 'sdk pw', password_confirm: 'sdk pw' }),
      headers: { ...FORM, Cookie: cookieOf(page) },
    });
    assert.equal(created.status, 303, created.body);
    const cb = callback(created, 'fragment');
    assert.equal(cb.get('state'), 'sdk-state');
    const tokens = await oauth.completeAuthorizationCodeGrant(cb.get('code')!, REDIRECT);
    const who = await api(hs, 'GET', `${V3}/account/whoami`, { token: tokens.access_token });
    assert.deepEqual(who.body, { user_id: '@sdkuser:localhost', device_id: 'SDKDEVICE1', is_guest: false });
    const refreshed = await oauth.performRefreshTokenGrant(tokens.refresh_token!);
    assert.equal((await api(hs, 'GET', `${V3}/account/whoami`, { token: refreshed.access_token })).status, 200);
    await oauth.revokeToken(refreshed.access_token, 'access_token');
    const gone = await api(hs, 'GET', `${V3}/account/whoami`, { token: refreshed.access_token });
    assertError(gone, 401, 'M_UNKNOWN_TOKEN');
    assert.equal(gone.body.soft_logout, false);
    // Refresh after revocation fails with the SDK's error.
    await assert.rejects(oauth.performRefreshTokenGrant(refreshed.refresh_token!));
  });

  it('expires OAuth access tokens as soft logout', async () => {
    const short = await start({ auth: 'oauth', tokenLifetimeMs: 1_000 });
    try {
      const clientId = await registerClient(short);
      const { verifier, challenge } = pkce();
      const created = await signIn(short, { clientId, deviceId: 'SHORT', challenge, prompt: 'create' }, { action: 'register', username: 'brief', password: 'pw', password_confirm: 'pw' });
      const tokens = (await token(short, { grant_type: 'authorization_code', code: callback(created).get('code')!, redirect_uri: REDIRECT, client_id: clientId, code_verifier: verifier })).body;
      assert.ok(tokens.expires_in <= 1, String(tokens.expires_in));
      await new Promise((r) => setTimeout(r, 1_100));
      const expired = await api(short, 'GET', `${V3}/account/whoami`, { token: tokens.access_token });
      assertError(expired, 401, 'M_UNKNOWN_TOKEN');
      assert.equal(expired.body.soft_logout, true);
      const refreshed = await token(short, { grant_type: 'refresh_token', refresh_token: tokens.refresh_token, client_id: clientId });
      assert.equal((await api(short, 'GET', `${V3}/account/whoami`, { token: refreshed.body.access_token })).status, 200);
      // Once the new access token was used, the old refresh token is spent: replaying it revokes the session.
      assertOAuthError(await token(short, { grant_type: 'refresh_token', refresh_token: tokens.refresh_token, client_id: clientId }), 400, 'invalid_grant');
      assertError(await api(short, 'GET', `${V3}/account/whoami`, { token: refreshed.body.access_token }), 401, 'M_UNKNOWN_TOKEN');
    } finally {
      await short.close();
    }
  });
});
