/**
 * RoomModel on its own (no element), against the local homeserver: the bounded window trims the far end while
 * paginating back, counts messages that arrive out of view, and jumpToLatest / paginate re-load what was trimmed.
 */
import { expect } from '@open-wc/testing';
import { RoomModel } from './room-model.ts';
import { loadSdk } from './sdk.ts';
import { getSession } from './get-session.ts';
import { waitUntil } from '../../test/harnesses/room-harness.ts';
import { createRoom, join, registerUser, resetSession, sendText, server, signInAsNewUser } from '../../test/browser/room/helpers.ts';

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
});
