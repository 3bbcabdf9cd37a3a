// Reading a room on the homeserver under test: a world-readable room as a visitor (guest) and as a member, with
// a history of edits, replies, reactions, redactions, formatted bodies and an image; and scrolling back to the
// room's first message.
import { expect } from '@open-wc/testing';
import '../../src/index.ts';
import { getSession } from '../../src/session/get-session.ts';
import { RoomHarness, waitUntil } from '../harnesses/room-harness.ts';
import type { MatrixRoom } from '../../src/components/room/room.ts';
import { readCachedRoom } from '../../src/session/room-cache.ts';
import {
  FramedPage, cleanPage, createRoom, hs, join, newUser, publicRoom, redactEvent, sendEvent, sendText, software, unique, upload, type TestUser,
} from './helpers.ts';

const PNG = Uint8Array.from(atob(
  'iVBORw0KGgoAAAANSUhEUgAAAAIAAAACCAYAAABytg0kAAAAEUlEQVR4nGP4z8DwH4QZYAwAR8oH+WdZbrcAAAAASUVORK5CYII=',
), (c) => c.charCodeAt(0));

interface History {
  roomId: string;
  alias: string;
  edited: string;
  parent: string;
  reply: string;
  reacted: string;
  redacted: string;
  formatted: string;
}

/** A public, world-readable room with one message of each kind the timeline shows, written by Ana and Bo. */
async function roomWithHistory(ana: TestUser, bo: TestUser): Promise<History> {
  const { roomId, alias } = await publicRoom(ana, unique('History '));
  await join(bo, roomId);
  const edited = await sendText(ana, roomId, 'first draft');
  await sendEvent(ana, roomId, 'm.room.message', {
    msgtype: 'm.text', body: '* final words',
    'm.new_content': { msgtype: 'm.text', body: 'final words' },
    'm.relates_to': { rel_type: 'm.replace', event_id: edited },
  });
  const parent = await sendText(ana, roomId, 'a question');
  const reply = await sendText(bo, roomId, 'an answer', { 'm.relates_to': { 'm.in_reply_to': { event_id: parent } } });
  const reacted = await sendText(ana, roomId, 'react to me');
  await sendEvent(bo, roomId, 'm.reaction', { 'm.relates_to': { rel_type: 'm.annotation', event_id: reacted, key: '🎉' } });
  const redacted = await sendText(bo, roomId, 'a mistake');
  await redactEvent(bo, roomId, redacted);
  const formatted = await sendText(ana, roomId, 'bold and code', {
    format: 'org.matrix.custom.html',
    formatted_body: '<strong>bold</strong> and <code>code</code><img src="https://tracker.example/p.png">',
  });
  const mxc = await upload(ana, PNG, 'image/png', 'dot.png');
  await sendEvent(ana, roomId, 'm.room.message', { msgtype: 'm.image', body: 'dot.png', url: mxc, info: { w: 2, h: 2, mimetype: 'image/png', size: PNG.length } });
  return { roomId, alias, edited, parent, reply, reacted, redacted, formatted };
}

/** What every reader of that history sees. */
async function expectHistory(r: RoomHarness, h: History): Promise<void> {
  await waitUntil(() => r.eventText(h.edited).includes('final words'), 'the edited message', 15_000);
  expect(r.eventText(h.edited)).to.contain('(edited)').and.not.contain('first draft');
  const quote = await waitUntil(() => r.row(h.reply)?.querySelector<HTMLElement>('.reply-quote'), 'the reply quote');
  expect(quote.getAttribute('data-reply-to')).to.equal(h.parent);
  expect(r.eventText(h.reply)).to.contain('an answer');
  const chip = await waitUntil(() => r.row(h.reacted)?.querySelector<HTMLElement>('.reaction'), 'the reaction chip');
  expect(chip.textContent).to.contain('🎉').and.contain('1');
  await waitUntil(() => r.eventText(h.redacted).includes('Message deleted'), 'the redaction');
  expect(r.eventText(h.redacted)).to.not.contain('a mistake');
  const tile = r.event(h.formatted)!;
  expect(tile.querySelector('strong')?.textContent).to.equal('bold');
  expect(tile.querySelector('code')?.textContent).to.equal('code');
  expect(tile.querySelector('img'), 'no non-mxc image').to.equal(null);
  const thumb = await waitUntil(() => r.root.querySelector<HTMLImageElement>('img.thumbnail'), 'the image thumbnail', 15_000);
  expect(thumb.src).to.match(/^blob:/);
  expect(thumb.alt).to.equal('dot.png');
  await waitUntil(() => thumb.complete && thumb.naturalWidth > 0, 'the thumbnail decoded', 15_000);
}

describe(`reading rooms on ${software()}`, function () {
  this.timeout(90_000);
  let ana: TestUser;
  let bo: TestUser;
  let history: History;

  before(async function () {
    this.timeout(60_000);
    await cleanPage();
    [ana, bo] = await Promise.all([newUser('Ana'), newUser('Bo')]);
    history = await roomWithHistory(ana, bo);
  });
  afterEach(cleanPage);

  it('a world-readable room, read by a visitor: a guest preview with the whole history, and no composer', async () => {
    const r = RoomHarness.create({ room: history.alias, homeserver: hs() });
    await r.waitForState('preview', 30_000);
    expect(getSession().status).to.equal('guest');
    await expectHistory(r, history);
    expect(r.composer()).to.equal(null);
    expect(r.joinButton()).to.exist;
  });

  it('the same room, read by a member: live, with the history and a composer', async () => {
    const me = await newUser();
    await join(me, history.roomId);
    await getSession().signIn({ username: me.username, password: me.password, homeserver: hs() });
    const r = RoomHarness.create({ room: history.alias, homeserver: hs() });
    await r.waitForState('joined', 30_000);
    await expectHistory(r, history);
    expect(r.composer()).to.exist;
  });

  it('a member\'s repeat visit: the history painted from the cache before any request about the room was sent, then live', async () => {
    const me = await newUser();
    await join(me, history.roomId);
    await getSession().signIn({ username: me.username, password: me.password, homeserver: hs() });
    const first = RoomHarness.create({ room: history.alias, homeserver: hs() });
    await first.waitForState('joined', 30_000);
    await expectHistory(first, history);
    // What this server sent is kept for the next visit (written while live).
    await waitUntil(async () => (await readCachedRoom(me.userId, history.alias))?.page.events.some((e) => (e as { event_id?: string }).event_id === history.formatted), 'the room kept', 20_000);
    first.element.remove();

    // The next visit (its own document): the room's requests and the SDK's sync are held back, unsent.
    const page = new FramedPage('matrix-room', { room: history.alias, homeserver: hs() }, { hold: '/(room_summary|summary|messages|state|context|sync)\\b' });
    const r = new RoomHarness(await page.element<MatrixRoom>());
    await r.waitForState('joined', 20_000);
    await expectHistory(r, history);
    expect(r.composer(), 'the composer').to.exist;
    expect(page.requests().some((q) => /\/sync$/.test(q)), 'no /sync yet').to.equal(false);
    const rows = new Map(r.events().map((e) => [e.dataset.eventId!, r.row(e.dataset.eventId!)]));

    page.release();
    const live = await sendText(bo, history.roomId, `live after the cache ${unique('')}`);
    await waitUntil(() => r.event(live), 'a live message', 30_000);
    await expectHistory(r, history);
    for (const [id, row] of rows) if (r.row(id)) expect(r.row(id), `row ${id} kept`).to.equal(row);
    const ids = r.events().map((e) => e.dataset.eventId!);
    expect(new Set(ids).size, 'no row twice').to.equal(ids.length);
    page.remove();
  });

  it('scrolling back reaches the first message of the room and the start marker', async () => {
    const me = await newUser();
    const roomId = await createRoom(me, { name: unique('Long '), preset: 'private_chat' });
    const first = `the very first message ${unique('')}`;
    await sendText(me, roomId, first);
    for (let i = 1; i <= 60; i++) await sendText(me, roomId, `message ${i}`);
    await getSession().signIn({ username: me.username, password: me.password, homeserver: hs() });
    const r = RoomHarness.create({ room: roomId, homeserver: hs() });
    await r.waitForState('joined', 30_000);
    await r.waitForMessage('message 60', 15_000);
    expect(r.timelineTexts(), 'the first message is not loaded at first').to.not.include(first);
    await waitUntil(() => {
      if (!r.isLoadingOlder()) r.scrollToTop();
      return r.timelineTexts().includes(first) && r.root.textContent!.includes('This is the start of the room.');
    }, 'the first message and the start marker', 40_000);
    const texts = r.timelineTexts();
    expect(texts.indexOf(first)).to.be.lessThan(texts.indexOf('message 1'));
  });

  it('the header counts every member of a named room, also those who never spoke (members are lazy-loaded)', async () => {
    const quiet = await Promise.all([newUser(), newUser(), newUser()]);
    const me = await newUser();
    const { roomId, alias } = await publicRoom(ana, unique('Quiet '));
    for (const u of quiet) await join(u, roomId);
    // Enough messages that the joins of the quiet members are out of the first sync's timeline.
    for (let i = 0; i < 25; i++) await sendText(ana, roomId, `talk ${i}`);
    await join(me, roomId);
    await getSession().signIn({ username: me.username, password: me.password, homeserver: hs() });
    const r = RoomHarness.create({ room: alias, homeserver: hs() });
    await r.waitForState('joined', 30_000);
    await r.waitForMessage('talk 24', 15_000);
    const header = () => r.root.querySelector('[part="header"]')?.textContent?.replace(/\s+/g, ' ') ?? '';
    await waitUntil(() => header().includes('5 members'), () => `"5 members" in the header (now "${header()}")`, 10_000);
  });
});
