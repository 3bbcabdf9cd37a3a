/**
 * The rendered window stays bounded while a signed-in member reads far back from the moment the first rows are
 * on screen — the bench's "10,000-message scroll-back" (bench/lib/scenarios.ts, SCROLL_BACK_SCRIPT) at test size.
 * The reader starts scrolling as soon as ten messages and the composer show, which is while the early first page
 * (before matrix-js-sdk) is on screen; the first /sync is held so that this early phase lasts long enough to
 * scroll in, as it does on a slower page. Every frame, the timeline must hold at most the model's window
 * (RoomModel `windowLimit`, 100 by default: the element passes no option for it) plus a small margin, and no
 * event twice.
 */
import { expect } from '@open-wc/testing';
import '../../../src/all.ts';
import { RoomHarness, waitUntil } from '../../harnesses/room-harness.ts';
import { cleanPage, fault } from '../join-button/helpers.ts';
import { createRoom, injectMessage, join, registerUser, server, signInAsNewUser } from './helpers.ts';

const main = server('main');
/** RoomModel's default `windowLimit` (the element does not set one). */
const WINDOW_LIMIT = 100;
/** Rows that are not window events: a day divider is not a `.row`, but allow for local rows and a summary. */
const MARGIN = 5;

describe('<matrix-room> reading far back from the first page on', () => {
  afterEach(cleanPage);

  it('never renders more rows than the window, nor an event twice, before, across and after the hand-over', async function () {
    this.timeout(120_000);
    const other = await registerUser(main.url, 'Bo');
    const roomId = await createRoom(other, { name: 'Long room', preset: 'public_chat' });
    const me = await signInAsNewUser();
    await join(me, roomId);
    for (let i = 1; i <= 400; i += 20) {
      await Promise.all(Array.from({ length: 20 }, (_, k) => injectMessage(roomId, other.userId, `Message ${i + k}`)));
    }
    // The SDK's first /sync is held: the first page before the SDK is what the reader starts scrolling in.
    await fault('delay', { ms: 4000, paths: '/_matrix/client/v3/sync', method: 'GET', count: 1 });

    const r = RoomHarness.create({ room: roomId, homeserver: main.url });
    let maxRows = 0;
    let maxAt = '';
    const doubled = new Set<string>();
    let sampling = true;
    const sample = (when: string) => {
      const ids = [...r.root.querySelectorAll<HTMLElement>('.row[data-row-id]')].map((row) => row.dataset.rowId!);
      if (ids.length > maxRows) {
        maxRows = ids.length;
        maxAt = when;
      }
      const seen = new Set<string>();
      for (const id of ids) {
        if (seen.has(id)) doubled.add(id);
        seen.add(id);
      }
    };
    const frames = () => {
      if (!sampling) return;
      sample('frame');
      requestAnimationFrame(frames);
    };
    requestAnimationFrame(frames);
    // Also between frames: every DOM change (the bench samples per frame; this misses nothing).
    const observer = new MutationObserver(() => sample('mutation'));
    observer.observe(r.root, { childList: true, subtree: true });

    try {
      // The bench's "ready": ten messages and the composer.
      await waitUntil(
        () => r.root.querySelectorAll('[part~="event"][data-kind="message"]').length >= 10 && !!r.composer(),
        'the first rows and the composer',
        30_000,
      );
      // The bench's loop: to the top whenever no page is loading, once a frame and 30 ms. Well past the hand-over
      // (the held /sync answers after 4 s) and several live pages beyond it.
      const until = performance.now() + 12_000;
      while (performance.now() < until && !r.root.textContent!.includes('This is the start of the room')) {
        if (!r.root.querySelector('[role="progressbar"]')) r.scrollToTop();
        await new Promise((res) => requestAnimationFrame(() => res(undefined)));
        await new Promise((res) => setTimeout(res, 30));
      }
      await r.element.updateComplete;
      sample('end');
    } finally {
      sampling = false;
      observer.disconnect();
    }

    const texts = r.timelineTexts();
    const oldest = Math.min(...texts.map((t) => Number(/Message (\d+)/.exec(t)?.[1] ?? Infinity)));
    expect(oldest, 'read back well beyond the first window').to.be.below(400 - WINDOW_LIMIT);
    expect([...doubled], 'events rendered twice').to.deep.equal([]);
    expect(maxRows, `rows rendered at most (${maxAt})`).to.be.at.most(WINDOW_LIMIT + MARGIN);
    // And bounded at the end.
    expect(r.root.querySelectorAll('.row[data-row-id]').length).to.be.at.most(WINDOW_LIMIT + MARGIN);
  });
});
