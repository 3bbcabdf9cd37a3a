/**
 * Repeat visits paint from the cache (issue 14, item 3): the rooms a signed-in visitor had open are kept in
 * IndexedDB per user (`session/room-cache.ts`), and the next visit (a new document: a frame here) paints the room
 * from there before any request about it has answered, then reconciles with the server in place — the first page
 * replaces the cached rows without re-creating the ones still there, the SDK's timeline takes over the same way.
 * Signing out forgets the cache; a broken or hostile record is read as untrusted data.
 *
 * Asserted on the network (resource timing entries exist once a response is complete) and the DOM, never on
 * time: the homeserver holds the room's requests while the cached rows are checked.
 */
import { expect } from '@open-wc/testing';
import '../../../src/all.ts';
import type { MatrixRoom } from '../../../src/components/room/room.ts';
import { getSession } from '../../../src/session/get-session.ts';
import { readCachedRoom, writeCachedRoom, type CachedRoom } from '../../../src/session/room-cache.ts';
import { RoomHarness, waitUntil } from '../../harnesses/room-harness.ts';
import { cleanPage, fault } from '../join-button/helpers.ts';
import { createRoom, join, registerUser, sendText, server, signInAsNewUser, type TestUser } from './helpers.ts';

const main = server('main');
/** The requests about the room (and the SDK's sync) that the repeat visit must not have waited for. */
const ROOM_REQUESTS = '/_matrix/client/(v1/room_summary|v3/rooms/[^/]+/(messages|state|context)|v3/sync|versions)';

/** A new visit of a page with `<matrix-room room>`: its own document (and realm) in a frame, same origin. */
async function visit(room: string): Promise<{ frame: HTMLIFrameElement; r: RoomHarness; answered: () => string[]; scripts: () => string[] }> {
  const frame = document.createElement('iframe');
  frame.src = `${new URL('./visit-page.html', import.meta.url).href}?room=${encodeURIComponent(room)}&homeserver=${encodeURIComponent(main.url)}`;
  frame.style.cssText = 'width: 600px; height: 700px';
  document.body.append(frame);
  const el = await waitUntil(() => frame.contentDocument?.querySelector('matrix-room')?.shadowRoot && frame.contentDocument.querySelector('matrix-room'), 'the frame\'s <matrix-room>', 20_000);
  const entries = () => frame.contentWindow!.performance.getEntriesByType('resource').map((e) => e.name);
  return {
    frame,
    r: new RoomHarness(el as MatrixRoom),
    answered: () => entries().filter((u) => new RegExp(ROOM_REQUESTS).test(new URL(u).pathname)).map((u) => new URL(u).pathname),
    scripts: () => entries().filter((u) => u.includes('matrix-js-sdk')),
  };
}

const messageIds = (r: RoomHarness) => r.events().filter((e) => e.dataset.kind === 'message').map((e) => e.dataset.eventId!);

/** The first visit: the room live in this page until its cache record holds `count` events, then gone. */
async function firstVisit(me: TestUser, roomId: string, count: number): Promise<CachedRoom> {
  const r = RoomHarness.create({ room: roomId, homeserver: main.url });
  await r.waitForState('joined', 30_000);
  await waitUntil(() => messageIds(r).length >= Math.min(count, 20), 'the room\'s messages', 20_000);
  const record = await waitUntil(async () => {
    const c = await readCachedRoom(me.userId, roomId);
    return c && c.page.events.length >= count ? c : undefined;
  }, 'the room kept for the next visit', 20_000);
  r.element.remove();
  return record;
}

describe('<matrix-room> on a repeat visit paints from the cache, then reconciles', () => {
  afterEach(async () => {
    for (const f of document.querySelectorAll('iframe')) f.remove();
    await cleanPage();
  });

  it('signed in: the last visit\'s rows before any request about the room answered; the server\'s in place after', async function () {
    this.timeout(120_000);
    const other = await registerUser(main.url, 'Ines');
    const me = await signInAsNewUser();
    const roomId = await createRoom(me, { name: 'Cached room', preset: 'public_chat' });
    await join(other, roomId);
    for (let i = 0; i < 40; i++) await sendText(i % 2 ? other : me, roomId, `message ${i}`);
    const record = await firstVisit(me, roomId, 40);
    expect(record.roomId).to.equal(roomId);
    expect(record.page.events.length, 'at most the last 50 events').to.be.within(40, 50);

    // Between the visits: two new messages.
    const newer = [await sendText(other, roomId, 'while you were away 1'), await sendText(other, roomId, 'while you were away 2')];
    // The next visit's room requests (summary, first page, the SDK's sync) are held.
    await fault('delay', { ms: 3000, paths: ROOM_REQUESTS, method: 'GET' });
    const v = await visit(roomId);
    const shown = await waitUntil(() => (v.r.events().length >= 20 ? messageIds(v.r) : undefined), 'the cached rows', 20_000);
    expect(v.answered(), 'nothing about the room had answered').to.deep.equal([]);
    expect(v.scripts(), 'no matrix-js-sdk yet').to.deep.equal([]);
    expect(v.r.state()).to.equal('joined');
    expect(v.r.lastEventText()).to.include('message 39');
    expect(shown.some((id) => newer.includes(id)), 'the cache holds what the last visit saw').to.equal(false);
    expect(v.r.root.textContent, 'the room\'s name from the cache').to.include('Cached room');
    const rows = new Map(shown.map((id) => [id, v.r.row(id)]));

    // The first page from the server brings what came since, below the same rows; then the SDK takes over.
    await waitUntil(() => newer.every((id) => v.r.event(id)), 'the messages sent since', 30_000);
    await waitUntil(() => v.scripts().length > 0 && v.answered().some((p) => p.endsWith('/sync')), 'the SDK\'s first sync', 30_000);
    const live = await sendText(other, roomId, 'live after the cache');
    await waitUntil(() => v.r.event(live), 'a live message', 30_000);
    const now = messageIds(v.r);
    expect(new Set(now).size, 'no row twice').to.equal(now.length);
    const kept = shown.filter((id) => now.includes(id));
    expect(kept.length, 'the cached rows are still shown').to.be.at.least(20);
    expect(now.slice(now.indexOf(kept[0]), now.indexOf(kept[0]) + kept.length)).to.deep.equal(kept);
    expect(now.slice(-3), 'then what came since, then the live one').to.deep.equal([...newer, live]);
    for (const id of kept) expect(v.r.row(id), `row ${id} kept (not re-created)`).to.equal(rows.get(id));
  });

  it('offline (a phone on a train): the cached room with the connection banner, live again when the server is back', async function () {
    this.timeout(120_000);
    const other = await registerUser(main.url, 'Ines');
    const me = await signInAsNewUser();
    const roomId = await createRoom(me, { name: 'On a train', preset: 'public_chat' });
    await join(other, roomId);
    for (let i = 0; i < 45; i++) await sendText(i % 2 ? other : me, roomId, `stop ${i}`);
    await firstVisit(me, roomId, 45);
    // The homeserver drops every connection for a while: the next visit cannot reach it at all.
    await fault('drop', { ms: 8000 });
    const v = await visit(roomId);
    await waitUntil(() => v.r.events().length >= 20, 'the cached rows while offline', 20_000);
    expect(v.r.lastEventText()).to.include('stop 44');
    // A first screen is painted; reading back brings the rest of what the cache kept, without the network.
    expect(v.r.timelineTexts().some((t) => t.includes('stop 5')), 'older cached messages not painted at once').to.equal(false);
    v.r.scrollToTop();
    await waitUntil(() => v.r.timelineTexts().some((t) => t.includes('stop 5')), 'older cached messages, offline', 15_000);
    await waitUntil(() => /Can’t reach the server|Offline|Reconnecting/.test(v.r.root.querySelector('[part="connection"]')?.textContent ?? ''), 'the connection banner', 15_000);
    expect(v.r.state(), 'the room, not an error').to.equal('joined');
    // Back online: the room carries on without a reload.
    await waitUntil(() => v.scripts().length > 0 && v.answered().some((p) => p.endsWith('/sync')), 'the SDK\'s first sync once online', 40_000);
    const live = await sendText(other, roomId, 'next station');
    await waitUntil(() => v.r.event(live), 'a live message once online', 30_000);
    expect(v.r.root.querySelector('[part="connection"]')?.textContent?.trim() ?? '', 'no banner once online').to.equal('');
  });

  it('signing out forgets the cache; another user never reads it', async function () {
    this.timeout(90_000);
    const me = await signInAsNewUser();
    const roomId = await createRoom(me, { name: 'Forget me', preset: 'public_chat' });
    for (let i = 0; i < 5; i++) await sendText(me, roomId, `private ${i}`);
    await firstVisit(me, roomId, 5);
    expect(await readCachedRoom('@someone-else:localhost', roomId), 'per user').to.equal(undefined);
    const name = `matrix-embed:v1:rooms:${me.userId}`;
    expect((await indexedDB.databases()).map((d) => d.name)).to.include(name);
    await getSession().signOut();
    await waitUntil(async () => !(await indexedDB.databases()).some((d) => d.name === name), 'the database deleted', 10_000);
    expect(await readCachedRoom(me.userId, roomId)).to.equal(undefined);
  });

  it('a hostile or broken record: sanitized like a server\'s events, or not painted at all', async function () {
    this.timeout(90_000);
    const me = await signInAsNewUser();
    const roomId = await createRoom(me, { name: 'Tampered', preset: 'public_chat' });
    await sendText(me, roomId, 'on the server');
    const event = (id: string, content: Record<string, unknown>) => ({ type: 'm.room.message', event_id: id, sender: me.userId, room_id: roomId, origin_server_ts: Date.now(), content });
    const member = { type: 'm.room.member', state_key: me.userId, sender: me.userId, event_id: '$m', content: { membership: 'join', displayname: 'Me' } };
    const record = (events: unknown[], extra: Partial<CachedRoom> = {}): CachedRoom => ({
      v: 1, address: roomId, roomId, savedAt: Date.now(), mediaAuthenticated: true,
      page: { events, state: [member, 'not an event', null], membersFull: true, reachedStart: true }, ...extra,
    });
    await writeCachedRoom(me.userId, record([
      event('$hostile', { msgtype: 'm.text', body: 'x', format: 'org.matrix.custom.html', formatted_body: '<img src=x onerror="window.pwned=1">safe <b>bold</b><script>window.pwned=2</script>' }),
      42,
      { type: 'm.room.message', content: 'not an object' },
    ]));
    await fault('delay', { ms: 3000, paths: ROOM_REQUESTS, method: 'GET' });
    let v = await visit(roomId);
    await waitUntil(() => v.r.event('$hostile'), 'the cached (hostile) row', 20_000);
    expect(v.answered()).to.deep.equal([]);
    const row = v.r.event('$hostile')!;
    expect(row.querySelector('b')?.textContent).to.equal('bold');
    expect(row.querySelector('script, img[onerror], [onerror]'), 'no script, no handler').to.equal(null);
    expect((v.frame.contentWindow as any).pwned).to.equal(undefined);
    // The server's page replaces it.
    await waitUntil(() => v.r.lastEventText().includes('on the server') && !v.r.event('$hostile'), 'the server\'s page', 30_000);
    v.frame.remove();

    // Too old, or the wrong shape: not painted (the server's first page is).
    await writeCachedRoom(me.userId, record([event('$old', { msgtype: 'm.text', body: 'from long ago' })], { savedAt: Date.now() - 365 * 24 * 3600 * 1000 }));
    expect(await readCachedRoom(me.userId, roomId), 'too old').to.equal(undefined);
    await writeCachedRoom(me.userId, { ...record([]), roomId: 'not a room id' } as CachedRoom);
    expect(await readCachedRoom(me.userId, roomId), 'wrong shape').to.equal(undefined);
    v = await visit(roomId);
    await waitUntil(() => v.r.lastEventText().includes('on the server'), 'the server\'s page', 30_000);
  });
});
