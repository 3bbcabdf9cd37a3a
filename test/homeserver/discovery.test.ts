import assert from 'node:assert/strict';
import { after, before, describe, it } from 'node:test';
import { api, assertError, start, type RunningHomeserver } from './helpers.ts';

describe('discovery and the HTTP layer', () => {
  let hs: RunningHomeserver;
  before(async () => {
    hs = await start();
  });
  after(() => hs.close());

  it('serves /.well-known/matrix/client pointing at itself', async () => {
    const res = await api(hs, 'GET', '/.well-known/matrix/client');
    assert.equal(res.status, 200);
    assert.equal(res.body['m.homeserver'].base_url, hs.url);
  });

  it('advertises spec versions up to v1.15', async () => {
    const res = await api(hs, 'GET', '/_matrix/client/versions');
    assert.equal(res.status, 200);
    assert.ok(res.body.versions.includes('v1.15'));
    assert.ok(res.body.versions.includes('v1.11'));
    assert.equal(typeof res.body.unstable_features, 'object');
  });

  it('answers CORS preflights and puts CORS headers on every response', async () => {
    const pre = await api(hs, 'OPTIONS', '/_matrix/client/v3/login', {
      headers: { Origin: 'http://example.test', 'Access-Control-Request-Method': 'POST' },
    });
    assert.equal(pre.status, 204);
    assert.equal(pre.headers.get('access-control-allow-origin'), '*');
    assert.match(pre.headers.get('access-control-allow-headers') ?? '', /Authorization/);
    const missing = await api(hs, 'GET', '/_matrix/client/v3/no/such/route');
    assert.equal(missing.headers.get('access-control-allow-origin'), '*');
  });

  it('answers unknown routes with 404 M_UNRECOGNIZED and wrong methods with 405 M_UNRECOGNIZED', async () => {
    assertError(await api(hs, 'GET', '/_matrix/client/v3/no/such/route'), 404, 'M_UNRECOGNIZED');
    assertError(await api(hs, 'DELETE', '/_matrix/client/versions'), 405, 'M_UNRECOGNIZED');
  });

  it('requires a token for whoami and capabilities', async () => {
    assertError(await api(hs, 'GET', '/_matrix/client/v3/account/whoami'), 401, 'M_MISSING_TOKEN');
    assertError(await api(hs, 'GET', '/_matrix/client/v3/capabilities', { token: 'nope' }), 401, 'M_UNKNOWN_TOKEN');
  });

  it('answers /voip/turnServer with an empty object, as Synapse does without TURN', async () => {
    assertError(await api(hs, 'GET', '/_matrix/client/v3/voip/turnServer'), 401, 'M_MISSING_TOKEN');
    const store = hs.hs.store;
    store.data.users['@turn:localhost'] = { userId: '@turn:localhost', localpart: 'turn', guest: false, createdAt: 0 };
    const token = store.issueToken('@turn:localhost');
    const res = await api(hs, 'GET', '/_matrix/client/v3/voip/turnServer', { token: token.accessToken });
    assert.equal(res.status, 200);
    assert.deepEqual(res.body, {});
  });

  it('reports an expired token as soft logout', async () => {
    const store = hs.hs.store;
    store.data.users['@exp:localhost'] = { userId: '@exp:localhost', localpart: 'exp', guest: false, createdAt: 0 };
    const token = store.issueToken('@exp:localhost', { refresh: true, lifetimeMs: 1 });
    await new Promise((r) => setTimeout(r, 5));
    const res = await api(hs, 'GET', '/_matrix/client/v3/account/whoami', { token: token.accessToken });
    assertError(res, 401, 'M_UNKNOWN_TOKEN');
    assert.equal(res.body.soft_logout, true);
  });

  it('survives a malformed request line without crashing', async () => {
    const net = await import('node:net');
    const port = new URL(hs.url).port;
    const reply = await new Promise<string>((resolve) => {
      const sock = net.connect(Number(port), '127.0.0.1', () => sock.write('GARBAGE \x00\x01 nonsense\r\n\r\n'));
      let data = '';
      sock.on('data', (d) => (data += d));
      sock.on('close', () => resolve(data));
    });
    assert.match(reply, /^HTTP\/1\.1 400/);
    const ok = await api(hs, 'GET', '/_matrix/client/versions');
    assert.equal(ok.status, 200);
  });
});
