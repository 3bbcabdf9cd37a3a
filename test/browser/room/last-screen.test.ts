/**
 * The room's last screen (components/room/room-screen.ts): what the element keeps in localStorage for the loader
 * to paint on the next visit (src/screen-paint.ts; the journey with the built bundle is
 * test/browser/loader/dist-last-screen.test.ts). A signed-in room is written a moment after it changed; messages
 * not on the server yet and the draft never are; each user keeps the screens of their last three rooms; signing
 * out forgets that user's.
 */
import { expect } from '@open-wc/testing';
import '../../../src/all.ts';
import { getSession } from '../../../src/session/get-session.ts';
import { screenKey, screenKeys, type RoomScreen } from '../../../src/session/room-cache.ts';
import { waitUntil } from '../../harnesses/room-harness.ts';
import { cleanPage, fault } from '../join-button/helpers.ts';
import { joinedRoom } from './resilience-helpers.ts';
import { sendText } from './helpers.ts';

const read = (key: string) => JSON.parse(localStorage.getItem(key) ?? 'null') as RoomScreen | null;

describe('<matrix-room> keeps its last screen for the next visit', () => {
  afterEach(() => cleanPage());

  it('the signed-in room\'s rows, without unsent messages or the draft; the last three rooms; gone at sign-out', async function () {
    this.timeout(60_000);
    const { me, roomId, r } = await joinedRoom('Screen kept');
    const key = screenKey(me.userId, roomId);
    // Screens of three other rooms of this user, and one of another user.
    const older = ['!a:x', '!b:x', '!c:x'].map((room) => screenKey(me.userId, room));
    older.forEach((k, i) => localStorage.setItem(k, JSON.stringify({ v: 1, savedAt: 1000 + i })));
    const someoneElse = screenKey('@someone:else', roomId);
    localStorage.setItem(someoneElse, JSON.stringify({ v: 1, savedAt: 1 }));

    await sendText(me, roomId, 'on the server');
    await waitUntil(() => r.timelineTexts().some((t) => t.includes('on the server')), 'the message shown');
    await fault('fail', { status: 503, count: 1000, paths: '/rooms/[^/]+/send/', method: 'PUT' });
    await r.send('never sent');
    r.type('a draft');
    await waitUntil(() => r.timelineTexts().some((t) => t.includes('never sent')), 'the unsent message shown');
    const since = Date.now();
    const screen = await waitUntil(() => {
      const s = read(key);
      return s && s.savedAt >= since ? s : undefined;
    }, 'a screen written after the unsent message appeared', 10_000);
    const text = JSON.stringify(screen.tree);
    expect(screen.userId).to.equal(me.userId);
    expect(screen.address).to.equal(roomId);
    expect(text).to.include('on the server');
    expect(text, 'unsent text stays out of storage').not.to.include('never sent');
    expect(text, 'the draft stays out of storage').not.to.include('a draft');
    expect(text, 'no URLs kept').not.to.match(/"(href|src)"/);
    expect(text, 'the rows\' hover-only action buttons are not drawn').not.to.include('Message actions');
    expect(text.split('history-edge').length - 1, 'the history edge once').to.equal(1);
    expect(screen.css).to.include('.last-screen');
    expect(screenKeys(localStorage, me.userId).sort(), 'this room and the two newest others').to.deep.equal([key, older[1], older[2]].sort());
    expect(localStorage.getItem(someoneElse), 'another user\'s screens are theirs').not.to.equal(null);

    await getSession().signOut();
    expect(screenKeys(localStorage, me.userId), 'forgotten with the session').to.deep.equal([]);
    expect(localStorage.getItem(someoneElse)).not.to.equal(null);
  });
});
