/**
 * Conformance of the end-to-end key endpoints a client calls before its first sync (Hydrogen does, with olm):
 * device and one-time key upload with their counts, query, claim (each one-time key once, then the fallback
 * key), no key backup, and to-device messages accepted.
 */
import assert from 'node:assert/strict';
import { after, before, describe, it } from 'node:test';
import { api, assertError, registerUser, start, type RunningHomeserver } from './helpers.ts';

const V3 = '/_matrix/client/v3';

describe('keys', () => {
  let hs: RunningHomeserver;
  let ana: Awaited<ReturnType<typeof registerUser>>;
  let bo: Awaited<ReturnType<typeof registerUser>>;
  before(async () => {
    hs = await start();
    ana = await registerUser(hs, 'ana');
    bo = await registerUser(hs, 'bo');
  });
  after(() => hs.close());

  const deviceKeys = () => ({
    user_id: ana.userId, device_id: ana.deviceId, algorithms: ['m.olm.v1.curve25519-aes-sha2', 'm.megolm.v1.aes-sha2'],
    keys: { [`curve25519:${ana.deviceId}`]: 'curve', [`ed25519:${ana.deviceId}`]: 'ed' }, signatures: {},
  });

  it('uploads device and one-time keys and counts them per algorithm (Synapse\'s answer shape)', async () => {
    const res = await api(hs, 'POST', `${V3}/keys/upload`, {
      token: ana.accessToken,
      body: { device_keys: deviceKeys(), one_time_keys: { 'signed_curve25519:A': { key: 'a' }, 'signed_curve25519:B': { key: 'b' } }, fallback_keys: { 'signed_curve25519:F': { key: 'f', fallback: true } } },
    });
    assert.equal(res.status, 200, JSON.stringify(res.body));
    assert.deepEqual(res.body, { one_time_key_counts: { signed_curve25519: 2 } });
    const again = await api(hs, 'POST', `${V3}/keys/upload`, { token: ana.accessToken, body: {} });
    assert.deepEqual(again.body, { one_time_key_counts: { signed_curve25519: 2 } }, 'an empty upload reports the counts');
  });

  it('refuses device keys for another user or device, and a missing token', async () => {
    assertError(await api(hs, 'POST', `${V3}/keys/upload`, { token: bo.accessToken, body: { device_keys: deviceKeys() } }), 400, 'M_INVALID_PARAM');
    assertError(await api(hs, 'POST', `${V3}/keys/upload`, { body: {} }), 401, 'M_MISSING_TOKEN');
  });

  it('another user queries the device keys, and claims each one-time key once, then the fallback key', async () => {
    const q = await api(hs, 'POST', `${V3}/keys/query`, { token: bo.accessToken, body: { device_keys: { [ana.userId]: [] } } });
    assert.equal(q.status, 200);
    assert.deepEqual(q.body.device_keys[ana.userId][ana.deviceId], deviceKeys());
    const claim = async () => (await api(hs, 'POST', `${V3}/keys/claim`, {
      token: bo.accessToken, body: { one_time_keys: { [ana.userId]: { [ana.deviceId]: 'signed_curve25519' } } },
    })).body.one_time_keys[ana.userId]?.[ana.deviceId];
    const first = Object.keys(await claim());
    const second = Object.keys(await claim());
    assert.equal(new Set([...first, ...second]).size, 2, 'two different one-time keys');
    assert.deepEqual(await claim(), { 'signed_curve25519:F': { key: 'f', fallback: true } }, 'then the fallback key, again and again');
    assert.deepEqual(await claim(), { 'signed_curve25519:F': { key: 'f', fallback: true } });
    const counts = await api(hs, 'POST', `${V3}/keys/upload`, { token: ana.accessToken, body: {} });
    assert.deepEqual(counts.body, { one_time_key_counts: {} });
  });

  it('has no key backup (404 M_NOT_FOUND), no key changes, and accepts to-device messages', async () => {
    assertError(await api(hs, 'GET', `${V3}/room_keys/version`, { token: ana.accessToken }), 404, 'M_NOT_FOUND');
    assert.deepEqual((await api(hs, 'GET', `${V3}/keys/changes?from=s0&to=s1`, { token: ana.accessToken })).body, { changed: [], left: [] });
    const td = await api(hs, 'PUT', `${V3}/sendToDevice/m.room_key_request/t1`, { token: ana.accessToken, body: { messages: {} } });
    assert.equal(td.status, 200);
    assert.deepEqual(td.body, {});
  });
});
