// The chat on a phone on a train: the network and the server go away (resilience-helpers.ts: what each asserts).
import { expect } from '@open-wc/testing';
import '../../../src/all.ts';
import { waitUntil } from '../../harnesses/room-harness.ts';
import { createRoom, sendText, signInAsNewUser } from './helpers.ts';
import {
  bannerText, expectDeliveredOnceInOrder, fault, joinedRoom, main, neverError, offline, resilienceHooks, room, sleep,
} from './resilience-helpers.ts';

describe('<matrix-room> resilience: the network and the server go away', () => {
  resilienceHooks();

  it('offline for 5 s with 3 messages typed: the room stays, says so, and sends all three in order once back', async function () {
    this.timeout(60_000);
    const { me, roomId, r } = await joinedRoom('Train');
    const check = neverError(r);
    const timeline = r.timeline();
    await offline(true, 5000);
    await waitUntil(() => /Offline|Can’t reach the server/.test(bannerText(r)), 'the offline banner', 10_000);
    const texts = ['first in the tunnel', 'second in the tunnel', 'third in the tunnel'];
    for (const t of texts) await r.send(t);
    expect(r.composer()!.value, 'the composer is free for the next message').to.equal('');
    // Shown at once, in order, waiting.
    const statuses = () => texts.map((t) => Array.from(r.root.querySelectorAll<HTMLElement>('[part~="event"]')).find((e) => e.textContent?.includes(t))?.dataset.status);
    await waitUntil(() => statuses().every((s) => s === 'pending'), () => `three waiting rows, in order (${statuses().join(', ')})`);
    expect(r.timelineTexts().slice(-3)).to.deep.equal(texts);
    expect(bannerText(r)).to.contain('3 messages are waiting to be sent');
    await sleep(5000);
    expect(r.state()).to.equal('joined');
    expect(r.timeline(), 'the same timeline, still on screen').to.equal(timeline);
    await offline(false);
    await expectDeliveredOnceInOrder(me, roomId, texts, 30_000);
    await waitUntil(() => bannerText(r) === '', 'the banner goes once online', 15_000);
    check();
  });

  it('the server down for 10 s: the room stays, reconnects by itself, and delivers what was typed meanwhile', async function () {
    this.timeout(90_000);
    const { me, roomId, r } = await joinedRoom('Restart');
    const check = neverError(r);
    await fault('drop', { ms: 10_000 });
    await waitUntil(() => /Can’t reach the server|Offline|Reconnecting/.test(bannerText(r)), 'the reconnecting banner', 15_000);
    await r.send('during the restart');
    await r.send('still during the restart');
    await expectDeliveredOnceInOrder(me, roomId, ['during the restart', 'still during the restart'], 60_000);
    // Live again: a message from someone else arrives without a reload.
    await sendText(me, roomId, 'after the restart');
    await r.waitForMessage('after the restart', 40_000);
    check();
  });

  it('a page opened while the server is down shows the room by itself once the server is back', async function () {
    this.timeout(60_000);
    const me = await signInAsNewUser();
    const roomId = await createRoom(me, { name: 'Opened offline', preset: 'private_chat' });
    await sendText(me, roomId, 'waiting for you');
    await fault('drop', { ms: 6000 });
    const r = room({ room: roomId, homeserver: main.url });
    const check = neverError(r);
    await waitUntil(() => /Can’t reach the server|Offline|Reconnecting/.test(bannerText(r)), 'the reconnecting banner', 15_000);
    await r.waitForState('joined', 45_000);
    await r.waitForMessage('waiting for you', 10_000);
    check();
  });
});
