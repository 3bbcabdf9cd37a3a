/**
 * "Jump to latest (n new)" counts exactly the messages from others that arrived since the reader left the
 * bottom (issue 12, item 5): not edits, reactions or the visitor's own messages, not what arrived before, and
 * the same in a live room, across a limited (gappy) sync, and in a read-only preview that polls.
 */
import { expect } from '@open-wc/testing';
import '../../../src/all.ts';
import { RoomHarness, waitUntil } from '../../harnesses/room-harness.ts';
import { cleanPage } from '../join-button/helpers.ts';
import { getSession } from '../../../src/session/get-session.ts';
import {
  api, createPublicRoom, injectMessage, join, registerUser, sendEvent, sendText, server, signInAsNewUser, type TestUser,
} from './helpers.ts';

const main = server('main');

/** The jump button's label, or '' when there is none. */
function jumpLabel(r: RoomHarness): string {
  return r.button(/^Jump to latest/)?.textContent?.trim() ?? '';
}

/** Scrolls a third of the way up, once the first screen (and any history it loads) has settled. */
async function scrollAway(r: RoomHarness): Promise<void> {
  await waitUntil(() => !r.isLoadingOlder(), 'history loaded');
  await r.element.updateComplete;
  const t = r.timeline()!;
  t.scrollTop = t.scrollHeight / 3;
  t.dispatchEvent(new Event('scroll'));
  await r.element.updateComplete;
  expect(r.isAtBottom(), 'read back').to.equal(false);
}

function scrollToBottom(r: RoomHarness): void {
  const t = r.timeline()!;
  t.scrollTop = t.scrollHeight;
  t.dispatchEvent(new Event('scroll'));
}

/** Waits long enough for anything that would be counted late (a poll, a sync) to have arrived. */
const settle = (ms = 2500) => new Promise((resolve) => setTimeout(resolve, ms));

/** A public, world-readable room with enough history to scroll, whose last message is `last`. */
async function roomWithHistory(owner: TestUser, name: string, last: string): Promise<string> {
  const roomId = await createPublicRoom(owner, name);
  for (let i = 0; i < 40; i++) await injectMessage(roomId, owner.userId, `history ${i}`);
  await sendText(owner, roomId, last);
  return roomId;
}

describe('<matrix-room> "Jump to latest (n new)" counts only what arrived since the reader left the bottom', () => {
  let r: RoomHarness | undefined;
  afterEach(cleanPage);

  it('joined: messages from others only; back at the bottom the count starts again from 0', async function () {
    this.timeout(90_000);
    const other = await registerUser(main.url, 'Ines');
    const roomId = await roomWithHistory(other, 'Counting', 'last before reading back');
    const me = await signInAsNewUser();
    await join(me, roomId);
    r = RoomHarness.create({ room: roomId, homeserver: main.url });
    await r.waitForState('joined', 20_000);
    await r.waitForMessage('last before reading back', 15_000);
    await waitUntil(() => r!.isAtBottom(), 'following the bottom');

    await scrollAway(r);
    const first = await sendText(other, roomId, 'new one');
    await sendText(other, roomId, 'new two');
    // Not counted: an edit, a reaction, and the visitor's own message sent from another device.
    await sendText(other, roomId, '* new one, edited', { 'm.new_content': { msgtype: 'm.text', body: 'new one, edited' }, 'm.relates_to': { rel_type: 'm.replace', event_id: first } });
    await sendEvent(other, roomId, 'm.reaction', { 'm.relates_to': { rel_type: 'm.annotation', event_id: first, key: '👍' } });
    await sendText(me, roomId, 'mine, from my phone');
    await waitUntil(() => r!.timelineTexts().some((t) => t.includes('mine, from my phone')), 'my own message arrived');
    await settle();
    expect(jumpLabel(r)).to.equal('Jump to latest (2 new)');

    // Back at the bottom by scrolling (not by the button): nothing is unseen any more.
    scrollToBottom(r);
    await waitUntil(() => jumpLabel(r!) === '', 'no jump button at the bottom');

    // Reading back again counts from 0, not from the 2 seen before.
    await scrollAway(r);
    await sendText(other, roomId, 'new three');
    await waitUntil(() => jumpLabel(r!) === 'Jump to latest (1 new)', '"(1 new)"', 15_000);
    await settle();
    expect(jumpLabel(r)).to.equal('Jump to latest (1 new)');
  });

  it('joined: a burst that comes in one limited (gappy) sync while reading back is counted as a lower bound, once', async function () {
    this.timeout(90_000);
    const other = await registerUser(main.url, 'Ines');
    const roomId = await roomWithHistory(other, 'Gappy counting', 'before the burst');
    const me = await signInAsNewUser();
    await join(me, roomId);
    r = RoomHarness.create({ room: roomId, homeserver: main.url });
    await r.waitForState('joined', 20_000);
    await r.waitForMessage('before the burst', 15_000);
    await waitUntil(() => r!.isAtBottom(), 'following the bottom');
    // The first messages are painted before the SDK: this scenario is about the syncs after its first one.
    await waitUntil(() => getSession().currentClient?.isInitialSyncComplete(), 'the client\'s first sync', 20_000);
    await scrollAway(r);

    // The long poll running now returns on the trigger; the next one waits, so what is injected meanwhile comes
    // in one /sync, more than the client's timeline limit (`limited: true`).
    await api(main.url, 'POST', '/_dev/delay', { body: { ms: 4000, paths: '/sync', method: 'GET', count: 1 } });
    await injectMessage(roomId, other.userId, 'burst trigger');
    await waitUntil(() => jumpLabel(r!) === 'Jump to latest (1 new)', 'the trigger counted', 15_000).catch((e) => { throw new Error(`${e.message}; label "${jumpLabel(r!)}", texts ${r!.timelineTexts().slice(-3).join(' / ')}, bottom ${r!.isAtBottom()}`); });
    for (let i = 0; i < 40; i++) await injectMessage(roomId, other.userId, `burst ${i}`);
    // The sync brings only the newest few of the 40 and a gap: the client cannot know how many it skipped, so the
    // count says "at least" — never more than arrived, never a figure the jump would contradict.
    const label = await waitUntil(() => /^Jump to latest \((\d+)\+ new\)$/.exec(jumpLabel(r!)), '"(n+ new)" after the gap', 20_000);
    await settle();
    expect(jumpLabel(r)).to.equal(label[0]);
    const counted = Number(label[1]);
    expect(counted).to.be.greaterThan(1);
    expect(counted).to.be.at.most(41);

    // The jump shows the newest and clears the count.
    r.button(/^Jump to latest/)!.click();
    await r.waitForMessage('burst 39', 15_000);
    await waitUntil(() => jumpLabel(r!) === '', 'no jump button after jumping');
  });

  it('preview (not a member): polled messages count once each, while reading back at the live end and far back', async function () {
    this.timeout(90_000);
    const other = await registerUser(main.url, 'Ines');
    const roomId = await roomWithHistory(other, 'Preview counting', 'newest in preview');
    await signInAsNewUser(); // signed in but not in the room: a preview that polls /messages
    r = RoomHarness.create({ room: roomId, homeserver: main.url });
    await r.waitForState('preview', 20_000);
    await r.waitForMessage('newest in preview', 15_000);
    await waitUntil(() => r!.isAtBottom(), 'following the bottom');

    await scrollAway(r);
    const first = await sendText(other, roomId, 'preview one');
    await sendText(other, roomId, 'preview two');
    await sendText(other, roomId, '* preview one, edited', { 'm.new_content': { msgtype: 'm.text', body: 'preview one, edited' }, 'm.relates_to': { rel_type: 'm.replace', event_id: first } });
    await waitUntil(() => jumpLabel(r!) === 'Jump to latest (2 new)', '"(2 new)" in the preview', 15_000);
    // Several polls later the same events are not counted again.
    await settle(5000);
    expect(jumpLabel(r)).to.equal('Jump to latest (2 new)');

    scrollToBottom(r);
    await waitUntil(() => jumpLabel(r!) === '', 'no jump button at the bottom of the preview');
    await r.waitForMessage('preview two', 15_000);
  });
});
