import { expect } from '@open-wc/testing';
import '../../../src/all.ts';
import { RoomHarness, waitUntil } from '../../harnesses/room-harness.ts';
import { cleanPage } from '../join-button/helpers.ts';
import { api, createRoom, join, registerUser, server, signInAsNewUser, injectMessage } from './helpers.ts';

const main = server('main');

describe('<matrix-room> a burst of messages in one limited sync', () => {
  let r: RoomHarness | undefined;
  afterEach(cleanPage);

  it('shows the newest message of a limited (gappy) sync and no "Jump to latest" while following the bottom', async function () {
    this.timeout(60_000);
    const other = await registerUser(main.url, 'Bo');
    const roomId = await createRoom(other, { name: 'Burst', preset: 'public_chat' });
    const me = await signInAsNewUser();
    await join(me, roomId);
    r = RoomHarness.create({ room: roomId, homeserver: main.url });
    await r.waitForState('joined', 20_000);
    await injectMessage(roomId, other.userId, 'Before the burst');
    await r.waitForMessage('Before the burst', 15_000);
    // The long poll running now returns on the trigger; the one after it waits, so that everything injected
    // meanwhile comes in one /sync, more than the client's timeline limit: `limited: true` with a `prev_batch`.
    await api(main.url, 'POST', '/_dev/delay', { body: { ms: 4000, paths: '/sync', method: 'GET', count: 1 } });
    await injectMessage(roomId, other.userId, 'Burst trigger');
    await r.waitForMessage('Burst trigger', 15_000);
    await Promise.all(Array.from({ length: 60 }, (_, i) => injectMessage(roomId, other.userId, `Burst ${i + 1}`)));
    await injectMessage(roomId, other.userId, 'Burst end');
    await r.waitForMessage('Burst end', 20_000);
    await r.element.updateComplete;
    expect(r.lastEventText()).to.contain('Burst end');
    expect(r.button(/Jump to latest/), '"Jump to latest" while following the bottom').to.equal(undefined);
    // Still live afterwards: the next message is appended too, and the view still follows.
    await injectMessage(roomId, other.userId, 'After the burst');
    await r.waitForMessage('After the burst', 15_000);
    await r.element.updateComplete;
    expect(r.lastEventText()).to.contain('After the burst');
    expect(r.button(/Jump to latest/)).to.equal(undefined);
    await waitUntil(() => r!.isAtBottom(), 'the view follows the bottom');
  });
});
