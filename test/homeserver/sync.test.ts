import assert from 'node:assert/strict';
import { after, before, describe, it } from 'node:test';
import { ClientEvent, MsgType, RoomEvent, createClient, type MatrixClient, type MatrixEvent, type Room } from 'matrix-js-sdk';
import { api, assertError, start, type RunningHomeserver } from './helpers.ts';
import { bodies, createRoom, enc, join, makeUser, newDevice, send, sync, v3, type TestUser } from './room-helpers.ts';

describe('/sync', () => {
  let hs: RunningHomeserver;
  let alice: TestUser;
  let bob: TestUser;
  let room: string;

  before(async () => {
    hs = await start();
    alice = makeUser(hs, 'alice', { displayname: 'Alice' });
    bob = makeUser(hs, 'bob', { displayname: 'Bob' });
    room = await createRoom(hs, alice, { preset: 'public_chat', name: 'Sync room' });
    await join(hs, bob, room);
  });
  after(() => hs.close());

  it('initial sync carries state, timeline, summary and next_batch; incremental sync only what is new', async () => {
    await send(hs, alice, room, 'one');
    const first = await sync(hs, bob);
    assert.match(first.next_batch, /^s\d+$/);
    const entry = first.rooms.join[room];
    assert.ok(entry.state.events.length + entry.timeline.events.length > 0);
    assert.deepEqual(bodies(entry.timeline.events), ['one']);
    assert.equal(entry.timeline.events[0].room_id, undefined, 'sync events carry no room_id');
    assert.equal(entry.summary['m.joined_member_count'], 2);
    assert.equal(entry.summary['m.invited_member_count'], 0);
    assert.equal(entry.summary['m.heroes'], undefined, 'the room has a name');
    assert.equal(entry.unread_notifications.notification_count, 1);
    await send(hs, alice, room, 'two');
    const second = await sync(hs, bob, { since: first.next_batch });
    assert.deepEqual(bodies(second.rooms.join[room].timeline.events), ['two']);
    assert.equal(second.rooms.join[room].timeline.limited, false);
    assert.deepEqual(second.rooms.join[room].state.events, []);
    assert.equal(second.rooms.join[room].unread_notifications.notification_count, 2);
    // Nothing new: an empty answer with the same position.
    const third = await sync(hs, bob, { since: second.next_batch });
    assert.equal(third.rooms, undefined);
    assert.equal(third.next_batch, second.next_batch);
  });

  it('long-polls: returns as soon as an event arrives, and after the timeout when none does', async () => {
    const base = await sync(hs, bob);
    const t0 = Date.now();
    const polling = sync(hs, bob, { since: base.next_batch, timeout: '10000' });
    setTimeout(() => void send(hs, alice, room, 'wake up'), 150);
    const woke = await polling;
    const took = Date.now() - t0;
    assert.ok(took >= 100 && took < 5000, `returned after ${took} ms`);
    assert.deepEqual(bodies(woke.rooms.join[room].timeline.events), ['wake up']);
    const t1 = Date.now();
    const idle = await sync(hs, bob, { since: woke.next_batch, timeout: '300' });
    const waited = Date.now() - t1;
    assert.ok(waited >= 280, `waited ${waited} ms`);
    assert.equal(idle.rooms, undefined);
  });

  it('stops waiting when the client disconnects', async () => {
    const base = await sync(hs, bob);
    const controller = new AbortController();
    const req = fetch(`${hs.url}${v3(`/sync?since=${base.next_batch}&timeout=60000`)}`, {
      headers: { Authorization: `Bearer ${bob.accessToken}` },
      signal: controller.signal,
    }).catch((e: Error) => e);
    await new Promise((r) => setTimeout(r, 100));
    controller.abort();
    assert.ok((await req) instanceof Error);
    // The server is still responsive, and the abandoned poll does not hold anything up.
    const ok = await sync(hs, bob, { since: base.next_batch });
    assert.match(ok.next_batch, /^s\d+$/);
  });

  it('limits the timeline (limited + prev_batch usable with /messages) and honours full_state', async () => {
    const base = await sync(hs, bob);
    for (let i = 0; i < 6; i++) await send(hs, alice, room, `burst ${i}`);
    const filter = JSON.stringify({ room: { timeline: { limit: 2 } } });
    const s = await sync(hs, bob, { since: base.next_batch, filter });
    const tl = s.rooms.join[room].timeline;
    assert.equal(tl.limited, true);
    assert.deepEqual(bodies(tl.events), ['burst 4', 'burst 5']);
    const older = await api(hs, 'GET', v3(`/rooms/${enc(room)}/messages?dir=b&limit=2&from=${enc(tl.prev_batch)}`), { token: bob.accessToken });
    assert.deepEqual(bodies(older.body.chunk), ['burst 3', 'burst 2']);
    const full = await sync(hs, bob, { since: s.next_batch, full_state: 'true', filter });
    const types = full.rooms.join[room].state.events.map((e: { type: string }) => e.type);
    assert.ok(types.includes('m.room.create') && types.includes('m.room.name'));
  });

  it('lazy-loads members: only the timeline senders (and the user) in state', async () => {
    const carol = makeUser(hs, 'carol', { displayname: 'Carol' });
    await join(hs, carol, room);
    await send(hs, carol, room, 'carol here');
    const filter = JSON.stringify({ room: { timeline: { limit: 1 }, state: { lazy_load_members: true } } });
    const s = await sync(hs, bob, { filter });
    const members = s.rooms.join[room].state.events.filter((e: { type: string }) => e.type === 'm.room.member').map((e: { state_key: string }) => e.state_key).sort();
    assert.deepEqual(members, [bob.userId, carol.userId].sort());
    assert.equal(s.rooms.join[room].summary['m.joined_member_count'], 3);
  });

  it('marks the sending device\'s own events with unsigned.transaction_id', async () => {
    const base = await sync(hs, alice);
    await api(hs, 'PUT', v3(`/rooms/${enc(room)}/send/m.room.message/my-txn`), { token: alice.accessToken, body: { msgtype: 'm.text', body: 'mine' } });
    const own = await sync(hs, alice, { since: base.next_batch });
    assert.equal(own.rooms.join[room].timeline.events.at(-1).unsigned.transaction_id, 'my-txn');
    const otherDevice = await sync(hs, newDevice(hs, alice), { since: base.next_batch });
    assert.equal(otherDevice.rooms.join[room].timeline.events.at(-1).unsigned.transaction_id, undefined);
    const bobs = await sync(hs, bob, { since: base.next_batch });
    assert.equal(bobs.rooms.join[room].timeline.events.at(-1).unsigned.transaction_id, undefined);
  });

  it('reports invites with stripped state, new joins, and leaves (incremental) with their timeline', async () => {
    const dave = makeUser(hs, 'dave');
    const base = await sync(hs, dave);
    const priv = await createRoom(hs, alice, { preset: 'private_chat', name: 'Invite only', invite: [dave.userId] });
    const inv = await sync(hs, dave, { since: base.next_batch });
    const state = inv.rooms.invite[priv].invite_state.events;
    assert.ok(state.some((e: { type: string; content: { name?: string } }) => e.type === 'm.room.name' && e.content.name === 'Invite only'));
    assert.ok(state.some((e: { type: string; state_key: string; content: { membership?: string } }) => e.type === 'm.room.member' && e.state_key === dave.userId && e.content.membership === 'invite'));
    await join(hs, dave, priv);
    const joined = await sync(hs, dave, { since: inv.next_batch });
    assert.ok(joined.rooms.join[priv].state.events.some((e: { type: string }) => e.type === 'm.room.create') || joined.rooms.join[priv].timeline.events.some((e: { type: string }) => e.type === 'm.room.create'));
    await api(hs, 'POST', v3(`/rooms/${enc(priv)}/leave`), { token: dave.accessToken, body: {} });
    const left = await sync(hs, dave, { since: joined.next_batch });
    const leaveEvents = left.rooms.leave[priv].timeline.events;
    assert.equal(leaveEvents.at(-1).content.membership, 'leave');
    // The initial sync leaves left rooms out unless include_leave is set.
    assert.equal((await sync(hs, dave)).rooms?.leave, undefined);
    assert.ok((await sync(hs, dave, { filter: JSON.stringify({ room: { include_leave: true } }) })).rooms.leave[priv]);
  });

  it('delivers redactions through /sync', async () => {
    const base = await sync(hs, bob);
    const id = await send(hs, alice, room, 'soon gone');
    await api(hs, 'PUT', v3(`/rooms/${enc(room)}/redact/${enc(id)}/rx`), { token: alice.accessToken, body: { reason: 'oops' } });
    const s = await sync(hs, bob, { since: base.next_batch });
    const events = s.rooms.join[room].timeline.events;
    const redaction = events.find((e: { type: string }) => e.type === 'm.room.redaction');
    assert.equal(redaction.redacts, id);
    const original = events.find((e: { event_id: string }) => e.event_id === id);
    assert.deepEqual(original.content, {});
    assert.equal(original.unsigned.redacted_because.event_id, redaction.event_id);
  });

  it('counts highlights for mentions', async () => {
    const roomId = await createRoom(hs, alice, { preset: 'public_chat' });
    await join(hs, bob, roomId);
    await send(hs, alice, roomId, { msgtype: 'm.text', body: 'Bob: look', 'm.mentions': { user_ids: [bob.userId] } });
    await send(hs, alice, roomId, { msgtype: 'm.notice', body: 'a notice does not notify' });
    const s = await sync(hs, bob);
    assert.deepEqual(s.rooms.join[roomId].unread_notifications, { notification_count: 1, highlight_count: 1 });
    assert.deepEqual(s.rooms.join[roomId].summary['m.heroes'], [alice.userId], 'heroes for an unnamed room');
  });

  it('errors: bad since, unknown filter id, bad inline filter, missing token, bad timeout', async () => {
    assertError(await api(hs, 'GET', v3('/sync?since=bogus'), { token: bob.accessToken }), 400, 'M_INVALID_PARAM');
    assertError(await api(hs, 'GET', v3('/sync?filter=12345'), { token: bob.accessToken }), 400, 'M_INVALID_PARAM');
    assertError(await api(hs, 'GET', v3(`/sync?filter=${enc('{"room": ')}`), { token: bob.accessToken }), 400, 'M_NOT_JSON');
    assertError(await api(hs, 'GET', v3(`/sync?filter=${enc('{"room": {"timeline": {"limit": -1}}}')}`), { token: bob.accessToken }), 400, 'M_BAD_JSON');
    assertError(await api(hs, 'GET', v3('/sync?timeout=soon'), { token: bob.accessToken }), 400, 'M_INVALID_PARAM');
    assertError(await api(hs, 'GET', v3('/sync')), 401, 'M_MISSING_TOKEN');
  });
});

describe('matrix-js-sdk against the homeserver', () => {
  let hs: RunningHomeserver;
  let alice: TestUser;
  let bob: TestUser;
  let room: string;
  const clients: MatrixClient[] = [];
  // matrix-js-sdk guards each request with a setTimeout (its AbortSignal.timeout ponyfill, 80-110 s for
  // /sync) that it never clears; in Node that keeps the test process alive long after the tests end. While
  // these tests run, such long guard timers are unref'd (nothing in the tests waits that long).
  const realSetTimeout = globalThis.setTimeout;

  before(async () => {
    globalThis.setTimeout = ((fn: () => void, ms?: number, ...args: unknown[]) => {
      const timer = realSetTimeout(fn, ms, ...args);
      if ((ms ?? 0) >= 60_000) (timer as unknown as NodeJS.Timeout).unref();
      return timer;
    }) as typeof setTimeout;
    hs = await start();
    alice = makeUser(hs, 'alice', { displayname: 'Alice' });
    bob = makeUser(hs, 'bob', { displayname: 'Bob' });
    room = await createRoom(hs, alice, { preset: 'public_chat', name: 'SDK room', room_alias_name: 'sdk' });
    await join(hs, bob, room);
    for (let i = 0; i < 30; i++) await send(hs, alice, room, `history ${i}`);
  });
  after(async () => {
    for (const c of clients) c.stopClient();
    await hs.close();
    globalThis.setTimeout = realSetTimeout;
  });

  const startClient = async (user: TestUser): Promise<MatrixClient> => {
    const client = createClient({ baseUrl: hs.url, accessToken: user.accessToken, userId: user.userId, deviceId: user.deviceId });
    clients.push(client);
    const ready = new Promise<void>((resolve, reject) => {
      client.on(ClientEvent.Sync, (state) => {
        if (state === 'PREPARED') resolve();
        if (state === 'ERROR') reject(new Error('sync error'));
      });
    });
    await client.startClient({ initialSyncLimit: 10 });
    await ready;
    return client;
  };

  it('syncs, receives a message sent by another user, scrolls back to the first message', async () => {
    const client = await startClient(bob);
    const sdkRoom = client.getRoom(room) as Room;
    assert.ok(sdkRoom, 'room known after the initial sync');
    assert.equal(sdkRoom.name, 'SDK room');
    assert.equal(sdkRoom.getLiveTimeline().getEvents().length, 10);
    const received = new Promise<MatrixEvent>((resolve) => {
      client.on(RoomEvent.Timeline, (ev, r) => {
        if (r?.roomId === room && ev.getType() === 'm.room.message' && ev.getContent().body === 'live!') resolve(ev);
      });
    });
    await send(hs, alice, room, 'live!');
    const ev = await received;
    assert.equal(ev.getSender(), alice.userId);
    // Scroll back until the room's creation: every historical message arrives, oldest first.
    for (let i = 0; i < 20 && sdkRoom.oldState.paginationToken !== null; i++) await client.scrollback(sdkRoom, 10);
    const texts = sdkRoom.getLiveTimeline().getEvents().filter((e) => e.getType() === 'm.room.message').map((e) => e.getContent().body);
    assert.deepEqual(texts.slice(0, 3), ['history 0', 'history 1', 'history 2']);
    assert.equal(texts.at(-1), 'live!');
    assert.equal(sdkRoom.getLiveTimeline().getEvents()[0].getType(), 'm.room.create');
    assert.equal(sdkRoom.oldState.paginationToken, null, 'reached the start of the room');
  });

  it('sendMessage gets an event id, and resending the same transaction ID does not duplicate', async () => {
    const client = await startClient(alice);
    const res = await client.sendMessage(room, { msgtype: MsgType.Text, body: 'from the sdk' }, 'sdk-txn-1');
    assert.match(res.event_id, /^\$/);
    // A client that lost the answer (a reload, a dropped connection) resends with the same transaction ID
    // from the same device: the server answers with the first event instead of sending a second one.
    const resender = createClient({ baseUrl: hs.url, accessToken: alice.accessToken, userId: alice.userId, deviceId: alice.deviceId });
    const again = await resender.sendMessage(room, { msgtype: MsgType.Text, body: 'from the sdk' }, 'sdk-txn-1');
    assert.equal(again.event_id, res.event_id);
    const msgs = await api(hs, 'GET', v3(`/rooms/${enc(room)}/messages?dir=b&limit=5`), { token: alice.accessToken });
    assert.equal(bodies(msgs.body.chunk).filter((b) => b === 'from the sdk').length, 1);
  });

  it('fetches relations and room summaries through the SDK', async () => {
    const client = clients[0];
    const parent = await send(hs, alice, room, 'react to me');
    await send(hs, bob, room, { 'm.relates_to': { rel_type: 'm.annotation', event_id: parent, key: '👍' } }, 'm.reaction');
    const rel = await client.relations(room, parent, 'm.annotation' as never, 'm.reaction');
    assert.equal(rel.events.length, 1);
    assert.equal(rel.events[0].getRelation()?.key, '👍');
    const summary = await client.getRoomSummary('#sdk:localhost');
    assert.equal(summary.room_id, room);
    assert.equal(summary.membership, 'join');
  });
});
