import assert from 'node:assert/strict';
import { after, before, describe, it } from 'node:test';
import { api, assertError, start, type RunningHomeserver } from './helpers.ts';
import { bodies, createRoom, enc, join, makeUser, newDevice, send, sync, v3, type TestUser } from './room-helpers.ts';

describe('events: send, history, context, redaction, relations, receipts, account data, visibility', () => {
  let hs: RunningHomeserver;
  let alice: TestUser;
  let bob: TestUser;
  let carol: TestUser;
  let room: string;

  before(async () => {
    hs = await start();
    alice = makeUser(hs, 'alice', { displayname: 'Alice' });
    bob = makeUser(hs, 'bob', { displayname: 'Bob' });
    carol = makeUser(hs, 'carol');
    room = await createRoom(hs, alice, { preset: 'public_chat', room_alias_name: 'main' });
    await join(hs, bob, room);
  });
  after(() => hs.close());

  it('send is idempotent per device + transaction ID', async () => {
    const path = v3(`/rooms/${enc(room)}/send/m.room.message/txn-1`);
    const first = await api(hs, 'PUT', path, { token: alice.accessToken, body: { msgtype: 'm.text', body: 'once' } });
    const again = await api(hs, 'PUT', path, { token: alice.accessToken, body: { msgtype: 'm.text', body: 'once' } });
    assert.equal(first.status, 200);
    assert.equal(again.body.event_id, first.body.event_id);
    // The same txnId from another device is another transaction.
    const other = await api(hs, 'PUT', path, { token: newDevice(hs, alice).accessToken, body: { msgtype: 'm.text', body: 'once' } });
    assert.notEqual(other.body.event_id, first.body.event_id);
    const msgs = await api(hs, 'GET', v3(`/rooms/${enc(room)}/messages?dir=b&limit=5`), { token: alice.accessToken });
    assert.equal(bodies(msgs.body.chunk).filter((b) => b === 'once').length, 2);
  });

  it('send errors: not joined M_FORBIDDEN, unknown room M_NOT_FOUND, M_NOT_JSON, M_BAD_JSON, M_TOO_LARGE, power levels', async () => {
    const put = (token: string, roomId: string, body: unknown, type = 'm.room.message') =>
      api(hs, 'PUT', v3(`/rooms/${enc(roomId)}/send/${type}/t${Math.random()}`), { token, body });
    assertError(await put(carol.accessToken, room, { msgtype: 'm.text', body: 'hi' }), 403, 'M_FORBIDDEN');
    assertError(await put(carol.accessToken, '!nope:localhost', { body: 'hi' }), 404, 'M_NOT_FOUND');
    assertError(await put(alice.accessToken, room, '{"body": '), 400, 'M_NOT_JSON');
    assertError(await put(alice.accessToken, room, '"just a string"'), 400, 'M_BAD_JSON');
    assertError(await put(alice.accessToken, room, { msgtype: 'm.text', body: 'x'.repeat(66_000) }), 413, 'M_TOO_LARGE');
    // The power-level table applies to the event type, also for a non-state event sent with /send.
    assertError(await put(bob.accessToken, room, { name: 'x' }, 'm.room.name'), 403, 'M_FORBIDDEN');
    assertError(await put('', room, { body: 'x' }), 401, 'M_MISSING_TOKEN');
  });

  it('paginates /messages backwards to the first event and forwards to the last', async () => {
    const roomId = await createRoom(hs, alice, { preset: 'public_chat' });
    const sent: string[] = [];
    for (let i = 0; i < 25; i++) sent.push(await send(hs, alice, roomId, `m${i}`));
    // Backwards from the end (no `from`, allowed since v1.3).
    const seen: string[] = [];
    let from: string | undefined;
    let pages = 0;
    for (;;) {
      const q = `dir=b&limit=7${from ? `&from=${enc(from)}` : ''}`;
      const res = await api(hs, 'GET', v3(`/rooms/${enc(roomId)}/messages?${q}`), { token: alice.accessToken });
      assert.equal(res.status, 200);
      assert.equal(typeof res.body.start, 'string');
      seen.push(...res.body.chunk.map((e: { event_id: string }) => e.event_id));
      pages++;
      if (!res.body.end) break;
      from = res.body.end;
      assert.ok(pages < 20);
    }
    // Newest first, ending with m.room.create; our 25 messages in reverse order.
    const msgIds = seen.filter((id) => sent.includes(id));
    assert.deepEqual(msgIds, [...sent].reverse());
    const createRes = await api(hs, 'GET', v3(`/rooms/${enc(roomId)}/event/${enc(seen[seen.length - 1])}`), { token: alice.accessToken });
    assert.equal(createRes.body.type, 'm.room.create');
    // Forwards from the start.
    const fwd: string[] = [];
    from = undefined;
    for (let n = 0; n < 20; n++) {
      const res = await api(hs, 'GET', v3(`/rooms/${enc(roomId)}/messages?dir=f&limit=10${from ? `&from=${enc(from)}` : ''}`), { token: alice.accessToken });
      fwd.push(...res.body.chunk.map((e: { event_id: string }) => e.event_id));
      if (!res.body.end) break;
      from = res.body.end;
    }
    assert.deepEqual(fwd, [...seen].reverse());
    // `to` stops the page; `filter` narrows types.
    const mid = await api(hs, 'GET', v3(`/rooms/${enc(roomId)}/messages?dir=b&limit=3`), { token: alice.accessToken });
    const upto = await api(hs, 'GET', v3(`/rooms/${enc(roomId)}/messages?dir=f&from=${enc(mid.body.end)}&to=${enc(mid.body.start)}&limit=50`), { token: alice.accessToken });
    assert.deepEqual(upto.body.chunk.map((e: { event_id: string }) => e.event_id), [...mid.body.chunk.map((e: { event_id: string }) => e.event_id)].reverse());
    const filtered = await api(hs, 'GET', v3(`/rooms/${enc(roomId)}/messages?dir=b&limit=50&filter=${enc(JSON.stringify({ types: ['m.room.message'] }))}`), { token: alice.accessToken });
    assert.equal(filtered.body.chunk.length, 25);
    assertError(await api(hs, 'GET', v3(`/rooms/${enc(roomId)}/messages?dir=x`), { token: alice.accessToken }), 400, 'M_INVALID_PARAM');
    assertError(await api(hs, 'GET', v3(`/rooms/${enc(roomId)}/messages?dir=b&from=nonsense`), { token: alice.accessToken }), 400, 'M_INVALID_PARAM');
    assertError(await api(hs, 'GET', v3(`/rooms/${enc(roomId)}/messages?dir=b&filter=%7Bbad`), { token: alice.accessToken }), 400, 'M_NOT_JSON');
    assertError(await api(hs, 'GET', v3(`/rooms/${enc(roomId)}/messages?dir=b&filter=${enc('{"types": 5}')}`), { token: alice.accessToken }), 400, 'M_BAD_JSON');
  });

  it('returns the members of a chunk\'s senders in `state` when lazy-loading', async () => {
    const roomId = await createRoom(hs, alice, { preset: 'public_chat' });
    await join(hs, bob, roomId);
    await send(hs, bob, roomId, 'from bob');
    const res = await api(hs, 'GET', v3(`/rooms/${enc(roomId)}/messages?dir=b&limit=1&filter=${enc(JSON.stringify({ lazy_load_members: true }))}`), { token: alice.accessToken });
    assert.deepEqual(res.body.state.map((e: { state_key: string }) => e.state_key), [bob.userId]);
    assert.equal(res.body.state[0].content.displayname, 'Bob');
  });

  it('serves /event and /context, and 404 for unknown events', async () => {
    const ids = [];
    for (let i = 0; i < 6; i++) ids.push(await send(hs, alice, room, `ctx${i}`));
    const ev = await api(hs, 'GET', v3(`/rooms/${enc(room)}/event/${enc(ids[2])}`), { token: bob.accessToken });
    assert.equal(ev.status, 200);
    assert.equal(ev.body.content.body, 'ctx2');
    assert.equal(ev.body.room_id, room);
    assert.equal(typeof ev.body.unsigned.age, 'number');
    const ctx = await api(hs, 'GET', v3(`/rooms/${enc(room)}/context/${enc(ids[2])}?limit=4`), { token: bob.accessToken });
    assert.equal(ctx.status, 200);
    assert.equal(ctx.body.event.event_id, ids[2]);
    assert.deepEqual(bodies(ctx.body.events_before), ['ctx1', 'ctx0']);
    assert.deepEqual(bodies(ctx.body.events_after), ['ctx3', 'ctx4']);
    assert.equal(typeof ctx.body.start, 'string');
    assert.equal(typeof ctx.body.end, 'string');
    assert.ok(ctx.body.state.some((e: { type: string }) => e.type === 'm.room.create'));
    // Paginating on from `end` continues right after the context.
    const next = await api(hs, 'GET', v3(`/rooms/${enc(room)}/messages?dir=f&limit=1&from=${enc(ctx.body.end)}`), { token: bob.accessToken });
    assert.deepEqual(bodies(next.body.chunk), ['ctx5']);
    assertError(await api(hs, 'GET', v3(`/rooms/${enc(room)}/event/${enc('$nope')}`), { token: bob.accessToken }), 404, 'M_NOT_FOUND');
    assertError(await api(hs, 'GET', v3(`/rooms/${enc(room)}/context/${enc('$nope')}`), { token: bob.accessToken }), 404, 'M_NOT_FOUND');
  });

  it('redacts: the content is pruned per the room version, redacted_because is set, permissions hold', async () => {
    const target = await send(hs, bob, room, { msgtype: 'm.text', body: 'regret', 'm.mentions': {} });
    assertError(await api(hs, 'PUT', v3(`/rooms/${enc(room)}/redact/${enc(target)}/r0`), { token: carol.accessToken, body: {} }), 403, 'M_FORBIDDEN');
    const aliceMsg = await send(hs, alice, room, 'not yours');
    // Bob (power 0) may not redact Alice's event (redact level 50).
    assertError(await api(hs, 'PUT', v3(`/rooms/${enc(room)}/redact/${enc(aliceMsg)}/r1`), { token: bob.accessToken, body: {} }), 403, 'M_FORBIDDEN');
    const r = await api(hs, 'PUT', v3(`/rooms/${enc(room)}/redact/${enc(target)}/r2`), { token: bob.accessToken, body: { reason: 'typo' } });
    assert.equal(r.status, 200);
    const again = await api(hs, 'PUT', v3(`/rooms/${enc(room)}/redact/${enc(target)}/r2`), { token: bob.accessToken, body: { reason: 'typo' } });
    assert.equal(again.body.event_id, r.body.event_id, 'redact is idempotent per txnId');
    const ev = await api(hs, 'GET', v3(`/rooms/${enc(room)}/event/${enc(target)}`), { token: alice.accessToken });
    assert.deepEqual(ev.body.content, {});
    assert.equal(ev.body.unsigned.redacted_because.event_id, r.body.event_id);
    assert.equal(ev.body.unsigned.redacted_because.content.reason, 'typo');
    const redaction = await api(hs, 'GET', v3(`/rooms/${enc(room)}/event/${enc(r.body.event_id)}`), { token: alice.accessToken });
    assert.equal(redaction.body.type, 'm.room.redaction');
    assert.equal(redaction.body.redacts, target);
    // Alice (power 100) may redact others' events; a member event keeps `membership` (room v10 algorithm).
    const memberEvent = (await api(hs, 'GET', v3(`/rooms/${enc(room)}/state/m.room.member/${enc(bob.userId)}?format=event`), { token: alice.accessToken })).body;
    const r2 = await api(hs, 'PUT', v3(`/rooms/${enc(room)}/redact/${enc(memberEvent.event_id)}/r3`), { token: alice.accessToken, body: {} });
    assert.equal(r2.status, 200);
    const pruned = await api(hs, 'GET', v3(`/rooms/${enc(room)}/state/m.room.member/${enc(bob.userId)}`), { token: alice.accessToken });
    assert.deepEqual(pruned.body, { membership: 'join' });
    assertError(await api(hs, 'PUT', v3(`/rooms/${enc(room)}/redact/${enc(target)}/r4`), { token: alice.accessToken, body: { reason: 5 } }), 400, 'M_BAD_JSON');
  });

  it('redaction in a v11 room carries `redacts` in content and keeps the whole create content', async () => {
    const roomId = await createRoom(hs, alice, { room_version: '11', creation_content: { 'm.federate': false } });
    const createEv = (await api(hs, 'GET', v3(`/rooms/${enc(roomId)}/state/m.room.create/?format=event`), { token: alice.accessToken })).body;
    const r = await api(hs, 'PUT', v3(`/rooms/${enc(roomId)}/redact/${enc(createEv.event_id)}/x`), { token: alice.accessToken, body: {} });
    const redaction = (await api(hs, 'GET', v3(`/rooms/${enc(roomId)}/event/${enc(r.body.event_id)}`), { token: alice.accessToken })).body;
    assert.equal(redaction.content.redacts, createEv.event_id);
    const msg = await send(hs, alice, roomId, { msgtype: 'm.text', body: 'bye' });
    await api(hs, 'PUT', v3(`/rooms/${enc(roomId)}/redact/${enc(msg)}/y`), { token: alice.accessToken, body: {} });
    const gone = (await api(hs, 'GET', v3(`/rooms/${enc(roomId)}/event/${enc(msg)}`), { token: alice.accessToken })).body;
    assert.deepEqual(gone.content, {});
  });

  it('relations: edits, reactions and threads, with bundled aggregations', async () => {
    const parent = await send(hs, alice, room, 'parent');
    // Served once before its relations exist (the store's relation index is built then; later ones are added to it).
    const before = await api(hs, 'GET', v3(`/rooms/${enc(room)}/event/${enc(parent)}`), { token: bob.accessToken });
    assert.equal(before.body.unsigned['m.relations'], undefined);
    const edit = await send(hs, alice, room, {
      msgtype: 'm.text',
      body: '* parent (edited)',
      'm.new_content': { msgtype: 'm.text', body: 'parent (edited)' },
      'm.relates_to': { rel_type: 'm.replace', event_id: parent },
    });
    // An "edit" by someone else is not a valid replacement and must not be bundled.
    await send(hs, bob, room, { msgtype: 'm.text', body: '* hijack', 'm.new_content': { msgtype: 'm.text', body: 'hijack' }, 'm.relates_to': { rel_type: 'm.replace', event_id: parent } });
    const r1 = await send(hs, bob, room, { 'm.relates_to': { rel_type: 'm.annotation', event_id: parent, key: '👍' } }, 'm.reaction');
    const t1 = await send(hs, bob, room, { msgtype: 'm.text', body: 'in thread', 'm.relates_to': { rel_type: 'm.thread', event_id: parent } });
    const t2 = await send(hs, alice, room, { msgtype: 'm.text', body: 'in thread 2', 'm.relates_to': { rel_type: 'm.thread', event_id: parent } });
    const base = `/_matrix/client/v1/rooms/${enc(room)}/relations/${enc(parent)}`;
    const all = await api(hs, 'GET', base, { token: bob.accessToken });
    assert.equal(all.status, 200);
    assert.equal(all.body.chunk.length, 5);
    // Newest first (dir=b by default).
    assert.equal(all.body.chunk[0].event_id, t2);
    const reactions = await api(hs, 'GET', `${base}/m.annotation/m.reaction`, { token: bob.accessToken });
    assert.deepEqual(reactions.body.chunk.map((e: { event_id: string }) => e.event_id), [r1]);
    const thread = await api(hs, 'GET', `${base}/m.thread?dir=f&limit=1`, { token: bob.accessToken });
    assert.deepEqual(thread.body.chunk.map((e: { event_id: string }) => e.event_id), [t1]);
    const rest = await api(hs, 'GET', `${base}/m.thread?dir=f&limit=1&from=${enc(thread.body.next_batch)}`, { token: bob.accessToken });
    assert.deepEqual(rest.body.chunk.map((e: { event_id: string }) => e.event_id), [t2]);
    assert.equal(rest.body.next_batch, undefined);
    // Bundled aggregations on the parent: the latest valid edit, the thread summary.
    const ev = await api(hs, 'GET', v3(`/rooms/${enc(room)}/event/${enc(parent)}`), { token: bob.accessToken });
    const rel = ev.body.unsigned['m.relations'];
    assert.equal(rel['m.replace'].event_id, edit);
    assert.equal(rel['m.thread'].count, 2);
    assert.equal(rel['m.thread'].latest_event.event_id, t2);
    assert.equal(rel['m.thread'].current_user_participated, true);
    assert.equal(ev.body.content.body, 'parent', 'the original content is served unchanged (v1.7+)');
    assertError(await api(hs, 'GET', `/_matrix/client/v1/rooms/${enc(room)}/relations/${enc('$missing')}`, { token: bob.accessToken }), 404, 'M_NOT_FOUND');
  });

  it('typing and receipts arrive in /sync ephemeral; typing times out', async () => {
    const first = await sync(hs, bob);
    const msg = await send(hs, alice, room, 'read me');
    const typing = await api(hs, 'PUT', v3(`/rooms/${enc(room)}/typing/${enc(alice.userId)}`), { token: alice.accessToken, body: { typing: true, timeout: 300 } });
    assert.equal(typing.status, 200);
    const receipt = await api(hs, 'POST', v3(`/rooms/${enc(room)}/receipt/m.read/${enc(msg)}`), { token: alice.accessToken, body: { thread_id: 'main' } });
    assert.equal(receipt.status, 200);
    await api(hs, 'POST', v3(`/rooms/${enc(room)}/receipt/m.read.private/${enc(msg)}`), { token: alice.accessToken, body: {} });
    const next = await sync(hs, bob, { since: first.next_batch });
    const eph = next.rooms.join[room].ephemeral.events;
    assert.deepEqual(eph.find((e: { type: string }) => e.type === 'm.typing').content, { user_ids: [alice.userId] });
    const receipts = eph.find((e: { type: string }) => e.type === 'm.receipt').content;
    assert.equal(receipts[msg]['m.read'][alice.userId].thread_id, 'main');
    assert.equal(typeof receipts[msg]['m.read'][alice.userId].ts, 'number');
    assert.equal(receipts[msg]['m.read.private'], undefined, 'private receipts go only to their owner');
    const own = await sync(hs, alice, { since: first.next_batch });
    assert.ok(own.rooms.join[room].ephemeral.events.find((e: { type: string }) => e.type === 'm.receipt').content[msg]['m.read.private'][alice.userId]);
    // The typing notification expires after its timeout, and /sync reports the empty list.
    const t0 = Date.now();
    const expired = await sync(hs, bob, { since: next.next_batch, timeout: '3000' });
    assert.ok(Date.now() - t0 < 2500, 'woken by the typing expiry');
    assert.deepEqual(expired.rooms.join[room].ephemeral.events.find((e: { type: string }) => e.type === 'm.typing').content, { user_ids: [] });
    assertError(await api(hs, 'PUT', v3(`/rooms/${enc(room)}/typing/${enc(bob.userId)}`), { token: alice.accessToken, body: { typing: true } }), 403, 'M_FORBIDDEN');
    assertError(await api(hs, 'PUT', v3(`/rooms/${enc(room)}/typing/${enc(alice.userId)}`), { token: alice.accessToken, body: {} }), 400, 'M_MISSING_PARAM');
    assertError(await api(hs, 'PUT', v3(`/rooms/${enc(room)}/typing/${enc(alice.userId)}`), { token: alice.accessToken, body: { typing: 'yes' } }), 400, 'M_BAD_JSON');
    assertError(await api(hs, 'POST', v3(`/rooms/${enc(room)}/receipt/m.bogus/${enc(msg)}`), { token: alice.accessToken, body: {} }), 400, 'M_INVALID_PARAM');
    assertError(await api(hs, 'POST', v3(`/rooms/${enc(room)}/receipt/m.read/${enc(msg)}`), { token: carol.accessToken, body: {} }), 403, 'M_FORBIDDEN');
  });

  it('read markers set m.fully_read room account data and a read receipt', async () => {
    const first = await sync(hs, bob);
    const msg = await send(hs, alice, room, 'marker');
    const res = await api(hs, 'POST', v3(`/rooms/${enc(room)}/read_markers`), { token: bob.accessToken, body: { 'm.fully_read': msg, 'm.read': msg } });
    assert.equal(res.status, 200);
    const next = await sync(hs, bob, { since: first.next_batch });
    const entry = next.rooms.join[room];
    assert.deepEqual(entry.account_data.events, [{ type: 'm.fully_read', content: { event_id: msg } }]);
    assert.ok(entry.ephemeral.events.find((e: { type: string }) => e.type === 'm.receipt').content[msg]['m.read'][bob.userId]);
    assert.equal(entry.unread_notifications.notification_count, 0);
    assertError(await api(hs, 'POST', v3(`/rooms/${enc(room)}/read_markers`), { token: bob.accessToken, body: { 'm.fully_read': 7 } }), 400, 'M_BAD_JSON');
  });

  it('account data: global and per room, own user only, server-owned types refused', async () => {
    const put = await api(hs, 'PUT', v3(`/user/${enc(alice.userId)}/account_data/org.example.settings`), { token: alice.accessToken, body: { theme: 'dark' } });
    assert.equal(put.status, 200);
    const get = await api(hs, 'GET', v3(`/user/${enc(alice.userId)}/account_data/org.example.settings`), { token: alice.accessToken });
    assert.deepEqual(get.body, { theme: 'dark' });
    assertError(await api(hs, 'GET', v3(`/user/${enc(alice.userId)}/account_data/org.example.none`), { token: alice.accessToken }), 404, 'M_NOT_FOUND');
    assertError(await api(hs, 'GET', v3(`/user/${enc(bob.userId)}/account_data/org.example.settings`), { token: alice.accessToken }), 403, 'M_FORBIDDEN');
    assertError(await api(hs, 'PUT', v3(`/user/${enc(alice.userId)}/account_data/m.fully_read`), { token: alice.accessToken, body: {} }), 405, 'M_BAD_JSON');
    const rput = await api(hs, 'PUT', v3(`/user/${enc(alice.userId)}/rooms/${enc(room)}/account_data/m.tag`), { token: alice.accessToken, body: { tags: {} } });
    assert.equal(rput.status, 200);
    const rget = await api(hs, 'GET', v3(`/user/${enc(alice.userId)}/rooms/${enc(room)}/account_data/m.tag`), { token: alice.accessToken });
    assert.deepEqual(rget.body, { tags: {} });
    assertError(await api(hs, 'GET', v3(`/user/${enc(alice.userId)}/rooms/not-a-room/account_data/m.tag`), { token: alice.accessToken }), 400, 'M_INVALID_PARAM');
    const s = await sync(hs, alice);
    assert.deepEqual(s.account_data.events.find((e: { type: string }) => e.type === 'org.example.settings').content, { theme: 'dark' });
  });

  it('filters: create, fetch, validate, own user only', async () => {
    const created = await api(hs, 'POST', v3(`/user/${enc(alice.userId)}/filter`), { token: alice.accessToken, body: { room: { timeline: { limit: 2 } } } });
    assert.equal(created.status, 200);
    assert.equal(typeof created.body.filter_id, 'string');
    const got = await api(hs, 'GET', v3(`/user/${enc(alice.userId)}/filter/${created.body.filter_id}`), { token: alice.accessToken });
    assert.deepEqual(got.body, { room: { timeline: { limit: 2 } } });
    assertError(await api(hs, 'GET', v3(`/user/${enc(alice.userId)}/filter/999`), { token: alice.accessToken }), 404, 'M_NOT_FOUND');
    assertError(await api(hs, 'GET', v3(`/user/${enc(alice.userId)}/filter/${created.body.filter_id}`), { token: bob.accessToken }), 403, 'M_FORBIDDEN');
    assertError(await api(hs, 'POST', v3(`/user/${enc(bob.userId)}/filter`), { token: alice.accessToken, body: {} }), 403, 'M_FORBIDDEN');
    assertError(await api(hs, 'POST', v3(`/user/${enc(alice.userId)}/filter`), { token: alice.accessToken, body: { room: { timeline: { limit: 'two' } } } }), 400, 'M_BAD_JSON');
    // The stored filter drives /sync.
    const s = await sync(hs, alice, { filter: created.body.filter_id });
    assert.ok(s.rooms.join[room].timeline.events.length <= 2);
  });

  it('serves the default push rules (matrix-js-sdk needs them before syncing)', async () => {
    const res = await api(hs, 'GET', v3('/pushrules/'), { token: alice.accessToken });
    assert.equal(res.status, 200);
    assert.ok(res.body.global.override.some((r: { rule_id: string }) => r.rule_id === '.m.rule.master'));
    assert.ok(res.body.global.underride.some((r: { rule_id: string }) => r.rule_id === '.m.rule.message'));
  });
});

describe('who may see what: history visibility, peeking, guests', () => {
  let hs: RunningHomeserver;
  let alice: TestUser;
  let bob: TestUser;
  let outsider: TestUser;
  let guest: TestUser;

  before(async () => {
    hs = await start();
    alice = makeUser(hs, 'alice');
    bob = makeUser(hs, 'bob');
    outsider = makeUser(hs, 'outsider');
    guest = makeUser(hs, 'guest', { guest: true });
  });
  after(() => hs.close());

  const history = async (user: TestUser, roomId: string) => {
    const res = await api(hs, 'GET', v3(`/rooms/${enc(roomId)}/messages?dir=b&limit=100`), { token: user.accessToken });
    assert.equal(res.status, 200, JSON.stringify(res.body));
    return bodies(res.body.chunk);
  };

  it('world_readable rooms can be read by non-members and guests (peeking), but not written', async () => {
    const roomId = await createRoom(hs, alice, {
      preset: 'public_chat',
      initial_state: [{ type: 'm.room.history_visibility', content: { history_visibility: 'world_readable' } }],
    });
    await send(hs, alice, roomId, 'public words');
    assert.deepEqual(await history(outsider, roomId), ['public words']);
    assert.deepEqual(await history(guest, roomId), ['public words']);
    const state = await api(hs, 'GET', v3(`/rooms/${enc(roomId)}/state`), { token: guest.accessToken });
    assert.equal(state.status, 200);
    const ev = await api(hs, 'GET', v3(`/rooms/${enc(roomId)}/messages?dir=b&limit=1`), { token: guest.accessToken });
    const ctx = await api(hs, 'GET', v3(`/rooms/${enc(roomId)}/context/${enc(ev.body.chunk[0].event_id)}`), { token: outsider.accessToken });
    assert.equal(ctx.status, 200);
    assertError(await api(hs, 'PUT', v3(`/rooms/${enc(roomId)}/send/m.room.message/x1`), { token: outsider.accessToken, body: { body: 'hi' } }), 403, 'M_FORBIDDEN');
    // Guests cannot join: this room has no guest_access.
    assertError(await api(hs, 'POST', v3(`/rooms/${enc(roomId)}/join`), { token: guest.accessToken, body: {} }), 403, 'M_GUEST_ACCESS_FORBIDDEN');
  });

  it('non-members get 403 M_FORBIDDEN on rooms that are not world-readable (guests too)', async () => {
    const roomId = await createRoom(hs, alice, { preset: 'public_chat' });
    await send(hs, alice, roomId, 'members only');
    for (const user of [outsider, guest]) {
      assertError(await api(hs, 'GET', v3(`/rooms/${enc(roomId)}/messages?dir=b`), { token: user.accessToken }), 403, 'M_FORBIDDEN');
      assertError(await api(hs, 'GET', v3(`/rooms/${enc(roomId)}/state`), { token: user.accessToken }), 403, 'M_FORBIDDEN');
    }
    const msgs = await api(hs, 'GET', v3(`/rooms/${enc(roomId)}/messages?dir=b&limit=1`), { token: alice.accessToken });
    assertError(await api(hs, 'GET', v3(`/rooms/${enc(roomId)}/event/${enc(msgs.body.chunk[0].event_id)}`), { token: outsider.accessToken }), 403, 'M_FORBIDDEN');
  });

  it('shared history is visible to members who join later; joined history is not; departed members keep what they saw', async () => {
    const shared = await createRoom(hs, alice, { preset: 'public_chat' });
    await send(hs, alice, shared, 'before bob (shared)');
    const joinedOnly = await createRoom(hs, alice, {
      preset: 'public_chat',
      initial_state: [{ type: 'm.room.history_visibility', content: { history_visibility: 'joined' } }],
    });
    await send(hs, alice, joinedOnly, 'before bob (joined)');
    await join(hs, bob, shared);
    await join(hs, bob, joinedOnly);
    await send(hs, alice, joinedOnly, 'after bob (joined)');
    assert.deepEqual(await history(bob, shared), ['before bob (shared)']);
    assert.deepEqual(await history(bob, joinedOnly), ['after bob (joined)']);
    // The initial sync applies the same rules.
    const s = await sync(hs, bob);
    assert.deepEqual(bodies(s.rooms.join[joinedOnly].timeline.events), ['after bob (joined)']);
    // Bob leaves: he still reads up to his leave, nothing after.
    await api(hs, 'POST', v3(`/rooms/${enc(shared)}/leave`), { token: bob.accessToken, body: {} });
    await send(hs, alice, shared, 'after bob left');
    assert.deepEqual(await history(bob, shared), ['before bob (shared)']);
    // Invited-visibility: invitees see from their invite.
    const invited = await createRoom(hs, alice, {
      preset: 'private_chat',
      initial_state: [{ type: 'm.room.history_visibility', content: { history_visibility: 'invited' } }],
    });
    await send(hs, alice, invited, 'before invite');
    await api(hs, 'POST', v3(`/rooms/${enc(invited)}/invite`), { token: alice.accessToken, body: { user_id: bob.userId } });
    await send(hs, alice, invited, 'while invited');
    await join(hs, bob, invited);
    assert.deepEqual(await history(bob, invited), ['while invited']);
  });

  it('guests join can_join rooms and may send there, as Synapse allows', async () => {
    const roomId = await createRoom(hs, alice, {
      preset: 'public_chat',
      initial_state: [{ type: 'm.room.guest_access', content: { guest_access: 'can_join' } }],
    });
    await join(hs, guest, roomId);
    const id = await send(hs, guest, roomId, 'guest says hi');
    assert.match(id, /^\$/);
    const s = await sync(hs, guest);
    assert.ok(bodies(s.rooms.join[roomId].timeline.events).includes('guest says hi'));
    // Guests may not set state, redact, or create filters.
    assertError(await api(hs, 'PUT', v3(`/rooms/${enc(roomId)}/state/m.room.topic/`), { token: guest.accessToken, body: { topic: 'x' } }), 403, 'M_GUEST_ACCESS_FORBIDDEN');
    assertError(await api(hs, 'PUT', v3(`/rooms/${enc(roomId)}/redact/${enc(id)}/g`), { token: guest.accessToken, body: {} }), 403, 'M_GUEST_ACCESS_FORBIDDEN');
    assertError(await api(hs, 'POST', v3(`/user/${enc(guest.userId)}/filter`), { token: guest.accessToken, body: {} }), 403, 'M_GUEST_ACCESS_FORBIDDEN');
  });
});
