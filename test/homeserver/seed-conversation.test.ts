/**
 * The seeded rooms read like a real community's chat (issue 12 item 13): every message in a room says something
 * different, none is a numbered copy of another ("... (3)"), and people answer each other (replies, reactions).
 */
import assert from 'node:assert/strict';
import { after, before, describe, it } from 'node:test';
import { api, start, type RunningHomeserver } from './helpers.ts';
import { SEED_ROOMS } from '../../dev/homeserver/seed.ts';
import { enc, makeUser, v3, type TestUser } from './room-helpers.ts';

describe('seeded conversations', () => {
  let hs: RunningHomeserver;
  let alice: TestUser;

  before(async () => {
    hs = await start({ seed: true });
    // Alice is in every seeded room, #private included.
    alice = makeUser(hs, 'alice');
  });
  after(() => hs.close());

  /** Every event of the room, oldest first, as a member reads it through /messages. */
  async function history(alias: string): Promise<Array<Record<string, any>>> {
    const roomId = (await api(hs, 'GET', v3(`/directory/room/${enc(`#${alias}:localhost`)}`))).body.room_id;
    assert.ok(roomId, alias);
    const events: Array<Record<string, any>> = [];
    let from: string | undefined;
    for (let i = 0; i < 50; i++) {
      const res = await api(hs, 'GET', v3(`/rooms/${enc(roomId)}/messages?dir=b&limit=100${from ? `&from=${enc(from)}` : ''}`), { token: alice.accessToken });
      assert.equal(res.status, 200);
      events.push(...res.body.chunk);
      if (!res.body.end) break;
      from = res.body.end;
    }
    return events.reverse();
  }

  for (const alias of Object.values(SEED_ROOMS)) {
    it(`#${alias}: no two messages have the same body, and none ends in a number in parentheses`, async () => {
      const bodies = (await history(alias))
        .filter((e) => e.type === 'm.room.message' && typeof e.content.body === 'string')
        .map((e) => e.content.body as string);
      assert.ok(bodies.length >= 3, `${bodies.length} messages in #${alias}`);
      const seen = new Map<string, number>();
      for (const body of bodies) seen.set(body, (seen.get(body) ?? 0) + 1);
      const repeated = [...seen].filter(([, n]) => n > 1).map(([body, n]) => `${n}× ${JSON.stringify(body)}`);
      assert.deepEqual(repeated, [], `repeated in #${alias}`);
      const numbered = bodies.filter((b) => /\(\d+\)\s*$/.test(b));
      assert.deepEqual(numbered, [], `numbered in #${alias}`);
    });
  }

  for (const alias of [SEED_ROOMS.lobby, SEED_ROOMS.docs]) {
    it(`#${alias}: people reply to each other and react, and several of them talk`, async () => {
      const events = await history(alias);
      const messages = events.filter((e) => e.type === 'm.room.message');
      const ids = new Set(messages.map((e) => e.event_id));
      const replies = messages.filter((e) => e.content['m.relates_to']?.['m.in_reply_to']);
      assert.ok(replies.length >= 3, `${replies.length} replies`);
      for (const r of replies) assert.ok(ids.has(r.content['m.relates_to']['m.in_reply_to'].event_id), `reply ${r.event_id} answers a message of the room`);
      const reactions = events.filter((e) => e.type === 'm.reaction');
      assert.ok(reactions.length >= 2, `${reactions.length} reactions`);
      for (const r of reactions) assert.ok(ids.has(r.content['m.relates_to'].event_id), `reaction ${r.event_id} is to a message of the room`);
      assert.ok(new Set(messages.map((e) => e.sender)).size >= 3, 'at least three people talk');
    });
  }
});
