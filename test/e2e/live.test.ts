// A live room on the homeserver under test: what the visitor sends reaches the server exactly once; another
// user's message and typing arrive live.
import { expect } from '@open-wc/testing';
import '../../src/index.ts';
import { getSession } from '../../src/session/get-session.ts';
import { RoomHarness, waitUntil } from '../harnesses/room-harness.ts';
import { cleanPage, createRoom, hs, join, newUser, sendText, serverMessages, setTyping, software, unique, type TestUser } from './helpers.ts';

describe(`a live room on ${software()}`, function () {
  this.timeout(60_000);
  let ana: TestUser;
  let me: TestUser;
  let roomId: string;
  let r: RoomHarness;

  before(async function () {
    this.timeout(60_000);
    await cleanPage();
    [ana, me] = await Promise.all([newUser('Ana'), newUser()]);
    roomId = await createRoom(ana, { name: unique('Live '), preset: 'public_chat' });
    await join(me, roomId);
    await getSession().signIn({ username: me.username, password: me.password, homeserver: hs() });
    r = RoomHarness.create({ room: roomId, homeserver: hs() });
    await r.waitForState('joined', 30_000);
  });
  after(cleanPage);

  it('sends exactly once: one event on the server, shown once, with the server\'s event ID', async () => {
    const text = `hello ${unique('')}`;
    await r.send(text);
    const tile = await r.waitForMessage(text);
    const eventId = await waitUntil(() => (tile.isConnected && tile.dataset.status === 'sent' ? tile.dataset.eventId : undefined), 'sent', 15_000);
    // Give a duplicate (a resend, a second echo) time to show up.
    await new Promise((res) => setTimeout(res, 1500));
    const stored = (await serverMessages(me, roomId)).filter((e) => e.content?.body === text);
    expect(stored, 'the server has it once').to.have.length(1);
    expect(stored[0].event_id).to.equal(eventId);
    expect(stored[0].sender).to.equal(me.userId);
    expect(r.timelineTexts().filter((t) => t === text), 'shown once').to.have.length(1);
  });

  it('another user\'s message arrives live, with their name, and fires matrix-message', async () => {
    const got: string[] = [];
    const listener = (e: Event) => got.push((e as CustomEvent<{ body: string }>).detail.body);
    r.element.addEventListener('matrix-message', listener);
    const text = `from Ana ${unique('')}`;
    const id = await sendText(ana, roomId, text);
    await r.waitForMessage(text, 15_000);
    expect(r.eventText(id)).to.contain('Ana');
    await waitUntil(() => got.includes(text), 'matrix-message');
    r.element.removeEventListener('matrix-message', listener);
  });

  it('shows who is typing, and stops when they stop', async () => {
    await setTyping(ana, roomId, true);
    await waitUntil(() => r.typingText() === 'Ana is typing…', () => `the typing notice (now "${r.typingText()}")`, 15_000);
    await setTyping(ana, roomId, false);
    await waitUntil(() => r.typingText() === '', 'the typing notice gone', 15_000);
  });
});
