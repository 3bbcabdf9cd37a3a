// The chat on a phone on a train: the server loses answers and rate-limits (resilience-helpers.ts: what each asserts).
import { expect } from '@open-wc/testing';
import '../../../src/all.ts';
import { waitUntil } from '../../harnesses/room-harness.ts';
import { sendText } from './helpers.ts';
import {
  bannerText, expectDeliveredOnceInOrder, fault, joinedRoom, neverError, resilienceHooks, sleep,
} from './resilience-helpers.ts';

describe('<matrix-room> resilience: the server loses answers and rate-limits', () => {
  resilienceHooks();

  it('the answer is lost after the server stored the message: it is not stored twice', async function () {
    this.timeout(60_000);
    const { me, roomId, r } = await joinedRoom('Lost answer');
    await fault('drop-answer', { count: 1, paths: '/rooms/[^/]+/send/', method: 'PUT' });
    await r.send('said once');
    const tile = await r.waitForMessage('said once');
    await waitUntil(() => tile.isConnected && tile.dataset.status === 'sent' && tile.dataset.eventId?.startsWith('$'), 'sent', 30_000);
    await expectDeliveredOnceInOrder(me, roomId, ['said once'], 10_000);
    expect(r.timelineTexts().filter((t) => t === 'said once')).to.have.length(1);
  });

  it('70 % of sends answered 429 for 10 s: all 8 messages arrive, once each, in the order typed', async function () {
    this.timeout(90_000);
    const { me, roomId, r } = await joinedRoom('Storm');
    const check = neverError(r);
    await fault('rate-limit', { ms: 10_000, fraction: 0.7, seed: 7, retryAfterMs: 1000, paths: '/rooms/[^/]+/send/', method: 'PUT' });
    const texts = Array.from({ length: 8 }, (_, i) => `storm message ${i + 1}`);
    for (const t of texts) await r.send(t);
    await expectDeliveredOnceInOrder(me, roomId, texts, 60_000);
    check();
  });

  it('/sync answered 429 with retry_after_ms 3000: at most one sync per announced interval, then live again', async function () {
    this.timeout(60_000);
    const { me, roomId, r } = await joinedRoom('Slow down');
    const check = neverError(r);
    const syncsSince = (t: number) =>
      performance.getEntriesByType('resource').filter((e) => e.name.includes('/_matrix/client/v3/sync') && e.startTime >= t).length;
    await fault('rate-limit', { ms: 9000, retryAfterMs: 3000, paths: '/sync' });
    const start = performance.now();
    await sendText(me, roomId, 'wakes the long poll'); // the current long-poll returns; the next one meets the 429
    await waitUntil(() => bannerText(r).includes('slow down'), 'the rate-limit banner', 10_000);
    await sleep(9000);
    // 9 s of 429s announcing 3 s each: at most ~3 answered 429, plus the one that started it and the next.
    expect(syncsSince(start)).to.be.at.most(5);
    await sendText(me, roomId, 'after the rate limit');
    await r.waitForMessage('after the rate limit', 20_000);
    check();
  });
});
