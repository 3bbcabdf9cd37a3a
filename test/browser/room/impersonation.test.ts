// Two members named "Sam": with lazily loaded members the client knows only those who spoke in what it
// synced, so the "Sam" who posts now would look unique while the other, silent "Sam" is also in the room.
// The room loads its member list before a name counts as unique (SECURITY.md: display names are disambiguated).
import { expect } from '@open-wc/testing';
import '../../../src/all.ts';
import { RoomHarness, waitUntil } from '../../harnesses/room-harness.ts';
import { createRoom, join, registerUser, resetSession, sendText, server, signInAsNewUser } from './helpers.ts';

const main = server('main');

describe('<matrix-room> display names with lazily loaded members', () => {
  let r: RoomHarness | undefined;
  afterEach(async () => {
    r?.element.remove();
    await resetSession();
  });

  it('a silent member with the same name makes the speaker "Sam (@id)", not "Sam"', async function () {
    this.timeout(60_000);
    const [owner, samA, samB] = await Promise.all([registerUser(main.url, 'Owner'), registerUser(main.url, 'Sam'), registerUser(main.url, 'Sam')]);
    const roomId = await createRoom(owner, { name: 'Two Sams', preset: 'public_chat' });
    await join(samB, roomId);
    await sendText(samB, roomId, 'the other Sam, long ago');
    // Enough later messages that samB's membership is nowhere near what a new reader's client syncs.
    for (let i = 0; i < 80; i++) await sendText(owner, roomId, `filler ${i}`);
    await join(samA, roomId);
    await sendText(samA, roomId, 'hi, Sam here');
    const me = await signInAsNewUser();
    await join(me, roomId);
    r = RoomHarness.create({ room: roomId, homeserver: main.url });
    await r.waitForState('joined', 20_000);
    const tile = await r.waitForMessage('hi, Sam here', 15_000);
    const id = tile.dataset.eventId!;
    const sender = () => r!.row(id)?.querySelector('.sender')?.textContent?.replace(/\s+/g, ' ').trim() ?? '';
    await waitUntil(() => sender().includes(samA.userId), () => `the speaker named with their ID (now "${sender()}")`, 15_000);
    expect(sender()).to.equal(`Sam (${samA.userId})`);
  });
});
