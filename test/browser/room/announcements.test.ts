import { expect } from '@open-wc/testing';
import '../../../src/all.ts';
import { RoomHarness, waitUntil } from '../../harnesses/room-harness.ts';
import { cleanPage } from '../join-button/helpers.ts';
import { api, createRoom, join, registerUser, sendText, server, signInAsNewUser, injectMessage } from './helpers.ts';

const main = server('main');

describe('<matrix-room> announces new messages, never history', () => {
  let r: RoomHarness | undefined;
  afterEach(cleanPage);

  it('one polite summary for a burst from two senders; loading history says nothing', async function () {
    this.timeout(60_000);
    const alice = await registerUser(main.url, 'Alice');
    const bob = await registerUser(main.url, 'Bob');
    const roomId = await createRoom(alice, { name: 'Announcements', preset: 'public_chat' });
    await join(bob, roomId);
    for (let i = 1; i <= 150; i++) await injectMessage(roomId, alice.userId, `Older ${i}`);
    const me = await signInAsNewUser();
    await join(me, roomId);
    r = RoomHarness.create({ room: roomId, homeserver: main.url });
    await r.waitForState('joined', 20_000);
    await r.waitForMessage('Older 150', 15_000);
    expect(r.timeline()!.closest('[aria-live]'), 'the timeline is not a live region').to.equal(null);
    expect(r.announcement(), 'what was there on opening is not announced').to.equal('');

    await sendText(alice, roomId, 'Hello there');
    await waitUntil(() => r!.announcement() === 'New message from Alice: Hello there', () => `one message announced (now "${r!.announcement()}")`, 15_000);

    // The next /sync waits, so that three messages of two senders arrive together: one summary for them all.
    await api(main.url, 'POST', '/_dev/delay', { body: { ms: 4000, paths: '/sync', method: 'GET', count: 1 } });
    await sendText(alice, roomId, 'Trigger');
    await waitUntil(() => r!.announcement() === 'New message from Alice: Trigger', 'the trigger announced', 15_000);
    await sendText(alice, roomId, 'One');
    await sendText(bob, roomId, 'Two');
    await sendText(alice, roomId, 'Three');
    await waitUntil(() => r!.announcement() === '3 new messages from Alice and Bob', () => `the burst summarized (now "${r!.announcement()}")`, 20_000);

    // My own message is not announced to me.
    await r.send('Mine');
    await r.waitForMessage('Mine');

    // History: older messages load, and the live region keeps its last words.
    expect(r.timelineTexts()).to.not.include('Older 1');
    await waitUntil(async () => {
      if (!r!.isLoadingOlder()) await r!.element.loadOlder();
      return r!.timelineTexts().includes('Older 1');
    }, () => `older messages loaded (oldest shown: ${r!.timelineTexts()[0]})`, 20_000);
    await r.element.updateComplete;
    expect(r.announcement()).to.equal('3 new messages from Alice and Bob');
  });
});
