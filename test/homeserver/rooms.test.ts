import assert from 'node:assert/strict';
import { after, before, describe, it } from 'node:test';
import { api, assertError, start, type RunningHomeserver } from './helpers.ts';
import { createRoom, enc, join, makeUser, send, v3, type TestUser } from './room-helpers.ts';

describe('rooms: create, join, leave, invite, directory, summary, state, members', () => {
  let hs: RunningHomeserver;
  let alice: TestUser;
  let bob: TestUser;
  let carol: TestUser;
  let guest: TestUser;
  let publicRoom: string;
  let privateRoom: string;

  before(async () => {
    hs = await start();
    alice = makeUser(hs, 'alice', { displayname: 'Alice' });
    bob = makeUser(hs, 'bob');
    carol = makeUser(hs, 'carol');
    guest = makeUser(hs, 'guest1', { guest: true });
    publicRoom = await createRoom(hs, alice, {
      preset: 'public_chat',
      visibility: 'public',
      room_alias_name: 'town',
      name: 'Town Square',
      topic: 'All welcome',
      initial_state: [{ type: 'm.room.guest_access', content: { guest_access: 'can_join' } }],
    });
    privateRoom = await createRoom(hs, alice, { preset: 'private_chat', name: 'Secret plans', room_alias_name: 'secret' });
  });
  after(() => hs.close());

  it('createRoom writes the initial state in Synapse order, with the preset and the request applied', async () => {
    const res = await api(hs, 'GET', v3(`/rooms/${enc(publicRoom)}/state`), { token: alice.accessToken });
    assert.equal(res.status, 200);
    const types = res.body.map((e: { type: string }) => e.type);
    assert.deepEqual(types, [
      'm.room.create',
      'm.room.member',
      'm.room.power_levels',
      'm.room.canonical_alias',
      'm.room.join_rules',
      'm.room.history_visibility',
      'm.room.guest_access',
      'm.room.name',
      'm.room.topic',
    ]);
    const by = (t: string) => res.body.find((e: { type: string }) => e.type === t);
    assert.equal(by('m.room.create').content.room_version, '10');
    assert.equal(by('m.room.create').content.creator, alice.userId);
    assert.deepEqual(by('m.room.member').content, { membership: 'join', displayname: 'Alice' });
    assert.equal(by('m.room.power_levels').content.users[alice.userId], 100);
    assert.equal(by('m.room.join_rules').content.join_rule, 'public');
    assert.equal(by('m.room.history_visibility').content.history_visibility, 'shared');
    assert.equal(by('m.room.canonical_alias').content.alias, '#town:localhost');
    assert.equal(by('m.room.topic').content.topic, 'All welcome');
    // private_chat: invite-only, guests may join (Synapse's preset).
    const pr = await api(hs, 'GET', v3(`/rooms/${enc(privateRoom)}/state/m.room.join_rules/`), { token: alice.accessToken });
    assert.deepEqual(pr.body, { join_rule: 'invite' });
    const ga = await api(hs, 'GET', v3(`/rooms/${enc(privateRoom)}/state/m.room.guest_access`), { token: alice.accessToken });
    assert.deepEqual(ga.body, { guest_access: 'can_join' });
  });

  it('createRoom supports room version 11 (no creator), power_level_content_override, invites and is_direct', async () => {
    const roomId = await createRoom(hs, alice, {
      room_version: '11',
      invite: [bob.userId],
      is_direct: true,
      power_level_content_override: { events_default: 10 },
    });
    const create = await api(hs, 'GET', v3(`/rooms/${enc(roomId)}/state/m.room.create/`), { token: alice.accessToken });
    assert.equal(create.body.room_version, '11');
    assert.equal(create.body.creator, undefined);
    const pl = await api(hs, 'GET', v3(`/rooms/${enc(roomId)}/state/m.room.power_levels/`), { token: alice.accessToken });
    assert.equal(pl.body.events_default, 10);
    const member = await api(hs, 'GET', v3(`/rooms/${enc(roomId)}/state/m.room.member/${enc(bob.userId)}`), { token: alice.accessToken });
    assert.equal(member.body.membership, 'invite');
    assert.equal(member.body.is_direct, true);
  });

  it('createRoom errors: M_ROOM_IN_USE, M_UNSUPPORTED_ROOM_VERSION, M_BAD_JSON, M_NOT_JSON, guests M_GUEST_ACCESS_FORBIDDEN', async () => {
    assertError(await api(hs, 'POST', v3('/createRoom'), { token: alice.accessToken, body: { room_alias_name: 'town' } }), 400, 'M_ROOM_IN_USE');
    assertError(await api(hs, 'POST', v3('/createRoom'), { token: alice.accessToken, body: { room_version: '99' } }), 400, 'M_UNSUPPORTED_ROOM_VERSION');
    assertError(await api(hs, 'POST', v3('/createRoom'), { token: alice.accessToken, body: { name: 42 } }), 400, 'M_BAD_JSON');
    assertError(await api(hs, 'POST', v3('/createRoom'), { token: alice.accessToken, body: '{not json' }), 400, 'M_NOT_JSON');
    assertError(await api(hs, 'POST', v3('/createRoom'), { token: alice.accessToken, body: '[1]' }), 400, 'M_BAD_JSON');
    assertError(await api(hs, 'POST', v3('/createRoom'), { token: guest.accessToken, body: {} }), 403, 'M_GUEST_ACCESS_FORBIDDEN');
    assertError(await api(hs, 'POST', v3('/createRoom'), { body: {} }), 401, 'M_MISSING_TOKEN');
  });

  it('joins by alias and by room ID; invite-only rooms refuse uninvited users; unknown aliases are 404', async () => {
    await join(hs, bob, '#town:localhost');
    const res = await api(hs, 'POST', v3(`/rooms/${enc(publicRoom)}/join`), { token: carol.accessToken, body: {} });
    assert.equal(res.status, 200);
    assert.equal(res.body.room_id, publicRoom);
    // via/server_name are accepted (one server: nothing to route through).
    const via = await api(hs, 'POST', v3(`/join/${enc('#town:localhost')}?server_name=localhost&via=localhost`), { token: carol.accessToken, body: {} });
    assert.equal(via.status, 200);
    assertError(await api(hs, 'POST', v3(`/join/${enc('#secret:localhost')}`), { token: bob.accessToken, body: {} }), 403, 'M_FORBIDDEN');
    assertError(await api(hs, 'POST', v3(`/join/${enc('#nope:localhost')}`), { token: bob.accessToken, body: {} }), 404, 'M_NOT_FOUND');
    assertError(await api(hs, 'POST', v3(`/join/${enc('!unknown:localhost')}`), { token: bob.accessToken, body: {} }), 404, 'M_NOT_FOUND');
  });

  it('invites let a user into an invite-only room; inviting needs membership; leave works', async () => {
    assertError(await api(hs, 'POST', v3(`/rooms/${enc(privateRoom)}/invite`), { token: bob.accessToken, body: { user_id: carol.userId } }), 403, 'M_FORBIDDEN');
    assertError(await api(hs, 'POST', v3(`/rooms/${enc(privateRoom)}/invite`), { token: alice.accessToken, body: {} }), 400, 'M_MISSING_PARAM');
    assertError(await api(hs, 'POST', v3(`/rooms/${enc(privateRoom)}/invite`), { token: alice.accessToken, body: { user_id: '@ghost:localhost' } }), 404, 'M_NOT_FOUND');
    const inv = await api(hs, 'POST', v3(`/rooms/${enc(privateRoom)}/invite`), { token: alice.accessToken, body: { user_id: bob.userId } });
    assert.equal(inv.status, 200);
    assert.deepEqual(inv.body, {});
    await join(hs, bob, privateRoom);
    const joined = await api(hs, 'GET', v3('/joined_rooms'), { token: bob.accessToken });
    assert.ok(joined.body.joined_rooms.includes(privateRoom));
    const leave = await api(hs, 'POST', v3(`/rooms/${enc(privateRoom)}/leave`), { token: bob.accessToken, body: {} });
    assert.equal(leave.status, 200);
    const after = await api(hs, 'GET', v3('/joined_rooms'), { token: bob.accessToken });
    assert.ok(!after.body.joined_rooms.includes(privateRoom));
    assertError(await api(hs, 'POST', v3(`/rooms/${enc(privateRoom)}/leave`), { token: carol.accessToken, body: {} }), 403, 'M_FORBIDDEN');
    assertError(await api(hs, 'POST', v3(`/rooms/${enc('!nope:localhost')}/leave`), { token: carol.accessToken, body: {} }), 404, 'M_NOT_FOUND');
  });

  it('guests join rooms with guest_access can_join and get M_GUEST_ACCESS_FORBIDDEN elsewhere', async () => {
    const noGuests = await createRoom(hs, alice, { preset: 'public_chat' });
    assertError(await api(hs, 'POST', v3(`/rooms/${enc(noGuests)}/join`), { token: guest.accessToken, body: {} }), 403, 'M_GUEST_ACCESS_FORBIDDEN');
    await join(hs, guest, publicRoom);
    // Guests may not invite (Synapse: only join and leave).
    assertError(await api(hs, 'POST', v3(`/rooms/${enc(publicRoom)}/invite`), { token: guest.accessToken, body: { user_id: carol.userId } }), 403, 'M_GUEST_ACCESS_FORBIDDEN');
  });

  it('resolves aliases through /directory/room and manages them with PUT/DELETE', async () => {
    const res = await api(hs, 'GET', v3(`/directory/room/${enc('#town:localhost')}`));
    assert.equal(res.status, 200);
    assert.deepEqual(res.body, { room_id: publicRoom, servers: ['localhost'] });
    assertError(await api(hs, 'GET', v3(`/directory/room/${enc('#missing:localhost')}`)), 404, 'M_NOT_FOUND');
    const put = await api(hs, 'PUT', v3(`/directory/room/${enc('#plaza:localhost')}`), { token: alice.accessToken, body: { room_id: publicRoom } });
    assert.equal(put.status, 200);
    assertError(await api(hs, 'PUT', v3(`/directory/room/${enc('#plaza:localhost')}`), { token: alice.accessToken, body: { room_id: publicRoom } }), 409, 'M_UNKNOWN');
    assert.equal((await api(hs, 'GET', v3(`/directory/room/${enc('#plaza:localhost')}`))).body.room_id, publicRoom);
    assertError(await api(hs, 'DELETE', v3(`/directory/room/${enc('#plaza:localhost')}`), { token: carol.accessToken }), 403, 'M_FORBIDDEN');
    assert.equal((await api(hs, 'DELETE', v3(`/directory/room/${enc('#plaza:localhost')}`), { token: alice.accessToken })).status, 200);
    assertError(await api(hs, 'GET', v3(`/directory/room/${enc('#plaza:localhost')}`)), 404, 'M_NOT_FOUND');
  });

  it('lists published rooms in /publicRooms (GET and POST), filtered and paginated', async () => {
    const second = await createRoom(hs, alice, { preset: 'public_chat', visibility: 'public', name: 'Gardening', topic: 'Plants and soil' });
    const all = await api(hs, 'GET', v3('/publicRooms'), { token: bob.accessToken });
    assert.equal(all.status, 200);
    assert.equal(all.body.total_room_count_estimate, 2);
    const town = all.body.chunk.find((r: { room_id: string }) => r.room_id === publicRoom);
    assert.deepEqual(
      { ...town, num_joined_members: undefined },
      {
        room_id: publicRoom,
        name: 'Town Square',
        topic: 'All welcome',
        canonical_alias: '#town:localhost',
        num_joined_members: undefined,
        world_readable: false,
        guest_can_join: true,
        join_rule: 'public',
      },
    );
    assert.ok(!all.body.chunk.some((r: { room_id: string }) => r.room_id === privateRoom), 'private rooms are not listed');
    // The more members, the earlier (Synapse's order).
    assert.equal(all.body.chunk[0].room_id, publicRoom);

    const page1 = await api(hs, 'GET', v3('/publicRooms?limit=1'), { token: bob.accessToken });
    assert.equal(page1.body.chunk.length, 1);
    assert.equal(typeof page1.body.next_batch, 'string');
    const page2 = await api(hs, 'GET', v3(`/publicRooms?limit=1&since=${enc(page1.body.next_batch)}`), { token: bob.accessToken });
    assert.equal(page2.body.chunk[0].room_id, second);
    assert.equal(page2.body.next_batch, undefined);
    assert.equal(typeof page2.body.prev_batch, 'string');

    const found = await api(hs, 'POST', v3('/publicRooms'), { token: bob.accessToken, body: { filter: { generic_search_term: 'PLANTS' }, limit: 10 } });
    assert.equal(found.status, 200);
    assert.deepEqual(found.body.chunk.map((r: { room_id: string }) => r.room_id), [second]);
    assertError(await api(hs, 'POST', v3('/publicRooms'), { token: bob.accessToken, body: { filter: 'x' } }), 400, 'M_BAD_JSON');
    assertError(await api(hs, 'GET', v3('/publicRooms?since=garbage'), { token: bob.accessToken }), 400, 'M_INVALID_PARAM');
    // Synapse's default (allow_public_rooms_without_auth: false).
    assertError(await api(hs, 'GET', v3('/publicRooms')), 401, 'M_MISSING_TOKEN');
  });

  it('summarises rooms on the v1.15 path and both MSC3266 unstable paths, with and without a token', async () => {
    const paths = [
      (r: string) => `/_matrix/client/v1/room_summary/${enc(r)}`,
      (r: string) => `/_matrix/client/unstable/im.nheko.summary/rooms/${enc(r)}/summary`,
      (r: string) => `/_matrix/client/unstable/im.nheko.summary/summary/${enc(r)}`,
    ];
    for (const path of paths) {
      const anon = await api(hs, 'GET', path('#town:localhost'));
      assert.equal(anon.status, 200, path('#town:localhost'));
      assert.equal(anon.body.room_id, publicRoom);
      assert.equal(anon.body.name, 'Town Square');
      assert.equal(anon.body.join_rule, 'public');
      assert.equal(anon.body.room_version, '10');
      assert.equal(anon.body.guest_can_join, true);
      assert.equal(anon.body.world_readable, false);
      assert.equal(typeof anon.body.num_joined_members, 'number');
      assert.equal(anon.body.membership, undefined, 'no membership without a token');
      const authed = await api(hs, 'GET', path(publicRoom), { token: bob.accessToken });
      assert.equal(authed.body.membership, 'join');
      const outsider = await api(hs, 'GET', path(publicRoom), { token: makeUser(hs, `out${Math.random().toString(36).slice(2, 8)}`).accessToken });
      assert.equal(outsider.body.membership, 'leave');
      // A private room is hidden (Synapse: 404 "Room not found or is not accessible"), except to members.
      assertError(await api(hs, 'GET', path(privateRoom)), 404, 'M_NOT_FOUND');
      assertError(await api(hs, 'GET', path(privateRoom), { token: carol.accessToken }), 404, 'M_NOT_FOUND');
      assert.equal((await api(hs, 'GET', path(privateRoom), { token: alice.accessToken })).body.membership, 'join');
      assertError(await api(hs, 'GET', path('#nowhere:localhost')), 404, 'M_NOT_FOUND');
      assertError(await api(hs, 'GET', path('!nowhere:localhost')), 404, 'M_NOT_FOUND');
    }
    const unstable = await api(hs, 'GET', paths[1](publicRoom));
    assert.equal(unstable.body['im.nheko.summary.room_version'], '10');
    assertError(await api(hs, 'GET', paths[0](publicRoom), { token: 'bogus' }), 401, 'M_UNKNOWN_TOKEN');
  });

  it('reads and writes state with power-level checks', async () => {
    const put = await api(hs, 'PUT', v3(`/rooms/${enc(publicRoom)}/state/m.room.topic/`), { token: alice.accessToken, body: { topic: 'New topic' } });
    assert.equal(put.status, 200);
    assert.match(put.body.event_id, /^\$/);
    const topic = await api(hs, 'GET', v3(`/rooms/${enc(publicRoom)}/state/m.room.topic`), { token: bob.accessToken });
    assert.deepEqual(topic.body, { topic: 'New topic' });
    const full = await api(hs, 'GET', v3(`/rooms/${enc(publicRoom)}/state/m.room.topic/?format=event`), { token: bob.accessToken });
    assert.equal(full.body.event_id, put.body.event_id);
    // Bob has power 0; state needs 50.
    assertError(await api(hs, 'PUT', v3(`/rooms/${enc(publicRoom)}/state/m.room.topic/`), { token: bob.accessToken, body: { topic: 'Mine' } }), 403, 'M_FORBIDDEN');
    assertError(await api(hs, 'PUT', v3(`/rooms/${enc(publicRoom)}/state/m.room.power_levels/`), { token: bob.accessToken, body: { users: { [bob.userId]: 100 } } }), 403, 'M_FORBIDDEN');
    assertError(await api(hs, 'PUT', v3(`/rooms/${enc(publicRoom)}/state/m.room.topic/`), { token: alice.accessToken, body: 'nope' }), 400, 'M_NOT_JSON');
    assertError(await api(hs, 'GET', v3(`/rooms/${enc(publicRoom)}/state/m.room.nothing/`), { token: bob.accessToken }), 404, 'M_NOT_FOUND');
    // Non-members of a room that is not world-readable may not read its state.
    assertError(await api(hs, 'GET', v3(`/rooms/${enc(privateRoom)}/state`), { token: carol.accessToken }), 403, 'M_FORBIDDEN');
    assertError(await api(hs, 'GET', v3(`/rooms/${enc('!gone:localhost')}/state`), { token: carol.accessToken }), 404, 'M_NOT_FOUND');
    // Too large for an event (65536 bytes).
    assertError(
      await api(hs, 'PUT', v3(`/rooms/${enc(publicRoom)}/state/m.room.topic/`), { token: alice.accessToken, body: { topic: 'x'.repeat(70_000) } }),
      413,
      'M_TOO_LARGE',
    );
  });

  it('lists members with membership filters, joined members with profiles', async () => {
    await send(hs, alice, publicRoom, 'hello members');
    const members = await api(hs, 'GET', v3(`/rooms/${enc(publicRoom)}/members`), { token: bob.accessToken });
    assert.equal(members.status, 200);
    const ids = members.body.chunk.map((e: { state_key: string }) => e.state_key).sort();
    assert.ok(ids.includes(alice.userId) && ids.includes(bob.userId) && ids.includes(carol.userId));
    const notJoined = await api(hs, 'GET', v3(`/rooms/${enc(publicRoom)}/members?not_membership=join`), { token: bob.accessToken });
    assert.ok(notJoined.body.chunk.every((e: { content: { membership: string } }) => e.content.membership !== 'join'));
    const onlyJoined = await api(hs, 'GET', v3(`/rooms/${enc(publicRoom)}/members?membership=join`), { token: bob.accessToken });
    assert.ok(onlyJoined.body.chunk.every((e: { content: { membership: string } }) => e.content.membership === 'join'));
    const jm = await api(hs, 'GET', v3(`/rooms/${enc(publicRoom)}/joined_members`), { token: bob.accessToken });
    assert.deepEqual(jm.body.joined[alice.userId], { display_name: 'Alice' });
    assertError(await api(hs, 'GET', v3(`/rooms/${enc(privateRoom)}/joined_members`), { token: carol.accessToken }), 403, 'M_FORBIDDEN');
    assertError(await api(hs, 'GET', v3(`/rooms/${enc(privateRoom)}/members`), { token: carol.accessToken }), 403, 'M_FORBIDDEN');
  });

  it('members `at` a token shows the membership as it was then', async () => {
    const roomId = await createRoom(hs, alice, { preset: 'public_chat' });
    const s = await api(hs, 'GET', v3(`/rooms/${enc(roomId)}/messages?dir=b&limit=1`), { token: alice.accessToken });
    const before = s.body.start;
    await join(hs, bob, roomId);
    const then = await api(hs, 'GET', v3(`/rooms/${enc(roomId)}/members?at=${enc(before)}`), { token: alice.accessToken });
    assert.deepEqual(then.body.chunk.map((e: { state_key: string }) => e.state_key), [alice.userId]);
    const now = await api(hs, 'GET', v3(`/rooms/${enc(roomId)}/members`), { token: alice.accessToken });
    assert.equal(now.body.chunk.length, 2);
  });
});
