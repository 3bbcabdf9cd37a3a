/**
 * Conformance of the legacy authentication API: /login (password, SSO + m.login.token), /refresh, /logout,
 * /register with User-Interactive Authentication (each stage, the fallback pages), guests and guest upgrade,
 * in legacy-only, OAuth-only and mixed modes. Raw HTTP for status codes and errcodes; matrix-js-sdk for the
 * calls the widget makes through it.
 */
import assert from 'node:assert/strict';
import { after, before, describe, it } from 'node:test';
import { createClient, MatrixError as SdkMatrixError } from 'matrix-js-sdk';
import { api, assertError, registerUser, start, type ApiResponse, type RunningHomeserver } from './helpers.ts';

const V3 = '/_matrix/client/v3';
const FORM = { 'Content-Type': 'application/x-www-form-urlencoded' };
const form = (fields: Record<string, string>) => new URLSearchParams(fields).toString();

/** Loads one of the server's HTML forms as a browser would: the cookies it sets (added to `cookie`) and its CSRF token. */
async function loadForm(hs: RunningHomeserver, path: string, cookie = ''): Promise<{ page: ApiResponse; cookie: string; csrf: string }> {
  const page = await api(hs, 'GET', path, cookie ? { headers: { Cookie: cookie } } : {});
  const set = page.headers.getSetCookie().map((c) => c.split(';')[0]);
  const csrf = /name="csrf_token" value="([^"]+)"/.exec(page.body)?.[1];
  assert.ok(csrf, 'the form carries a CSRF token');
  return { page, cookie: [cookie, ...set].filter(Boolean).join('; '), csrf };
}

function whoami(hs: RunningHomeserver, token: string): Promise<ApiResponse> {
  return api(hs, 'GET', `${V3}/account/whoami`, { token });
}

/** Starts a registration and returns the 401 body (with its session). */
async function beginRegistration(hs: RunningHomeserver, body: Record<string, unknown>): Promise<any> {
  const res = await api(hs, 'POST', `${V3}/register`, { body });
  assert.equal(res.status, 401, JSON.stringify(res.body));
  return res.body;
}

describe('legacy auth: login flows and password login (mode both)', () => {
  let hs: RunningHomeserver;
  let alice: Awaited<ReturnType<typeof registerUser>>;
  before(async () => {
    hs = await start();
    alice = await registerUser(hs, 'alice', 'alice password');
  });
  after(() => hs.close());

  it('GET /login lists SSO with its identity provider, m.login.token (with get_login_token), m.login.password and JWT', async () => {
    const res = await api(hs, 'GET', `${V3}/login`);
    assert.equal(res.status, 200);
    assert.deepEqual(res.body.flows, [
      { type: 'm.login.sso', identity_providers: [{ id: 'local', name: 'Local test SSO' }] },
      { type: 'm.login.token', get_login_token: true },
      { type: 'm.login.password' },
      { type: 'org.matrix.login.jwt' },
    ]);
    // The same resource under the legacy r0 prefix.
    assert.equal((await api(hs, 'GET', '/_matrix/client/r0/login')).status, 200);
  });

  it('logs in with identifier m.id.user by localpart, by full user ID and with the deprecated user field', async () => {
    const bodies = [
      { type: 'm.login.password', identifier: { type: 'm.id.user', user: 'alice' }, password: 'alice password' },
      { type: 'm.login.password', identifier: { type: 'm.id.user', user: '@alice:localhost' }, password: 'alice password' },
      { type: 'm.login.password', user: 'alice', password: 'alice password' },
      // Synapse matches user IDs case-insensitively at login.
      { type: 'm.login.password', identifier: { type: 'm.id.user', user: 'ALICE' }, password: 'alice password' },
    ];
    for (const body of bodies) {
      const res = await api(hs, 'POST', `${V3}/login`, { body });
      assert.equal(res.status, 200, JSON.stringify(res.body));
      assert.equal(res.body.user_id, '@alice:localhost');
      assert.equal(typeof res.body.access_token, 'string');
      assert.equal(typeof res.body.device_id, 'string');
      assert.equal(res.body.home_server, 'localhost');
      assert.equal(res.body.well_known['m.homeserver'].base_url, hs.url);
      assert.equal(res.body.refresh_token, undefined, 'no refresh token unless asked for');
      assert.equal(res.body.expires_in_ms, undefined, 'a token without refresh does not expire');
      assert.equal((await whoami(hs, res.body.access_token)).body.user_id, '@alice:localhost');
    }
  });

  it('logs in through matrix-js-sdk loginRequest, keeping a chosen device_id and its display name', async () => {
    const client = createClient({ baseUrl: hs.url });
    const res = await client.loginRequest({
      type: 'm.login.password',
      identifier: { type: 'm.id.user', user: 'alice' },
      password: 'alice password',
      device_id: 'MYDEVICE',
      initial_device_display_name: 'Widget test',
    });
    assert.equal(res.user_id, '@alice:localhost');
    assert.equal(res.device_id, 'MYDEVICE');
    assert.equal(hs.hs.store.data.devices['@alice:localhost|MYDEVICE'].displayName, 'Widget test');
    const who = await whoami(hs, res.access_token);
    assert.equal(who.body.device_id, 'MYDEVICE');
    // Logging in again on the same device replaces its token.
    const again = await client.loginRequest({
      type: 'm.login.password',
      identifier: { type: 'm.id.user', user: 'alice' },
      password: 'alice password',
      device_id: 'MYDEVICE',
    });
    assertError(await whoami(hs, res.access_token), 401, 'M_UNKNOWN_TOKEN');
    assert.equal((await whoami(hs, again.access_token)).status, 200);
  });

  it('refuses a wrong password or an unknown user with 403 M_FORBIDDEN', async () => {
    const wrong = await api(hs, 'POST', `${V3}/login`, {
      body: { type: 'm.login.password', identifier: { type: 'm.id.user', user: 'alice' }, password: 'nope' },
    });
    assertError(wrong, 403, 'M_FORBIDDEN');
    const unknown = await api(hs, 'POST', `${V3}/login`, {
      body: { type: 'm.login.password', identifier: { type: 'm.id.user', user: 'nobody' }, password: 'x' },
    });
    assertError(unknown, 403, 'M_FORBIDDEN');
    const thirdParty = await api(hs, 'POST', `${V3}/login`, {
      body: { type: 'm.login.password', identifier: { type: 'm.id.thirdparty', medium: 'email', address: 'a@b.c' }, password: 'x' },
    });
    assertError(thirdParty, 403, 'M_FORBIDDEN');
    // The SDK surfaces the same error.
    await assert.rejects(
      createClient({ baseUrl: hs.url }).loginRequest({
        type: 'm.login.password',
        identifier: { type: 'm.id.user', user: 'alice' },
        password: 'nope',
      }),
      (err: unknown) => err instanceof SdkMatrixError && err.errcode === 'M_FORBIDDEN' && err.httpStatus === 403,
    );
  });

  it('answers malformed login requests with the spec errors', async () => {
    assertError(await api(hs, 'POST', `${V3}/login`, { body: 'not json', headers: { 'Content-Type': 'application/json' } }), 400, 'M_NOT_JSON');
    assertError(await api(hs, 'POST', `${V3}/login`, { body: '[1,2]', headers: { 'Content-Type': 'application/json' } }), 400, 'M_BAD_JSON');
    assertError(await api(hs, 'POST', `${V3}/login`, { body: { type: 'm.login.bogus' } }), 400, 'M_UNKNOWN');
    assertError(await api(hs, 'POST', `${V3}/login`, { body: {} }), 400, 'M_UNKNOWN');
    assertError(
      await api(hs, 'POST', `${V3}/login`, { body: { type: 'm.login.password', identifier: { type: 'm.id.user', user: 'alice' } } }),
      400,
      'M_UNKNOWN',
    );
    assertError(
      await api(hs, 'POST', `${V3}/login`, { body: { type: 'm.login.password', user: 'alice', password: 'alice password', refresh_token: 'yes' } }),
      400,
      'M_UNKNOWN',
    );
    assertError(
      await api(hs, 'POST', `${V3}/login`, { body: { type: 'm.login.password', identifier: { type: 'm.id.user', user: 'alice' }, password: 'alice password', device_id: 'x'.repeat(513) } }),
      400,
      'M_INVALID_PARAM',
    );
    // A hostile identifier never reaches Object.prototype.
    assertError(
      await api(hs, 'POST', `${V3}/login`, { body: { type: 'm.login.password', identifier: { type: 'm.id.user', user: '__proto__' }, password: 'x' } }),
      403,
      'M_FORBIDDEN',
    );
    assert.equal(alice.userId, '@alice:localhost');
  });
});

describe('legacy auth: refresh tokens, soft logout and logout', () => {
  let hs: RunningHomeserver;
  before(async () => {
    hs = await start({ tokenLifetimeMs: 60_000 });
    await registerUser(hs, 'bob', 'bob password');
  });
  after(() => hs.close());

  const loginWithRefresh = async (deviceId?: string) => {
    const res = await api(hs, 'POST', `${V3}/login`, {
      body: { type: 'm.login.password', identifier: { type: 'm.id.user', user: 'bob' }, password: 'bob password', refresh_token: true, device_id: deviceId },
    });
    assert.equal(res.status, 200, JSON.stringify(res.body));
    return res.body;
  };

  it('issues a refresh token and expires_in_ms from the configured lifetime when asked', async () => {
    const body = await loginWithRefresh();
    assert.equal(typeof body.refresh_token, 'string');
    assert.ok(body.expires_in_ms > 55_000 && body.expires_in_ms <= 60_000, String(body.expires_in_ms));
  });

  it('rotates both tokens on /refresh (through matrix-js-sdk) and keeps the device', async () => {
    const first = await loginWithRefresh('REFRESHDEV');
    const client = createClient({ baseUrl: hs.url });
    const next = await client.refreshToken(first.refresh_token);
    assert.notEqual(next.access_token, first.access_token);
    assert.notEqual(next.refresh_token, first.refresh_token);
    assert.ok(next.expires_in_ms! > 55_000);
    // Until the new access token is used, the old one still works (requests in flight do not fail) ...
    assert.equal((await whoami(hs, first.access_token)).status, 200);
    const who = await whoami(hs, next.access_token);
    assert.equal(who.body.device_id, 'REFRESHDEV');
    // ... and once it is used, the old one is gone for good: soft_logout false.
    const old = await whoami(hs, first.access_token);
    assertError(old, 401, 'M_UNKNOWN_TOKEN');
    assert.equal(old.body.soft_logout, false);
  });

  it('lets a lost refresh response be retried with the old refresh token, until the new token is used', async () => {
    const first = await loginWithRefresh('RETRYDEV');
    const lost = await api(hs, 'POST', `${V3}/refresh`, { body: { refresh_token: first.refresh_token } });
    assert.equal(lost.status, 200);
    // The client never saw `lost`; it retries with the old refresh token and gets a working pair.
    const retry = await api(hs, 'POST', `${V3}/refresh`, { body: { refresh_token: first.refresh_token } });
    assert.equal(retry.status, 200, JSON.stringify(retry.body));
    assert.equal((await whoami(hs, retry.body.access_token)).status, 200);
    // The pair from the lost response was replaced by the retry.
    assertError(await api(hs, 'POST', `${V3}/refresh`, { body: { refresh_token: lost.body.refresh_token } }), 403, 'M_FORBIDDEN');
    // Now that the new access token was used, replaying the old refresh token is refused (Synapse: 403).
    assertError(await api(hs, 'POST', `${V3}/refresh`, { body: { refresh_token: first.refresh_token } }), 403, 'M_FORBIDDEN');
    // The current refresh token still works.
    assert.equal((await api(hs, 'POST', `${V3}/refresh`, { body: { refresh_token: retry.body.refresh_token } })).status, 200);
  });

  it('answers an unknown refresh token with 401 M_UNKNOWN_TOKEN soft_logout false', async () => {
    const res = await api(hs, 'POST', `${V3}/refresh`, { body: { refresh_token: 'mar_nonsense' } });
    assertError(res, 401, 'M_UNKNOWN_TOKEN');
    assert.equal(res.body.soft_logout, false);
    assertError(await api(hs, 'POST', `${V3}/refresh`, { body: {} }), 400, 'M_MISSING_PARAM');
    assertError(await api(hs, 'POST', `${V3}/refresh`, { body: { refresh_token: 42 } }), 400, 'M_INVALID_PARAM');
  });

  it('ends a session with /logout, and all of them with /logout/all', async () => {
    const a = await loginWithRefresh('DEVA');
    const b = await loginWithRefresh('DEVB');
    assertError(await api(hs, 'POST', `${V3}/logout`), 401, 'M_MISSING_TOKEN');
    const out = await api(hs, 'POST', `${V3}/logout`, { token: a.access_token });
    assert.equal(out.status, 200);
    assert.deepEqual(out.body, {});
    const gone = await whoami(hs, a.access_token);
    assertError(gone, 401, 'M_UNKNOWN_TOKEN');
    assert.equal(gone.body.soft_logout, false);
    // The refresh token died with the session.
    assertError(await api(hs, 'POST', `${V3}/refresh`, { body: { refresh_token: a.refresh_token } }), 401, 'M_UNKNOWN_TOKEN');
    assert.equal((await whoami(hs, b.access_token)).status, 200);
    const c = await loginWithRefresh('DEVC');
    assert.equal((await api(hs, 'POST', `${V3}/logout/all`, { token: c.access_token })).status, 200);
    assertError(await whoami(hs, b.access_token), 401, 'M_UNKNOWN_TOKEN');
    assertError(await whoami(hs, c.access_token), 401, 'M_UNKNOWN_TOKEN');
  });
});

describe('legacy auth: expiring access tokens (soft logout)', () => {
  let hs: RunningHomeserver;
  before(async () => {
    hs = await start({ tokenLifetimeMs: 300 });
    await registerUser(hs, 'carol', 'carol password');
  });
  after(() => hs.close());

  it('reports an expired token with soft_logout true; refresh and logout still work', async () => {
    const client = createClient({ baseUrl: hs.url });
    const login = await client.loginRequest({
      type: 'm.login.password',
      identifier: { type: 'm.id.user', user: 'carol' },
      password: 'carol password',
      refresh_token: true,
    });
    assert.ok(login.expires_in_ms! <= 300);
    await new Promise((r) => setTimeout(r, 400));
    const expired = await whoami(hs, login.access_token);
    assertError(expired, 401, 'M_UNKNOWN_TOKEN');
    assert.equal(expired.body.soft_logout, true);
    const next = await client.refreshToken(login.refresh_token!);
    const who = await whoami(hs, next.access_token);
    assert.equal(who.status, 200);
    assert.equal(who.body.device_id, login.device_id, 'refresh keeps the device');
    await new Promise((r) => setTimeout(r, 400));
    // Synapse accepts an expired token on /logout, so a soft-logged-out client can still sign out.
    assert.equal((await api(hs, 'POST', `${V3}/logout`, { token: next.access_token })).status, 200);
    const after = await whoami(hs, next.access_token);
    assertError(after, 401, 'M_UNKNOWN_TOKEN');
    assert.equal(after.body.soft_logout, false);
  });
});

describe('legacy auth: registration with User-Interactive Authentication', () => {
  let hs: RunningHomeserver;
  before(async () => {
    hs = await start();
  });
  after(() => hs.close());

  it('answers the first request with 401, flows, params, session and an empty completed list', async () => {
    const body = await beginRegistration(hs, { username: 'dora', password: 'pw' });
    assert.deepEqual(body.flows, [{ stages: ['m.login.dummy'] }]);
    assert.deepEqual(body.params, {});
    assert.deepEqual(body.completed, []);
    assert.equal(typeof body.session, 'string');
    assert.equal(body.errcode, undefined);
  });

  it('registers through matrix-js-sdk registerRequest with the dummy stage', async () => {
    const client = createClient({ baseUrl: hs.url });
    let session = '';
    await assert.rejects(client.registerRequest({ username: 'Eve', password: 'eve password' }), (err: unknown) => {
      assert.ok(err instanceof SdkMatrixError);
      assert.equal(err.httpStatus, 401);
      session = (err.data as { session: string }).session;
      return true;
    });
    const res = await client.registerRequest({
      username: 'Eve',
      password: 'eve password',
      initial_device_display_name: 'Eve phone',
      auth: { type: 'm.login.dummy', session },
    });
    // Synapse lower-cases the requested username.
    assert.equal(res.user_id, '@eve:localhost');
    assert.equal(typeof res.access_token, 'string');
    assert.equal(hs.hs.store.data.devices[`@eve:localhost|${res.device_id}`].displayName, 'Eve phone');
    assert.equal(hs.hs.store.data.users['@eve:localhost'].displayname, 'eve');
    // The password works for login.
    const login = await client.loginRequest({ type: 'm.login.password', identifier: { type: 'm.id.user', user: 'eve' }, password: 'eve password' });
    assert.equal(login.user_id, '@eve:localhost');
  });

  it('reuses the stored parameters when the final request carries only auth', async () => {
    const first = await beginRegistration(hs, { username: 'frank', password: 'frank pw', refresh_token: true });
    const done = await api(hs, 'POST', `${V3}/register`, { body: { auth: { type: 'm.login.dummy', session: first.session } } });
    assert.equal(done.status, 200, JSON.stringify(done.body));
    assert.equal(done.body.user_id, '@frank:localhost');
    // A retry of the completed session logs in again instead of registering twice.
    const retry = await api(hs, 'POST', `${V3}/register`, { body: { auth: { session: first.session } } });
    assert.equal(retry.status, 200, JSON.stringify(retry.body));
    assert.equal(retry.body.user_id, '@frank:localhost');
  });

  it('honours inhibit_login and refresh_token', async () => {
    const first = await beginRegistration(hs, { username: 'gina', password: 'pw', inhibit_login: true });
    const done = await api(hs, 'POST', `${V3}/register`, {
      body: { username: 'gina', password: 'pw', inhibit_login: true, auth: { type: 'm.login.dummy', session: first.session } },
    });
    assert.equal(done.status, 200);
    assert.equal(done.body.user_id, '@gina:localhost');
    assert.equal(done.body.access_token, undefined);
    assert.equal(done.body.device_id, undefined);
    const withRefresh = await beginRegistration(hs, { username: 'hank', password: 'pw' });
    const refreshed = await api(hs, 'POST', `${V3}/register`, {
      body: { username: 'hank', password: 'pw', refresh_token: true, auth: { type: 'm.login.dummy', session: withRefresh.session } },
    });
    assert.equal(typeof refreshed.body.refresh_token, 'string');
    assert.equal(typeof refreshed.body.expires_in_ms, 'number');
  });

  it('generates a numeric user ID when no username is given, and needs a password', async () => {
    const noPassword = await beginRegistration(hs, {});
    assertError(
      await api(hs, 'POST', `${V3}/register`, { body: { auth: { type: 'm.login.dummy', session: noPassword.session } } }),
      400,
      'M_MISSING_PARAM',
    );
    const first = await beginRegistration(hs, { password: 'pw' });
    const done = await api(hs, 'POST', `${V3}/register`, { body: { password: 'pw', auth: { type: 'm.login.dummy', session: first.session } } });
    assert.equal(done.status, 200);
    assert.match(done.body.user_id, /^@[0-9]+:localhost$/);
  });

  it('checks the username before authentication: M_USER_IN_USE and M_INVALID_USERNAME', async () => {
    await registerUser(hs, 'ivan');
    assertError(await api(hs, 'POST', `${V3}/register`, { body: { username: 'ivan', password: 'x' } }), 400, 'M_USER_IN_USE');
    assertError(await api(hs, 'POST', `${V3}/register`, { body: { username: 'IVAN', password: 'x' } }), 400, 'M_USER_IN_USE');
    for (const bad of ['bad name', 'x!', '_bridge', '12345', 'a'.repeat(250), '']) {
      assertError(await api(hs, 'POST', `${V3}/register`, { body: { username: bad, password: 'x' } }), 400, 'M_INVALID_USERNAME');
    }
    // The spec's grammar includes + (v1.8) and / = . _ -.
    const ok = await beginRegistration(hs, { username: 'j.o_h=n-n/y+1', password: 'x' });
    assert.equal(typeof ok.session, 'string');
    assertError(await api(hs, 'POST', `${V3}/register`, { body: { username: 42, password: 'x' } }), 400, 'M_UNKNOWN');
  });

  it('answers /register/available', async () => {
    const free = await api(hs, 'GET', `${V3}/register/available?username=kate`);
    assert.equal(free.status, 200);
    assert.deepEqual(free.body, { available: true });
    await registerUser(hs, 'kate');
    assertError(await api(hs, 'GET', `${V3}/register/available?username=kate`), 400, 'M_USER_IN_USE');
    assertError(await api(hs, 'GET', `${V3}/register/available?username=Kate`), 400, 'M_INVALID_USERNAME');
    assertError(await api(hs, 'GET', `${V3}/register/available?username=a%20b`), 400, 'M_INVALID_USERNAME');
    assertError(await api(hs, 'GET', `${V3}/register/available`), 400, 'M_MISSING_PARAM');
  });

  it('refuses an access token on /register, an unknown session and an unknown kind', async () => {
    const user = await registerUser(hs);
    assertError(await api(hs, 'POST', `${V3}/register`, { token: user.accessToken, body: { username: 'lena', password: 'x' } }), 400, 'M_UNKNOWN');
    assertError(
      await api(hs, 'POST', `${V3}/register`, { body: { username: 'lena', password: 'x', auth: { type: 'm.login.dummy', session: 'nope' } } }),
      400,
      'M_UNKNOWN',
    );
    assertError(await api(hs, 'POST', `${V3}/register?kind=admin`, { body: {} }), 400, 'M_UNRECOGNIZED');
    assertError(await api(hs, 'POST', `${V3}/register`, { body: 'nope', headers: { 'Content-Type': 'application/json' } }), 400, 'M_NOT_JSON');
    const first = await beginRegistration(hs, { username: 'lena', password: 'x' });
    assertError(
      await api(hs, 'POST', `${V3}/register`, { body: { auth: { type: 'm.login.bogus', session: first.session } } }),
      400,
      'M_UNKNOWN',
    );
  });
});

describe('legacy auth: password policy (Synapse password_config.policy.minimum_length)', () => {
  let hs: RunningHomeserver;
  before(async () => {
    hs = await start({ passwordMinLength: 8 });
  });
  after(() => hs.close());

  it('refuses a password shorter than the minimum with 400 M_PASSWORD_TOO_SHORT and the requirement, before the user name and UIA', async () => {
    const short = await api(hs, 'POST', `${V3}/register`, { body: { username: 'olga', password: 'abc' } });
    assertError(short, 400, 'M_PASSWORD_TOO_SHORT');
    assert.equal(short.body.error, 'The password must be at least 8 characters long');
    // Synapse checks the password first: a taken name with a short password is still a password error.
    await registerUser(hs, 'taken', 'long enough password');
    assertError(await api(hs, 'POST', `${V3}/register`, { body: { username: 'taken', password: '1234567' } }), 400, 'M_PASSWORD_TOO_SHORT');
    // Within a UIA session too: the short password never gets stored for a later request.
    const first = await beginRegistration(hs, { username: 'olga', password: 'abcdefgh' });
    assertError(
      await api(hs, 'POST', `${V3}/register`, { body: { username: 'olga', password: 'abc', auth: { type: 'm.login.dummy', session: first.session } } }),
      400,
      'M_PASSWORD_TOO_SHORT',
    );
    assert.equal(hs.hs.store.data.users['@olga:localhost'], undefined);
  });

  it('accepts a password of exactly the minimum length', async () => {
    const first = await beginRegistration(hs, { username: 'pavel', password: '12345678' });
    const done = await api(hs, 'POST', `${V3}/register`, { body: { auth: { type: 'm.login.dummy', session: first.session } } });
    assert.equal(done.status, 200, JSON.stringify(done.body));
    assert.equal(done.body.user_id, '@pavel:localhost');
  });
});

describe('legacy auth: terms, registration token and fallback stages', () => {
  let hs: RunningHomeserver;
  before(async () => {
    hs = await start({
      auth: 'legacy',
      registrationFlows: [['m.login.terms', 'm.login.registration_token'], ['m.login.recaptcha', 'm.login.dummy']],
      registrationToken: 'sesame',
    });
  });
  after(() => hs.close());

  it('describes m.login.terms with a privacy policy the homeserver serves, and the recaptcha key', async () => {
    const body = await beginRegistration(hs, { username: 'mia', password: 'pw' });
    assert.deepEqual(body.flows, [
      { stages: ['m.login.terms', 'm.login.registration_token'] },
      { stages: ['m.login.recaptcha', 'm.login.dummy'] },
    ]);
    const policy = body.params['m.login.terms'].policies.privacy_policy;
    assert.equal(policy.version, '1.0');
    assert.equal(policy.en.name, 'Privacy Policy');
    assert.ok(policy.en.url.startsWith(hs.url));
    const page = await api(hs, 'GET', new URL(policy.en.url).pathname);
    assert.equal(page.status, 200);
    assert.match(page.headers.get('content-type') ?? '', /text\/html/);
    assert.match(page.body, /Privacy Policy/);
    assert.equal(typeof body.params['m.login.recaptcha'].public_key, 'string');
  });

  it('completes terms, then reports a wrong registration token as a stage error, then succeeds', async () => {
    const first = await beginRegistration(hs, { username: 'nina', password: 'pw' });
    const terms = await api(hs, 'POST', `${V3}/register`, { body: { auth: { type: 'm.login.terms', session: first.session } } });
    assert.equal(terms.status, 401);
    assert.deepEqual(terms.body.completed, ['m.login.terms']);
    const wrong = await api(hs, 'POST', `${V3}/register`, {
      body: { auth: { type: 'm.login.registration_token', token: 'letmein', session: first.session } },
    });
    assert.equal(wrong.status, 401);
    assert.equal(wrong.body.errcode, 'M_UNAUTHORIZED');
    assert.equal(typeof wrong.body.error, 'string');
    assert.deepEqual(wrong.body.completed, ['m.login.terms']);
    assert.equal(wrong.body.session, first.session);
    assert.ok(Array.isArray(wrong.body.flows));
    const done = await api(hs, 'POST', `${V3}/register`, {
      body: { auth: { type: 'm.login.registration_token', token: 'sesame', session: first.session } },
    });
    assert.equal(done.status, 200, JSON.stringify(done.body));
    assert.equal(done.body.user_id, '@nina:localhost');
  });

  it('checks registration tokens on the validity endpoint', async () => {
    const path = '/_matrix/client/v1/register/m.login.registration_token/validity';
    assert.deepEqual((await api(hs, 'GET', `${path}?token=sesame`)).body, { valid: true });
    assert.deepEqual((await api(hs, 'GET', `${path}?token=letmein`)).body, { valid: false });
    assertError(await api(hs, 'GET', path), 400, 'M_MISSING_PARAM');
  });

  it('refuses m.login.recaptcha through the API: it is only completable on the fallback page', async () => {
    const first = await beginRegistration(hs, { username: 'olga', password: 'pw' });
    const none = await api(hs, 'POST', `${V3}/register`, { body: { auth: { type: 'm.login.recaptcha', session: first.session } } });
    assert.equal(none.status, 401);
    assert.equal(none.body.errcode, 'M_CAPTCHA_NEEDED');
    const guess = await api(hs, 'POST', `${V3}/register`, {
      body: { auth: { type: 'm.login.recaptcha', response: 'guess', session: first.session } },
    });
    assert.equal(guess.status, 401);
    assert.equal(guess.body.errcode, 'M_UNAUTHORIZED');
    assert.deepEqual(guess.body.completed, []);
  });

  it('completes a stage on the fallback page, which notifies the opener, then the client resumes', async () => {
    const first = await beginRegistration(hs, { username: 'pia', password: 'pia pw' });
    const url = `${V3}/auth/m.login.recaptcha/fallback/web?session=${encodeURIComponent(first.session)}`;
    const { page, cookie, csrf } = await loadForm(hs, url);
    assert.equal(page.status, 200);
    assert.match(page.body, /<label[^>]*for="not_a_robot"[^>]*>.*I am not a robot/s);
    assert.match(page.body, /<form method="post"/);
    const post = (fields: Record<string, string>, c = cookie) => api(hs, 'POST', url, { body: form(fields), headers: { ...FORM, Cookie: c } });
    // CSRF: another site posting the form (no token, a wrong one, or no cookie of this browser) changes nothing.
    for (const refused of [
      await post({ session: first.session, not_a_robot: 'yes' }),
      await post({ session: first.session, not_a_robot: 'yes', csrf_token: 'x'.repeat(32) }),
      await post({ session: first.session, not_a_robot: 'yes', csrf_token: csrf }, ''),
    ]) {
      assert.equal(refused.status, 403);
      assert.match(refused.body, /This form expired or was not sent from this page/);
    }
    assert.deepEqual((await api(hs, 'POST', `${V3}/register`, { body: { auth: { session: first.session } } })).body.completed, []);
    const unchecked = await post({ session: first.session, csrf_token: csrf });
    assert.equal(unchecked.status, 400);
    assert.match(unchecked.body, /not a robot/);
    const checked = await post({ session: first.session, not_a_robot: 'yes', csrf_token: csrf });
    assert.equal(checked.status, 200);
    assert.match(checked.body, /window\.onAuthDone\(\)/);
    assert.match(checked.body, /window\.opener\.postMessage\("authDone", "\*"\)/);
    // Spec: after the fallback, the client resubmits with just the session.
    const resumed = await api(hs, 'POST', `${V3}/register`, { body: { auth: { session: first.session } } });
    assert.equal(resumed.status, 401);
    assert.deepEqual(resumed.body.completed, ['m.login.recaptcha']);
    const done = await api(hs, 'POST', `${V3}/register`, { body: { auth: { type: 'm.login.dummy', session: first.session } } });
    assert.equal(done.status, 200, JSON.stringify(done.body));
    assert.equal(done.body.user_id, '@pia:localhost');
  });

  it('serves fallback pages for terms and registration token, and refuses unknown stages and sessions', async () => {
    const first = await beginRegistration(hs, { username: 'quinn', password: 'pw' });
    const termsUrl = `${V3}/auth/m.login.terms/fallback/web?session=${first.session}`;
    const terms = await loadForm(hs, termsUrl);
    assert.match(terms.page.body, /<label[^>]*for="accept"/);
    const post = (url: string, fields: Record<string, string>, f: { cookie: string; csrf: string }) =>
      api(hs, 'POST', url, { body: form({ ...fields, csrf_token: f.csrf }), headers: { ...FORM, Cookie: f.cookie } });
    assert.equal((await post(termsUrl, { accept: 'yes' }, terms)).status, 200);
    const tokenUrl = `${V3}/auth/m.login.registration_token/fallback/web?session=${first.session}`;
    const token = await loadForm(hs, tokenUrl, terms.cookie);
    assert.equal(token.csrf, terms.csrf, 'one browser session for the fallback pages');
    assert.match(token.page.body, /<label for="token">Registration token<\/label>/);
    assert.equal((await post(tokenUrl, { token: 'wrong' }, token)).status, 400);
    assert.equal((await post(tokenUrl, { token: 'sesame' }, token)).status, 200);
    const done = await api(hs, 'POST', `${V3}/register`, { body: { auth: { session: first.session } } });
    assert.equal(done.status, 200, JSON.stringify(done.body));
    assertError(await api(hs, 'GET', `${V3}/auth/m.login.bogus/fallback/web?session=${first.session}`), 404, 'M_UNKNOWN');
    assertError(await api(hs, 'GET', `${V3}/auth/m.login.terms/fallback/web`), 400, 'M_MISSING_PARAM');
    assert.equal((await api(hs, 'GET', `${V3}/auth/m.login.terms/fallback/web?session=__proto__`)).status, 400);
  });
});

describe('legacy auth: guests and guest upgrade', () => {
  let hs: RunningHomeserver;
  before(async () => {
    hs = await start({ auth: 'legacy' });
  });
  after(() => hs.close());

  it('registers a guest with kind=guest (through matrix-js-sdk registerGuest)', async () => {
    const client = createClient({ baseUrl: hs.url });
    const res = await client.registerGuest({ body: { initial_device_display_name: 'Guest browser' } });
    assert.match(res.user_id, /^@[0-9]+:localhost$/);
    assert.equal(res.device_id, 'guest_device');
    const who = await whoami(hs, res.access_token!);
    assert.equal(who.body.is_guest, true);
  });

  it('upgrades a guest to a full account with the same user ID', async () => {
    const guest = await api(hs, 'POST', `${V3}/register?kind=guest`, { body: {} });
    assert.equal(guest.status, 200);
    const localpart = guest.body.user_id.slice(1).split(':')[0];
    // Synapse refuses the guest's token in the Authorization header: it goes in the body.
    assertError(
      await api(hs, 'POST', `${V3}/register`, { token: guest.body.access_token, body: { username: localpart, password: 'pw' } }),
      400,
      'M_UNKNOWN',
    );
    const body = { username: localpart, password: 'upgraded pw', guest_access_token: guest.body.access_token };
    const first = await beginRegistration(hs, body);
    const done = await api(hs, 'POST', `${V3}/register`, { body: { ...body, auth: { type: 'm.login.dummy', session: first.session } } });
    assert.equal(done.status, 200, JSON.stringify(done.body));
    assert.equal(done.body.user_id, guest.body.user_id);
    assert.equal((await whoami(hs, done.body.access_token)).body.is_guest, false);
    // The guest's own token now belongs to a full account.
    assert.equal((await whoami(hs, guest.body.access_token)).body.is_guest, false);
    const login = await api(hs, 'POST', `${V3}/login`, {
      body: { type: 'm.login.password', identifier: { type: 'm.id.user', user: localpart }, password: 'upgraded pw' },
    });
    assert.equal(login.body.user_id, guest.body.user_id);
  });

  it("refuses to upgrade with another guest's token, and refuses numeric names without one", async () => {
    const one = await api(hs, 'POST', `${V3}/register?kind=guest`, { body: {} });
    const two = await api(hs, 'POST', `${V3}/register?kind=guest`, { body: {} });
    const localpartOne = one.body.user_id.slice(1).split(':')[0];
    assertError(
      await api(hs, 'POST', `${V3}/register`, { body: { username: localpartOne, password: 'pw', guest_access_token: two.body.access_token } }),
      403,
      'M_FORBIDDEN',
    );
    assertError(await api(hs, 'POST', `${V3}/register`, { body: { username: localpartOne, password: 'pw' } }), 400, 'M_INVALID_USERNAME');
  });

  it('keeps guests off routes they may not use', async () => {
    const guest = await api(hs, 'POST', `${V3}/register?kind=guest`, { body: {} });
    assertError(
      await api(hs, 'PUT', `${V3}/profile/${encodeURIComponent(guest.body.user_id)}/avatar_url`, {
        token: guest.body.access_token,
        body: { avatar_url: 'mxc://localhost/abc' },
      }),
      403,
      'M_GUEST_ACCESS_FORBIDDEN',
    );
    // Like Synapse: a guest cannot /logout (not a guest endpoint in the spec); its token stays valid.
    assertError(await api(hs, 'POST', `${V3}/logout`, { token: guest.body.access_token, body: {} }), 403, 'M_GUEST_ACCESS_FORBIDDEN');
    assertError(await api(hs, 'POST', `${V3}/logout/all`, { token: guest.body.access_token, body: {} }), 403, 'M_GUEST_ACCESS_FORBIDDEN');
    assert.equal((await whoami(hs, guest.body.access_token)).status, 200);
  });
});

describe('legacy auth: switched off', () => {
  it('refuses guests when guest access is off (Synapse: 403 M_UNKNOWN "Guest access is disabled")', async () => {
    const hs = await start({ auth: 'legacy', guests: false });
    try {
      assertError(await api(hs, 'POST', `${V3}/register?kind=guest`, { body: {} }), 403, 'M_UNKNOWN');
    } finally {
      await hs.close();
    }
  });

  it('refuses registration with 403 M_FORBIDDEN when it is disabled', async () => {
    const hs = await start({ auth: 'legacy', registration: false });
    try {
      assertError(await api(hs, 'POST', `${V3}/register`, { body: { username: 'rita', password: 'x' } }), 403, 'M_FORBIDDEN');
      assertError(await api(hs, 'GET', `${V3}/register/available?username=rita`), 403, 'M_FORBIDDEN');
      assertError(await api(hs, 'GET', '/_matrix/client/v1/register/m.login.registration_token/validity?token=letmein'), 403, 'M_FORBIDDEN');
      // Guest registration is a separate switch, as in Synapse.
      assert.equal((await api(hs, 'POST', `${V3}/register?kind=guest`, { body: {} })).status, 200);
    } finally {
      await hs.close();
    }
  });

  it('answers the legacy API as Synapse with delegated auth does on an OAuth-only server', async () => {
    const hs = await start({ auth: 'oauth' });
    try {
      assertError(await api(hs, 'GET', `${V3}/login`), 404, 'M_UNRECOGNIZED');
      assertError(await api(hs, 'POST', `${V3}/login`, { body: { type: 'm.login.password', user: 'x', password: 'y' } }), 404, 'M_UNRECOGNIZED');
      assertError(await api(hs, 'GET', `${V3}/login/sso/redirect?redirectUrl=http://localhost/`), 404, 'M_UNRECOGNIZED');
      assertError(await api(hs, 'POST', `${V3}/refresh`, { body: { refresh_token: 'x' } }), 404, 'M_UNRECOGNIZED');
      assertError(await api(hs, 'GET', `${V3}/register/available?username=x`), 404, 'M_UNRECOGNIZED');
      assertError(await api(hs, 'GET', `${V3}/auth/m.login.dummy/fallback/web?session=x`), 404, 'M_UNRECOGNIZED');
      // /register remains for application services only (Synapse's RegisterAppServiceOnlyRestServlet).
      assertError(await api(hs, 'POST', `${V3}/register`, { body: { username: 'sam', password: 'x' } }), 403, 'M_UNKNOWN');
      assertError(await api(hs, 'POST', `${V3}/register?kind=guest`, { body: {} }), 403, 'M_UNKNOWN');
      assertError(await api(hs, 'POST', `${V3}/register`, { body: {} }), 400, 'M_UNKNOWN');
    } finally {
      await hs.close();
    }
  });
});

describe('legacy auth: SSO login with m.login.token', () => {
  let hs: RunningHomeserver;
  before(async () => {
    hs = await start({ auth: 'legacy' });
    await registerUser(hs, 'sso', 'sso password');
  });
  after(() => hs.close());

  /** Follows /login/sso/redirect to the identity provider page; returns the page URL, cookie and session. */
  async function startSso(redirectUrl: string, idp = '') {
    const path = `${V3}/login/sso/redirect${idp ? `/${idp}` : ''}?redirectUrl=${encodeURIComponent(redirectUrl)}`;
    const res = await api(hs, 'GET', path);
    assert.equal(res.status, 302);
    const location = new URL(res.headers.get('location')!);
    assert.equal(location.origin, hs.url, 'the identity provider page is on the homeserver');
    const cookie = (res.headers.get('set-cookie') ?? '').split(';')[0];
    assert.match(cookie, /=/);
    return { location, cookie, session: location.searchParams.get('session')! };
  }

  it('redirects through the sign-in page back to redirectUrl with a single-use loginToken', async () => {
    const started = await startSso('http://localhost:9999/app/?x=1&loginToken=stale');
    const { location, session } = started;
    const { page, cookie, csrf } = await loadForm(hs, location.pathname + location.search, started.cookie);
    assert.equal(page.status, 200);
    assert.match(page.body, /<label for="username">Username<\/label>/);
    assert.match(page.body, /<label for="password">Password<\/label>/);
    assert.match(page.body, /localhost:9999/, 'the page names the site that will get access');
    const wrong = await api(hs, 'POST', location.pathname, {
      body: form({ session, username: 'sso', password: 'nope', csrf_token: csrf }),
      headers: { ...FORM, Cookie: cookie },
    });
    assert.equal(wrong.status, 403);
    assert.match(wrong.body, /Wrong username or password/);
    // Login CSRF: another site posting the attacker's credentials (the flow's cookie rides along) is refused.
    for (const bad of [{}, { csrf_token: 'x'.repeat(32) }] as Array<Record<string, string>>) {
      const forged = await api(hs, 'POST', location.pathname, {
        body: form({ session, username: 'sso', password: 'sso password', ...bad }),
        headers: { ...FORM, Cookie: cookie },
      });
      assert.equal(forged.status, 403);
      assert.match(forged.body, /This form expired or was not sent from this page/);
    }
    const done = await api(hs, 'POST', location.pathname, {
      body: form({ session, username: 'sso', password: 'sso password', csrf_token: csrf }),
      headers: { ...FORM, Cookie: cookie },
    });
    assert.equal(done.status, 303);
    const back = new URL(done.headers.get('location')!);
    assert.equal(back.origin + back.pathname, 'http://localhost:9999/app/');
    assert.equal(back.searchParams.get('x'), '1');
    assert.equal(back.searchParams.getAll('loginToken').length, 1);
    const loginToken = back.searchParams.get('loginToken')!;
    assert.notEqual(loginToken, 'stale');
    const client = createClient({ baseUrl: hs.url });
    const login = await client.loginRequest({ type: 'm.login.token', token: loginToken });
    assert.equal(login.user_id, '@sso:localhost');
    assertError(await api(hs, 'POST', `${V3}/login`, { body: { type: 'm.login.token', token: loginToken } }), 403, 'M_FORBIDDEN');
  });

  it('creates an account on first SSO sign-in, through the named identity provider', async () => {
    const started = await startSso('http://127.0.0.1:9999/cb', 'local');
    const { location, session } = started;
    const { cookie, csrf } = await loadForm(hs, location.pathname + location.search, started.cookie);
    const done = await api(hs, 'POST', location.pathname, {
      body: form({ session, username: 'Newcomer', password: 'fresh pw', csrf_token: csrf }),
      headers: { ...FORM, Cookie: cookie },
    });
    assert.equal(done.status, 303);
    const token = new URL(done.headers.get('location')!).searchParams.get('loginToken')!;
    const login = await api(hs, 'POST', `${V3}/login`, { body: { type: 'm.login.token', token } });
    assert.equal(login.body.user_id, '@newcomer:localhost');
  });

  it('refuses a sign-in from another browser, unknown providers, a missing redirectUrl and bad tokens', async () => {
    const { location, session } = await startSso('http://localhost:9999/cb');
    const noCookie = await api(hs, 'POST', location.pathname, { body: form({ session, username: 'sso', password: 'sso password' }), headers: FORM });
    assert.equal(noCookie.status, 403);
    assertError(await api(hs, 'GET', `${V3}/login/sso/redirect/github?redirectUrl=http://localhost/`), 404, 'M_NOT_FOUND');
    assertError(await api(hs, 'GET', `${V3}/login/sso/redirect`), 400, 'M_MISSING_PARAM');
    assertError(await api(hs, 'POST', `${V3}/login`, { body: { type: 'm.login.token', token: 'forged' } }), 403, 'M_FORBIDDEN');
    assertError(await api(hs, 'POST', `${V3}/login`, { body: { type: 'm.login.token' } }), 400, 'M_UNKNOWN');
    assert.equal((await api(hs, 'GET', `${location.pathname}?session=__proto__`)).status, 400);
  });
});
