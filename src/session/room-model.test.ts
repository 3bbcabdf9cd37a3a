/**
 * RoomModel on its own (no element), against the local homeserver: the bounded window trims the far end while
 * paginating back, counts messages that arrive out of view, and jumpToLatest / paginate re-load what was trimmed.
 */
import { expect } from '@open-wc/testing';
import { RoomModel } from './room-model.ts';
import { loadSdk } from './sdk.ts';
import { getSession } from './get-session.ts';
import { waitUntil } from '../../test/harnesses/room-harness.ts';
import {
  createPublicRoom, createRoom, join, registerUser, resetSession, sendText, server, signInAsNewUser,
} from '../../test/browser/room/helpers.ts';

const main = server('main');

describe('RoomModel: bounded window', function () {
  this.timeout(90_000);
  let model: RoomModel | undefined;

  afterEach(async () => {
    model?.release();
    model = undefined;
    await resetSession();
  });

  it('trims the newest events while reading back to the start, counts unseen messages, and jumps back', async () => {
    const other = await registerUser(main.url, 'Ana');
    const roomId = await createRoom(other, { name: 'Window', preset: 'public_chat' });
    for (let i = 0; i < 45; i++) await sendText(other, roomId, `m${i}`);
    const me = await signInAsNewUser();
    await join(me, roomId);
    const client = await getSession().client();
    const sdk = await loadSdk();
    await waitUntil(() => client.getRoom(roomId)?.getMyMembership() === 'join', 'joined room synced', 15_000);

    const limit = 20;
    model = RoomModel.acquire(sdk, client, roomId, { windowLimit: limit, pageSize: 10, initialSize: 15 });
    const m = model;
    const bodies = () => m.items.filter((i) => i.kind === 'message').map((i) => i.body);
    const changes: Array<() => void> = [];
    m.addEventListener('change', () => changes.splice(0).forEach((f) => f()));

    await waitUntil(() => m.mode === 'live' && bodies().includes('m44') && !m.paginating, 'live window at the newest event');
    expect(m.entries().length).to.be.at.most(limit);
    expect(m.entries().length).to.be.at.least(15);
    expect(m.atLiveEnd).to.equal(true);
    expect(m.reachedStart).to.equal(false);

    let pages = 0;
    while (!m.reachedStart && pages++ < 20) {
      await m.paginate();
      expect(m.entries().length, 'window bounded').to.be.at.most(limit);
    }
    expect(m.reachedStart).to.equal(true);
    expect(bodies()).to.include('m0');
    expect(bodies()).to.not.include('m44');
    expect(m.atLiveEnd).to.equal(false);

    // A message that arrives while the window is far back is counted, not shown.
    await sendText(other, roomId, 'late');
    await waitUntil(() => m.unseenCount === 1, 'one unseen message');
    expect(bodies()).to.not.include('late');

    await m.jumpToLatest();
    await waitUntil(() => !m.paginating, 'window filled');
    expect(bodies()).to.include('late');
    expect(bodies()).to.not.include('m0');
    expect(m.unseenCount).to.equal(0);
    expect(m.atLiveEnd).to.equal(true);
    expect(m.entries().length).to.be.at.most(limit);

    // What was trimmed comes back by paginating again.
    const oldest = bodies()[0];
    expect(await m.paginate()).to.equal(true);
    const again = bodies();
    expect(again.indexOf(oldest)).to.be.greaterThan(0);
  });

  it('a preview that trimmed its oldest events still pages back through all of them (not "the start")', async () => {
    const other = await registerUser(main.url, 'Ana');
    const roomId = await createPublicRoom(other, 'Preview window');
    for (let i = 0; i < 12; i++) await sendText(other, roomId, `p${i}`);
    await signInAsNewUser(); // not a member: a read-only preview of the world-readable room
    const client = await getSession().client();
    const sdk = await loadSdk();
    const limit = 10;
    model = RoomModel.acquire(sdk, client, roomId, { windowLimit: limit, pageSize: 4, initialSize: 8, previewPollMs: 100 });
    const m = model;
    const bodies = () => m.items.filter((i) => i.kind === 'message').map((i) => i.body);
    await m.startPreview();
    expect(m.mode).to.equal('preview');
    expect(bodies()).to.include('p11');
    expect(m.reachedStart).to.equal(false);

    // New messages arrive at the live end: the window drops its oldest events to stay bounded.
    for (let i = 12; i < 18; i++) await sendText(other, roomId, `p${i}`);
    await waitUntil(() => bodies().includes('p17'), 'the newest message polled in', 15_000);
    expect(m.entries().length).to.equal(limit);
    const oldestShown = bodies()[0];
    expect(oldestShown).to.not.equal('p4');
    expect(m.reachedStart, 'trimmed is not the start').to.equal(false);

    // Scrolling up loads what was trimmed, then everything older, down to the room's first message.
    expect(await m.paginate(), 'the first page after the trim adds events').to.equal(true);
    expect(m.reachedStart).to.equal(false);
    expect(bodies().indexOf(oldestShown)).to.be.greaterThan(0);
    let pages = 0;
    while (!m.reachedStart && pages++ < 20) await m.paginate();
    expect(bodies()[0]).to.equal('p0');

    // Far back, a new message is counted for "Jump to latest", not appended after a hole.
    await sendText(other, roomId, 'late');
    await waitUntil(() => m.unseenCount === 1, 'one unseen message', 15_000);
    const shown = bodies();
    expect(shown).to.not.include('late');
    expect(shown, 'no hole in the window').to.deep.equal(shown.map((_, i) => `p${i}`));
  });
});
