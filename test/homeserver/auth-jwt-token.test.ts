/**
 * Conformance of the host-page sign-in types: `org.matrix.login.jwt` (HS256, Synapse's jwt_config: `sub` is the
 * localpart, unknown users are created) and one-time `m.login.token`s from `POST /_matrix/client/v1/login/get_token`.
 */
import assert from 'node:assert/strict';
import { createHmac } from 'node:crypto';
import { after, before, describe, it } from 'node:test';
import { api, assertError, registerUser, start, type RunningHomeserver } from './helpers.ts';

const V3 = '/_matrix/client/v3';
const SECRET = 'matrix-embed-test-jwt-secret';
const b64 = (v: unknown) => Buffer.from(JSON.stringify(v)).toString('base64url');

function jwt(claims: Record<string, unknown>, opts: { secret?: string; alg?: string } = {}): string {
  const head = `${b64({ alg: opts.alg ?? 'HS256', typ: 'JWT' })}.${b64(claims)}`;
  return `${head}.${createHmac('sha256', opts.secret ?? SECRET).update(head).digest('base64url')}`;
}
const inAMinute = () => Math.floor(Date.now() / 1000) + 60;

describe('org.matrix.login.jwt', () => {
  let hs: RunningHomeserver;
  before(async () => {
    hs = await start();
  });
  after(() => hs.close());

  it('signs in a new user named by sub, creating the account, and the same account next time', async () => {
    const first = await api(hs, 'POST', `${V3}/login`, { body: { type: 'org.matrix.login.jwt', token: jwt({ sub: 'wpuser42', exp: inAMinute() }) } });
    assert.equal(first.status, 200, JSON.stringify(first.body));
    assert.equal(first.body.user_id, '@wpuser42:localhost');
    const who = await api(hs, 'GET', `${V3}/account/whoami`, { token: first.body.access_token });
    assert.equal(who.body.user_id, '@wpuser42:localhost');
    const again = await api(hs, 'POST', `${V3}/login`, { body: { type: 'org.matrix.login.jwt', token: jwt({ sub: 'wpuser42' }) } });
    assert.equal(again.status, 200);
    assert.equal(again.body.user_id, '@wpuser42:localhost');
    assert.notEqual(again.body.device_id, first.body.device_id);
  });

  it('refuses a bad signature, another alg, an expired exp, a missing sub and garbage with 403 M_FORBIDDEN', async () => {
    const bad = [
      jwt({ sub: 'mallory' }, { secret: 'not the secret' }),
      jwt({ sub: 'mallory' }, { alg: 'none' }).split('.').slice(0, 2).join('.') + '.',
      jwt({ sub: 'mallory' }, { alg: 'HS512' }),
      jwt({ sub: 'mallory', exp: Math.floor(Date.now() / 1000) - 10 }),
      jwt({ sub: 'mallory', nbf: inAMinute() }),
      jwt({ exp: inAMinute() }),
      'not.a.jwt',
      'garbage',
    ];
    for (const token of bad) {
      assertError(await api(hs, 'POST', `${V3}/login`, { body: { type: 'org.matrix.login.jwt', token } }), 403, 'M_FORBIDDEN');
    }
    assertError(await api(hs, 'POST', `${V3}/login`, { body: { type: 'org.matrix.login.jwt' } }), 403, 'M_FORBIDDEN');
    // None of them created the account.
    const profile = await api(hs, 'GET', `${V3}/profile/${encodeURIComponent('@mallory:localhost')}`);
    assert.equal(profile.status, 404);
  });
});

describe('m.login.token from login/get_token', () => {
  let hs: RunningHomeserver;
  before(async () => {
    hs = await start();
  });
  after(() => hs.close());

  it('issues a short-lived token to a signed-in user that signs in once on a new device', async () => {
    const alice = await registerUser(hs, 'alice');
    assertError(await api(hs, 'POST', '/_matrix/client/v1/login/get_token', { body: {} }), 401, 'M_MISSING_TOKEN');
    const issued = await api(hs, 'POST', '/_matrix/client/v1/login/get_token', { token: alice.accessToken, body: {} });
    assert.equal(issued.status, 200, JSON.stringify(issued.body));
    assert.equal(typeof issued.body.login_token, 'string');
    assert.ok(issued.body.expires_in_ms > 0 && issued.body.expires_in_ms <= 5 * 60_000);
    const login = await api(hs, 'POST', `${V3}/login`, { body: { type: 'm.login.token', token: issued.body.login_token } });
    assert.equal(login.status, 200);
    assert.equal(login.body.user_id, alice.userId);
    assert.notEqual(login.body.device_id, alice.deviceId);
    assertError(await api(hs, 'POST', `${V3}/login`, { body: { type: 'm.login.token', token: issued.body.login_token } }), 403, 'M_FORBIDDEN');
  });
});
