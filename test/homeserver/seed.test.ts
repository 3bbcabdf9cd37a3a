import assert from 'node:assert/strict';
import { after, before, describe, it } from 'node:test';
import { api, assertError, start, type RunningHomeserver } from './helpers.ts';
import { LOBBY_FIRST_MESSAGE, SEED_MEDIA, SEED_USERS } from '../../dev/homeserver/seed.ts';
import { enc, makeUser, v3, type TestUser } from './room-helpers.ts';

describe('seed data', () => {
  let hs: RunningHomeserver;
  let startMs: number;
  let alice: TestUser;
  let guest: TestUser;
  let lobby: string;

  before(async () => {
    const t0 = Date.now();
    hs = await start({ seed: true });
    startMs = Date.now() - t0;
    alice = makeUser(hs, 'alice');
    guest = makeUser(hs, 'seedguest', { guest: true });
    lobby = (await api(hs, 'GET', v3(`/directory/room/${enc('#lobby:localhost')}`))).body.room_id;
  });
  after(() => hs.close());

  it('starts fast (the browser tests start several homeservers)', () => {
    assert.ok(startMs < 300, `seeded start took ${startMs} ms`);
  });

  it('has the documented users, passwords and display names, two of them called "Sam"', () => {
    const store = hs.hs.store;
    for (const u of SEED_USERS) {
      const user = store.data.users[`@${u.localpart}:localhost`];
      assert.ok(user, u.localpart);
      assert.equal(user.displayname, u.displayname);
      assert.ok(store.checkPassword(user, u.password), `password of ${u.localpart}`);
      assert.ok(!store.checkPassword(user, 'wrong'), `wrong password of ${u.localpart}`);
    }
    assert.equal(SEED_USERS.filter((u) => u.displayname === 'Sam').length, 2);
  });

  it('publishes #lobby and #docs, not #private', async () => {
    const res = await api(hs, 'GET', v3('/publicRooms'), { token: alice.accessToken });
    const aliases = res.body.chunk.map((r: { canonical_alias: string }) => r.canonical_alias).sort();
    assert.deepEqual(aliases, ['#docs:localhost', '#lobby:localhost']);
    const lobbyEntry = res.body.chunk.find((r: { room_id: string }) => r.room_id === lobby);
    assert.equal(lobbyEntry.name, 'Lobby');
    assert.equal(lobbyEntry.world_readable, true);
    assert.equal(lobbyEntry.guest_can_join, true);
    assert.equal(lobbyEntry.avatar_url, `mxc://localhost/${SEED_MEDIA.lobbyAvatar}`);
    const media = hs.hs.store.data.media[SEED_MEDIA.lobbyAvatar];
    assert.equal(Buffer.from(media.data, 'base64').subarray(1, 4).toString(), 'PNG');
    // #private exists but is invisible to outsiders.
    assertError(await api(hs, 'GET', '/_matrix/client/v1/room_summary/%23private:localhost'), 404, 'M_NOT_FOUND');
    const priv = (await api(hs, 'GET', v3(`/directory/room/${enc('#private:localhost')}`))).body.room_id;
    const hv = await api(hs, 'GET', v3(`/rooms/${enc(priv)}/state/m.room.history_visibility/`), { token: alice.accessToken });
    assert.deepEqual(hv.body, { history_visibility: 'shared' });
    assertError(await api(hs, 'GET', v3(`/rooms/${enc(priv)}/messages?dir=b`), { token: guest.accessToken }), 403, 'M_FORBIDDEN');
  });

  it('#lobby has a few hundred events over several days, with every kind of content, readable by a guest to the first message', async () => {
    const events: Array<Record<string, any>> = [];
    let from: string | undefined;
    for (let i = 0; i < 50; i++) {
      const res = await api(hs, 'GET', v3(`/rooms/${enc(lobby)}/messages?dir=b&limit=100${from ? `&from=${enc(from)}` : ''}`), { token: guest.accessToken });
      assert.equal(res.status, 200);
      events.push(...res.body.chunk);
      if (!res.body.end) break;
      from = res.body.end;
    }
    events.reverse();
    const messages = events.filter((e) => e.type === 'm.room.message');
    assert.ok(messages.length >= 250, `${messages.length} messages`);
    assert.equal(messages[0].content.body, LOBBY_FIRST_MESSAGE);
    const days = (events.at(-1)!.origin_server_ts - events[0].origin_server_ts) / 86_400_000;
    assert.ok(days > 2, `history spans ${days.toFixed(1)} days`);
    const msgtypes = new Set(messages.map((e) => e.content.msgtype));
    for (const t of ['m.text', 'm.image', 'm.notice', 'm.emote']) assert.ok(msgtypes.has(t), t);
    assert.ok(messages.some((e) => e.content.format === 'org.matrix.custom.html'));
    assert.ok(messages.some((e) => e.content['m.relates_to']?.['m.in_reply_to']));
    assert.ok(messages.some((e) => e.content['m.relates_to']?.rel_type === 'm.replace' && e.content['m.new_content']));
    assert.ok(messages.some((e) => e.content['m.relates_to']?.rel_type === 'm.thread'));
    assert.ok(events.filter((e) => e.type === 'm.reaction').length >= 3);
    assert.ok(events.some((e) => e.type === 'm.room.redaction'));
    assert.ok(events.some((e) => e.unsigned?.redacted_because));
    const image = messages.find((e) => e.content.msgtype === 'm.image')!;
    assert.deepEqual(Object.keys(image.content.info).sort(), ['h', 'mimetype', 'size', 'w']);
    assert.ok(Object.hasOwn(hs.hs.store.data.media, image.content.url.split('/').pop()));
    const memberships = events.filter((e) => e.type === 'm.room.member').map((e) => e.content.membership);
    assert.ok(memberships.includes('join') && memberships.includes('leave'));
    assert.ok(events.filter((e) => e.type === 'm.room.topic').length >= 2, 'the topic changed');
  });

  it('lets a guest join #lobby', async () => {
    const res = await api(hs, 'POST', v3(`/join/${enc('#lobby:localhost')}`), { token: guest.accessToken, body: {} });
    assert.equal(res.status, 200);
    assert.equal(res.body.room_id, lobby);
  });
});
