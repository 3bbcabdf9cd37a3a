/**
 * The first messages before matrix-js-sdk (issue 14, item 2): a signed-in member's room and a guest's preview
 * paint their last messages from one `/messages` request and the room state, through the same model and tiles,
 * while the SDK loads and makes its first `/sync`; then the live timeline takes over in place — no row removed or
 * re-created, none doubled or missing, the view still at the bottom, replies and edits of the first page shown.
 *
 * Asserted on the network (resource timing: what was fetched, what has answered) and the DOM, never on time. The
 * first `/sync` is held by the homeserver's fault controls so that "before the sync answered" is a fact, not a race.
 */
import { expect } from '@open-wc/testing';
import '../../../src/all.ts';
import { RoomHarness, waitUntil } from '../../harnesses/room-harness.ts';
import { watchResources } from '../../helpers/resources.ts';
import { cleanPage, fault } from '../join-button/helpers.ts';
import {
  createPublicRoom, createRoom, join, registerUser, sendEvent, sendText, server, serverMessages, signInAsNewUser, type TestUser,
} from './helpers.ts';

const main = server('main');
const seen = watchResources();
const sdkModules = () => seen().filter((u) => u.includes('matrix-js-sdk'));
/** `/sync` requests that have answered (a resource timing entry exists once the response is complete). */
const syncsAnswered = () => seen().filter((u) => new URL(u).pathname.endsWith('/_matrix/client/v3/sync'));

/** What the page showed when the first rows appeared, and every row the timeline removed afterwards. */
interface FirstPaint {
  ids: string[];
  rows: Map<string, Element>;
  sdkModules: string[];
  syncsAnswered: string[];
  composer: boolean;
}

/**
 * Watches `r` from its creation: the moment `count` message rows are in its shadow DOM (a MutationObserver runs
 * right after the DOM changed, before the page does anything else), what was on the network then; and every
 * `.row` element removed from the timeline after that.
 */
function watchFirstPaint(r: RoomHarness, count: number): { first: Promise<FirstPaint>; removedRows: Element[]; stop: () => void } {
  const removedRows: Element[] = [];
  let painted: FirstPaint | undefined;
  let resolve!: (p: FirstPaint) => void;
  const first = new Promise<FirstPaint>((res) => (resolve = res));
  const observer = new MutationObserver((records) => {
    if (painted) {
      for (const rec of records) {
        for (const n of rec.removedNodes) {
          if (n instanceof Element && (n.matches('.row') || n.querySelector('.row'))) removedRows.push(n);
        }
      }
      return;
    }
    const messages = r.root.querySelectorAll('[part~="event"][data-kind="message"]');
    if (messages.length < count) return;
    painted = {
      ids: r.events().map((e) => e.dataset.eventId!),
      rows: new Map([...r.root.querySelectorAll<HTMLElement>('.row[data-row-id]')].map((row) => [row.dataset.rowId!, row])),
      sdkModules: sdkModules(),
      syncsAnswered: syncsAnswered(),
      composer: !!r.composer(),
    };
    resolve(painted);
  });
  observer.observe(r.root, { childList: true, subtree: true });
  return { first, removedRows, stop: () => observer.disconnect() };
}

/** A conversation of `n` messages between `a` and `b` with a reply and an edit in it; returns the ids. */
async function conversation(a: TestUser, b: TestUser, roomId: string, n: number): Promise<{ parent: string; reply: string; edited: string }> {
  let parent = '';
  let edited = '';
  for (let i = 0; i < n; i++) {
    const id = await sendText(i % 2 ? b : a, roomId, `message ${i}`);
    if (i === 3) parent = id;
    if (i === 6) edited = id;
  }
  const reply = await sendEvent(b, roomId, 'm.room.message', {
    msgtype: 'm.text',
    body: '> <@x> message 3\n\nthe reply',
    'm.relates_to': { 'm.in_reply_to': { event_id: parent } },
  });
  // message 6 is a's (even): a edits it.
  await sendEvent(a, roomId, 'm.room.message', {
    msgtype: 'm.text',
    body: '* message 6, edited',
    'm.new_content': { msgtype: 'm.text', body: 'message 6, edited' },
    'm.relates_to': { rel_type: 'm.replace', event_id: edited },
  });
  return { parent, reply, edited };
}

/** The room shows the reply (with its quote of the parent) and the edit, as the live room renders them. */
function expectReplyAndEdit(r: RoomHarness, ids: { parent: string; reply: string; edited: string }): void {
  const quote = r.event(ids.reply)?.querySelector('.reply-quote');
  expect(quote, 'the reply quotes its parent').to.not.equal(null);
  expect(quote!.getAttribute('data-reply-to')).to.equal(ids.parent);
  expect(quote!.textContent).to.include('message 3');
  expect(r.eventText(ids.reply)).to.include('the reply');
  expect(r.eventText(ids.edited)).to.include('message 6, edited');
  expect(r.event(ids.edited)?.querySelector('.edited'), '"(edited)"').to.not.equal(null);
}

describe('<matrix-room> paints its first messages before matrix-js-sdk, then hands over to the live timeline', () => {
  afterEach(cleanPage);

  it('signed in: rows before the SDK is fetched; the live timeline keeps every row, in order, at the bottom', async function () {
    this.timeout(90_000);
    expect(sdkModules(), 'no SDK on this page yet').to.deep.equal([]);
    const other = await registerUser(main.url, 'Ines');
    const me = await signInAsNewUser();
    const roomId = await createRoom(me, { name: 'First page', preset: 'public_chat' });
    await join(other, roomId);
    const ids = await conversation(me, other, roomId, 24);
    // The SDK's first /sync is held: whatever is on screen before it answers did not come from the SDK.
    await fault('delay', { ms: 4000, paths: '/_matrix/client/v3/sync', method: 'GET', count: 1 });

    const r = RoomHarness.create({ room: roomId, homeserver: main.url });
    const watch = watchFirstPaint(r, 20);
    const first = await watch.first;
    expect(first.sdkModules, 'matrix-js-sdk requested before the first rows').to.deep.equal([]);
    expect(first.syncsAnswered, '/sync answered before the first rows').to.deep.equal([]);
    expect(first.composer, 'the composer is shown with the rows').to.equal(true);
    expect(r.state()).to.equal('joined');
    await r.element.updateComplete;
    expect(r.isAtBottom(), 'the first page opens at the bottom').to.equal(true);
    expectReplyAndEdit(r, ids);

    // Typed and sent before the SDK: queued in the outbox, on the server once, shown once.
    const before = 'typed before the SDK';
    await r.send(before);
    await r.waitForMessage(before);

    // Hand-over: the SDK's sync answers, and a message that only the live timeline can bring appears.
    await waitUntil(() => syncsAnswered().length > 0, 'the first /sync answered', 20_000);
    const later = await sendText(other, roomId, 'after the hand-over');
    await waitUntil(() => r.event(later), 'a live message (the SDK timeline is shown)', 20_000);
    await r.element.updateComplete;
    watch.stop();

    // The live window may reach further back than the first page: older rows above it, then the page's rows in
    // the same order, then what was sent meanwhile.
    const now = r.events().map((e) => e.dataset.eventId!);
    const start = now.indexOf(first.ids[0]);
    expect(start, 'the first page\'s oldest row is still there').to.be.at.least(0);
    const older = now.slice(0, start);
    expect(older.filter((id) => first.ids.includes(id)), 'older rows are new rows').to.deep.equal([]);
    const rest = now.slice(start + first.ids.length);
    expect(now.slice(start, start + first.ids.length), 'the same rows in the same order').to.deep.equal(first.ids);
    expect(rest.length, 'then one row for the message typed before the SDK, then the live one').to.equal(2);
    expect(rest[1]).to.equal(later);
    expect(new Set(now).size, 'no row twice').to.equal(now.length);
    for (const [id, row] of first.rows) expect(r.row(id), `row ${id} kept (not re-created)`).to.equal(row);
    expect(watch.removedRows, 'rows removed from the timeline').to.deep.equal([]);
    expect(r.isAtBottom(), 'still at the bottom').to.equal(true);
    expectReplyAndEdit(r, ids);
    expect(r.timelineTexts().filter((t) => t === before), 'shown once').to.have.length(1);
    const onServer = (await serverMessages(me, roomId, 100)).filter((e) => e.content?.body === before);
    expect(onServer, 'sent once').to.have.length(1);

    // The live room acts: a reply to a first-page message goes out as one.
    await r.action(ids.parent, 'Reply');
    await r.send('reply after the hand-over');
    await waitUntil(async () => (await serverMessages(me, roomId, 10)).some((e) => e.content?.body === 'reply after the hand-over' &&
      e.content['m.relates_to']?.['m.in_reply_to']?.event_id === ids.parent), 'the reply on the server');
  });

  it('guest: a world-readable room\'s preview before the first /sync answered, kept as it is by the SDK', async function () {
    this.timeout(90_000);
    const owner = await registerUser(main.url, 'Olga');
    const roomId = await createPublicRoom(owner, 'Guest first page');
    const other = await registerUser(main.url, 'Ines');
    await join(other, roomId);
    const ids = await conversation(owner, other, roomId, 22);
    await fault('delay', { ms: 4000, paths: '/_matrix/client/v3/sync', method: 'GET', count: 1 });
    const answeredBefore = syncsAnswered().length;

    const r = RoomHarness.create({ room: roomId, homeserver: main.url });
    const watch = watchFirstPaint(r, 20);
    const first = await watch.first;
    expect(first.syncsAnswered.length, '/sync answered before the first rows').to.equal(answeredBefore);
    expect(r.state()).to.equal('preview');
    expectReplyAndEdit(r, ids);

    await waitUntil(() => syncsAnswered().length > answeredBefore, 'the guest\'s first /sync answered', 20_000);
    const later = await sendText(other, roomId, 'after the guest\'s sync');
    await waitUntil(() => r.event(later), 'a new message in the preview', 20_000);
    await r.element.updateComplete;
    watch.stop();
    expect(r.events().map((e) => e.dataset.eventId!)).to.deep.equal([...first.ids, later]);
    for (const [id, row] of first.rows) expect(r.row(id), `row ${id} kept`).to.equal(row);
    expect(watch.removedRows).to.deep.equal([]);
    expect(r.isAtBottom()).to.equal(true);
    expect(r.state()).to.equal('preview');
  });

  it('when /messages fails, the SDK path still shows the room, with every message', async function () {
    this.timeout(90_000);
    const other = await registerUser(main.url, 'Ines');
    const me = await signInAsNewUser();
    const roomId = await createRoom(me, { name: 'No first page', preset: 'public_chat' });
    await join(other, roomId);
    const ids = await conversation(me, other, roomId, 12);
    await fault('fail', { paths: '/messages', method: 'GET', count: 1, status: 500, errcode: 'M_UNKNOWN', error: 'boom' });
    const r = RoomHarness.create({ room: roomId, homeserver: main.url });
    await r.waitForState('joined', 20_000);
    await waitUntil(() => r.timelineTexts().includes('message 11'), 'the last message', 20_000);
    expect(r.state()).to.equal('joined');
    expectReplyAndEdit(r, ids);
    const texts = r.timelineTexts();
    expect(new Set(texts).size, 'no message twice').to.equal(texts.length);
  });
});
