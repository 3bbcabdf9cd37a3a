/**
 * The faults the resilience work needs (issue 9): an answer lost after the server applied the request, 429 and
 * 5xx storms that last a time or hit a seeded fraction, soft logout of one device, a restart that refuses
 * connections and keeps every piece of data, and transaction-ID dedupe per device like a v1.7+ server.
 */
import assert from 'node:assert/strict';
import { connect } from 'node:net';
import { after, afterEach, before, describe, it } from 'node:test';
import { api, assertError, freshRequest, registerUser, start, type RunningHomeserver } from './helpers.ts';
import { createRoom, enc, join, makeUser, newDevice, v3, type TestUser } from './room-helpers.ts';

const VERSIONS = '/_matrix/client/versions';
const WHOAMI = v3('/account/whoami');
const sleep = (ms: number) => new Promise((r) => setTimeout(r, ms));

describe('resilience faults', () => {
  let hs: RunningHomeserver;
  let alice: TestUser;
  let bob: TestUser;
  let room: string;
  before(async () => {
    hs = await start();
    alice = makeUser(hs, 'alice');
    bob = makeUser(hs, 'bob');
    room = await createRoom(hs, alice, { preset: 'public_chat' });
  });
  after(() => hs.close());
  afterEach(async () => {
    assert.equal((await api(hs, 'POST', '/_dev/faults/reset', { body: {} })).status, 200);
  });

  /** The bodies of the room's m.room.message events equal to `body`, as the server stored them. */
  const stored = (body: string) =>
    hs.hs.store.room(room)!.timeline.filter((s) => s.event.type === 'm.room.message' && s.event.content.body === body);

  describe('drop-answer', () => {
    it('applies a send, then closes the connection without an answer; the resend gets the same event', async () => {
      const set = await api(hs, 'POST', '/_dev/drop-answer', { body: { paths: '/send/', method: 'PUT' } });
      assert.equal(set.status, 200);
      const url = hs.url + v3(`/rooms/${enc(room)}/send/m.room.message/lost-answer-1`);
      const body = { msgtype: 'm.text', body: 'applied but unanswered' };
      assert.equal(await freshRequest(url, { method: 'PUT', token: alice.accessToken, body }), 'network-error');
      assert.equal(stored(body.body).length, 1, 'the server applied the send');
      // The rule is used up; resending with the same transaction ID is answered with the stored event.
      assert.deepEqual((await api(hs, 'GET', '/_dev/faults')).body.rules, []);
      const again = await freshRequest(url, { method: 'PUT', token: alice.accessToken, body });
      assert.ok(typeof again === 'object' && again.status === 200, JSON.stringify(again));
      assert.equal(again.body.event_id, stored(body.body)[0].event.event_id);
      assert.equal(stored(body.body).length, 1, 'exactly once');
    });

    it('applies a join whose answer is lost', async () => {
      await api(hs, 'POST', '/_dev/drop-answer', { body: { paths: '/join/' } });
      const res = await freshRequest(hs.url + v3(`/join/${enc(room)}`), { method: 'POST', token: bob.accessToken, body: {} });
      assert.equal(res, 'network-error');
      assert.equal(hs.hs.store.membership(hs.hs.store.room(room)!, bob.userId), 'join');
    });

    it('affects `count` requests and leaves other paths and methods alone', async () => {
      await api(hs, 'POST', '/_dev/drop-answer', { body: { count: 2, paths: 'versions', method: 'GET' } });
      const other = await freshRequest(hs.url + '/.well-known/matrix/client');
      assert.ok(typeof other === 'object' && other.status === 200);
      const post = await freshRequest(hs.url + VERSIONS, { method: 'POST', body: {} });
      assert.ok(typeof post === 'object' && post.status === 405, 'another method reaches the router');
      assert.equal(await freshRequest(hs.url + VERSIONS), 'network-error');
      assert.equal(await freshRequest(hs.url + VERSIONS), 'network-error');
      const third = await freshRequest(hs.url + VERSIONS);
      assert.ok(typeof third === 'object' && third.status === 200);
    });

    it('cuts a request on a reused keep-alive connection without applying it, so a browser resends it', async () => {
      await api(hs, 'POST', '/_dev/drop-answer', { body: { paths: '/send/' } });
      // A preflight, then the send on the same connection as soon as the preflight's answer arrives (as a
      // browser reuses the preflight's connection before it has seen the server close it).
      const path = v3(`/rooms/${enc(room)}/send/m.room.message/reused-1`);
      const content = JSON.stringify({ msgtype: 'm.text', body: 'sent on a reused connection' });
      const host = new URL(hs.url).host;
      const preflight = `OPTIONS ${path} HTTP/1.1\r\nHost: ${host}\r\nOrigin: http://example.test\r\nAccess-Control-Request-Method: PUT\r\n\r\n`;
      const send =
        `PUT ${path} HTTP/1.1\r\nHost: ${host}\r\nAuthorization: Bearer ${alice.accessToken}\r\n` +
        `Content-Type: application/json\r\nContent-Length: ${Buffer.byteLength(content)}\r\n\r\n${content}`;
      const received = await new Promise<string>((resolve) => {
        const socket = connect({ port: Number(new URL(hs.url).port), host: '127.0.0.1', allowHalfOpen: true });
        let text = '';
        socket.on('data', (d) => {
          if (!text) socket.end(send);
          text += d.toString('utf8');
        });
        socket.on('close', () => resolve(text));
        socket.on('error', () => {});
        socket.write(preflight);
      });
      assert.match(received, /^HTTP\/1\.1 204/, 'the preflight is answered');
      assert.equal(received.match(/HTTP\/1\.1/g)?.length, 1, 'the send gets no answer');
      assert.equal(stored('sent on a reused connection').length, 0, 'and was not applied');
      // The rule still waits for the resent request, which is applied and loses its answer.
      const rules = (await api(hs, 'GET', '/_dev/faults')).body.rules;
      assert.deepEqual(rules.map((r: { kind: string; remaining: number }) => [r.kind, r.remaining]), [['drop-answer', 1]]);
      assert.equal(await freshRequest(hs.url + path, { method: 'PUT', token: alice.accessToken, body: content }), 'network-error');
      assert.equal(stored('sent on a reused connection').length, 1);
    });
  });

  describe('storms', () => {
    /** The statuses of `n` requests to /versions, in order. */
    const statuses = async (n: number) => {
      const out: number[] = [];
      for (let i = 0; i < n; i++) out.push((await api(hs, 'GET', VERSIONS)).status);
      return out;
    };

    it('rate-limits a seeded fraction of requests for a time, the same requests every run', async () => {
      const storm = { ms: 1500, fraction: 0.7, seed: 42, retryAfterMs: 1200, paths: 'versions' };
      await api(hs, 'POST', '/_dev/rate-limit', { body: storm });
      const first = await statuses(30);
      const limited = first.filter((s) => s === 429).length;
      assert.ok(limited >= 12 && limited <= 28, `about 70 % of 30 limited, got ${limited}: ${first}`);
      assert.ok(first.every((s) => s === 429 || s === 200));
      const res = await api(hs, 'GET', VERSIONS);
      if (res.status === 429) {
        assert.equal(res.body.retry_after_ms, 1200);
        assert.equal(res.headers.get('retry-after'), '2');
      }
      // The same seed hits the same requests.
      await api(hs, 'POST', '/_dev/faults/reset', { body: {} });
      await api(hs, 'POST', '/_dev/rate-limit', { body: storm });
      assert.deepEqual(await statuses(30), first);
      // Another seed hits others.
      await api(hs, 'POST', '/_dev/faults/reset', { body: {} });
      await api(hs, 'POST', '/_dev/rate-limit', { body: { ...storm, seed: 7 } });
      assert.notDeepEqual(await statuses(30), first);
      // When the time is over the storm is gone (no count limits a timed storm).
      await sleep(1600);
      assert.deepEqual(await statuses(5), [200, 200, 200, 200, 200]);
      assert.deepEqual((await api(hs, 'GET', '/_dev/faults')).body.rules, []);
    });

    it('announces retry_after_ms and Retry-After (whole seconds, rounded up) on every limited answer', async () => {
      await api(hs, 'POST', '/_dev/rate-limit', { body: { ms: 2000, retryAfterMs: 3000, paths: 'versions' } });
      for (let i = 0; i < 3; i++) {
        const res = await api(hs, 'GET', VERSIONS);
        assertError(res, 429, 'M_LIMIT_EXCEEDED');
        assert.equal(res.body.retry_after_ms, 3000);
        assert.equal(res.headers.get('retry-after'), '3');
      }
    });

    it('fails every matching request for a time', async () => {
      await api(hs, 'POST', '/_dev/fail', { body: { status: 503, ms: 300, paths: 'versions' } });
      for (const s of await statuses(5)) assert.equal(s, 503);
      await sleep(350);
      assert.deepEqual(await statuses(2), [200, 200]);
    });

    it('counts only the requests a fractional rule affected', async () => {
      await api(hs, 'POST', '/_dev/fail', { body: { status: 500, count: 3, fraction: 0.5, seed: 1, paths: 'versions' } });
      const got = await statuses(40);
      assert.equal(got.filter((s) => s === 500).length, 3, String(got));
      assert.equal(got.at(-1), 200);
      assert.deepEqual((await api(hs, 'GET', '/_dev/faults')).body.rules, []);
    });

    it('treats fraction 0 as never and 1 as always', async () => {
      await api(hs, 'POST', '/_dev/fail', { body: { status: 500, ms: 5000, fraction: 0, seed: 3, paths: 'versions' } });
      assert.deepEqual(await statuses(5), [200, 200, 200, 200, 200]);
      await api(hs, 'POST', '/_dev/faults/reset', { body: {} });
      await api(hs, 'POST', '/_dev/rate-limit', { body: { count: 4, fraction: 1, paths: 'versions' } });
      assert.deepEqual(await statuses(5), [429, 429, 429, 429, 200]);
    });

    it('lists a storm with its fraction, seed and end, and validates its parameters', async () => {
      const before = Date.now();
      await api(hs, 'POST', '/_dev/rate-limit', { body: { ms: 10_000, fraction: 0.7, seed: 9, paths: '/send/' } });
      const [rule] = (await api(hs, 'GET', '/_dev/faults')).body.rules;
      assert.equal(rule.kind, 'rate-limit');
      assert.equal(rule.fraction, 0.7);
      assert.equal(rule.seed, 9);
      assert.equal(rule.remaining, undefined);
      assert.ok(rule.until >= before + 10_000 && rule.until <= Date.now() + 10_000);
      assertError(await api(hs, 'POST', '/_dev/fail', { body: { status: 500, fraction: 1.5 } }), 400, 'M_INVALID_PARAM');
      assertError(await api(hs, 'POST', '/_dev/fail', { body: { status: 500, fraction: '0.5' } }), 400, 'M_INVALID_PARAM');
      assertError(await api(hs, 'POST', '/_dev/rate-limit', { body: { seed: 4 } }), 400, 'M_INVALID_PARAM');
      assertError(await api(hs, 'POST', '/_dev/rate-limit', { body: { fraction: 0.5, seed: 0.5 } }), 400, 'M_INVALID_PARAM');
      assertError(await api(hs, 'POST', '/_dev/rate-limit', { body: { ms: 0 } }), 400, 'M_INVALID_PARAM');
    });
  });

  describe('soft logout of one device', () => {
    it('expires only that device\'s token; signing in again with its device_id continues the same device', async () => {
      const user = await registerUser(hs, 'carol');
      const deviceA = user.deviceId;
      const second = await api(hs, 'POST', v3('/login'), {
        body: { type: 'm.login.password', identifier: { type: 'm.id.user', user: 'carol' }, password: user.password },
      });
      assert.equal(second.status, 200);
      assert.notEqual(second.body.device_id, deviceA);
      await join(hs, { userId: user.userId, accessToken: user.accessToken, deviceId: deviceA }, room);
      const sent = await api(hs, 'PUT', v3(`/rooms/${enc(room)}/send/m.room.message/carol-1`), {
        token: user.accessToken,
        body: { msgtype: 'm.text', body: 'before the soft logout' },
      });
      assert.equal(sent.status, 200);

      const exp = await api(hs, 'POST', '/_dev/expire-tokens', { body: { userId: user.userId, deviceId: deviceA } });
      assert.deepEqual(exp.body, { tokens: 1 });
      const expired = await api(hs, 'GET', WHOAMI, { token: user.accessToken });
      assertError(expired, 401, 'M_UNKNOWN_TOKEN');
      assert.equal(expired.body.soft_logout, true);
      assert.equal((await api(hs, 'GET', WHOAMI, { token: second.body.access_token })).status, 200, 'the other device is untouched');
      assert.ok(hs.hs.store.data.devices[`${user.userId}|${deviceA}`], 'the device stays');

      const again = await api(hs, 'POST', v3('/login'), {
        body: { type: 'm.login.password', identifier: { type: 'm.id.user', user: 'carol' }, password: user.password, device_id: deviceA },
      });
      assert.equal(again.status, 200);
      assert.equal(again.body.device_id, deviceA);
      const who = await api(hs, 'GET', WHOAMI, { token: again.body.access_token });
      assert.equal(who.body.device_id, deviceA);
      // The device's data stays: its transaction IDs still dedupe and still mark its own events.
      const resend = await api(hs, 'PUT', v3(`/rooms/${enc(room)}/send/m.room.message/carol-1`), {
        token: again.body.access_token,
        body: { msgtype: 'm.text', body: 'before the soft logout' },
      });
      assert.equal(resend.body.event_id, sent.body.event_id);
      const msgs = await api(hs, 'GET', v3(`/rooms/${enc(room)}/messages?dir=b&limit=5`), { token: again.body.access_token });
      const own = msgs.body.chunk.find((e: { event_id: string }) => e.event_id === sent.body.event_id);
      assert.equal(own.unsigned.transaction_id, 'carol-1');

      // A hard logout of one device takes that device only.
      const del = await api(hs, 'POST', '/_dev/delete-tokens', { body: { userId: user.userId, deviceId: second.body.device_id } });
      assert.deepEqual(del.body, { tokens: 1 });
      assert.equal((await api(hs, 'GET', WHOAMI, { token: second.body.access_token })).body.soft_logout, false);
      assert.equal(hs.hs.store.data.devices[`${user.userId}|${second.body.device_id}`], undefined);
      assert.equal((await api(hs, 'GET', WHOAMI, { token: again.body.access_token })).status, 200);
    });

    it('needs a userId with a deviceId, and answers 404 for an unknown device', async () => {
      assertError(await api(hs, 'POST', '/_dev/expire-tokens', { body: { deviceId: alice.deviceId } }), 400, 'M_MISSING_PARAM');
      assertError(await api(hs, 'POST', '/_dev/expire-tokens', { body: { userId: alice.userId, deviceId: 'NOPE' } }), 404, 'M_NOT_FOUND');
      assert.equal((await api(hs, 'GET', WHOAMI, { token: alice.accessToken })).status, 200);
    });
  });

  describe('transaction IDs (per device, spec v1.7+)', () => {
    const put = (token: string, roomId: string, txnId: string, body: string, type = 'm.room.message') =>
      api(hs, 'PUT', v3(`/rooms/${enc(roomId)}/send/${enc(type)}/${enc(txnId)}`), { token, body: { msgtype: 'm.text', body } });

    it('dedupes the same txnId from the same device across a token refresh', async () => {
      const user = await registerUser(hs, 'dave');
      const login = await api(hs, 'POST', v3('/login'), {
        body: { type: 'm.login.password', identifier: { type: 'm.id.user', user: 'dave' }, password: user.password, refresh_token: true },
      });
      assert.equal(login.status, 200);
      assert.ok(login.body.refresh_token);
      await join(hs, { userId: user.userId, accessToken: login.body.access_token, deviceId: login.body.device_id }, room);
      const first = await put(login.body.access_token, room, 'refresh-1', 'across a refresh');
      const refreshed = await api(hs, 'POST', v3('/refresh'), { body: { refresh_token: login.body.refresh_token } });
      assert.equal(refreshed.status, 200);
      assert.notEqual(refreshed.body.access_token, login.body.access_token);
      const second = await put(refreshed.body.access_token, room, 'refresh-1', 'across a refresh');
      assert.equal(second.status, 200);
      assert.equal(second.body.event_id, first.body.event_id);
      assert.equal(stored('across a refresh').length, 1);
    });

    it('stores one event for concurrent sends of one transaction', async () => {
      const results = await Promise.all([1, 2, 3].map(() => put(alice.accessToken, room, 'concurrent-1', 'concurrent')));
      assert.deepEqual(new Set(results.map((r) => r.body.event_id)).size, 1);
      assert.equal(stored('concurrent').length, 1);
    });

    it('keeps transactions of other rooms and other event types apart (the request path is part of the key)', async () => {
      const other = await createRoom(hs, alice);
      const a = await put(alice.accessToken, room, 'shared-txn', 'in the room');
      const b = await put(alice.accessToken, other, 'shared-txn', 'in the room');
      const c = await put(alice.accessToken, room, 'shared-txn', 'in the room', 'org.example.custom');
      assert.equal(new Set([a.body.event_id, b.body.event_id, c.body.event_id]).size, 3);
    });

    it('marks unsigned.transaction_id in /messages and /sync for the sending device only', async () => {
      const sent = await put(alice.accessToken, room, 'marked-1', 'marked');
      const viewers = { sender: alice, otherDevice: newDevice(hs, alice), otherUser: bob };
      for (const [who, viewer] of Object.entries(viewers)) {
        const expected = who === 'sender' ? 'marked-1' : undefined;
        const msgs = await api(hs, 'GET', v3(`/rooms/${enc(room)}/messages?dir=b&limit=10`), { token: viewer.accessToken });
        const ev = msgs.body.chunk.find((e: { event_id: string }) => e.event_id === sent.body.event_id);
        assert.equal(ev.unsigned.transaction_id, expected, `/messages for ${who}`);
        const filter = JSON.stringify({ room: { timeline: { limit: 20 } } });
        const sync = await api(hs, 'GET', v3(`/sync?filter=${enc(filter)}`), { token: viewer.accessToken });
        const sev = sync.body.rooms.join[room].timeline.events.find((e: { event_id: string }) => e.event_id === sent.body.event_id);
        assert.equal(sev.unsigned.transaction_id, expected, `/sync for ${who}`);
      }
    });
  });

  describe('restart', () => {
    it('refuses connections for downMs, cuts a long-polling /sync, and keeps rooms, events, tokens and txn IDs', async () => {
      const sent = await api(hs, 'PUT', v3(`/rooms/${enc(room)}/send/m.room.message/before-restart`), {
        token: alice.accessToken,
        body: { msgtype: 'm.text', body: 'survives the restart' },
      });
      assert.equal(sent.status, 200);
      const initial = await api(hs, 'GET', v3('/sync'), { token: alice.accessToken });
      const poll = freshRequest(hs.url + v3(`/sync?since=${enc(initial.body.next_batch)}&timeout=20000`), { token: alice.accessToken });
      await sleep(100);
      const downMs = 800;
      const t0 = Date.now();
      assert.equal((await api(hs, 'POST', '/_dev/restart', { body: { downMs } })).status, 200);
      assert.equal(await poll, 'network-error', 'the long poll is cut');
      assert.ok(Date.now() - t0 < 1000, `the long poll was cut at once, not after ${Date.now() - t0} ms`);
      // Refused (not hanging) until downMs is over, then back on the same port.
      let refusedUntil = 0;
      let upAt = 0;
      while (Date.now() - t0 < downMs + 3000) {
        const r = await freshRequest(hs.url + VERSIONS);
        if (r === 'refused') refusedUntil = Date.now() - t0;
        else if (typeof r === 'object' && r.status === 200) {
          upAt = Date.now() - t0;
          break;
        } else assert.fail(`while restarting: ${JSON.stringify(r)}`);
        await sleep(25);
      }
      assert.ok(refusedUntil >= downMs - 100, `refused until ${refusedUntil} ms of ${downMs}`);
      assert.ok(upAt > 0 && upAt < downMs + 1000, `up again after ${upAt} ms`);
      // Everything is still there.
      assert.equal((await api(hs, 'GET', WHOAMI, { token: alice.accessToken })).body.user_id, alice.userId);
      const again = await api(hs, 'PUT', v3(`/rooms/${enc(room)}/send/m.room.message/before-restart`), {
        token: alice.accessToken,
        body: { msgtype: 'm.text', body: 'survives the restart' },
      });
      assert.equal(again.body.event_id, sent.body.event_id, 'the transaction ID is remembered');
      const resumed = await api(hs, 'GET', v3(`/sync?since=${enc(initial.body.next_batch)}&timeout=0`), { token: alice.accessToken });
      assert.equal(resumed.status, 200, 'the old since token still works');
      const msgs = await api(hs, 'GET', v3(`/rooms/${enc(room)}/messages?dir=b&limit=50`), { token: alice.accessToken });
      assert.ok(msgs.body.chunk.some((e: { event_id: string }) => e.event_id === sent.body.event_id));
    });
  });
});
