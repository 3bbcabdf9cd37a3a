import assert from 'node:assert/strict';
import { after, afterEach, before, describe, it } from 'node:test';
import type { RoomData } from '../../dev/homeserver/store.ts';
import { api, assertError, start, type RunningHomeserver } from './helpers.ts';

const VERSIONS = '/_matrix/client/versions';
const WHOAMI = '/_matrix/client/v3/account/whoami';

function makeUser(server: RunningHomeserver, localpart: string, refresh = false) {
  const { store } = server.hs;
  const userId = store.userId(localpart);
  store.data.users[userId] = { userId, localpart, guest: false, createdAt: Date.now() };
  return store.issueToken(userId, refresh ? { refresh: true, lifetimeMs: 60_000 } : {});
}

/** A room made directly in the store (the rooms module is not needed to test injection). */
function makeRoom(server: RunningHomeserver, roomId: string, alias?: string): RoomData {
  const { store } = server.hs;
  const room: RoomData = {
    roomId,
    version: '10',
    timeline: [],
    state: {},
    typing: {},
    typingPos: 0,
    receipts: {},
    accountData: {},
  };
  store.data.rooms[roomId] = room;
  if (alias) store.data.aliases[alias] = roomId;
  store.appendEvent(room, { type: 'm.room.create', sender: '@alice:localhost', state_key: '', content: { creator: '@alice:localhost' } });
  return room;
}

/** fetch that reports a network failure as the string 'network-error' instead of throwing. */
async function tryFetch(url: string, init?: RequestInit): Promise<Response | 'network-error'> {
  try {
    return await fetch(url, init);
  } catch (err) {
    assert.ok(err instanceof TypeError, `expected a fetch TypeError, got ${String(err)}`);
    return 'network-error';
  }
}

describe('fault injection (/_dev)', () => {
  let hs: RunningHomeserver;
  before(async () => {
    hs = await start();
  });
  after(() => hs.close());
  afterEach(async () => {
    const res = await api(hs, 'POST', '/_dev/faults/reset', { body: {} });
    assert.equal(res.status, 200);
  });

  it('fails the next N matching requests with a spec-shaped error and CORS headers', async () => {
    const set = await api(hs, 'POST', '/_dev/fail', { body: { count: 2, status: 503, paths: '^/_matrix/client/versions' } });
    assert.equal(set.status, 200);
    assert.equal(typeof set.body.id, 'number');
    // Another path is untouched.
    assert.equal((await api(hs, 'GET', '/.well-known/matrix/client')).status, 200);
    for (let i = 0; i < 2; i++) {
      const res = await api(hs, 'GET', VERSIONS);
      assertError(res, 503, 'M_UNKNOWN');
      assert.equal(res.headers.get('access-control-allow-origin'), '*');
    }
    assert.equal((await api(hs, 'GET', VERSIONS)).status, 200);
  });

  it('uses the given errcode and message, and limits a rule to one method', async () => {
    await api(hs, 'POST', '/_dev/fail', {
      body: { status: 403, errcode: 'M_FORBIDDEN', error: 'nope', method: 'POST', paths: '/versions' },
    });
    assert.equal((await api(hs, 'GET', VERSIONS)).status, 200);
    const res = await api(hs, 'POST', VERSIONS, { body: {} });
    assertError(res, 403, 'M_FORBIDDEN');
    assert.equal(res.body.error, 'nope');
    // Used up: the next POST reaches the router (405: versions is GET only).
    assertError(await api(hs, 'POST', VERSIONS, { body: {} }), 405, 'M_UNRECOGNIZED');
  });

  it('answers as a hostile server would: any body, status and headers, then the real route again', async () => {
    const hostile = { issuer: 'javascript:alert(1)//', authorization_endpoint: 'javascript:alert(1)//', token_endpoint: 5 };
    await api(hs, 'POST', '/_dev/answer', { body: { paths: '/auth_metadata$', body: hostile } });
    const res = await api(hs, 'GET', '/_matrix/client/v1/auth_metadata');
    assert.equal(res.status, 200);
    assert.deepEqual(res.body, hostile);
    assert.equal(res.headers.get('access-control-allow-origin'), '*');
    assert.equal((await api(hs, 'GET', '/_matrix/client/v1/auth_metadata')).body.token_endpoint, `${hs.url}/oauth2/token`);

    await api(hs, 'POST', '/_dev/answer', { body: { status: 307, headers: { Location: 'http://127.0.0.1:9/elsewhere' }, paths: '/whoami' } });
    const moved = await fetch(`${hs.url}${WHOAMI}`, { redirect: 'manual' });
    assert.equal(moved.status, 307);
    assert.equal(moved.headers.get('location'), 'http://127.0.0.1:9/elsewhere');

    await api(hs, 'POST', '/_dev/answer', { body: { text: '{"flows": [', paths: '/login$' } });
    assert.equal(await (await fetch(`${hs.url}/_matrix/client/v3/login`)).text(), '{"flows": [');
    assertError(await api(hs, 'POST', '/_dev/answer', { body: { headers: { A: 1 } } }), 400, 'M_BAD_JSON');
  });

  it('rate-limits with 429 M_LIMIT_EXCEEDED, Retry-After and retry_after_ms', async () => {
    await api(hs, 'POST', '/_dev/rate-limit', { body: { count: 1, retryAfterMs: 2500, paths: 'versions' } });
    const res = await api(hs, 'GET', VERSIONS);
    assertError(res, 429, 'M_LIMIT_EXCEEDED');
    assert.equal(res.body.retry_after_ms, 2500);
    assert.equal(res.headers.get('retry-after'), '3');
    assert.match(res.headers.get('access-control-expose-headers') ?? '', /Retry-After/);
    assert.equal((await api(hs, 'GET', VERSIONS)).status, 200);
  });

  it('drops the next request without an answer, seen by fetch as a network error', async () => {
    await api(hs, 'POST', '/_dev/drop', { body: { count: 1, paths: 'versions' } });
    assert.equal(await tryFetch(hs.url + VERSIONS), 'network-error');
    const after = await tryFetch(hs.url + VERSIONS);
    assert.notEqual(after, 'network-error');
    assert.equal((after as Response).status, 200);
  });

  it('drops everything for a time ("network down"), cutting requests already waiting', async () => {
    const user = makeUser(hs, 'sleeper');
    // A slow request in flight (held by a delay rule) is cut when the network goes down.
    await api(hs, 'POST', '/_dev/delay', { body: { ms: 1000, paths: 'whoami' } });
    const pending = tryFetch(hs.url + WHOAMI, { headers: { Authorization: `Bearer ${user.accessToken}` } });
    await new Promise((r) => setTimeout(r, 100));
    await api(hs, 'POST', '/_dev/drop', { body: { ms: 300 } });
    assert.equal(await pending, 'network-error');
    assert.equal(await tryFetch(hs.url + VERSIONS), 'network-error');
    assert.equal(await tryFetch(hs.url + VERSIONS, { method: 'OPTIONS' }), 'network-error');
    // /_dev stays reachable while the "network" is down.
    assert.equal((await api(hs, 'GET', '/_dev/faults')).status, 200);
    await new Promise((r) => setTimeout(r, 350));
    assert.equal((await api(hs, 'GET', VERSIONS)).status, 200);
  });

  it('delays matching responses', async () => {
    let t0 = Date.now();
    await api(hs, 'GET', VERSIONS);
    const base = Date.now() - t0;
    await api(hs, 'POST', '/_dev/delay', { body: { ms: 300, paths: 'versions', count: 1 } });
    t0 = Date.now();
    assert.equal((await api(hs, 'GET', VERSIONS)).status, 200);
    const delayed = Date.now() - t0;
    assert.ok(delayed >= 280, `expected >= 300 ms, took ${delayed}`);
    assert.ok(delayed < 3000, `took ${delayed}`);
    t0 = Date.now();
    await api(hs, 'GET', VERSIONS);
    assert.ok(Date.now() - t0 < 250 + base, 'count 1: the second request is not delayed');
  });

  it('leaves CORS preflights alone for counted rules', async () => {
    await api(hs, 'POST', '/_dev/fail', { body: { count: 1, status: 500 } });
    const pre = await api(hs, 'OPTIONS', WHOAMI, { headers: { Origin: 'http://example.test', 'Access-Control-Request-Method': 'GET' } });
    assert.equal(pre.status, 204);
    assertError(await api(hs, 'GET', VERSIONS), 500, 'M_UNKNOWN');
  });

  it('never applies faults to /_dev routes, lists and removes rules', async () => {
    await api(hs, 'POST', '/_dev/fail', { body: { status: 500 } });
    const rule = await api(hs, 'POST', '/_dev/rate-limit', { body: { count: 5 } });
    const list = await api(hs, 'GET', '/_dev/faults');
    assert.equal(list.status, 200);
    assert.deepEqual(
      list.body.rules.map((r: { kind: string; remaining?: number }) => [r.kind, r.remaining]),
      [['fail', 1], ['rate-limit', 5]],
    );
    assert.equal((await api(hs, 'DELETE', `/_dev/faults/${rule.body.id}`)).status, 200);
    assertError(await api(hs, 'DELETE', `/_dev/faults/${rule.body.id}`), 404, 'M_NOT_FOUND');
    assert.equal((await api(hs, 'POST', '/_dev/faults/reset', { body: {} })).status, 200);
    assert.deepEqual((await api(hs, 'GET', '/_dev/faults')).body.rules, []);
    assert.equal((await api(hs, 'GET', VERSIONS)).status, 200);
  });

  it('validates control bodies', async () => {
    assertError(await api(hs, 'POST', '/_dev/fail', { body: { count: 1 } }), 400, 'M_MISSING_PARAM');
    assertError(await api(hs, 'POST', '/_dev/fail', { body: { status: 200 } }), 400, 'M_INVALID_PARAM');
    assertError(await api(hs, 'POST', '/_dev/delay', { body: { ms: 'slow' } }), 400, 'M_INVALID_PARAM');
    assertError(await api(hs, 'POST', '/_dev/drop', { body: { paths: '(' } }), 400, 'M_INVALID_PARAM');
    assertError(await api(hs, 'POST', '/_dev/drop', { body: { ms: 10, count: 1 } }), 400, 'M_INVALID_PARAM');
    assertError(await api(hs, 'POST', '/_dev/fail', { body: '{not json' }), 400, 'M_NOT_JSON');
    assertError(await api(hs, 'POST', '/_dev/fail', { body: { status: 500, paths: 5 } }), 400, 'M_BAD_JSON');
    assert.deepEqual((await api(hs, 'GET', '/_dev/faults')).body.rules, []);
  });

  it('expires a user\'s tokens (soft logout) and deletes them (hard logout)', async () => {
    const a = makeUser(hs, 'expiring', true);
    const auth = { token: a.accessToken };
    assert.equal((await api(hs, 'GET', WHOAMI, auth)).status, 200);
    const exp = await api(hs, 'POST', '/_dev/expire-tokens', { body: { userId: a.userId } });
    assert.deepEqual(exp.body, { tokens: 1 });
    let res = await api(hs, 'GET', WHOAMI, auth);
    assertError(res, 401, 'M_UNKNOWN_TOKEN');
    assert.equal(res.body.soft_logout, true);
    // The device and refresh token survive a soft logout.
    assert.ok(hs.hs.store.data.devices[`${a.userId}|${a.deviceId}`]);
    assert.equal(hs.hs.store.data.tokens[a.accessToken].refreshToken, a.refreshToken);

    const b = makeUser(hs, 'deleted');
    const del = await api(hs, 'POST', '/_dev/delete-tokens', { body: { accessToken: b.accessToken } });
    assert.deepEqual(del.body, { tokens: 1 });
    res = await api(hs, 'GET', WHOAMI, { token: b.accessToken });
    assertError(res, 401, 'M_UNKNOWN_TOKEN');
    assert.equal(res.body.soft_logout, false);
    assertError(await api(hs, 'POST', '/_dev/expire-tokens', { body: { userId: '@nobody:localhost' } }), 404, 'M_NOT_FOUND');
    assertError(await api(hs, 'POST', '/_dev/expire-tokens', { body: {} }), 400, 'M_MISSING_PARAM');
  });

  it('restarts keeping data and the port: requests fail while down, then succeed', async () => {
    const user = makeUser(hs, 'survivor');
    const res = await api(hs, 'POST', '/_dev/restart', { body: { downMs: 300 } });
    assert.equal(res.status, 200);
    assert.deepEqual(res.body, {});
    await new Promise((r) => setTimeout(r, 100));
    assert.equal(await tryFetch(hs.url + VERSIONS), 'network-error');
    let up: Response | 'network-error' = 'network-error';
    for (let i = 0; i < 50 && up === 'network-error'; i++) {
      await new Promise((r) => setTimeout(r, 50));
      up = await tryFetch(hs.url + VERSIONS);
    }
    assert.notEqual(up, 'network-error', 'the server came back on the same port');
    const who = await api(hs, 'GET', WHOAMI, { token: user.accessToken });
    assert.equal(who.status, 200);
    assert.equal(who.body.user_id, user.userId);
  });

  describe('event injection', () => {
    const roomId = '!inject:localhost';
    let room: RoomData;
    before(() => {
      room = makeRoom(hs, roomId, '#inject:localhost');
    });

    const inject = (idOrAlias: string, body: unknown) =>
      api(hs, 'POST', `/_dev/rooms/${encodeURIComponent(idOrAlias)}/inject`, {
        body: typeof body === 'string' ? body : JSON.stringify(body),
        headers: { 'Content-Type': 'application/json' },
      });
    const last = () => room.timeline[room.timeline.length - 1];

    it('appends a raw event exactly as given, with the server\'s event_id and room_id', async () => {
      const before = hs.hs.store.currentPos;
      const res = await inject(roomId, {
        type: 'm.room.message',
        sender: '@mallory:evil.example',
        content: { msgtype: 'm.text', body: 42, formatted_body: ['x'] },
        extra_field: { nested: true },
      });
      assert.equal(res.status, 200);
      assert.match(res.body.event_id, /^\$/);
      const stored = last();
      assert.equal(stored.event.event_id, res.body.event_id);
      assert.equal(stored.event.room_id, roomId);
      assert.deepEqual(stored.event.content, { msgtype: 'm.text', body: 42, formatted_body: ['x'] });
      assert.deepEqual(stored.event.extra_field, { nested: true });
      assert.ok(stored.pos > before, 'a new stream position, so /sync delivers it');
    });

    it('keeps missing content, odd types, a given event_id and timestamp as they are', async () => {
      let res = await inject(roomId, { type: 'org.example.unknown', sender: '@a:b' });
      assert.equal(res.status, 200);
      assert.equal(Object.hasOwn(last().event, 'content'), false);
      res = await inject(roomId, { event_id: '$dup', type: 5, content: 'not an object', origin_server_ts: -1 });
      assert.equal(res.status, 200);
      assert.equal(res.body.event_id, '$dup');
      assert.equal(last().event.type, 5);
      assert.equal(last().event.content, 'not an object');
      assert.equal(last().event.origin_server_ts, -1);
      assert.equal(Object.hasOwn(last().event, 'sender'), false);
    });

    it('stores a __proto__ key as plain data without polluting any prototype', async () => {
      const body =
        '{"type":"m.room.message","sender":"@m:evil","__proto__":{"polluted":"yes"},' +
        '"content":{"body":"hi","__proto__":{"polluted":"yes"},"constructor":{"prototype":{"polluted":"yes"}}}}';
      const res = await inject(roomId, body);
      assert.equal(res.status, 200);
      const ev = last().event as Record<string, unknown>;
      assert.equal(Object.hasOwn(ev, '__proto__'), true);
      assert.equal(Object.getPrototypeOf(ev), Object.prototype);
      assert.equal(Object.getPrototypeOf(ev.content), Object.prototype);
      assert.equal(({} as Record<string, unknown>).polluted, undefined);
      assert.equal((Object.prototype as Record<string, unknown>).polluted, undefined);
      // The event survives a save/load round trip as data.
      const copy = JSON.parse(JSON.stringify(ev)) as Record<string, unknown>;
      assert.deepEqual(Object.getOwnPropertyDescriptor(copy, '__proto__')?.value, { polluted: 'yes' });
      // The store still works: the server answers and the room is found.
      assert.equal((await api(hs, 'GET', VERSIONS)).status, 200);
      assert.equal((await inject(roomId, { type: 'm.room.message', sender: '@a:b', content: {} })).status, 200);
    });

    it('accepts a 1 MB body', async () => {
      const body = 'x'.repeat(1024 * 1024);
      const res = await inject(roomId, { type: 'm.room.message', sender: '@a:b', content: { msgtype: 'm.text', body } });
      assert.equal(res.status, 200);
      assert.equal((last().event.content as { body: string }).body.length, 1024 * 1024);
    });

    it('accepts a room alias, answers 404 for unknown rooms, and refuses bodies that are not JSON objects', async () => {
      const viaAlias = await inject('#inject:localhost', { type: 'm.room.message', sender: '@a:b', content: { body: 'alias' } });
      assert.equal(viaAlias.status, 200);
      assert.equal(last().event.event_id, viaAlias.body.event_id);
      assertError(await inject('!nope:localhost', { type: 'x' }), 404, 'M_NOT_FOUND');
      assertError(await inject('#nope:localhost', { type: 'x' }), 404, 'M_NOT_FOUND');
      assertError(await inject('__proto__', { type: 'x' }), 404, 'M_NOT_FOUND');
      assertError(await inject(roomId, '{"type": '), 400, 'M_NOT_JSON');
      assertError(await inject(roomId, '[1,2]'), 400, 'M_BAD_JSON');
    });

    it('delivers injected events through a long-polling /sync, exactly as given', async () => {
      const { store } = hs.hs;
      const userId = store.userId('syncer');
      store.data.users[userId] = { userId, localpart: 'syncer', guest: false, createdAt: Date.now() };
      const token = store.issueToken(userId).accessToken;
      const created = await api(hs, 'POST', '/_matrix/client/v3/createRoom', { token, body: { name: 'sync target' } });
      assert.equal(created.status, 200, JSON.stringify(created.body));
      const target: string = created.body.room_id;
      const first = await api(hs, 'GET', '/_matrix/client/v3/sync', { token });
      assert.equal(first.status, 200);
      const polling = api(hs, 'GET', `/_matrix/client/v3/sync?since=${encodeURIComponent(first.body.next_batch)}&timeout=10000`, { token });
      await new Promise((r) => setTimeout(r, 100));
      const t0 = Date.now();
      const res = await inject(target, '{"type":"m.room.message","sender":"@m:evil","__proto__":{"x":1},"content":{"body":123}}');
      assert.equal(res.status, 200);
      const synced = await polling;
      assert.ok(Date.now() - t0 < 5000, 'the long poll woke up');
      const events: Record<string, unknown>[] = synced.body.rooms.join[target].timeline.events;
      const ev = events.find((e) => e.event_id === res.body.event_id);
      assert.ok(ev, 'the injected event is in the timeline');
      assert.equal(ev.type, 'm.room.message');
      assert.deepEqual(ev.content, { body: 123 });
      assert.deepEqual(Object.getOwnPropertyDescriptor(ev, '__proto__')?.value, { x: 1 });
    });

    it('wakes long-polling waiters when an event is injected', async () => {
      const woke = hs.hs.store.waitForChange(5000).then(() => Date.now());
      const t0 = Date.now();
      await inject(roomId, { type: 'm.room.message', sender: '@a:b', content: { body: 'wake' } });
      assert.ok((await woke) - t0 < 1000);
    });
  });
});

describe('/_dev without --faults', () => {
  let hs: RunningHomeserver;
  before(async () => {
    hs = await start({ faults: false });
  });
  after(() => hs.close());

  it('answers every /_dev route with 404 M_UNRECOGNIZED and injects no faults', async () => {
    for (const [method, path] of [
      ['POST', '/_dev/fail'],
      ['POST', '/_dev/drop'],
      ['POST', '/_dev/restart'],
      ['POST', '/_dev/faults/reset'],
      ['GET', '/_dev/faults'],
      ['POST', '/_dev/rooms/!a:localhost/inject'],
    ]) {
      assertError(await api(hs, method, path, method === 'GET' ? {} : { body: { status: 500 } }), 404, 'M_UNRECOGNIZED');
    }
    assert.equal(hs.hs.interceptors.length, 0);
    assert.equal((await api(hs, 'GET', VERSIONS)).status, 200);
  });
});
