/** Conformance of the profile API: GET /profile/{userId} and the displayname / avatar_url fields. */
import assert from 'node:assert/strict';
import { after, before, describe, it } from 'node:test';
import { createClient } from 'matrix-js-sdk';
import { api, assertError, registerUser, start, type RunningHomeserver } from './helpers.ts';

const V3 = '/_matrix/client/v3';
const profile = (userId: string, field = '') => `${V3}/profile/${encodeURIComponent(userId)}${field ? `/${field}` : ''}`;

describe('profile', () => {
  let hs: RunningHomeserver;
  let uma: Awaited<ReturnType<typeof registerUser>>;
  let vic: Awaited<ReturnType<typeof registerUser>>;
  before(async () => {
    hs = await start();
    uma = await registerUser(hs, 'uma');
    vic = await registerUser(hs, 'vic');
  });
  after(() => hs.close());

  it('starts with the localpart as display name (as Synapse), readable without a token', async () => {
    const res = await api(hs, 'GET', profile(uma.userId));
    assert.equal(res.status, 200);
    assert.deepEqual(res.body, { displayname: 'uma' });
    // Synapse answers an unset field with null.
    assert.deepEqual((await api(hs, 'GET', profile(uma.userId, 'avatar_url'))).body, { avatar_url: null });
  });

  it('sets and reads the display name and avatar through matrix-js-sdk', async () => {
    const client = createClient({ baseUrl: hs.url, accessToken: uma.accessToken, userId: uma.userId });
    await client.setDisplayName('Uma Thurman');
    await client.setAvatarUrl('mxc://localhost/avatar1');
    const info = await client.getProfileInfo(uma.userId);
    assert.deepEqual(info, { displayname: 'Uma Thurman', avatar_url: 'mxc://localhost/avatar1' });
    assert.deepEqual((await api(hs, 'GET', profile(uma.userId, 'displayname'))).body, { displayname: 'Uma Thurman' });
    assert.deepEqual((await api(hs, 'GET', profile(uma.userId, 'avatar_url'))).body, { avatar_url: 'mxc://localhost/avatar1' });
  });

  it('clears a field with an empty string or DELETE; a profile with no fields is 404', async () => {
    const put = await api(hs, 'PUT', profile(vic.userId, 'displayname'), { token: vic.accessToken, body: { displayname: '' } });
    assert.equal(put.status, 200);
    assert.deepEqual(put.body, {});
    assert.deepEqual((await api(hs, 'GET', profile(vic.userId, 'displayname'))).body, { displayname: null });
    assertError(await api(hs, 'GET', profile(vic.userId)), 404, 'M_NOT_FOUND');
    await api(hs, 'PUT', profile(vic.userId, 'avatar_url'), { token: vic.accessToken, body: { avatar_url: 'mxc://localhost/v' } });
    assert.deepEqual((await api(hs, 'GET', profile(vic.userId))).body, { avatar_url: 'mxc://localhost/v' });
    assert.equal((await api(hs, 'DELETE', profile(vic.userId, 'avatar_url'), { token: vic.accessToken })).status, 200);
    assertError(await api(hs, 'GET', profile(vic.userId)), 404, 'M_NOT_FOUND');
  });

  it('answers unknown users with 404 M_NOT_FOUND and non-user IDs with M_INVALID_PARAM', async () => {
    assertError(await api(hs, 'GET', profile('@nobody:localhost')), 404, 'M_NOT_FOUND');
    assertError(await api(hs, 'GET', profile('@nobody:localhost', 'displayname')), 404, 'M_NOT_FOUND');
    assertError(await api(hs, 'GET', profile('@__proto__:localhost', 'displayname')), 404, 'M_NOT_FOUND');
    assertError(await api(hs, 'GET', profile('not-a-user-id')), 400, 'M_INVALID_PARAM');
  });

  it("refuses to change someone else's profile, and needs a token", async () => {
    // Synapse answers 400 with M_FORBIDDEN here (the spec describes 403); the errcode is what clients check.
    assertError(
      await api(hs, 'PUT', profile(vic.userId, 'displayname'), { token: uma.accessToken, body: { displayname: 'Hacked' } }),
      400,
      'M_FORBIDDEN',
    );
    assert.notEqual(hs.hs.store.data.users[vic.userId].displayname, 'Hacked');
    assertError(await api(hs, 'PUT', profile(uma.userId, 'displayname'), { body: { displayname: 'x' } }), 401, 'M_MISSING_TOKEN');
    const bad = await api(hs, 'PUT', profile(uma.userId, 'displayname'), { token: 'nope', body: { displayname: 'x' } });
    assertError(bad, 401, 'M_UNKNOWN_TOKEN');
    assert.equal(bad.body.soft_logout, false);
  });

  it('validates the new value', async () => {
    const put = (field: string, body: unknown, headers?: Record<string, string>) =>
      api(hs, 'PUT', profile(uma.userId, field), { token: uma.accessToken, body, headers });
    assertError(await put('displayname', {}), 400, 'M_MISSING_PARAM');
    assertError(await put('displayname', { displayname: 42 }), 400, 'M_INVALID_PARAM');
    assertError(await put('displayname', { displayname: null }), 400, 'M_INVALID_PARAM');
    assertError(await put('displayname', { displayname: 'x'.repeat(257) }), 400, 'M_UNKNOWN');
    assertError(await put('avatar_url', { avatar_url: 'x'.repeat(1001) }), 400, 'M_UNKNOWN');
    assertError(await put('displayname', '{"displayname":', { 'Content-Type': 'application/json' }), 400, 'M_NOT_JSON');
    assertError(await put('displayname', '"just a string"', { 'Content-Type': 'application/json' }), 400, 'M_BAD_JSON');
    // Display names are trimmed, as Synapse does.
    assert.equal((await put('displayname', { displayname: '  Uma  ' })).status, 200);
    assert.deepEqual((await api(hs, 'GET', profile(uma.userId, 'displayname'))).body, { displayname: 'Uma' });
  });

  it('lets a guest set its display name but not its avatar', async () => {
    const guest = await api(hs, 'POST', `${V3}/register?kind=guest`, { body: {} });
    const name = await api(hs, 'PUT', profile(guest.body.user_id, 'displayname'), { token: guest.body.access_token, body: { displayname: 'Visitor' } });
    assert.equal(name.status, 200);
    assert.deepEqual((await api(hs, 'GET', profile(guest.body.user_id))).body, { displayname: 'Visitor' });
    assertError(
      await api(hs, 'PUT', profile(guest.body.user_id, 'avatar_url'), { token: guest.body.access_token, body: { avatar_url: 'mxc://localhost/g' } }),
      403,
      'M_GUEST_ACCESS_FORBIDDEN',
    );
  });
});
