/**
 * The fault proxy (dev/fault-proxy.ts) in front of our own homeserver as the upstream: it forwards everything
 * as it is (bodies both ways, a long-polling /sync, the upstream's headers), and answers the same /_dev fault
 * controls, whose faults act between the client and the upstream.
 */
import assert from 'node:assert/strict';
import { randomBytes } from 'node:crypto';
import { after, afterEach, before, describe, it } from 'node:test';
import { startFaultProxy, type FaultProxy } from '../../dev/fault-proxy.ts';
import { api, assertError, freshRequest, start, type RunningHomeserver } from './helpers.ts';
import { enc, makeUser, v3, type TestUser } from './room-helpers.ts';

const VERSIONS = '/_matrix/client/versions';
const sleep = (ms: number) => new Promise((r) => setTimeout(r, ms));

describe('fault proxy', () => {
  let upstream: RunningHomeserver;
  let proxy: FaultProxy;
  let alice: TestUser;
  let room: string;
  before(async () => {
    upstream = await start();
    proxy = await startFaultProxy({ upstream: upstream.url });
    alice = makeUser(upstream, 'alice');
    const created = await api(proxy.url, 'POST', v3('/createRoom'), { token: alice.accessToken, body: { name: 'through the proxy' } });
    assert.equal(created.status, 200, JSON.stringify(created.body));
    room = created.body.room_id;
  });
  after(async () => {
    await proxy.close();
    await upstream.close();
  });
  afterEach(async () => {
    assert.equal((await api(proxy.url, 'POST', '/_dev/faults/reset', { body: {} })).status, 200);
  });

  const messages = (body: string) =>
    upstream.hs.store.room(room)!.timeline.filter((s) => s.event.type === 'm.room.message' && s.event.content.body === body);

  describe('forwarding', () => {
    it('listens on 127.0.0.1 and forwards answers with the upstream\'s status, body and CORS headers', async () => {
      assert.match(proxy.url, /^http:\/\/127\.0\.0\.1:\d+$/);
      const direct = await api(upstream, 'GET', VERSIONS);
      const via = await api(proxy.url, 'GET', VERSIONS);
      assert.equal(via.status, 200);
      assert.deepEqual(via.body, direct.body);
      for (const h of ['access-control-allow-origin', 'access-control-allow-headers', 'access-control-expose-headers', 'content-type']) {
        assert.equal(via.headers.get(h), direct.headers.get(h), h);
      }
      // Errors and preflights are the upstream's too.
      assertError(await api(proxy.url, 'GET', v3('/account/whoami')), 401, 'M_MISSING_TOKEN');
      assertError(await api(proxy.url, 'GET', '/_matrix/client/v3/nope'), 404, 'M_UNRECOGNIZED');
      const pre = await api(proxy.url, 'OPTIONS', v3('/sync'), { headers: { Origin: 'http://example.test', 'Access-Control-Request-Method': 'GET' } });
      assert.equal(pre.status, 204);
      assert.equal(pre.headers.get('access-control-allow-origin'), '*');
    });

    it('streams request and response bodies both ways (a 3 MB upload and its download)', async () => {
      const bytes = randomBytes(3 * 1024 * 1024);
      const up = await fetch(`${proxy.url}/_matrix/media/v3/upload?filename=big.bin`, {
        method: 'POST',
        headers: { Authorization: `Bearer ${alice.accessToken}`, 'Content-Type': 'application/octet-stream' },
        body: bytes,
      });
      assert.equal(up.status, 200);
      const { content_uri } = (await up.json()) as { content_uri: string };
      const [, serverName, mediaId] = /^mxc:\/\/([^/]+)\/(.+)$/.exec(content_uri)!;
      const down = await fetch(`${proxy.url}/_matrix/client/v1/media/download/${serverName}/${mediaId}`, {
        headers: { Authorization: `Bearer ${alice.accessToken}` },
      });
      assert.equal(down.status, 200);
      assert.ok(Buffer.from(await down.arrayBuffer()).equals(bytes));
    });

    it('holds a long-polling /sync open and delivers what arrives upstream', async () => {
      const first = await api(proxy.url, 'GET', v3('/sync'), { token: alice.accessToken });
      const t0 = Date.now();
      const polling = api(proxy.url, 'GET', v3(`/sync?since=${enc(first.body.next_batch)}&timeout=10000`), { token: alice.accessToken });
      await sleep(300);
      // Sent straight to the upstream: only the long poll goes through the proxy.
      const sent = await api(upstream, 'PUT', v3(`/rooms/${enc(room)}/send/m.room.message/lp-1`), {
        token: alice.accessToken,
        body: { msgtype: 'm.text', body: 'woke the long poll' },
      });
      const synced = await polling;
      assert.equal(synced.status, 200);
      assert.ok(Date.now() - t0 >= 300 && Date.now() - t0 < 5000, `answered after ${Date.now() - t0} ms`);
      const events = synced.body.rooms.join[room].timeline.events;
      assert.ok(events.some((e: { event_id: string }) => e.event_id === sent.body.event_id));
    });

    it('answers 502 with CORS headers while the upstream is down', async () => {
      assert.equal((await api(upstream, 'POST', '/_dev/restart', { body: { downMs: 500 } })).status, 200);
      await sleep(100);
      const res = await api(proxy.url, 'GET', VERSIONS);
      assertError(res, 502, 'M_UNKNOWN');
      assert.equal(res.headers.get('access-control-allow-origin'), '*');
      let back = 0;
      for (let i = 0; i < 60 && back !== 200; i++) {
        await sleep(50);
        back = (await api(proxy.url, 'GET', VERSIONS)).status;
      }
      assert.equal(back, 200);
    });

    it('refuses an upstream that is not a loopback http: origin', async () => {
      await assert.rejects(startFaultProxy({ upstream: 'http://matrix.org' }), /on this machine/);
      await assert.rejects(startFaultProxy({ upstream: 'https://127.0.0.1:8448' }), /must be http:/);
      await assert.rejects(startFaultProxy({ upstream: 'http://127.0.0.1:8008/prefix' }), /without a path/);
      await assert.rejects(startFaultProxy({ upstream: 'not a url' }), /must be a URL/);
    });
  });

  describe('fault controls', () => {
    it('answers /_dev itself, with CORS headers and preflights, and never forwards it', async () => {
      const pre = await api(proxy.url, 'OPTIONS', '/_dev/fail', { headers: { Origin: 'http://example.test', 'Access-Control-Request-Method': 'POST' } });
      assert.equal(pre.status, 204);
      assert.equal(pre.headers.get('access-control-allow-origin'), '*');
      const set = await api(proxy.url, 'POST', '/_dev/fail', { body: { status: 500, paths: 'versions' } });
      assert.equal(set.status, 200);
      assert.equal(set.headers.get('access-control-allow-origin'), '*');
      const list = await api(proxy.url, 'GET', '/_dev/faults');
      assert.deepEqual(list.body.rules.map((r: { kind: string }) => r.kind), ['fail']);
      assert.deepEqual((await api(upstream, 'GET', '/_dev/faults')).body.rules, [], 'the upstream has no rule');
      assert.equal((await api(proxy.url, 'DELETE', `/_dev/faults/${set.body.id}`)).status, 200);
      assertError(await api(proxy.url, 'DELETE', `/_dev/faults/${set.body.id}`), 404, 'M_NOT_FOUND');
      // Homeserver-only controls need the server's data: the proxy does not have them.
      assertError(await api(proxy.url, 'POST', '/_dev/expire-tokens', { body: { userId: alice.userId } }), 404, 'M_UNRECOGNIZED');
      assertError(await api(proxy.url, 'POST', `/_dev/rooms/${enc(room)}/inject`, { body: { type: 'x' } }), 404, 'M_UNRECOGNIZED');
      assert.equal((await api(proxy.url, 'GET', v3('/account/whoami'), { token: alice.accessToken })).status, 200);
      // The same validation as the homeserver's.
      assertError(await api(proxy.url, 'POST', '/_dev/fail', { body: { status: 200 } }), 400, 'M_INVALID_PARAM');
      assertError(await api(proxy.url, 'POST', '/_dev/drop', { body: { paths: '(' } }), 400, 'M_INVALID_PARAM');
    });

    it('delays, fails and rate-limits matching requests before they reach the upstream', async () => {
      await api(proxy.url, 'POST', '/_dev/delay', { body: { ms: 300, paths: 'versions', count: 1 } });
      const t0 = Date.now();
      assert.equal((await api(proxy.url, 'GET', VERSIONS)).status, 200);
      assert.ok(Date.now() - t0 >= 280, `delayed ${Date.now() - t0} ms`);
      await api(proxy.url, 'POST', '/_dev/fail', { body: { status: 503, paths: '/send/' } });
      const put = (txn: string, body: string) =>
        api(proxy.url, 'PUT', v3(`/rooms/${enc(room)}/send/m.room.message/${txn}`), { token: alice.accessToken, body: { msgtype: 'm.text', body } });
      assertError(await put('f-1', 'failed at the proxy'), 503, 'M_UNKNOWN');
      assert.equal(messages('failed at the proxy').length, 0, 'the upstream never saw it');
      await api(proxy.url, 'POST', '/_dev/rate-limit', { body: { ms: 500, retryAfterMs: 2000, paths: '/send/' } });
      const limited = await put('f-2', 'limited at the proxy');
      assertError(limited, 429, 'M_LIMIT_EXCEEDED');
      assert.equal(limited.body.retry_after_ms, 2000);
      assert.equal(limited.headers.get('retry-after'), '2');
      await sleep(550);
      assert.equal((await put('f-2', 'limited at the proxy')).status, 200);
      assert.equal(messages('limited at the proxy').length, 1);
    });

    it('rate-limits a seeded fraction the same way as the homeserver', async () => {
      const storm = { ms: 2000, fraction: 0.7, seed: 42, paths: 'versions' };
      const pattern = async (base: string) => {
        await api(base, 'POST', '/_dev/faults/reset', { body: {} });
        await api(base, 'POST', '/_dev/rate-limit', { body: storm });
        const out: number[] = [];
        for (let i = 0; i < 20; i++) out.push((await api(base, 'GET', VERSIONS)).status);
        await api(base, 'POST', '/_dev/faults/reset', { body: {} });
        return out;
      };
      const viaProxy = await pattern(proxy.url);
      assert.ok(viaProxy.includes(429) && viaProxy.includes(200), String(viaProxy));
      assert.deepEqual(await pattern(upstream.url), viaProxy);
    });

    it('drops a request without forwarding it', async () => {
      await api(proxy.url, 'POST', '/_dev/drop', { body: { paths: '/send/' } });
      const url = proxy.url + v3(`/rooms/${enc(room)}/send/m.room.message/d-1`);
      const body = { msgtype: 'm.text', body: 'dropped at the proxy' };
      assert.equal(await freshRequest(url, { method: 'PUT', token: alice.accessToken, body }), 'network-error');
      assert.equal(messages(body.body).length, 0);
    });

    it('drop-answer: the upstream applies the send exactly once, the client gets no answer', async () => {
      await api(proxy.url, 'POST', '/_dev/drop-answer', { body: { paths: '/send/', method: 'PUT' } });
      const url = proxy.url + v3(`/rooms/${enc(room)}/send/m.room.message/da-1`);
      const body = { msgtype: 'm.text', body: 'applied upstream, answer lost' };
      assert.equal(await freshRequest(url, { method: 'PUT', token: alice.accessToken, body }), 'network-error');
      assert.equal(messages(body.body).length, 1, 'applied upstream');
      const again = await freshRequest(url, { method: 'PUT', token: alice.accessToken, body });
      assert.ok(typeof again === 'object' && again.status === 200);
      assert.equal(again.body.event_id, messages(body.body)[0].event.event_id);
      assert.equal(messages(body.body).length, 1, 'exactly once');
    });

    it('a timed drop is the network going down: a long-polling /sync is cut, new requests fail, then all works', async () => {
      const first = await api(proxy.url, 'GET', v3('/sync'), { token: alice.accessToken });
      const polling = freshRequest(proxy.url + v3(`/sync?since=${enc(first.body.next_batch)}&timeout=10000`), { token: alice.accessToken });
      await sleep(200);
      // The upstream's long-polling waiters (a private field: what the upstream holds open for us).
      const waiting = () => (upstream.hs.store as unknown as { waiters: Set<unknown> }).waiters.size;
      assert.equal(waiting(), 1, 'the long poll waits upstream');
      const t0 = Date.now();
      await api(proxy.url, 'POST', '/_dev/drop', { body: { ms: 400 } });
      assert.equal(await polling, 'network-error');
      assert.ok(Date.now() - t0 < 1000, 'cut at once');
      await sleep(100);
      assert.equal(waiting(), 0, 'and the proxy released the upstream request too');
      assert.equal(await freshRequest(proxy.url + VERSIONS), 'network-error');
      assert.equal(await freshRequest(proxy.url + VERSIONS, { method: 'OPTIONS' }), 'network-error');
      await sleep(450);
      assert.equal((await api(proxy.url, 'GET', VERSIONS)).status, 200);
    });

    it('restart: the proxy refuses connections for downMs and then forwards again; the upstream keeps running', async () => {
      const downMs = 600;
      const t0 = Date.now();
      assert.equal((await api(proxy.url, 'POST', '/_dev/restart', { body: { downMs } })).status, 200);
      let refusedUntil = 0;
      let upAt = 0;
      while (Date.now() - t0 < downMs + 3000) {
        const r = await freshRequest(proxy.url + VERSIONS);
        if (r === 'refused') refusedUntil = Date.now() - t0;
        else if (typeof r === 'object' && r.status === 200) {
          upAt = Date.now() - t0;
          break;
        } else assert.fail(`while restarting: ${JSON.stringify(r)}`);
        await sleep(25);
      }
      assert.ok(refusedUntil >= downMs - 100, `refused until ${refusedUntil} ms of ${downMs}`);
      assert.ok(upAt > 0 && upAt < downMs + 1000, `up again after ${upAt} ms`);
      assert.equal((await api(upstream, 'GET', VERSIONS)).status, 200);
      assert.equal((await api(proxy.url, 'GET', v3('/account/whoami'), { token: alice.accessToken })).body.user_id, alice.userId);
    });
  });
});
