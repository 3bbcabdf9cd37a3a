import assert from 'node:assert/strict';
import { existsSync, mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { after, before, describe, it } from 'node:test';
import type { RoomData } from '../../dev/homeserver/store.ts';
import { api, start, type RunningHomeserver } from './helpers.ts';

const PNG = Buffer.from(
  'iVBORw0KGgoAAAANSUhEUgAAAAEAAAABCAYAAAAfFcSJAAAADUlEQVR42mP8z8DwHwAFBQIAX8jx0gAAAABJRU5ErkJggg==',
  'base64',
);
const ROOM = '!persist:localhost';
const ALIAS = '#persist:localhost';

async function waitFor(check: () => boolean, ms = 3000): Promise<void> {
  const end = Date.now() + ms;
  while (!check()) {
    if (Date.now() > end) throw new Error('timed out');
    await new Promise((r) => setTimeout(r, 25));
  }
}

describe('persistence (--data FILE)', () => {
  let dir: string;
  let file: string;
  before(() => {
    dir = mkdtempSync(join(tmpdir(), 'matrix-embed-hs-'));
    file = join(dir, 'data.json');
  });
  after(() => rmSync(dir, { recursive: true, force: true }));

  let token = '';
  let mediaId = '';
  let injectedId = '';

  it('writes users, tokens, rooms, events and media to the file', async () => {
    const first = await start({ data: file });
    try {
      const { store } = first.hs;
      assert.equal(store.loaded, false);
      const userId = store.userId('keeper');
      store.data.users[userId] = { userId, localpart: 'keeper', guest: false, createdAt: Date.now() };
      token = store.issueToken(userId).accessToken;
      const room: RoomData = {
        roomId: ROOM, version: '10', timeline: [], state: {}, typing: {}, typingPos: 0, receipts: {}, accountData: {},
      };
      store.data.rooms[ROOM] = room;
      store.data.aliases[ALIAS] = ROOM;
      store.appendEvent(room, { type: 'm.room.create', sender: userId, state_key: '', content: { creator: userId } });

      const up = await api(first, 'POST', '/_matrix/media/v3/upload?filename=dot.png', {
        token,
        body: new Uint8Array(PNG),
        headers: { 'Content-Type': 'image/png' },
      });
      assert.equal(up.status, 200);
      mediaId = up.body.content_uri.split('/').pop();
      const inj = await api(first, 'POST', `/_dev/rooms/${encodeURIComponent(ALIAS)}/inject`, {
        body: { type: 'm.room.message', sender: '@x:evil', content: { body: 'kept', weird: [null] } },
      });
      assert.equal(inj.status, 200);
      injectedId = inj.body.event_id;

      // Saved soon after a change, without waiting for a clean shutdown.
      await waitFor(() => existsSync(file) && readFileSync(file, 'utf8').includes(injectedId));
    } finally {
      await first.close();
    }
    const saved = JSON.parse(readFileSync(file, 'utf8'));
    assert.ok(saved.users['@keeper:localhost']);
    assert.ok(saved.media[mediaId]);
  });

  it('has everything back after starting again on the same file', async () => {
    const second = await start({ data: file });
    try {
      const { store } = second.hs;
      assert.equal(store.loaded, true);
      const who = await api(second, 'GET', '/_matrix/client/v3/account/whoami', { token });
      assert.equal(who.status, 200);
      assert.equal(who.body.user_id, '@keeper:localhost');

      const res = await fetch(`${second.url}/_matrix/client/v1/media/download/localhost/${mediaId}`, {
        headers: { Authorization: `Bearer ${token}` },
      });
      assert.equal(res.status, 200);
      assert.deepEqual(Buffer.from(await res.arrayBuffer()), PNG);
      assert.equal(res.headers.get('content-disposition'), 'inline; filename=dot.png');

      assert.equal(store.resolveAlias(ALIAS), ROOM);
      const room = store.room(ROOM);
      assert.ok(room);
      const ev = store.findEvent(room, injectedId);
      assert.ok(ev, 'the injected event is still in the timeline');
      assert.equal((ev.event.content as { body: string }).body, 'kept');
      assert.equal(store.state(room, 'm.room.create')?.sender, '@keeper:localhost');
      // New stream positions continue after the saved ones (sync tokens from before stay valid).
      const posBefore = ev.pos;
      const again = await api(second, 'POST', `/_dev/rooms/${encodeURIComponent(ROOM)}/inject`, {
        body: { type: 'm.room.message', sender: '@x:evil', content: { body: 'new' } },
      });
      assert.equal(again.status, 200);
      assert.ok(store.findEvent(room, again.body.event_id)!.pos > posBefore);
    } finally {
      await second.close();
    }
  });

  describe('restart while running', () => {
    let hs: RunningHomeserver;
    before(async () => {
      hs = await start({ data: join(dir, 'restart.json') });
    });
    after(() => hs.close());

    it('keeps data and the port across POST /_dev/restart and RunningHomeserver.restart()', async () => {
      const { store } = hs.hs;
      const userId = store.userId('restarter');
      store.data.users[userId] = { userId, localpart: 'restarter', guest: false, createdAt: Date.now() };
      const t = store.issueToken(userId).accessToken;
      const url = hs.url;

      assert.equal((await api(hs, 'POST', '/_dev/restart', { body: { downMs: 100 } })).status, 200);
      let status = 0;
      for (let i = 0; i < 100 && status !== 200; i++) {
        await new Promise((r) => setTimeout(r, 25));
        status = await fetch(`${url}/_matrix/client/v3/account/whoami`, { headers: { Authorization: `Bearer ${t}` } })
          .then((r) => r.status)
          .catch(() => 0);
      }
      assert.equal(status, 200);
      assert.equal(hs.url, url);
      // The restart saved the data file on the way down.
      assert.ok(readFileSync(join(dir, 'restart.json'), 'utf8').includes(userId));

      await hs.restart(10);
      const who = await api(url, 'GET', '/_matrix/client/v3/account/whoami', { token: t });
      assert.equal(who.status, 200);
      assert.equal(who.body.user_id, userId);
    });
  });
});
